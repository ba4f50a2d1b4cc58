import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl run --config FILE`: the main job, every stage of an experiment into its run directory.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an experiment from a YAML config into runs/<name>/ (resumes if interrupted).",
        discussion: "Stages: " + StageName.allCases.map(\.rawValue).joined(separator: ", ")
            + ". Calibration methods: " + CalibrationMethods.names.joined(separator: ", ") + ".")

    @OptionGroup var config: ConfigOption

    func run() throws {
        let open = try OpenRun(configFile: config.path, purpose: "mdpl run --config \(config.path)")
        try Experiment(context: open.context).run()
        print("run directory: \(open.context.directory.url.path)")
    }
}

/// The `--config FILE` option of the commands that work in a run directory.
struct ConfigOption: ParsableArguments {
    @Option(name: .customLong("config"), help: "The experiment config (YAML).") var path: String
}
