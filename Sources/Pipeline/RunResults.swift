import FluxData
import LandModel

/// The real land model run with one parameter set per site (default or learned), in site order.
public struct ModelRuns: Sendable {
    /// The name in metrics and reports (`default`, a method's name).
    public var name: String
    public var parameters: [LandParameters]
    public var runs: [SimulationResult]
}

/// Flux predictions of a model that is not the land model (an empirical benchmark), per site.
public struct FluxPredictions: Sendable {
    public var name: String
    public var fluxes: [[FluxVariable: [Double]]]
}

/// What the stages of a run hand on, by name, and the scores of every model they produced.
public struct RunResults {
    /// The land model with PFT defaults (the `default` stage).
    public var defaults: ModelRuns?
    /// Empirical benchmarks (the `benchmarks` stage).
    public var benchmarks: [FluxPredictions] = []
    /// Ensembles, surrogate, decoder and fidelity (the `surrogate` stage).
    public var surrogate: SurrogateOutcome?
    /// Each calibration method's learned parameters and land-model runs (the `calibration` stage).
    public var calibrations: [ModelRuns] = []
    /// The objective J of every model at every site (the `calibration` stage).
    public var objectives: ObjectiveTable?
    /// The fidelity tables read back from a run directory (when the surrogate was not loaded).
    public var storedFidelity: String?
    /// Every score of every model above.
    public var metrics = MetricsTable()

    public init() {}

    /// The calibration result of `method`, if the run has it.
    public func calibration(_ method: String) -> ModelRuns? {
        calibrations.first { $0.name == method }
    }

    /// Records land-model runs and scores them at every site.
    mutating func add(_ runs: ModelRuns, context: RunContext) {
        score(runs.name, simulated: runs.runs.map { [.Qle: $0[.Qle], .Qh: $0[.Qh], .NEE: $0[.NEE]] }, context: context)
        if runs.name == "default" { defaults = runs } else { calibrations.append(runs) }
    }

    /// Records a benchmark's predictions and scores them at every site.
    mutating func add(_ predictions: FluxPredictions, context: RunContext) {
        score(predictions.name, simulated: predictions.fluxes, context: context)
        benchmarks.append(predictions)
    }

    private mutating func score(_ model: String, simulated: [[FluxVariable: [Double]]], context: RunContext) {
        let data = context.config.data
        for (i, site) in context.sites.enumerated() {
            metrics.add(model: model, simulated: simulated[i], site: site.data, split: context.splits.temporal[i],
                        policy: data.quality, minValidFraction: data.minValidFraction)
        }
    }

    /// Learned parameters of every calibration beside the defaults, if any method ran.
    func learned(_ context: RunContext) -> LearnedParameters? {
        guard !calibrations.isEmpty else { return nil }
        var table = LearnedParameters(calibrated: context.config.calibration.calibrated, sites: context.codes,
                                      defaults: context.sites.map(\.defaultParameters))
        table.methods = calibrations.map { ($0.name, $0.parameters) }
        return table
    }
}
