import Calibration
import Evaluation
import Foundation
import LandModel
import Surrogate

/// What is calibrated and how: the parameters, the fitted fluxes and their weights, the prior, the
/// methods of the `calibration` stage (names of `CalibrationMethods`) and the parameter generator
/// that the surrogate-based methods train.
public struct CalibrationConfig: Codable, Sendable, Equatable {
    /// Methods the `calibration` stage runs, each into its own folder of the run directory.
    public var methods: [String]
    /// Calibrated parameters; empty = the default subset for the tasks (LSM_SPEC.md 4.3).
    public var parameters: [ParameterID]
    /// Fitted fluxes, which are also the surrogate's tasks (multi-task: Qle and Qh, optionally NEE).
    public var tasks: [FluxTask]
    /// Loss weight of each task, in the order of `tasks` (empty: equal weights).
    public var taskWeights: [Double]
    /// Weight of the prior towards the PFT defaults (squared distance in the unit cube; 0: none).
    public var priorWeight: Double
    /// Weights of the time scales in the objective (half-hourly `native`, `daily`, `monthly`).
    public var objective: ObjectiveScales
    /// Full-batch Adam iterations of the parameter generator.
    public var iterations: Int
    public var learningRate: Float
    /// Width of the generator's two hidden layers.
    public var hidden: Int
    /// Sequential refinement of the surrogate around MdPL's parameters.
    public var refinement: RefinementConfig
    /// For `parameters: sensitive`: the `sensitivity/indices.csv` of a screening run and the total
    /// index of J a parameter must reach at some site to be calibrated.
    public var sensitive: SensitiveSelection?
    /// Set while decoding `parameters: sensitive`; `ConfigLoader` replaces it by the list.
    var selectsSensitive = false

    /// Where `parameters: sensitive` comes from.
    public struct SensitiveSelection: Codable, Sendable, Equatable {
        public var indices: String
        public var threshold: Double

        public init(indices: String, threshold: Double = 0.05) {
            self.indices = indices
            self.threshold = threshold
        }
    }

    public init(methods: [String] = ["mdpl"], parameters: [ParameterID] = [], tasks: [FluxTask] = [.Qle, .Qh],
                taskWeights: [Double] = [], priorWeight: Double = 0.1, objective: ObjectiveScales = ObjectiveScales(),
                iterations: Int = 300, learningRate: Float = 0.01, hidden: Int = 32, refinement: RefinementConfig = RefinementConfig()) {
        self.methods = methods
        self.parameters = parameters
        self.tasks = tasks
        self.taskWeights = taskWeights
        self.priorWeight = priorWeight
        self.objective = objective
        self.iterations = iterations
        self.learningRate = learningRate
        self.hidden = hidden
        self.refinement = refinement
    }

    enum CodingKeys: String, CodingKey {
        case methods, parameters, tasks, taskWeights, priorWeight, objective, iterations, learningRate, hidden, refinement, sensitive
    }

    public static func == (a: CalibrationConfig, b: CalibrationConfig) -> Bool {
        a.methods == b.methods && a.parameters == b.parameters && a.tasks == b.tasks && a.taskWeights == b.taskWeights
            && a.priorWeight == b.priorWeight && a.objective == b.objective && a.iterations == b.iterations
            && a.learningRate == b.learningRate && a.hidden == b.hidden && a.refinement == b.refinement && a.sensitive == b.sensitive
    }

    public init(from decoder: Decoder) throws {
        let d = CalibrationConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        methods = try c.decodeIfPresent([String].self, forKey: .methods) ?? d.methods
        if (try? c.decode(String.self, forKey: .parameters)) == "sensitive" {
            parameters = []
            selectsSensitive = true
        } else {
            parameters = try c.decodeIfPresent([ParameterID].self, forKey: .parameters) ?? d.parameters
        }
        tasks = try c.decodeIfPresent([FluxTask].self, forKey: .tasks) ?? d.tasks
        taskWeights = try c.decodeIfPresent([Double].self, forKey: .taskWeights) ?? d.taskWeights
        priorWeight = try c.decodeIfPresent(Double.self, forKey: .priorWeight) ?? d.priorWeight
        objective = try c.decodeIfPresent(ObjectiveScales.self, forKey: .objective) ?? d.objective
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? d.hidden
        refinement = try c.decodeIfPresent(RefinementConfig.self, forKey: .refinement) ?? d.refinement
        sensitive = try c.decodeIfPresent(SensitiveSelection.self, forKey: .sensitive)
    }

