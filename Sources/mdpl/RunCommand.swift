import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl run --config FILE`: the main job, every stage of an experiment into its run directory.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an experiment from a YAML config into runs/<name>/ (resumes if interrupted).")

    @Option(name: .long, help: "The experiment config (YAML).") var config: String

    func run() throws {
        let loaded = try ConfigLoader.load(URL(fileURLWithPath: config))
        let directory = try RunDirectory(config: loaded, configFile: config)
        try MdPLLogging.sink.attach(file: directory.logFile)
        try Experiment(directory: directory).run()
        print("run directory: \(directory.url.path)")
    }
}
