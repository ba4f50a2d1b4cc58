import Foundation
import Surrogate

/// How the land-model ensemble that trains the surrogate is drawn (what is calibrated lives under
/// `calibration:`).
public struct EnsembleConfig: Codable, Sendable, Equatable {
    /// Members per site.
    public var members: Int
    /// Space-filling design: `lhs` (Latin hypercube, maximin) or `sobol`.
    public var design: DesignKind

    public init(members: Int = 256, design: DesignKind = .latinHypercube) {
        self.members = members
        self.design = design
    }

    enum CodingKeys: String, CodingKey { case members, design }

    public init(from decoder: Decoder) throws {
        let d = EnsembleConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        members = try c.decodeIfPresent(Int.self, forKey: .members) ?? d.members
        design = try c.decodeIfPresent(DesignKind.self, forKey: .design) ?? d.design
    }

    func validate(file: String) throws {
        guard (8...100_000).contains(members) else {
            throw ConfigError(file: file, key: "ensemble.members", value: "\(members)", "must be 8 to 100000")
        }
    }
}
