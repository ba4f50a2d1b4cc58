import Foundation

/// Parameter learning through the surrogate (MdPL with the run's multi-task surrogate).
public struct CalibrationConfig: Codable, Sendable, Equatable {
    /// Full-batch Adam iterations of the parameter generator.
    public var iterations: Int
    public var learningRate: Float
    /// Width of the generator's two hidden layers.
    public var hidden: Int
    /// Loss weight of each surrogate task, in the order of `ensemble.tasks` (empty: equal weights).
    public var taskWeights: [Double]

    public init(iterations: Int = 300, learningRate: Float = 0.01, hidden: Int = 32, taskWeights: [Double] = []) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.hidden = hidden
        self.taskWeights = taskWeights
    }

    enum CodingKeys: String, CodingKey { case iterations, learningRate, hidden, taskWeights }

    public init(from decoder: Decoder) throws {
        let d = CalibrationConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? d.hidden
        taskWeights = try c.decodeIfPresent([Double].self, forKey: .taskWeights) ?? d.taskWeights
    }

    /// The weights for `taskCount` tasks.
    public func weights(taskCount: Int) -> [Double] {
        taskWeights.isEmpty ? [Double](repeating: 1 / Double(taskCount), count: taskCount) : taskWeights
    }

    func validate(file: String, taskCount: Int) throws {
        guard (1...100_000).contains(iterations) else {
            throw ConfigError(file: file, key: "calibration.iterations", value: "\(iterations)", "must be 1 to 100000")
        }
        guard learningRate > 0, learningRate < 1 else {
            throw ConfigError(file: file, key: "calibration.learningRate", value: "\(learningRate)", "must lie between 0 and 1")
        }
        guard (1...4096).contains(hidden) else {
            throw ConfigError(file: file, key: "calibration.hidden", value: "\(hidden)", "must be 1 to 4096")
        }
        guard taskWeights.isEmpty || (taskWeights.count == taskCount && taskWeights.allSatisfy { $0 >= 0 } && taskWeights.contains { $0 > 0 }) else {
            throw ConfigError(file: file, key: "calibration.taskWeights", value: taskWeights.map { "\($0)" }.joined(separator: ", "),
                              "give one non-negative weight per ensemble task (\(taskCount)), not all zero")
        }
    }
}
