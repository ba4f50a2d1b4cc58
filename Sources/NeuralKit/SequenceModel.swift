import Foundation

/// A multi-task sequence regressor: an optional learned day-of-year embedding joined to the input
/// features, a (stacked) LSTM encoder, optional dropout, and a head — one Linear layer per task or
/// a multi-gate mixture of experts with one gate and tower per task. The shape of the MdPL
/// surrogate and of the LSTM flux benchmark.
///
/// Sequences are time-major: features `[steps, batch, features]`, outputs `[steps, batch, outputs]`
/// per task. `backward` returns ∂loss/∂features, so an upstream network (a parameter generator)
/// can be trained through a frozen model.
public final class SequenceModel: Layer {
    /// The architecture; stored in checkpoints so that a model can be rebuilt from one.
    public struct Configuration: Codable, Sendable, Equatable {
        /// The head on top of the LSTM.
        public enum Head: Codable, Sendable, Equatable {
            /// A Linear layer per task (computed as one Linear layer whose output columns are the
            /// tasks' outputs in order).
            case linear
            /// A multi-gate mixture of experts (see `MixtureOfExperts`) whose experts and towers use
            /// `activation`.
            case mixtureOfExperts(experts: Int, expertSizes: [Int], towerSizes: [Int], activation: Activation = .relu)
        }

        /// Numeric input features per step.
        public var features: Int
        /// Width of the day-of-year embedding (366 rows); 0 for none.
        public var dayOfYearWidth: Int
        /// LSTM hidden width.
        public var hidden: Int
        /// Number of stacked LSTM layers.
        public var layers: Int
        /// Initial forget-gate bias of the LSTM.
        public var forgetBias: Float
        /// Dropout rate on the LSTM output during training.
        public var dropout: Float
        /// The head.
        public var head: Head
        /// Outputs of each task (its count is the number of tasks).
        public var taskOutputs: [Int]

        public init(features: Int, dayOfYearWidth: Int = 0, hidden: Int, layers: Int = 1, forgetBias: Float = 1,
                    dropout: Float = 0, head: Head = .linear, taskOutputs: [Int]) {
            self.features = features
            self.dayOfYearWidth = dayOfYearWidth
            self.hidden = hidden
            self.layers = layers
            self.forgetBias = forgetBias
            self.dropout = dropout
            self.head = head
            self.taskOutputs = taskOutputs
        }
    }

    /// The metadata key under which checkpoints store the configuration (JSON).
    public static let configurationKey = "neuralkit.sequenceModel.configuration"

    public let configuration: Configuration
    /// The day-of-year embedding, if configured.
    public let dayOfYear: Embedding?
    /// The LSTM encoder.
    public let encoder: LSTM
    /// Dropout on the encoder output.
    public let dropout: Dropout
    /// The linear head (for `.linear`): output columns are the tasks' outputs, task by task.
    public let linearHead: Linear?
    /// The mixture-of-experts head (for `.mixtureOfExperts`).
    public let mixture: MixtureOfExperts?

    /// Freezing stops all parameter-gradient accumulation; input gradients still flow.
    public var isFrozen = false {
        didSet {
            dayOfYear?.isFrozen = isFrozen
            encoder.isFrozen = isFrozen
            linearHead?.isFrozen = isFrozen
            mixture?.isFrozen = isFrozen
            updateInputGradientFlags()
        }
    }
    /// Whether `backward` returns ∂loss/∂features (default true). Switch it off when the features
    /// are data, to save one matrix product.
    public var computesInputGradient = true {
        didSet { updateInputGradientFlags() }
    }

    private var steps = 0, batch = 0

