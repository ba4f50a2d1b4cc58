import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl ensemble --config FILE`: the land-model ensembles that train the surrogate.
struct EnsembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "Run the land-model ensemble of every site of a config into runs/<name>/ensemble/ (resumes).")

    @Option(name: .long, help: "The experiment config (YAML).") var config: String

    func run() throws {
        let loaded = try ConfigLoader.load(URL(fileURLWithPath: config))
        let directory = try RunDirectory(config: loaded, configFile: config)
        try MdPLLogging.sink.attach(file: directory.logFile)
        let sites = try SiteSelection.load(loaded.data).map {
            try ModelledSite($0, irrigatedSites: loaded.data.irrigatedSites, soil: loaded.model.soil)
        }
        let ensembles = try EnsembleStage(directory: directory).run(sites)
        let memberYears = zip(ensembles, sites).reduce(0.0) { $0 + Double($1.0.header.members) * $1.1.data.time.lengthInYears }
        print("ensembles of \(ensembles.count) sites (\(String(format: "%.0f", memberYears)) member-site-years) in \(directory.file("ensemble").path)")
    }
}