    /// The calibrated parameters this config means, in table order.
    public var calibrated: [ParameterID] {
        parameters.isEmpty ? CalibratedParameters.defaults(for: tasks) : parameters.sorted()
    }

    /// The weights for `taskCount` tasks.
    public func weights(taskCount: Int) -> [Double] {
        taskWeights.isEmpty ? [Double](repeating: 1 / Double(taskCount), count: taskCount) : taskWeights
    }

    /// The objective every method minimises (all tasks, their weights, the scales and the prior).
    public var calibrationObjective: CalibrationObjective {
        CalibrationObjective(tasks: tasks, taskWeights: weights(taskCount: tasks.count), scales: objective, priorWeight: priorWeight)
    }

    /// The registered methods of `methods`, in the order the stage runs them.
    public var registeredMethods: [any CalibrationMethod] {
        CalibrationMethods.ordered(methods.compactMap(CalibrationMethods.named))
    }

    /// Replaces `parameters: sensitive` by the parameters the screening run found sensitive.
    mutating func resolveSensitiveParameters(file: String) throws {
        guard selectsSensitive else { return }
        guard let sensitive else {
            throw ConfigError(file: file, key: "calibration.parameters", value: "sensitive",
                              "needs calibration.sensitive: {indices: <screening run>/sensitivity/indices.csv, threshold: 0.05}")
        }
        let chosen: [ParameterID]
        do {
            chosen = try SensitivityAnalysis.sensitiveParameters(indices: URL(fileURLWithPath: sensitive.indices), threshold: sensitive.threshold)
        } catch {
            throw ConfigError(file: file, key: "calibration.sensitive.indices", value: sensitive.indices, "cannot be read: \(error)")
        }
        guard !chosen.isEmpty else {
            throw ConfigError(file: file, key: "calibration.sensitive.threshold", value: "\(sensitive.threshold)",
                              "no parameter's total index of J reaches it")
        }
        parameters = chosen
        selectsSensitive = false
    }

    func validate(file: String) throws {
        guard !tasks.isEmpty, Set(tasks).count == tasks.count else {
            throw ConfigError(file: file, key: "calibration.tasks", value: tasks.map(\.rawValue).joined(separator: ", "),
                              "list one or more distinct fluxes of \(FluxTask.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard calibrated.count <= SobolSequence.maximumDimensions, Set(parameters).count == parameters.count else {
            throw ConfigError(file: file, key: "calibration.parameters", value: parameters.map(\.rawValue).joined(separator: ", "),
                              "list distinct parameters of `mdpl params` (at most \(SobolSequence.maximumDimensions))")
        }
        guard !methods.isEmpty, Set(methods).count == methods.count else {
            throw ConfigError(file: file, key: "calibration.methods", value: methods.joined(separator: ", "),
                              "list one or more distinct methods")
        }
        for (i, name) in methods.enumerated() {
            guard let method = CalibrationMethods.named(name) else {
                throw ConfigError(file: file, key: "calibration.methods[\(i)]", value: name,
                                  "unknown method (known: \(CalibrationMethods.names.joined(separator: ", ")))")
            }
            if let problem = method.problem(fitting: tasks) {
                throw ConfigError(file: file, key: "calibration.methods", value: name, problem)
            }
            for needed in method.requires where !methods.contains(needed) {
                throw ConfigError(file: file, key: "calibration.methods", value: name, "needs \(needed) among the methods (it starts from its parameters)")
            }
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
        for scale in TimeScale.allCases where !(objective.weight(scale) >= 0 && objective.weight(scale).isFinite) {
            throw ConfigError(file: file, key: "calibration.objective.\(scale.rawValue)", value: "\(objective.weight(scale))",
                              "must be a non-negative number")
        }
        guard TimeScale.allCases.contains(where: { objective.weight($0) > 0 }) else {
            throw ConfigError(file: file, key: "calibration.objective", value: "all 0", "give at least one time scale a positive weight")
        }
        try refinement.validate(file: file)
        guard (1...4096).contains(hidden) else {
            throw ConfigError(file: file, key: "calibration.hidden", value: "\(hidden)", "must be 1 to 4096")
        }
        guard taskWeights.isEmpty || (taskWeights.count == tasks.count && taskWeights.allSatisfy { $0 >= 0 && $0.isFinite }
                                      && taskWeights.contains { $0 > 0 }) else {
            throw ConfigError(file: file, key: "calibration.taskWeights", value: taskWeights.map { "\($0)" }.joined(separator: ", "),
                              "give one non-negative weight per task of calibration.tasks (\(tasks.count)), not all zero")
        }
    }
}