    /// A model with parameters initialised from `seed` (same seed, same parameters).
    public init(_ configuration: Configuration, seed: UInt64) {
        self.configuration = configuration
        var generator = SeededGenerator(seed: seed)
        dayOfYear = configuration.dayOfYearWidth > 0
            ? Embedding(name: "dayOfYear", rows: 366, width: configuration.dayOfYearWidth, using: &generator) : nil
        encoder = LSTM(name: "encoder", inputs: configuration.features + configuration.dayOfYearWidth,
                       hidden: configuration.hidden, layers: configuration.layers,
                       forgetBias: configuration.forgetBias, using: &generator)
        dropout = Dropout(rate: configuration.dropout, seed: generator.next())
        switch configuration.head {
        case .linear:
            linearHead = Linear(name: "head", inputs: configuration.hidden,
                                outputs: configuration.taskOutputs.reduce(0, +), using: &generator)
            mixture = nil
        case let .mixtureOfExperts(experts, expertSizes, towerSizes, activation):
            linearHead = nil
            mixture = MixtureOfExperts(name: "mixture", inputs: configuration.hidden, experts: experts,
                                       expertSizes: expertSizes, towerSizes: towerSizes,
                                       taskOutputs: configuration.taskOutputs, activation: activation,
                                       using: &generator)
        }
        updateInputGradientFlags()
    }

    /// Rebuilds a model from a checkpoint written by `checkpoint(arrays:metadata:)`.
    public convenience init(checkpoint: Checkpoint) throws {
        guard let json = checkpoint.metadata[Self.configurationKey] else {
            throw CheckpointError.mismatch(["no \(Self.configurationKey) metadata: not a SequenceModel checkpoint"])
        }
        let configuration: Configuration
        do { configuration = try JSONDecoder().decode(Configuration.self, from: Data(json.utf8)) } catch {
            throw CheckpointError.mismatch(["unreadable \(Self.configurationKey): \(error)"])
        }
        self.init(configuration, seed: 0)
        try checkpoint.restore(into: parameters)
    }

    /// A checkpoint of the parameters and configuration, with extra arrays (e.g. normalisation
    /// statistics) and metadata.
    public func checkpoint(arrays: [String: Tensor] = [:], metadata: [String: String] = [:]) throws -> Checkpoint {
        var metadata = metadata
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        metadata[Self.configurationKey] = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        return Checkpoint(parameters: parameters, arrays: arrays, metadata: metadata)
    }

    public var parameters: [Parameter] {
        (dayOfYear?.parameters ?? []) + encoder.parameters + (linearHead?.parameters ?? [])
            + (mixture?.parameters ?? [])
    }

    /// The encoder's input gradient is needed for the features (if asked for) and for a trainable
    /// embedding; when only the embedding needs it, only its columns are computed.
    private func updateInputGradientFlags() {
        let embeddingLearns = dayOfYear != nil && !isFrozen
        encoder.computesInputGradient = computesInputGradient || embeddingLearns
        encoder.inputGradientColumns = computesInputGradient
            ? nil : configuration.features..<(configuration.features + configuration.dayOfYearWidth)
    }

    /// The per-task outputs for `features` (`[steps, batch, features]`) and, with an embedding, the
    /// day of year of every step and sequence (`steps × batch` values in 1…366, time-major).
    /// `initialState` (zero when nil) and `mask` (`[steps, batch]`) are passed to the LSTM.
    public func forward(features: Tensor, dayOfYear days: [Int32]? = nil, initialState: LSTMState? = nil,
                        mask: Tensor? = nil, training: Bool = false) -> [Tensor] {
        precondition(features.shape.count == 3 && features.shape[2] == configuration.features,
                     "SequenceModel: features shape \(features.shape), expected [steps, batch, \(configuration.features)]")
        steps = features.shape[0]
        batch = features.shape[1]
        var input = features
        if let embedding = self.dayOfYear {
            guard let days else { preconditionFailure("SequenceModel: the model has a day-of-year embedding but no days were given") }
            precondition(days.count == steps * batch, "SequenceModel: \(days.count) days for \(steps) steps × \(batch) sequences")
            let embedded = embedding.forward(days.map { $0 - 1 })
            input = Self.concatenateColumns(features, embedded, shape: [steps, batch])
        }
        let hidden = dropout.forward(encoder.forward(input, initialState: initialState, mask: mask), training: training)
        if let mixture {
            return mixture.forward(hidden, training: training)
        }
        let outputs = linearHead!.forward(hidden)
        var start = 0
        return configuration.taskOutputs.map { width in
            defer { start += width }
            return Self.columns(of: outputs, from: start, count: width)
        }
    }

