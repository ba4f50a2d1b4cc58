import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl ensemble --config FILE`: the land-model ensembles that train the surrogate.
struct EnsembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "Run the land-model ensemble of every site of a config into runs/<name>/ensemble/ (resumes).")

    @OptionGroup var config: ConfigOption

    func run() throws {
        let open = try OpenRun(configFile: config.path, purpose: "mdpl ensemble --config \(config.path)")
        let ensembles = try EnsembleRunner(open.context).daily()
        let memberYears = zip(ensembles, open.context.sites).reduce(0.0) { $0 + Double($1.0.header.members) * $1.1.data.time.lengthInYears }
        print("ensembles of \(ensembles.count) sites (\(String(format: "%.0f", memberYears)) member-site-years) in \(open.context.directory.file("ensemble").path)")
    }
}
