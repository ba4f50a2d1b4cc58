import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl report RUN_DIR`: rebuild a run's report from its files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild RUN_DIR/report.html from the run directory's files (nothing is recomputed; the sites are read from the config's data directory).")

    @Argument(help: "A run directory (runs/<name>).") var runDirectory: String

    func run() throws {
        let open = try OpenRun(runDirectory: URL(fileURLWithPath: runDirectory), purpose: "mdpl report \(runDirectory)")
        let results = try RunResults.stored(open.context)
        let file = open.context.directory.file("report.html")
        try Report(context: open.context, results: results).write(to: file)
        print("report: \(file.path)")
    }
}
