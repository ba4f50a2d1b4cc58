import Calibration
import FluxData
import Foundation
import LandModel
import Surrogate

/// A way of learning land-model parameters for the sites of a run (MdPL, dPL, SCE-UA, ...). The
/// `calibration` stage runs the methods of `calibration.methods`: it asks each for parameters, writes
/// them as `<name>/<SITE>.yaml`, runs the real land model with them (`<name>/<SITE>.nc`) and scores
/// it; the report, metrics and learned-parameter tables find methods through `CalibrationMethods`.
/// A new method is a new type conforming to this protocol plus one line in that registry.
public protocol CalibrationMethod: Sendable {
    /// The name in `calibration.methods`, metrics and folder names.
    var name: String { get }
    /// One line on what the method does (for `mdpl run --help`-style listings and the report).
    var summary: String { get }
    /// Whether it learns through the run's surrogate (then the `surrogate` stage runs first).
    var usesSurrogate: Bool { get }
    /// `perSite` methods learn each site on its own (resumed per site, sites in parallel);
    /// `allSites` methods learn every site at once (one generator), so a change at any site
    /// recomputes them all.
    var scope: MethodScope { get }
    /// Methods whose results this one reads when the run has them (it runs after them).
    var reads: [String] { get }
    /// Methods the run must have for this one (among `reads`).
    var requires: [String] { get }
    /// Why the method cannot fit `tasks`, or nil if it can.
    func problem(fitting tasks: [FluxTask]) -> String?
    /// Adds the config entries that determine the method's results (beyond the calibration
    /// settings, data and splits the stage adds itself).
    func describe(_ fingerprint: inout Fingerprint, context: MethodContext)
    /// Learns parameters for the sites `indices` (every site for `allSites`, one for `perSite`),
    /// writing any further outputs of its own into its folder.
    func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters]
    /// Runs after every site has parameters (e.g. a summary over sites).
    func finish(context: MethodContext) throws
    /// Further parameter sets the method yields besides its own, scored as methods of their own
    /// (e.g. SCE-UA's best point after fewer runs, `sce-ua-300`), read from the files `learn` wrote.
    func variants(context: MethodContext) throws -> [(name: String, parameters: [LandParameters])]
    /// Time-scale weights that replace the config's objective for this method (nil: the config's).
    var objectiveScales: ObjectiveScales? { get }
}

/// How a method's results relate to its sites.
public enum MethodScope: Sendable {
    case allSites, perSite
}

extension CalibrationMethod {
    public var reads: [String] { [] }
    public var requires: [String] { [] }
    public var objectiveScales: ObjectiveScales? { nil }
    public func variants(context: MethodContext) throws -> [(name: String, parameters: [LandParameters])] { [] }
    public func problem(fitting tasks: [FluxTask]) -> String? { nil }
    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {}
    public func finish(context: MethodContext) throws {}
}

/// What a method sees: the run, the surrogate stage's outcome (if it ran) and the results of the
/// methods that ran before it.
public struct MethodContext {
    public let run: RunContext
    public let surrogate: SurrogateOutcome?
    public let earlier: [ModelRuns]
    public let folder: String
    /// The method's own time-scale weights, replacing the config's (e.g. `mdpl@daily`).
    public var scales: ObjectiveScales? = nil

    public var config: RunConfig { run.config }

    /// A file in the method's folder.
    public func file(_ name: String) -> URL { run.directory.file("\(folder)/\(name)") }

    /// The surrogate outcome, or an error if the run has none (a method that declares
    /// `usesSurrogate` always has it).
    public func requireSurrogate() throws -> SurrogateOutcome {
        guard let surrogate else {
            throw ConfigError(file: run.directory.file("config.yaml").path, key: "calibration.methods", value: folder,
                              "needs the surrogate stage")
        }
        return surrogate
    }

    /// The observations of site `i`'s training period that `tasks` fit, at every scale.
    public func targets(_ i: Int, tasks: [FluxTask]) -> ObservedTargets {
        ObservedTargets(site: run.sites[i].data, tasks: tasks, policy: config.data.quality,
                        minValidFraction: config.data.minValidFraction, period: run.trainingMask(i))
    }

    /// The run's objective (every fitted flux, its weight, the time scales and the prior).
    public var objective: CalibrationObjective {
        var objective = config.calibration.calibrationObjective
        if let scales { objective.scales = scales }
        return objective
    }

    /// Site `i` as surrogate-based calibration sees it (inputs from the surrogate stage; per-step
    /// inputs when the objective has a half-hourly term).
    public func calibrationSite(_ i: Int, tasks: [FluxTask]) throws -> CalibrationSite {
        let site = run.sites[i]
        return CalibrationSite(
            inputs: try requireSurrogate().data[i].inputs,
            descriptor: SiteDescriptor(site: site.data, model: site.model, forcing: site.forcing,
                                       defaults: site.defaultParameters, period: run.trainingMask(i)),
            targets: targets(i, tasks: tasks), defaults: site.defaultParameters,
            steps: objective.scales.native > 0 ? StepInputs(site: site.data.info.code, data: site.data, forcing: site.forcing) : nil)
    }

    /// The objective J of site `i` evaluated with the real land model on its training period (the
    /// yardstick of every method).
    public func landModelObjective(_ i: Int) -> LandModelObjective {
        let site = run.sites[i]
        return LandModelObjective(forcing: site.forcing, calibrated: config.calibration.calibrated, base: site.defaultParameters,
                                  targets: targets(i, tasks: objective.tasks), objective: objective, options: config.model.options)
    }

    /// The parameter generator's training, as the config sets it, for `objective`.
    public func generatorTraining(_ objective: CalibrationObjective) -> SurrogateCalibration {
        SurrogateCalibration(iterations: config.calibration.iterations, learningRate: config.calibration.learningRate,
                             hidden: config.calibration.hidden, objective: objective, seed: config.seed &+ 202)
    }

    /// The sub-daily decoder when the objective needs it (a half-hourly term), else nil.
    public func decoderForObjective() throws -> DiurnalDecoder? {
        guard objective.scales.native > 0 else { return nil }
        guard let decoder = try requireSurrogate().decoder else {
            throw ConfigError(file: run.directory.file("config.yaml").path, key: "surrogate.subDailyMembers", value: "0",
                              "calibration.objective has a half-hourly term, which surrogate-based methods fit through the sub-daily decoder: set subDailyMembers > 0")
        }
        return decoder
    }

    /// The unit-cube point of `parameters`' calibrated values.
    public func unitPoint(_ parameters: LandParameters) -> [Double] {
        config.calibration.calibrated.map { $0.spec.unit(fromValue: parameters[$0]) }
    }
}
