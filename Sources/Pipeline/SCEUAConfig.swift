import Calibration

/// The SCE-UA baseline: per site, the real land model searched directly (ARCHITECTURE.md,
/// baselines), with the tasks of `ensemble.tasks`, the weights and prior of `calibration` and the
/// parameters of `ensemble.parameters`.
public struct SCEUAConfig: Codable, Sendable, Equatable {
    /// Land-model runs per site (each a full record with spin-up).
    public var budget: Int
    /// Number of complexes p (each of 2n + 1 points for n calibrated parameters).
    public var complexes: Int

    public init(budget: Int = 1000, complexes: Int = 8) {
        self.budget = budget
        self.complexes = complexes
    }

    enum CodingKeys: String, CodingKey { case budget, complexes }

    public init(from decoder: Decoder) throws {
        let d = SCEUAConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        budget = try c.decodeIfPresent(Int.self, forKey: .budget) ?? d.budget
        complexes = try c.decodeIfPresent(Int.self, forKey: .complexes) ?? d.complexes
    }

    func validate(file: String, dimensions: Int) throws {
        guard (1...64).contains(complexes) else {
            throw ConfigError(file: file, key: "sceua.complexes", value: "\(complexes)", "must be 1 to 64")
        }
        let minimum = ShuffledComplexEvolution.minimumBudget(dimensions: dimensions, complexes: complexes)
        guard (minimum...10_000_000).contains(budget) else {
            throw ConfigError(file: file, key: "sceua.budget", value: "\(budget)",
                              "must be at least \(minimum) (the initial population of \(complexes) complexes of \(2 * dimensions + 1) points and one evolution step) and at most 10000000")
        }
    }
}
