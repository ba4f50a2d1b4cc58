import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit

/// One site's training material: its daily inputs and its land-model ensemble.
public struct SurrogateSiteData: Sendable {
    public var inputs: SiteInputs
    public var ensemble: EnsembleData

    public init(inputs: SiteInputs, ensemble: EnsembleData) {
        precondition(inputs.days == ensemble.header.periods && inputs.site == ensemble.header.site,
                     "inputs and ensemble of \(inputs.site) cover different days")
        self.inputs = inputs
        self.ensemble = ensemble
    }

    /// The full unit parameter vectors of `members`.
    func unitParameters(_ members: [Int]) -> [[Float]] {
        members.map { SurrogateModel.unitParameters(site: inputs, calibrated: ensemble.header.parameters,
                                                    values: ensemble.unitParameters[$0]) }
    }

    /// Scaled targets of `members` for each task, `[days, batch, 1]`.
    func targets(_ members: [Int], tasks: [FluxTask], scaling: SurrogateScaling) -> [Tensor] {
        tasks.enumerated().map { k, task in
            let values = ensemble.values[task]!, batch = members.count
            var t = Tensor(shape: [inputs.days, batch, 1])
            let mean = scaling.targetMean[k], scale = scaling.targetScale[k]
            for (b, m) in members.enumerated() {
                for d in 0..<inputs.days { t.scalars[d * batch + b] = (values[m][d] - mean) / scale }
            }
            return t
        }
    }
}

/// How the surrogate is trained.
public struct SurrogateTrainingSettings: Codable, Sendable, Equatable {
    public var architecture: SurrogateModel.Architecture
    public var epochs: Int
    /// Members per batch (all from one site; whole records).
    public var batchSize: Int
    public var learningRate: Float
    /// Epochs without validation improvement before stopping.
    public var patience: Int
    /// Global gradient-norm clip.
    public var gradientClip: Double
    /// Every n-th member of each training site is held out for validation (and fidelity).
    public var holdOutEvery: Int
    /// At most this many members of each held-out site enter the validation loss.
    public var validationSiteMembers: Int

    public init(architecture: SurrogateModel.Architecture = .init(), epochs: Int = 40, batchSize: Int = 32,
                learningRate: Float = 2e-3, patience: Int = 6, gradientClip: Double = 1, holdOutEvery: Int = 10,
                validationSiteMembers: Int = 64) {
        self.architecture = architecture
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.patience = patience
        self.gradientClip = gradientClip
        self.holdOutEvery = holdOutEvery
        self.validationSiteMembers = validationSiteMembers
    }

    /// Whether member `m` is held out at a training site.
    public func isHeldOut(member m: Int) -> Bool { m % holdOutEvery == holdOutEvery - 1 }
}

/// One epoch of the training log.
public struct SurrogateEpoch: Codable, Sendable {
    public var epoch: Int
    public var trainingLoss: Double
    /// Scaled MSE on held-out members of training sites, and on held-out sites (NaN if none).
    public var heldOutMembersLoss: Double
    public var heldOutSitesLoss: Double
    public var learningRate: Float
    public var seconds: Double
}

/// Trains a surrogate on land-model ensembles with Adam, masked-free scaled MSE per task (equal
/// weights), global-norm clipping, cosine learning-rate decay and early stopping on the loss of the
/// held-out members of the training sites (held-out sites are scored, not used to stop).
public struct SurrogateTrainer {
    public var settings: SurrogateTrainingSettings
    public var tasks: [FluxTask]
    public var seed: UInt64
    private let logger = Logger(label: "mdpl.surrogate")

    public init(settings: SurrogateTrainingSettings, tasks: [FluxTask], seed: UInt64) {
        self.settings = settings
        self.tasks = tasks
        self.seed = seed
    }

    /// Scaling from the training members of `sites`.
    public func scaling(_ sites: [SurrogateSiteData]) -> SurrogateScaling {
        let targets = tasks.map { task in
            sites.flatMap { site in
                site.ensemble.values[task]!.enumerated().filter { !settings.isHeldOut(member: $0.offset) }.flatMap(\.element)
            }
        }
        return SurrogateScaling(sites: sites.map(\.inputs), targets: targets)
    }

