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

    /// Loads the config, its sites and (running or reusing) their ensembles.
    static func prepare(_ config: String) throws -> (RunDirectory, [SurrogateSiteData]) {
        let (directory, _, data) = try prepareSites(config)
        return (directory, data)
    }

    /// As `prepare`, also returning the modelled sites.
    static func prepareSites(_ config: String) throws -> (RunDirectory, [ModelledSite], [SurrogateSiteData]) {
        let loaded = try ConfigLoader.load(URL(fileURLWithPath: config))
        let directory = try RunDirectory(config: loaded, configFile: config)
        try MdPLLogging.sink.attach(file: directory.logFile)
        let sites = try SiteSelection.load(loaded.data).map {
            try ModelledSite($0, irrigatedSites: loaded.data.irrigatedSites, soil: loaded.model.soil)
        }
        let ensembles = try EnsembleStage(directory: directory).run(sites)
        return (directory, sites, SurrogateStage.siteData(sites, ensembles))
    }

    /// Trains or loads the decoder when the config asks for one; returns it with its step data.
    static func decoder(_ directory: RunDirectory, sites: [ModelledSite], data: [SurrogateSiteData],
                        model: SurrogateModel) throws -> (DiurnalDecoder?, [StepSiteData]) {
        let members = directory.config.surrogate.subDailyMembers
        guard members > 0 else { return (nil, []) }
        let ensembles = try EnsembleStage(directory: directory).runSteps(sites, members: members)
        let steps = SurrogateStage.stepData(sites, data, ensembles)
        return (try SurrogateStage(directory: directory).trainDecoder(steps, model: model), steps)
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run (or reuse) the ensembles, train the surrogate with early stopping, then report its fidelity.")
        @Option(name: .long, help: "The experiment config (YAML).") var config: String

        func run() throws {
            let (directory, modelled, data) = try SurrogateCommand.prepareSites(config)
            let stage = SurrogateStage(directory: directory)
            let model = try stage.train(data)
            let (decoder, steps) = try SurrogateCommand.decoder(directory, sites: modelled, data: data, model: model)
            let (members, sites) = try stage.fidelity(model, data: data, decoder: decoder, steps: steps)
            print(SurrogateStage.summary(members, sites, tasks: model.tasks), terminator: "")
            print("model: \(stage.modelFile.path)")
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity of the trained surrogate against the land model (unseen parameter sets and sites).")
        @Option(name: .long, help: "The experiment config (YAML).") var config: String

        func run() throws {
            let (directory, modelled, data) = try SurrogateCommand.prepareSites(config)
            let stage = SurrogateStage(directory: directory)
            let model = try SurrogateModel.load(stage.modelFile)
            let (decoder, steps) = try SurrogateCommand.decoder(directory, sites: modelled, data: data, model: model)
            let (members, sites) = try stage.fidelity(model, data: data, decoder: decoder, steps: steps)
            print(SurrogateStage.summary(members, sites, tasks: model.tasks), terminator: "")
        }
    }

    struct Curve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fidelity against ensemble size: one surrogate per size, trained on prefixes of the ensemble.")
        @Option(name: .long, help: "The experiment config (YAML); ensemble.members must be at least the largest size.")
        var config: String
        @Option(name: .long, parsing: .upToNextOption, help: "Ensemble sizes.") var sizes: [Int] = [64, 128, 256, 512]

        func run() throws {
            let (directory, data) = try SurrogateCommand.prepare(config)
            print(try SurrogateStage(directory: directory).sizeCurve(data, sizes: sizes).text, terminator: "")
        }
    }
}
