import Calibration

/// The SCE-UA baseline: per site, the real land model searched directly (ARCHITECTURE.md,
/// baselines), with the tasks, parameters, objective and prior of `calibration`.
public struct SCEUAConfig: Codable, Sendable, Equatable {
    /// Land-model runs per site (each a full record with spin-up).
    public var budget: Int
    /// Number of complexes p (each of 2n + 1 points for n calibrated parameters).
    public var complexes: Int
    /// Budgets at which the search's best point so far is also scored, as `<method>-<N>` (what the
    /// same search would have returned with that budget).
    public var checkpoints: [Int]

    public init(budget: Int = 1000, complexes: Int = 8, checkpoints: [Int] = []) {
        self.budget = budget
        self.complexes = complexes
        self.checkpoints = checkpoints
    }

    enum CodingKeys: String, CodingKey { case budget, complexes, checkpoints }

    public init(from decoder: Decoder) throws {
        let d = SCEUAConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        budget = try c.decodeIfPresent(Int.self, forKey: .budget) ?? d.budget
        complexes = try c.decodeIfPresent(Int.self, forKey: .complexes) ?? d.complexes
        checkpoints = try c.decodeIfPresent([Int].self, forKey: .checkpoints) ?? d.checkpoints
    }

    func validate(file: String, dimensions: Int, key: String = "sceua") throws {
        guard (1...64).contains(complexes) else {
            throw ConfigError(file: file, key: "\(key).complexes", value: "\(complexes)", "must be 1 to 64")
        }
        for n in checkpoints where !(1..<budget).contains(n) || checkpoints.filter({ $0 == n }).count > 1 {
            throw ConfigError(file: file, key: "\(key).checkpoints", value: "\(n)", "each checkpoint once, below the budget of \(budget)")
        }
        let minimum = ShuffledComplexEvolution.minimumBudget(dimensions: dimensions, complexes: complexes)
        guard (minimum...10_000_000).contains(budget) else {
            throw ConfigError(file: file, key: "\(key).budget", value: "\(budget)",
                              "must be at least \(minimum) (the initial population of \(complexes) complexes of \(2 * dimensions + 1) points and one evolution step) and at most 10000000")
        }
    }
}

/// The small local search of `mdpl-local` (DDS from MdPL's parameters on the real land model).
public struct LocalSearchConfig: Codable, Sendable, Equatable {
    /// Land-model runs per site.
    public var budget: Int

    public init(budget: Int = 200) {
        self.budget = budget
    }

    enum CodingKeys: String, CodingKey { case budget }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        budget = try c.decodeIfPresent(Int.self, forKey: .budget) ?? LocalSearchConfig().budget
    }

    func validate(file: String) throws {
        guard (1...1_000_000).contains(budget) else {
            throw ConfigError(file: file, key: "local.budget", value: "\(budget)", "must be 1 to 1000000")
        }
    }
}
