/// The prognostic state carried between steps (LSM_SPEC.md 1.1).
public struct ModelState<S: ModelScalar> {
    /// Canopy intercepted water W_can [mm].
    public var canopyWater: S
    /// Water in the top layer (z1 = 0.1 m) and in the rest of the root zone [mm].
    public var soilWater1: S
    public var soilWater2: S
    /// Composite skin temperature Ts and force–restore deep temperature T2 [K].
    public var skinTemperature: S
    public var deepTemperature: S

    public init(canopyWater: S, soilWater1: S, soilWater2: S, skinTemperature: S, deepTemperature: S) {
        self.canopyWater = canopyWater
        self.soilWater1 = soilWater1
        self.soilWater2 = soilWater2
        self.skinTemperature = skinTemperature
        self.deepTemperature = deepTemperature
    }

    /// Total stored water [mm].
    public var totalWater: S { canopyWater + soilWater1 + soilWater2 }
}

extension ModelState: Sendable where S: Sendable {}
extension ModelState: Equatable where S: Equatable {}

extension ModelState where S == Lanes {
    /// Eight members' states.
    public init(members: [ModelState<Double>]) {
        func lanes(_ get: (ModelState<Double>) -> Double) -> Lanes {
            var l = Lanes(0)
            for i in 0..<Lanes.width { l[i] = get(members[min(i, members.count - 1)]) }
            return l
        }
        self.init(canopyWater: lanes(\.canopyWater), soilWater1: lanes(\.soilWater1), soilWater2: lanes(\.soilWater2),
                  skinTemperature: lanes(\.skinTemperature), deepTemperature: lanes(\.deepTemperature))
    }

    /// Member `i`'s state.
    public func member(_ i: Int) -> ModelState<Double> {
        ModelState<Double>(canopyWater: canopyWater[i], soilWater1: soilWater1[i], soilWater2: soilWater2[i],
                           skinTemperature: skinTemperature[i], deepTemperature: deepTemperature[i])
    }
}
