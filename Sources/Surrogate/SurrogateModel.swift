import Foundation
import LandModel
import NeuralKit

/// The neural surrogate of the land model: daily forcing, day of year, static site attributes and
/// all 14 parameters (unit cube of table 3A) in; daily fluxes of its tasks out. A shared LSTM
/// encoder feeds a multi-gate mixture of experts with one gate and tower per task (MdPL), or a
/// single linear tower for one task (the dPL baseline).
///
/// Inputs per step, in column order: the forcing features of `SiteInputs.forcingNames`, the static
/// attributes of `SiteInputs.staticNames` (both scaled by `scaling`), then the 14 parameters
/// (centred and scaled as a uniform variable). Sequences are whole site records from their first
/// day: the land model's own record starts from a spun-up state, and so does the surrogate's.
public final class SurrogateModel {
    /// Network shape.
    public struct Architecture: Codable, Sendable, Equatable {
        public var hidden: Int
        public var layers: Int
        public var dayOfYearWidth: Int
        /// Experts of the mixture (multi-task); ignored for a single task.
        public var experts: Int
        public var expertWidth: Int
        public var towerWidth: Int
        public var dropout: Float

        public init(hidden: Int = 64, layers: Int = 1, dayOfYearWidth: Int = 8, experts: Int = 4, expertWidth: Int = 64,
                    towerWidth: Int = 32, dropout: Float = 0) {
            self.hidden = hidden
            self.layers = layers
            self.dayOfYearWidth = dayOfYearWidth
            self.experts = experts
            self.expertWidth = expertWidth
            self.towerWidth = towerWidth
            self.dropout = dropout
        }
    }

    public static let parameterCount = ParameterID.allCases.count
    public static let featureCount = SiteInputs.forcingNames.count + SiteInputs.staticNames.count + parameterCount
    /// Column of the first parameter in the feature vector.
    public static let parameterOffset = SiteInputs.forcingNames.count + SiteInputs.staticNames.count

    public let network: SequenceModel
    public let scaling: SurrogateScaling
    public let tasks: [FluxTask]
    public let architecture: Architecture

    /// A new model with weights from `seed`.
    public init(architecture: Architecture, tasks: [FluxTask], scaling: SurrogateScaling, seed: UInt64) {
        precondition(!tasks.isEmpty && scaling.targetMean.count == tasks.count)
        self.architecture = architecture
        self.tasks = tasks
        self.scaling = scaling
        let head: SequenceModel.Configuration.Head = tasks.count > 1
            ? .mixtureOfExperts(experts: architecture.experts, expertSizes: [architecture.expertWidth],
                                towerSizes: [architecture.towerWidth])
            : .linear
        network = SequenceModel(SequenceModel.Configuration(
            features: Self.featureCount, dayOfYearWidth: architecture.dayOfYearWidth, hidden: architecture.hidden,
            layers: architecture.layers, forgetBias: 3, dropout: architecture.dropout, head: head,
            taskOutputs: [Int](repeating: 1, count: tasks.count)), seed: seed)
    }

    static let tasksKey = "mdpl.surrogate.tasks", architectureKey = "mdpl.surrogate.architecture"

    /// Loads a model saved by `save(to:metadata:)`.
    public init(checkpoint: Checkpoint, source: String) throws {
        guard let taskText = checkpoint.metadata[Self.tasksKey],
              let architectureText = checkpoint.metadata[Self.architectureKey],
              let scaling = SurrogateScaling(arrays: checkpoint.arrays) else {
            throw CheckpointError.mismatch(["\(source): not an MdPL surrogate checkpoint (tasks, architecture or scaling missing)"])
        }
        tasks = taskText.split(separator: ",").compactMap { FluxTask(rawValue: String($0)) }
        architecture = try JSONDecoder().decode(Architecture.self, from: Data(architectureText.utf8))
        self.scaling = scaling
        network = try SequenceModel(checkpoint: checkpoint)
        guard network.configuration.features == Self.featureCount, network.configuration.taskOutputs.count == tasks.count else {
            throw CheckpointError.mismatch(["\(source): surrogate has \(network.configuration.features) features and \(network.configuration.taskOutputs.count) tasks, this MdPL builds \(Self.featureCount) features for \(tasks.count) tasks"])
        }
    }