    /// Trains and returns the model of the best validation epoch with the log. Only members below
    /// `memberLimit` (all if nil) that are not held out train it — the ensemble-size experiment
    /// trains on prefixes of one ensemble and validates on the same held-out members. `resume`
    /// continues from a saved state; `onEpoch` sees every epoch's record, the model, whether the
    /// epoch improved, and the state to save for resuming.
    public func train(_ sites: [SurrogateSiteData], heldOutSites: [SurrogateSiteData], memberLimit: Int? = nil,
                      resume: TrainingState? = nil,
                      onEpoch: ((SurrogateEpoch, SurrogateModel, Bool, TrainingState) throws -> Void)? = nil) throws -> (SurrogateModel, [SurrogateEpoch]) {
        let model = SurrogateModel(architecture: settings.architecture, tasks: tasks, scaling: scaling(sites), seed: seed)
        model.network.computesInputGradient = false
        var batches: [(Int, [Int])] = []
        for (s, site) in sites.enumerated() {
            let members = (0..<min(site.ensemble.header.members, memberLimit ?? .max)).filter { !settings.isHeldOut(member: $0) }
            for start in stride(from: 0, to: members.count, by: settings.batchSize) {
                batches.append((s, Array(members[start..<min(start + settings.batchSize, members.count)])))
            }
        }
        let optimizer = Adam(parameters: model.network.parameters, learningRate: settings.learningRate)
        let schedule = LearningRateSchedule.cosine(steps: settings.epochs * batches.count, warmup: batches.count / 2,
                                                   minimum: 0.05)
        var stopping = EarlyStopping(patience: settings.patience)
        var log: [SurrogateEpoch] = []
        var bestParameters = model.network.parameters.map(\.value)
        var step = 0
        var firstEpoch = 1
        if let resume {
            for (p, v) in zip(model.network.parameters, resume.parameters) { p.value = v }
            bestParameters = resume.bestParameters
            optimizer.restore(resume.optimizer)
            stopping = EarlyStopping(patience: settings.patience, best: resume.stoppingBest,
                                     bestEvaluation: resume.stoppingBestEvaluation, evaluations: resume.stoppingEvaluations)
            log = resume.log
            step = resume.step
            firstEpoch = resume.epoch + 1
        }
        for epoch in stride(from: firstEpoch, through: settings.epochs, by: 1) {
            let start = Date()
            // The order of an epoch depends on the seed and the epoch only, so a resumed run
            // repeats an uninterrupted one.
            var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch))
            var order = batches
            order.shuffle(using: &generator)
            let bar = ProgressBar("surrogate epoch \(epoch)", total: order.count, unit: "batches", quietInterval: 60)
            var lossSum = 0.0
            for (s, members) in order {
                optimizer.learningRate = schedule.rate(base: settings.learningRate, step: step)
                let site = sites[s]
                let outputs = model.forwardScaled(site.inputs, unitParameters: site.unitParameters(members), training: true)
                let targets = site.targets(members, tasks: tasks, scaling: model.scaling)
                let losses = zip(outputs, targets).map { Loss.meanSquaredError(prediction: $0, target: $1) }
                let combined = MultiTaskLoss.weightedSum(losses, weights: [Double](repeating: 1 / Double(tasks.count), count: tasks.count))
                model.network.zeroGradients()
                _ = model.network.backward(combined.gradients.map { Optional($0) })
                _ = GradientClipping.clipGlobalNorm(model.network.parameters, maxNorm: settings.gradientClip)
                optimizer.step()
                lossSum += combined.value
                step += 1
                bar.advance()
            }
            bar.finish()
            let members = validationLoss(model, sites: sites) { settings.isHeldOut(member: $0) }
            let heldOut = heldOutSites.isEmpty ? Double.nan
                : validationLoss(model, sites: heldOutSites) { $0 < settings.validationSiteMembers }
            let record = SurrogateEpoch(epoch: epoch, trainingLoss: lossSum / Double(order.count), heldOutMembersLoss: members,
                                        heldOutSitesLoss: heldOut, learningRate: optimizer.learningRate,
                                        seconds: Date().timeIntervalSince(start))
            log.append(record)
            // Early stopping and the restored weights follow the held-out members: what calibration
            // relies on is the response to parameters at its own sites. Held-out sites are reported,
            // never used to stop (their loss is noisy and stopped training early at some seeds).
            let decision = stopping.record(members)
            if decision == .improved { bestParameters = model.network.parameters.map(\.value) }
            let state = TrainingState(epoch: epoch, step: step, parameters: model.network.parameters.map(\.value),
                                      bestParameters: bestParameters, optimizer: optimizer.state, stoppingBest: stopping.best,
                                      stoppingBestEvaluation: stopping.bestEvaluation,
                                      stoppingEvaluations: stopping.evaluationCount, log: log)
            logger.notice("surrogate epoch \(epoch): train \(String(format: "%.4f", record.trainingLoss)), held-out members \(String(format: "%.4f", members)), \(heldOut.isNaN ? "no held-out sites" : "held-out sites " + String(format: "%.4f", heldOut)) (\(String(format: "%.0f", record.seconds)) s)")
            try onEpoch?(record, model, decision == .improved, state)
            if decision == .stop { break }
        }
        for (parameter, value) in zip(model.network.parameters, bestParameters) { parameter.value = value }
        return (model, log)
    }

    /// Continues training `model` (its scaling kept) on every member of `sites` that is not held
    /// out, for `epochs` epochs at a constant `learningRate` with a fresh Adam: the fine-tuning of a
    /// surrogate after new members were added near the parameters calibration cares about
    /// (sequential refinement). Returns the mean training loss of each epoch.
    public func fineTune(_ model: SurrogateModel, sites: [SurrogateSiteData], epochs: Int, learningRate: Float) -> [Double] {
        model.network.isFrozen = false
        model.network.computesInputGradient = false
        var batches: [(Int, [Int])] = []
        for (s, site) in sites.enumerated() {
            let members = (0..<site.ensemble.header.members).filter { !settings.isHeldOut(member: $0) }
            for start in stride(from: 0, to: members.count, by: settings.batchSize) {
                batches.append((s, Array(members[start..<min(start + settings.batchSize, members.count)])))
            }
        }
        let optimizer = Adam(parameters: model.network.parameters, learningRate: learningRate)
        var losses: [Double] = []
        for epoch in 1...max(epochs, 1) {
            var generator = SeededGenerator(seed: seed &+ 0x5851_F42D_4C95_7F2D &* UInt64(epoch))
            var order = batches
            order.shuffle(using: &generator)
            var lossSum = 0.0
            for (s, members) in order {
                let site = sites[s]
                let outputs = model.forwardScaled(site.inputs, unitParameters: site.unitParameters(members), training: true)
                let targets = site.targets(members, tasks: tasks, scaling: model.scaling)
                let combined = MultiTaskLoss.weightedSum(zip(outputs, targets).map { Loss.meanSquaredError(prediction: $0, target: $1) },
                                                         weights: [Double](repeating: 1 / Double(tasks.count), count: tasks.count))
                model.network.zeroGradients()
                _ = model.network.backward(combined.gradients.map { Optional($0) })
                _ = GradientClipping.clipGlobalNorm(model.network.parameters, maxNorm: settings.gradientClip)
                optimizer.step()
                lossSum += combined.value
            }
            losses.append(lossSum / Double(max(order.count, 1)))
        }
        return losses
    }

    /// Mean scaled squared error over every day, task and member selected by `include` at `sites`
    /// (tasks weigh equally: every task has the same number of values).
    public func validationLoss(_ model: SurrogateModel, sites: [SurrogateSiteData], include: (Int) -> Bool) -> Double {
        var total = 0.0, count = 0
        for site in sites {
            let members = (0..<site.ensemble.header.members).filter(include)
            for start in stride(from: 0, to: members.count, by: settings.batchSize) {
                let batch = Array(members[start..<min(start + settings.batchSize, members.count)])
                let outputs = model.forwardScaled(site.inputs, unitParameters: site.unitParameters(batch))
                let targets = site.targets(batch, tasks: tasks, scaling: model.scaling)
                for (o, t) in zip(outputs, targets) {
                    let loss = Loss.meanSquaredError(prediction: o, target: t)
                    total += loss.value * Double(loss.count)
                    count += loss.count
                }
            }
        }
        return count > 0 ? total / Double(count) : .nan
    }
}
