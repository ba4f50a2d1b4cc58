/// Stops training when a validation metric (lower is better, e.g. a validation loss) has not
/// improved by more than `minimumImprovement` for `patience` consecutive evaluations.
public struct EarlyStopping: Sendable {
    /// What to do after an evaluation.
    public enum Decision: Sendable, Equatable {
        /// A new best value: keep going (and save a checkpoint of this state).
        case improved
        /// No improvement yet, but patience remains.
        case keepGoing
        /// Patience exhausted: stop and restore the best checkpoint.
        case stop
    }

    /// The number of evaluations without improvement that are tolerated.
    public let patience: Int
    /// The decrease that counts as an improvement.
    public let minimumImprovement: Double
    /// The best value so far.
    public private(set) var best = Double.infinity
    /// The evaluation (0-based) at which `best` was reached.
    public private(set) var bestEvaluation = -1
    private var evaluations = 0

    public init(patience: Int, minimumImprovement: Double = 0) {
        precondition(patience >= 0, "EarlyStopping: patience must not be negative")
        self.patience = patience
        self.minimumImprovement = minimumImprovement
    }

    /// Records the metric of the next evaluation. A non-finite value never counts as improvement.
    public mutating func record(_ value: Double) -> Decision {
        defer { evaluations += 1 }
        if value.isFinite && value < best - minimumImprovement {
            best = value
            bestEvaluation = evaluations
            return .improved
        }
        return evaluations - bestEvaluation >= patience ? .stop : .keepGoing
    }
}

extension EarlyStopping {
    /// The number of evaluations recorded so far.
    public var evaluationCount: Int { evaluations }

    /// A stopper that continues from a recorded state (`best`, `bestEvaluation`, `evaluationCount`).
    public init(patience: Int, minimumImprovement: Double = 0, best: Double, bestEvaluation: Int, evaluations: Int) {
        self.init(patience: patience, minimumImprovement: minimumImprovement)
        self.best = best
        self.bestEvaluation = bestEvaluation
        self.evaluations = evaluations
    }
}