    /// Writes the model, its scaling and `metadata` atomically.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        var all = metadata
        all[Self.tasksKey] = tasks.map(\.rawValue).joined(separator: ",")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        all[Self.architectureKey] = String(decoding: try encoder.encode(architecture), as: UTF8.self)
        try network.checkpoint(arrays: scaling.arrays, metadata: all).write(to: url)
    }

    /// Reads a model from `url`.
    public static func load(_ url: URL) throws -> SurrogateModel {
        try SurrogateModel(checkpoint: try Checkpoint.read(from: url), source: url.path)
    }

    /// The scaled feature tensor `[days, batch, features]` for `site` with one full parameter
    /// vector (14 unit values in table order) per sequence.
    public func features(_ site: SiteInputs, unitParameters: [[Float]]) -> Tensor {
        let batch = unitParameters.count, width = Self.featureCount
        let forcingCount = SiteInputs.forcingNames.count, staticCount = SiteInputs.staticNames.count
        var scaledStatics = [Float](repeating: 0, count: staticCount)
        for j in 0..<staticCount { scaledStatics[j] = (site.statics[j] - scaling.staticMean[j]) / scaling.staticScale[j] }
        let scaledParameters = unitParameters.map { row in row.map { ($0 - SurrogateScaling.parameterCentre) / SurrogateScaling.parameterScale } }
        var tensor = Tensor(shape: [site.days, batch, width])
        tensor.withUnsafeMutableBufferPointer { out in
            for t in 0..<site.days {
                var forcing = [Float](repeating: 0, count: forcingCount)
                for j in 0..<forcingCount { forcing[j] = (site.forcing[t][j] - scaling.forcingMean[j]) / scaling.forcingScale[j] }
                for b in 0..<batch {
                    let base = (t * batch + b) * width
                    for j in 0..<forcingCount { out[base + j] = forcing[j] }
                    for j in 0..<staticCount { out[base + forcingCount + j] = scaledStatics[j] }
                    for j in 0..<Self.parameterCount { out[base + Self.parameterOffset + j] = scaledParameters[b][j] }
                }
            }
        }
        return tensor
    }

    /// Day of year of every step and sequence, time-major.
    func days(_ site: SiteInputs, batch: Int) -> [Int32] {
        site.dayOfYear.flatMap { [Int32](repeating: $0, count: batch) }
    }

    /// Scaled predictions per task, each `[days, batch, 1]`.
    public func forwardScaled(_ site: SiteInputs, unitParameters: [[Float]], training: Bool = false) -> [Tensor] {
        network.forward(features: features(site, unitParameters: unitParameters),
                        dayOfYear: architecture.dayOfYearWidth > 0 ? days(site, batch: unitParameters.count) : nil,
                        training: training)
    }

    /// Daily fluxes in physical units: per task, per sequence, per day.
    public func predict(_ site: SiteInputs, unitParameters: [[Float]]) -> [FluxTask: [[Float]]] {
        let outputs = forwardScaled(site, unitParameters: unitParameters)
        let batch = unitParameters.count
        var result: [FluxTask: [[Float]]] = [:]
        for (k, task) in tasks.enumerated() {
            let y = outputs[k].scalars
            let mean = scaling.targetMean[k], scale = scaling.targetScale[k]
            result[task] = (0..<batch).map { b in (0..<site.days).map { t in y[t * batch + b] * scale + mean } }
        }
        return result
    }

    /// The full 14-value unit parameter vector of a member whose calibrated parameters `calibrated`
    /// have unit values `values`, the others at the site's defaults.
    public static func unitParameters(site: SiteInputs, calibrated: [ParameterID], values: [Float]) -> [Float] {
        var full = site.defaultUnitParameters
        for (k, id) in calibrated.enumerated() { full[id.index] = values[k] }
        return full
    }
}
