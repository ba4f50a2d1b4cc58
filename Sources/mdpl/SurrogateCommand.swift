import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline
import Surrogate

/// `mdpl surrogate train|eval|curve --config FILE`.
struct SurrogateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surrogate", abstract: "Train the multi-task surrogate of the land model, or measure its fidelity.",
        subcommands: [Train.self, Eval.self, Curve.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run (or reuse) the ensembles, train the surrogate with early stopping, then report its fidelity.")
        @OptionGroup var config: ConfigOption

        func run() throws {
            let open = try OpenRun(configFile: config.path, purpose: "mdpl surrogate train --config \(config.path)")
            let training = SurrogateTraining(open.context)
            print(try training.outcome().fidelity, terminator: "")
            print("model: \(training.modelFile.path)")
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity of the trained surrogate against the land model (unseen parameter sets and sites).")
        @OptionGroup var config: ConfigOption

        func run() throws {
            let open = try OpenRun(configFile: config.path, purpose: "mdpl surrogate eval --config \(config.path)")
            print(try SurrogateTraining(open.context).outcome(trainIfMissing: false).fidelity, terminator: "")
        }
    }

    struct Curve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity against ensemble size: one surrogate per size, trained on prefixes of the ensemble.")
        @OptionGroup var config: ConfigOption
        @Option(name: .long, parsing: .upToNextOption, help: "Ensemble sizes.") var sizes: [Int] = [64, 128, 256, 512]

        func run() throws {
            let open = try OpenRun(configFile: config.path, purpose: "mdpl surrogate curve --config \(config.path)")
            let data = SurrogateTraining.siteData(open.context.sites, try EnsembleRunner(open.context).daily())
            print(try SurrogateTraining(open.context).sizeCurve(data, sizes: sizes).text, terminator: "")
        }
    }
}
