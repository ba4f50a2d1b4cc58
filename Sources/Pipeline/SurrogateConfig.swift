import Foundation
import Surrogate

/// The surrogate network and its training.
public struct SurrogateConfig: Codable, Sendable, Equatable {
    public var hidden: Int
    public var layers: Int
    public var dayOfYearWidth: Int
    public var experts: Int
    public var expertWidth: Int
    public var towerWidth: Int
    public var dropout: Float
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var patience: Int
    public var gradientClip: Double
    /// Every n-th ensemble member is held out (validation and fidelity on unseen parameter sets).
    public var holdOutEvery: Int
    /// Sites the surrogate never trains on (validation and fidelity on unseen sites).
    public var holdOutSites: [String]
    /// Members of each held-out site used for validation during training.
    public var validationSiteMembers: Int
    /// First members of the design whose every step trains the sub-daily decoder (0: no decoder).
    public var subDailyMembers: Int
    public var decoderHidden: Int
    public var decoderEpochs: Int

    public init() {
        let s = SurrogateTrainingSettings()
        hidden = s.architecture.hidden
        layers = s.architecture.layers
        dayOfYearWidth = s.architecture.dayOfYearWidth
        experts = s.architecture.experts
        expertWidth = s.architecture.expertWidth
        towerWidth = s.architecture.towerWidth
        dropout = s.architecture.dropout
        epochs = s.epochs
        batchSize = s.batchSize
        learningRate = s.learningRate
        patience = s.patience
        gradientClip = s.gradientClip
        holdOutEvery = s.holdOutEvery
        holdOutSites = []
        validationSiteMembers = s.validationSiteMembers
        subDailyMembers = 32
        decoderHidden = 64
        decoderEpochs = 12
    }

    enum CodingKeys: String, CodingKey {
        case hidden, layers, dayOfYearWidth, experts, expertWidth, towerWidth, dropout, epochs, batchSize, learningRate,
             patience, gradientClip, holdOutEvery, holdOutSites, validationSiteMembers, subDailyMembers, decoderHidden,
             decoderEpochs
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? hidden
        layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? layers
        dayOfYearWidth = try c.decodeIfPresent(Int.self, forKey: .dayOfYearWidth) ?? dayOfYearWidth
        experts = try c.decodeIfPresent(Int.self, forKey: .experts) ?? experts
        expertWidth = try c.decodeIfPresent(Int.self, forKey: .expertWidth) ?? expertWidth
        towerWidth = try c.decodeIfPresent(Int.self, forKey: .towerWidth) ?? towerWidth
        dropout = try c.decodeIfPresent(Float.self, forKey: .dropout) ?? dropout
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? learningRate
        patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? patience
        gradientClip = try c.decodeIfPresent(Double.self, forKey: .gradientClip) ?? gradientClip
        holdOutEvery = try c.decodeIfPresent(Int.self, forKey: .holdOutEvery) ?? holdOutEvery
        holdOutSites = try c.decodeIfPresent([String].self, forKey: .holdOutSites) ?? holdOutSites
        validationSiteMembers = try c.decodeIfPresent(Int.self, forKey: .validationSiteMembers) ?? validationSiteMembers
        subDailyMembers = try c.decodeIfPresent(Int.self, forKey: .subDailyMembers) ?? subDailyMembers
        decoderHidden = try c.decodeIfPresent(Int.self, forKey: .decoderHidden) ?? decoderHidden
        decoderEpochs = try c.decodeIfPresent(Int.self, forKey: .decoderEpochs) ?? decoderEpochs
    }

    /// The training settings this config describes.
    public var settings: SurrogateTrainingSettings {
        SurrogateTrainingSettings(
            architecture: SurrogateModel.Architecture(hidden: hidden, layers: layers, dayOfYearWidth: dayOfYearWidth,
                                                      experts: experts, expertWidth: expertWidth, towerWidth: towerWidth,
                                                      dropout: dropout),
            epochs: epochs, batchSize: batchSize, learningRate: learningRate, patience: patience, gradientClip: gradientClip,
            holdOutEvery: holdOutEvery, validationSiteMembers: validationSiteMembers)
    }

    func validate(file: String) throws {
        for (key, value, range) in [("hidden", hidden, 1...4096), ("layers", layers, 1...8), ("dayOfYearWidth", dayOfYearWidth, 0...64),
                                    ("experts", experts, 1...64), ("expertWidth", expertWidth, 1...4096),
                                    ("towerWidth", towerWidth, 1...4096), ("epochs", epochs, 1...10_000),
                                    ("batchSize", batchSize, 1...4096), ("patience", patience, 0...1000),
                                    ("holdOutEvery", holdOutEvery, 2...1000), ("validationSiteMembers", validationSiteMembers, 1...100_000),
                                    ("subDailyMembers", subDailyMembers, 0...100_000), ("decoderHidden", decoderHidden, 1...4096),
                                    ("decoderEpochs", decoderEpochs, 1...10_000)]
        where !range.contains(value) {
            throw ConfigError(file: file, key: "surrogate.\(key)", value: "\(value)", "must lie in \(range.lowerBound)...\(range.upperBound)")
        }
        guard learningRate > 0, learningRate < 1 else {
            throw ConfigError(file: file, key: "surrogate.learningRate", value: "\(learningRate)", "must lie between 0 and 1")
        }
        guard (0..<1).contains(dropout) else {
            throw ConfigError(file: file, key: "surrogate.dropout", value: "\(dropout)", "must lie in [0, 1)")
        }
    }
}
