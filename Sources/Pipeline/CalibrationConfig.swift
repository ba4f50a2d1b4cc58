import Surrogate
import Foundation

/// Parameter learning through surrogates: MdPL with the run's multi-task surrogate, and dPL with a
/// single-task surrogate of one flux trained on the same ensembles.
public struct CalibrationConfig: Codable, Sendable, Equatable {
    /// A way of learning parameters.
    public enum Method: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Through the multi-task surrogate, fitting all its tasks.
        case mdpl
        /// Through a single-task surrogate of one flux, fitting that flux only.
        case dpl(FluxTask)
        /// MdPL transfer (leave one site out): each site's parameters come from a generator
        /// trained on all the other sites.
        case mdplLeaveOneOut

        public var description: String {
            switch self {
            case .mdpl: "mdpl"
            case .dpl(let task): "dpl-\(task.rawValue)"
            case .mdplLeaveOneOut: "mdpl-loso"
            }
        }

        public init?(name: String) {
            if name == "mdpl" { self = .mdpl; return }
            if name == "mdpl-loso" { self = .mdplLeaveOneOut; return }
            guard name.hasPrefix("dpl-"), let task = FluxTask(rawValue: String(name.dropFirst(4))) else { return nil }
            self = .dpl(task)
        }

        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let method = Method(name: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "'\(text)' is not a method: mdpl, mdpl-loso, dpl-Qle, dpl-Qh or dpl-NEE"))
            }
            self = method
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(description)
        }
    }

    /// The methods the `mdpl` stage runs, each into its own folder of the run directory.
    public var methods: [Method]
    /// Full-batch Adam iterations of the parameter generator.
    public var iterations: Int
    public var learningRate: Float
    /// Width of the generator's two hidden layers.
    public var hidden: Int
    /// Loss weight of each surrogate task, in the order of `ensemble.tasks` (empty: equal weights).
    public var taskWeights: [Double]
    /// Weight of the prior towards the PFT defaults (squared distance in the unit cube; 0: none).
    public var priorWeight: Double

    public init(methods: [Method] = [.mdpl], iterations: Int = 300, learningRate: Float = 0.01, hidden: Int = 32,
                taskWeights: [Double] = [], priorWeight: Double = 0.1) {
        self.methods = methods
        self.iterations = iterations
        self.learningRate = learningRate
        self.hidden = hidden
        self.taskWeights = taskWeights
        self.priorWeight = priorWeight
    }

    enum CodingKeys: String, CodingKey { case methods, iterations, learningRate, hidden, taskWeights, priorWeight }

    public init(from decoder: Decoder) throws {
        let d = CalibrationConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        methods = try c.decodeIfPresent([Method].self, forKey: .methods) ?? d.methods
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? d.hidden
        taskWeights = try c.decodeIfPresent([Double].self, forKey: .taskWeights) ?? d.taskWeights
        priorWeight = try c.decodeIfPresent(Double.self, forKey: .priorWeight) ?? d.priorWeight
    }

    /// The weights for `taskCount` tasks.
    public func weights(taskCount: Int) -> [Double] {
        taskWeights.isEmpty ? [Double](repeating: 1 / Double(taskCount), count: taskCount) : taskWeights
    }

    func validate(file: String, tasks: [FluxTask]) throws {
        let taskCount = tasks.count
        guard !methods.isEmpty, Set(methods).count == methods.count else {
            throw ConfigError(file: file, key: "calibration.methods", value: methods.map(\.description).joined(separator: ", "),
                              "list one or more distinct methods")
        }
        for case .dpl(let task) in methods where !tasks.contains(task) {
            throw ConfigError(file: file, key: "calibration.methods", value: "dpl-\(task.rawValue)",
                              "dPL of \(task.rawValue) needs \(task.rawValue) among ensemble.tasks")
        }
        guard (1...100_000).contains(iterations) else {
            throw ConfigError(file: file, key: "calibration.iterations", value: "\(iterations)", "must be 1 to 100000")
        }
        guard learningRate > 0, learningRate < 1 else {
            throw ConfigError(file: file, key: "calibration.learningRate", value: "\(learningRate)", "must lie between 0 and 1")
        }
        guard priorWeight >= 0, priorWeight.isFinite else {
            throw ConfigError(file: file, key: "calibration.priorWeight", value: "\(priorWeight)", "must be a non-negative number")
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
