import FluxData
import LandModel
import Surrogate

/// The misfit of the real land model to one site's observations, for searches that run the model
/// itself (SCE-UA): for a point u of the calibrated parameters' unit cube,
///
///     J(u) = Σₖ wₖ · Σ_d (simₖ,d − obsₖ,d)² / (Nₖ · varₖ)  +  λ · Σ_p (u_p − u_default,p)²
///
/// over the days d where task k's daily observation counts (`ObservedTargets`), with varₖ the
/// variance of those observations: each task contributes wₖ (1 − NSEₖ) of its daily means. The
/// observations, task weights and prior λ Σ (u − u_default)² are MdPL's
/// (`SurrogateCalibration.priorWeight`), but MdPL scales each task's squared error by the
/// surrogate's training-data scale, the same at every site, where this objective uses each site's
/// observed variance; the prior's weight relative to the fit therefore differs by site.
public struct LandModelObjective: Sendable {
    public let forcing: PreparedForcing
    public let calibrated: [ParameterID]
    /// The parameter set the calibrated ones are written into (the site's PFT defaults).
    public let base: LandParameters
    public let tasks: [FluxTask]
    public let taskWeights: [Double]
    public let priorWeight: Double
    public let options: SimulationOptions
    /// Per task: the days that count, their observed means and the observed variance.
    private let observed: [(days: [Int], values: [Double], variance: Double)]
    private let defaultUnit: [Double]

    /// - Parameter targets: daily observations of the calibration period (NaN where they do not count).
    public init(forcing: PreparedForcing, calibrated: [ParameterID], base: LandParameters, targets: ObservedTargets,
                tasks: [FluxTask], taskWeights: [Double], priorWeight: Double, options: SimulationOptions) {
        precondition(tasks.count == taskWeights.count, "one weight per task")
        self.forcing = forcing
        self.calibrated = calibrated
        self.base = base
        self.tasks = tasks
        self.taskWeights = taskWeights
        self.priorWeight = priorWeight
        self.options = options
        observed = tasks.map { task in
            let daily = targets.daily[task] ?? []
            let days = daily.indices.filter { daily[$0].isFinite }
            let values = days.map { Double(daily[$0]) }
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
            return (days, values, variance)
        }
        defaultUnit = calibrated.map { $0.spec.unit(fromValue: base[$0]) }
    }

    /// Whether every weighted task has observations with some variance to fit.
    public var isUsable: Bool {
        zip(observed, taskWeights).allSatisfy { $1 == 0 || ($0.days.count >= 2 && $0.variance > 0) }
    }

    /// The land-model parameters of unit-cube point `u`.
    public func parameters(_ u: [Double]) -> LandParameters {
        CalibratedParameters.parameterSets(points: [u], calibrated: calibrated, base: base)[0]
    }

    /// J of every point, from one ensemble run of the land model (`threads` worker threads).
    public func evaluate(_ points: [[Double]], threads: Int = 1) -> [Double] {
        let members = CalibratedParameters.parameterSets(points: points, calibrated: calibrated, base: base)
        let result = Ensemble.run(forcing, members: members,
                                  recording: EnsembleRecording(fields: tasks.map(\.field), resolution: .daily),
                                  options: options, threads: threads)
        return points.indices.map { member in
            var total = 0.0
            for (k, task) in tasks.enumerated() where taskWeights[k] > 0 {
                let simulated = result.values[task.field]![member]
                let o = observed[k]
                var squares = 0.0
                for (j, d) in o.days.enumerated() {
                    let e = simulated[d] - o.values[j]
                    squares += e * e
                }
                total += taskWeights[k] * squares / (Double(o.days.count) * o.variance)
            }
            for (p, u) in points[member].enumerated() {
                total += priorWeight * (u - defaultUnit[p]) * (u - defaultUnit[p])
            }
            return total
        }
    }
}
