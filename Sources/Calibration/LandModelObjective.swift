import FluxData
import LandModel
import Surrogate

/// The calibration objective J of one site evaluated with the real land model (SCE-UA, DDS, the
/// ceiling and the yardstick every method is measured with): for a point u of the calibrated
/// parameters' unit cube, the land model runs over the whole record (with spin-up) and
/// `CalibrationObjective` scores its steps against the observations of the calibration period.
public struct LandModelObjective: Sendable {
    public let forcing: PreparedForcing
    public let calibrated: [ParameterID]
    /// The parameter set the calibrated ones are written into (the site's PFT defaults).
    public let base: LandParameters
    public let objective: CalibrationObjective
    public let targets: ObservedTargets
    public let options: SimulationOptions
    public let defaultUnit: [Double]

    public init(forcing: PreparedForcing, calibrated: [ParameterID], base: LandParameters, targets: ObservedTargets,
                objective: CalibrationObjective, options: SimulationOptions) {
        self.forcing = forcing
        self.calibrated = calibrated
        self.base = base
        self.targets = targets
        self.objective = objective
        self.options = options
        defaultUnit = calibrated.map { $0.spec.unit(fromValue: base[$0]) }
    }

    /// Whether the site has observations to fit.
    public var isUsable: Bool { objective.isUsable(targets) }

    /// The land-model parameters of unit-cube point `u`.
    public func parameters(_ u: [Double]) -> LandParameters {
        CalibratedParameters.parameterSets(points: [u], calibrated: calibrated, base: base)[0]
    }

    /// J of every point (misfit plus prior), from one ensemble run of the land model (`threads`
    /// worker threads; eight members share a SIMD vector).
    public func evaluate(_ points: [[Double]], threads: Int = 1) -> [Double] {
        zip(misfits(points, threads: threads), points).map { $0 + objective.prior($1, defaults: defaultUnit) }
    }

    /// The misfit (J without the prior) of every point.
    public func misfits(_ points: [[Double]], threads: Int = 1) -> [Double] {
        runs(points, fields: objective.tasks.map(\.field), threads: threads).misfits
    }

    /// The misfit of every point, and the calendar-day means of `fields` of each point's run (per
    /// field, per point, per day) — e.g. to add the runs to a surrogate's ensemble.
    public func runs(_ points: [[Double]], fields: [OutputField], threads: Int = 1) -> (misfits: [Double], daily: [OutputField: [[Double]]]) {
        let members = CalibratedParameters.parameterSets(points: points, calibrated: calibrated, base: base)
        let recorded = Array(Set(fields + objective.tasks.map(\.field))).sorted { $0.rawValue < $1.rawValue }
        let result = Ensemble.run(forcing, members: members, recording: EnsembleRecording(fields: recorded, resolution: .native),
                                  options: options, threads: threads)
        let misfits = points.indices.map { member in
            var series: [FluxTask: [Double]] = [:]
            for task in objective.tasks { series[task] = result.values[task.field]![member] }
            return objective.misfit(series, targets: targets)
        }
        let days = TimeGroups(forcing.time, scale: .daily)
        var daily: [OutputField: [[Double]]] = [:]
        for field in fields { daily[field] = result.values[field]!.map { days.mean($0) } }
        return (misfits, daily)
    }
}
