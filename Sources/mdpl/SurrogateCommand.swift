import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline
import Surrogate

/// `mdpl surrogate train|eval --config FILE`.
struct SurrogateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surrogate", abstract: "Train the multi-task surrogate of the land model, or measure its fidelity.",
        subcommands: [Train.self, Eval.self, Curve.self])

    /// Loads the config and its sites.
    static func prepare(_ config: String) throws -> (RunDirectory, [ModelledSite]) {
        let loaded = try ConfigLoader.load(URL(fileURLWithPath: config))
        let directory = try RunDirectory(config: loaded, configFile: config)
        try MdPLLogging.sink.attach(file: directory.logFile)
        let sites = try SiteSelection.load(loaded.data).map {
            try ModelledSite($0, irrigatedSites: loaded.data.irrigatedSites, soil: loaded.model.soil)
        }
        return (directory, sites)
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run (or reuse) the ensembles, train the surrogate with early stopping, then report its fidelity.")
        @Option(name: .long, help: "The experiment config (YAML).") var config: String

        func run() throws {
            let (directory, sites) = try SurrogateCommand.prepare(config)
            let stage = SurrogateStage(directory: directory)
            print(try stage.run(sites).summary, terminator: "")
            print("model: \(stage.modelFile.path)")
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity of the trained surrogate against the land model (unseen parameter sets and sites).")
        @Option(name: .long, help: "The experiment config (YAML).") var config: String

        func run() throws {
            let (directory, sites) = try SurrogateCommand.prepare(config)
            print(try SurrogateStage(directory: directory).run(sites, trainIfMissing: false).summary, terminator: "")
        }
    }

    struct Curve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity against ensemble size: one surrogate per size, trained on prefixes of the ensemble.")
        @Option(name: .long, help: "The experiment config (YAML); ensemble.members must be at least the largest size.")
        var config: String
        @Option(name: .long, parsing: .upToNextOption, help: "Ensemble sizes.") var sizes: [Int] = [64, 128, 256, 512]

        func run() throws {
            let (directory, sites) = try SurrogateCommand.prepare(config)
            let data = SurrogateStage.siteData(sites, try EnsembleStage(directory: directory).run(sites))
            print(try SurrogateStage(directory: directory).sizeCurve(data, sizes: sizes).text, terminator: "")
        }
    }
}
