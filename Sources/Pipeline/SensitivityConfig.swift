import Foundation

/// Global sensitivity analysis (`mdpl sensitivity`): Sobol' indices through the surrogate, checked
/// with Morris elementary effects on the real land model.
public struct SensitivityConfig: Codable, Sendable, Equatable {
    /// Saltelli base sample N: N (k + 2) surrogate evaluations per site for k parameters.
    public var samples: Int
    /// Bootstrap resamples of the confidence intervals.
    public var resamples: Int
    /// Morris trajectories r: r (k + 1) land-model runs per site.
    public var trajectories: Int
    /// A parameter is sensitive where its total index of J reaches this at some site.
    public var threshold: Double

    public init(samples: Int = 256, resamples: Int = 200, trajectories: Int = 10, threshold: Double = 0.05) {
        self.samples = samples
        self.resamples = resamples
        self.trajectories = trajectories
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey { case samples, resamples, trajectories, threshold }

    public init(from decoder: Decoder) throws {
        let d = SensitivityConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? d.samples
        resamples = try c.decodeIfPresent(Int.self, forKey: .resamples) ?? d.resamples
        trajectories = try c.decodeIfPresent(Int.self, forKey: .trajectories) ?? d.trajectories
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? d.threshold
    }

    func validate(file: String) throws {
        guard samples >= 16, samples <= 1_000_000 else {
            throw ConfigError(file: file, key: "sensitivity.samples", value: "\(samples)",
                              "Saltelli's estimators need a base sample of at least 16 (and at most 1000000)")
        }
        guard (20...100_000).contains(resamples) else {
            throw ConfigError(file: file, key: "sensitivity.resamples", value: "\(resamples)", "must be 20 to 100000")
        }
        guard (2...10_000).contains(trajectories) else {
            throw ConfigError(file: file, key: "sensitivity.trajectories", value: "\(trajectories)",
                              "Morris screening needs at least 2 trajectories (and at most 10000)")
        }
        guard threshold >= 0, threshold < 1 else {
            throw ConfigError(file: file, key: "sensitivity.threshold", value: "\(threshold)", "must lie in [0, 1)")
        }
    }
}
