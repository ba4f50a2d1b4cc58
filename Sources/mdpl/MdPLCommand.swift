import ArgumentParser
import Foundation
import MdPLSupport

/// `mdpl`: calibrate a land surface model against flux-tower observations with multi-task
/// differentiable parameter learning.
@main
struct MdPLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mdpl",
        abstract: "Multi-task differentiable parameter learning for land surface models.",
        subcommands: [RunCommand.self, SitesCommand.self, DataCommand.self, SimulateCommand.self, ParamsCommand.self, EnsembleCommand.self, SurrogateCommand.self])

    static func main() {
        MdPLLogging.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options shared by commands that read site data.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data"), help: "Directory of PLUMBER2-format site files (default: $MDPL_DATA, ../shared/data/plumber2, data/).")
    var directory: String?

    var url: URL {
        directory.map { URL(fileURLWithPath: $0) } ?? SiteCatalog.defaultDirectory()
    }
}

import FluxData