    /// The LSTM state after the last step of the last forward.
    public var finalState: LSTMState { encoder.finalState }

    /// Backpropagates per-task output gradients (nil for a task without loss) and an optional
    /// gradient of the final LSTM state. Accumulates parameter gradients (unless frozen) and returns
    /// ∂loss/∂features (`[steps, batch, features]`; empty if `computesInputGradient` is false).
    public func backward(_ outputGradients: [Tensor?], finalStateGradient: LSTMState? = nil) -> Tensor {
        precondition(outputGradients.count == configuration.taskOutputs.count,
                     "SequenceModel: \(outputGradients.count) output gradients for \(configuration.taskOutputs.count) tasks")
        let hiddenGradient: Tensor
        if let mixture {
            hiddenGradient = mixture.backward(outputGradients)
        } else {
            let rows = steps * batch, width = configuration.taskOutputs.reduce(0, +)
            var gradient = Tensor(shape: [steps, batch, width])
            var start = 0
            for (task, taskWidth) in configuration.taskOutputs.enumerated() {
                if let taskGradient = outputGradients[task] {
                    precondition(taskGradient.count == rows * taskWidth,
                                 "SequenceModel: gradient of task \(task) has shape \(taskGradient.shape)")
                    for n in 0..<rows {
                        for j in 0..<taskWidth { gradient.scalars[n * width + start + j] = taskGradient.scalars[n * taskWidth + j] }
                    }
                }
                start += taskWidth
            }
            hiddenGradient = linearHead!.backward(gradient)
        }
        let inputGradient = encoder.backward(dropout.backward(hiddenGradient), finalStateGradient: finalStateGradient)
        guard let embedding = dayOfYear, inputGradient.count > 0 else { return inputGradient }
        guard computesInputGradient else {
            embedding.backward(inputGradient)   // the encoder returned the embedding's columns only
            return Tensor(shape: [0])
        }
        let (featureGradient, embeddingGradient) = Self.splitColumns(inputGradient, first: configuration.features)
        embedding.backward(embeddingGradient)
        return featureGradient
    }

    /// ∂loss/∂ of the initial LSTM state after `backward`.
    public var initialStateGradient: LSTMState { encoder.initialStateGradient }

    /// Columns `start ..< start + count` of `x` (all leading dimensions kept).
    static func columns(of x: Tensor, from start: Int, count: Int) -> Tensor {
        let rows = x.rows, width = x.columns
        return Tensor(shape: Array(x.shape.dropLast()) + [count]) { y in
            x.withUnsafeBufferPointer { source in
                for r in 0..<rows { (y + r * count).update(from: source.baseAddress! + r * width + start, count: count) }
            }
        }
    }

    static func concatenateColumns(_ a: Tensor, _ b: Tensor, shape: [Int]) -> Tensor {
        let rows = a.rows, wa = a.columns, wb = b.columns, w = wa + wb
        return Tensor(shape: shape + [w]) { y in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { e in
                    for r in 0..<rows {
                        (y + r * w).update(from: x.baseAddress! + r * wa, count: wa)
                        (y + r * w + wa).update(from: e.baseAddress! + r * wb, count: wb)
                    }
                }
            }
        }
    }

    static func splitColumns(_ x: Tensor, first wa: Int) -> (Tensor, Tensor) {
        let rows = x.rows, w = x.columns, wb = w - wa
        let leading = Array(x.shape.dropLast())
        return x.withUnsafeBufferPointer { source in
            (Tensor(shape: leading + [wa]) { y in
                for r in 0..<rows { (y + r * wa).update(from: source.baseAddress! + r * w, count: wa) }
            },
             Tensor(shape: leading + [wb]) { y in
                for r in 0..<rows { (y + r * wb).update(from: source.baseAddress! + r * w + wa, count: wb) }
            })
        }
    }
}
