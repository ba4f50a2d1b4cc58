import FluxData

/// How a simulation is run.
public struct SimulationOptions: Sendable, Hashable, Codable {
    /// SEB Newton iterations (6; 8 = robust mode, LSM_SPEC.md 2.8 (iv)).
    public var iterations: Int
    /// Spin-up by repeating the first year (LSM_SPEC.md 2.14).
    public var spinUp: Bool
    /// Spin-up ends when root-zone water changes by less than this between cycles [mm per year]...
    public var spinUpWaterTolerance: Double
    /// ... and T2 by less than this [K].
    public var spinUpTemperatureTolerance: Double
    /// At most this many spin-up cycles.
    public var maxSpinUpCycles: Int

    public init(iterations: Int = LandSurface.defaultIterations, spinUp: Bool = true, spinUpWaterTolerance: Double = 1,
                spinUpTemperatureTolerance: Double = 0.1, maxSpinUpCycles: Int = 20) {
        self.iterations = iterations
        self.spinUp = spinUp
        self.spinUpWaterTolerance = spinUpWaterTolerance
        self.spinUpTemperatureTolerance = spinUpTemperatureTolerance
        self.maxSpinUpCycles = maxSpinUpCycles
    }
}

/// The result of one run: every output field per step, and the spin-up that preceded it.
public struct SimulationResult: Sendable {
    public var time: TimeAxis
    public var outputs: [OutputField: [Double]]
    /// Spin-up cycles run (0 without spin-up) and whether the spin-up criteria were met.
    public var spinUpCycles: Int
    public var spinUpConverged: Bool
    public var initialState: ModelState<Double>
    public var finalState: ModelState<Double>

    public init(time: TimeAxis, outputs: [OutputField: [Double]], spinUpCycles: Int, spinUpConverged: Bool,
                initialState: ModelState<Double>, finalState: ModelState<Double>) {
        self.time = time
        self.outputs = outputs
        self.spinUpCycles = spinUpCycles
        self.spinUpConverged = spinUpConverged
        self.initialState = initialState
        self.finalState = finalState
    }

    public subscript(field: OutputField) -> [Double] { outputs[field] ?? [] }
}

/// Runs the land model over a site's forcing (LSM_SPEC.md 2.14 initialisation and spin-up).
public enum Simulation {
    /// Runs one parameter set over all of `forcing`, after spin-up.
    public static func run(_ forcing: PreparedForcing, parameters: LandParameters,
                           options: SimulationOptions = SimulationOptions()) -> SimulationResult {
        let member = MemberConstants(parameters: parameters, site: forcing.site, dt: forcing.dt)
        let (start, cycles, converged) = spunUpState(forcing, member: member, options: options)
        let cycleCount = cycles[0]
        var state = start
        let fields = OutputField.allCases
        let n = forcing.steps.count
        // One contiguous buffer, field-major, written through a pointer: no per-store copy checks.
        var buffer = [Double](repeating: 0, count: fields.count * n)
        let irrigated = forcing.site.irrigated
        let dt = forcing.dt
        buffer.withUnsafeMutableBufferPointer { out in
            forcing.steps.withUnsafeBufferPointer { steps in
                for t in 0..<n {
                    let o = LandSurface.step(&state, forcing: steps[t], member: member, irrigated: irrigated, dt: dt,
                                             iterations: options.iterations)
                    for (c, field) in fields.enumerated() { out[c * n + t] = field.value(o, state) }
                }
            }
        }
        var outputs: [OutputField: [Double]] = [:]
        for (c, field) in fields.enumerated() { outputs[field] = Array(buffer[(c * n)..<((c + 1) * n)]) }
        return SimulationResult(time: forcing.time, outputs: outputs, spinUpCycles: cycleCount, spinUpConverged: converged,
                                initialState: start, finalState: state)
    }

    /// Steps in the spin-up cycle: the first year of the record, or all of it if shorter.
    static func spinUpLength(_ forcing: PreparedForcing) -> Int {
        min(forcing.steps.count, 365 * forcing.time.stepsPerDay)
    }

    /// Mean air temperature of the first 48 steps (the initial Ts and T2 of 2.14).
    static func initialTemperature(_ forcing: PreparedForcing) -> Double {
        let n = min(48, forcing.steps.count)
        return forcing.steps[0..<n].reduce(0) { $0 + $1.tair } / Double(n)
    }

    /// Whether a spin-up cycle of `years` left root-zone water and T2 within the tolerances (2.14),
    /// lane by lane.
    @inline(__always)
    static func hasSettled<S: ModelScalar>(before: ModelState<S>, after: ModelState<S>, years: Double,
                                           options: SimulationOptions) -> S.Mask where S.Mask: LaneMask {
        let waterChange = S.magnitude((after.soilWater1 + after.soilWater2) - (before.soilWater1 + before.soilWater2))
        let temperatureChange = S.magnitude(after.deepTemperature - before.deepTemperature)
        return S.Mask.and(S.less(waterChange, S(options.spinUpWaterTolerance * years)),
                          S.less(temperatureChange, S(options.spinUpTemperatureTolerance)))
    }

    /// The state after spin-up: the first year is repeated until root-zone water and T2 change by
    /// less than the tolerances between cycles. Lanes of an ensemble stop independently (a
    /// converged lane keeps the state it converged to), so each member matches its scalar run.
    /// Returns the state, the cycles each lane ran, and whether every lane converged.
    static func spunUpState<S: ModelScalar>(_ forcing: PreparedForcing, member: MemberConstants<S>,
                                            options: SimulationOptions) -> (ModelState<S>, [Int], Bool)
    where S.Mask: LaneMask {
        var state = member.initialState(temperature: initialTemperature(forcing))
        var cycles = [Int](repeating: 0, count: S.Mask.none.laneValues.count)
        guard options.spinUp, !forcing.steps.isEmpty else { return (state, cycles, true) }
        let length = spinUpLength(forcing)
        let years = Double(length) / Double(365 * forcing.time.stepsPerDay)
        var done = S.Mask.none
        for cycle in 1...options.maxSpinUpCycles {
            let before = state
            var current = state
            for t in 0..<length {
                _ = LandSurface.step(&current, forcing: forcing.steps[t], member: member, irrigated: forcing.site.irrigated,
                                     dt: forcing.dt, iterations: options.iterations)
            }
            let converged = hasSettled(before: before, after: current, years: years, options: options)
            state = ModelState(
                canopyWater: S.select(done, before.canopyWater, current.canopyWater),
                soilWater1: S.select(done, before.soilWater1, current.soilWater1),
                soilWater2: S.select(done, before.soilWater2, current.soilWater2),
                skinTemperature: S.select(done, before.skinTemperature, current.skinTemperature),
                deepTemperature: S.select(done, before.deepTemperature, current.deepTemperature))
            let newlyDone = S.Mask.or(done, converged).laneValues
            for (lane, finished) in newlyDone.enumerated() where finished && cycles[lane] == 0 { cycles[lane] = cycle }
            done = S.Mask.or(done, converged)
            if done.isAll { return (state, cycles, true) }
        }
        for lane in cycles.indices where cycles[lane] == 0 { cycles[lane] = options.maxSpinUpCycles }
        return (state, cycles, false)
    }
}
