import Foundation

/// Sequential refinement of the surrogate around the generator's parameters
/// (`calibration.refinement`; rounds 0 = none): each round the generator's parameters of every
/// site and `members` points drawn around them (Gaussian in the unit cube, standard deviation
/// `radius · shrink^(round − 1)`) run in the real land model, join the ensemble, the surrogate is
/// fine-tuned from its weights for `epochs` epochs and the generator continues for `iterations`
/// steps (Wang et al. 2014, Environ. Model. Softw. 60, 167; Tang, Wood & Swenson 2025, WRR).
public struct RefinementConfig: Codable, Sendable, Equatable {
    public var rounds: Int
    public var members: Int
    public var radius: Double
    public var shrink: Double
    public var epochs: Int
    public var iterations: Int

    public init(rounds: Int = 0, members: Int = 24, radius: Double = 0.15, shrink: Double = 0.6, epochs: Int = 4,
                iterations: Int = 150) {
        self.rounds = rounds
        self.members = members
        self.radius = radius
        self.shrink = shrink
        self.epochs = epochs
        self.iterations = iterations
    }

    enum CodingKeys: String, CodingKey { case rounds, members, radius, shrink, epochs, iterations }

    public init(from decoder: Decoder) throws {
        let d = RefinementConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rounds = try c.decodeIfPresent(Int.self, forKey: .rounds) ?? d.rounds
        members = try c.decodeIfPresent(Int.self, forKey: .members) ?? d.members
        radius = try c.decodeIfPresent(Double.self, forKey: .radius) ?? d.radius
        shrink = try c.decodeIfPresent(Double.self, forKey: .shrink) ?? d.shrink
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
    }

    func validate(file: String) throws {
        for (key, value, range) in [("rounds", rounds, 0...100), ("members", members, 1...10_000), ("epochs", epochs, 1...1000),
                                    ("iterations", iterations, 1...100_000)] where !range.contains(value) {
            throw ConfigError(file: file, key: "calibration.refinement.\(key)", value: "\(value)",
                              "must lie in \(range.lowerBound)...\(range.upperBound)")
        }
        guard radius > 0, radius <= 1 else {
            throw ConfigError(file: file, key: "calibration.refinement.radius", value: "\(radius)", "must lie in (0, 1]")
        }
        guard shrink > 0, shrink <= 1 else {
            throw ConfigError(file: file, key: "calibration.refinement.shrink", value: "\(shrink)", "must lie in (0, 1]")
        }
    }
}
