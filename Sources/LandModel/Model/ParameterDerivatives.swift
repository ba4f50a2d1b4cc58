import FluxData
import Foundation

/// Exact derivatives of a land-model run with respect to calibrated parameters: the physics run
/// in `Dual` numbers (forward mode), through spin-up, the unrolled Newton iterations of the energy
/// balance, hydrology and photosynthesis. Derivatives are with respect to each parameter's
/// position u in the unit interval of its transformed range (LSM_SPEC.md 3A; u = 0 at the minimum,
/// 1 at the maximum, log-uniform for log parameters), the coordinate every calibration searches.
public enum ParameterDerivatives {
    /// The outputs of one run and their partial derivatives.
    public struct Result: Sendable {
        public var time: TimeAxis
        public var calibrated: [ParameterID]
        /// Per field, per step: the value (equal to `Simulation.run`'s, bit for bit).
        public var values: [OutputField: [Double]]
        /// Per field, per calibrated parameter, per step: ∂value/∂u.
        public var partials: [OutputField: [[Double]]]
        public var spinUpCycles: Int
    }

    /// The largest number of parameters differentiated at once.
    public static let maximumParameters = Dual.Partials.scalarCount

    /// Runs `parameters` over `forcing` with the partials of `fields` with respect to `calibrated`.
    /// Spin-up runs until the criteria of `options` are met, deciding by the values alone, so the
    /// derivatives are those of the run with exactly the cycles the plain run makes.
    public static func run(_ forcing: PreparedForcing, parameters: LandParameters, calibrated: [ParameterID],
                           fields: [OutputField], options: SimulationOptions = SimulationOptions()) -> Result {
        precondition(calibrated.count <= maximumParameters, "at most \(maximumParameters) parameters at once")
        let dual = ModelParameters<Dual> { id in
            guard let k = calibrated.firstIndex(of: id) else { return Dual(parameters[id]) }
            return Dual.input(parameters[id], index: k, derivative: id.spec.valueDerivative(atValue: parameters[id]))
        }
        let site = forcing.site
        let member = MemberConstants(parameters: dual, site: site, referenceHeight: referenceHeight(site, dual), dt: forcing.dt)
        let (start, cycles, _) = Simulation.spunUpState(forcing, member: member, options: options)
        var state = start
        let n = forcing.steps.count, k = calibrated.count
        var values = [OutputField: [Double]](), partials = [OutputField: [[Double]]]()
        for field in fields {
            values[field] = [Double](repeating: 0, count: n)
            partials[field] = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        }
        for t in 0..<n {
            let o = LandSurface.step(&state, forcing: forcing.steps[t], member: member, irrigated: site.irrigated, dt: forcing.dt,
                                     iterations: options.iterations)
            for field in fields {
                let d = field.value(o, state)
                values[field]![t] = d.value
                for p in 0..<k { partials[field]![p][t] = d.partials[p] }
            }
        }
        return Result(time: forcing.time, calibrated: calibrated, values: values, partials: partials, spinUpCycles: cycles[0])
    }

    /// The reference height rule of 2.7.1 in dual numbers: the site's height where it lies above
    /// d + 5 z0m (then independent of the parameters), else d + 5 z0m + 2 m.
    static func referenceHeight(_ site: ModelSite, _ p: ModelParameters<Dual>) -> Dual {
        let minimum = p.rd * site.canopyHeight + p.rz0m * (5 * site.canopyHeight)
        let z = site.effectiveReferenceHeight(rz0m: p.rz0m.value, rd: p.rd.value)
        if let given = site.referenceHeight, given == z { return Dual(given) }
        return Dual(value: z, partials: minimum.partials)
    }
}

extension ParameterSpec {
    /// dp/du of `value(fromUnit:)` at parameter value `v`: the range for linear parameters,
    /// v · ln(max/min) for log parameters.
    public func valueDerivative(atValue v: Double) -> Double {
        switch scale {
        case .linear: maximum - minimum
        case .log: v * (Foundation.log(maximum) - Foundation.log(minimum))
        }
    }
}
