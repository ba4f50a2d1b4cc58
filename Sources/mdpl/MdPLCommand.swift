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
        subcommands: [RunCommand.self, SitesCommand.self, DataCommand.self, SimulateCommand.self, ParamsCommand.self, EnsembleCommand.self,
                      SurrogateCommand.self, SensitivityCommand.self, ReportCommand.self, ApplyCommand.self,
                      GradientCheckCommand.self])

    static func main() {
        MdPLLogging.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // A clean exit for errors the argument parser handles itself (help, usage); for every
            // other error the message, then an immediate exit: after a failed write (a full disk)
            // libhdf5's exit handlers would dereference the file it could not close and crash.
            // Every output is written atomically, so nothing the exit handlers might flush is lost.
            guard !(error is CleanExit), !(error is ValidationError), !(error is ExitCode) else { exit(withError: error) }
            FileHandle.standardError.write(Data("\(message(for: error))\n".utf8))
            _exit(exitCode(for: error).rawValue == 0 ? 1 : exitCode(for: error).rawValue)
        }
    }
}

extension MdPLCommand {
    /// The message for `error`: MdPL's own errors say what they are; Foundation's file errors get
    /// the path and the operating system's reason instead of their raw domain text.
    static func message(for error: Error) -> String {
        let ns = error as NSError
        if [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(ns.domain) {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
            return "Error: " + (path.map { "\($0): " } ?? "") + FileSystemReason.of(error)
        }
        return fullMessage(for: error)
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
