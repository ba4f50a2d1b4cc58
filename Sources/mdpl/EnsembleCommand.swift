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
        let (directory, sites) = try SurrogateCommand.prepare(config)
        let ensembles = try EnsembleStage(directory: directory).run(sites)
        let memberYears = zip(ensembles, sites).reduce(0.0) { $0 + Double($1.0.header.members) * $1.1.data.time.lengthInYears }
        print("ensembles of \(ensembles.count) sites (\(String(format: "%.0f", memberYears)) member-site-years) in \(directory.file("ensemble").path)")
    }
}
