import Foundation
import Logging
import MdPLSupport
import NeuralKit

/// One site's material for the sub-daily decoder: per-step inputs, daily inputs and the land
/// model's step fluxes for the first members of the design.
public struct StepSiteData: Sendable {
    public var steps: StepInputs
    public var inputs: SiteInputs
    /// Native-resolution ensemble (first members of the same design as the daily ensemble).
    public var ensemble: EnsembleData

    public init(steps: StepInputs, inputs: SiteInputs, ensemble: EnsembleData) {
        precondition(steps.steps == ensemble.header.periods && steps.days.count == inputs.days,
                     "step inputs and step ensemble of \(inputs.site) differ")
        self.steps = steps
        self.inputs = inputs
        self.ensemble = ensemble
    }

    /// Day means of member `m` per task, from its step values.
    public func dailyMeans(_ m: Int, tasks: [FluxTask]) -> [[Float]] {
        tasks.map { task in
            let v = ensemble.values[task]![m]
            return steps.days.map { r in Float(r.reduce(0.0) { $0 + Double(v[$1]) } / Double(r.count)) }
        }
    }

    /// The 14 unit parameters of member `m`.
    public func unit(_ m: Int) -> [Float] {
        SurrogateModel.unitParameters(site: inputs, calibrated: ensemble.header.parameters, values: ensemble.unitParameters[m])
    }
}

/// Trains the sub-daily decoder on the land model's step fluxes with the land model's own day
/// means as input (so the decoder learns only the distribution within the day): Adam, scaled MSE
/// of the centred anomalies, early stopping on held-out members.
public struct DiurnalDecoderTrainer {
    public var hidden: Int
    public var epochs: Int
    /// Days per batch (all steps of each).
    public var daysPerBatch: Int
    public var learningRate: Float
    public var patience: Int
    public var isHeldOut: @Sendable (Int) -> Bool
    public var seed: UInt64
    private let logger = Logger(label: "mdpl.decoder")

    public init(hidden: Int = 64, epochs: Int = 12, daysPerBatch: Int = 64, learningRate: Float = 2e-3, patience: Int = 3,
                seed: UInt64, isHeldOut: @escaping @Sendable (Int) -> Bool) {
        self.hidden = hidden
        self.epochs = epochs
        self.daysPerBatch = daysPerBatch
        self.learningRate = learningRate
        self.patience = patience
        self.seed = seed
        self.isHeldOut = isHeldOut
    }

    /// Scaling from the training members of `sites`.
    func scaling(_ sites: [StepSiteData], tasks: [FluxTask]) -> DiurnalDecoder.Scaling {
        let width = StepInputs.featureNames.count
        var sum = [Double](repeating: 0, count: width), square = sum, n = 0.0
        for site in sites { for row in site.steps.features { for j in 0..<width { sum[j] += Double(row[j]); square[j] += Double(row[j] * row[j]) }; n += 1 } }
        let mean = sum.map { $0 / max(n, 1) }
        let scale = zip(square, mean).map { (($0 / max(n, 1) - $1 * $1).squareRoot()) }.map { $0 > 1e-6 ? Float($0) : 1 }
        var anomaly = [Double](repeating: 0, count: tasks.count), count = 0.0
        for site in sites {
            for m in 0..<site.ensemble.header.members where !isHeldOut(m) {
                let daily = site.dailyMeans(m, tasks: tasks)
                for (k, task) in tasks.enumerated() {
                    let v = site.ensemble.values[task]![m]
                    for (d, r) in site.steps.days.enumerated() { for t in r { let e = Double(v[t] - daily[k][d]); anomaly[k] += e * e } }
                }
                count += Double(site.steps.steps)
            }
        }
        return DiurnalDecoder.Scaling(featureMean: mean.map(Float.init), featureScale: scale,
                                      anomalyScale: anomaly.map { Float(($0 / max(count, 1)).squareRoot()) }.map { $0 > 1e-6 ? $0 : 1 })
    }

    /// Scaled targets z_t = (y_t − ȳ_d)/s of `days` of member `m`, `[rows, tasks]`.
    func targets(_ site: StepSiteData, member m: Int, days: [Int], daily: [[Float]], decoder: DiurnalDecoder) -> Tensor {
        let tasks = decoder.tasks
        let rows = days.reduce(0) { $0 + site.steps.days[$1].count }
        var z = Tensor(shape: [rows, tasks.count])
        var row = 0
        for d in days {
            for t in site.steps.days[d] {
                for (k, task) in tasks.enumerated() {
                    z.scalars[row * tasks.count + k] = (site.ensemble.values[task]![m][t] - daily[k][d]) / decoder.scaling.anomalyScale[k]
                }
                row += 1
            }
        }
        return z
    }

    /// Trains a decoder for `tasks` on `sites`, scaling the site attributes and day means with `siteScaling`.
    public func train(_ sites: [StepSiteData], tasks: [FluxTask], siteScaling: SurrogateScaling) -> DiurnalDecoder {
        let decoder = DiurnalDecoder(tasks: tasks, hidden: hidden, scaling: scaling(sites, tasks: tasks), seed: seed)
        decoder.network.computesInputGradient = false
        let optimizer = Adam(parameters: decoder.network.parameters, learningRate: learningRate)
        var generator = SeededGenerator(seed: seed &+ 7)
        // Work items: (site, member, block of days).
        var items: [(Int, Int, [Int])] = []
        for (s, site) in sites.enumerated() {
            for m in 0..<site.ensemble.header.members where !isHeldOut(m) {
                for start in stride(from: 0, to: site.inputs.days, by: daysPerBatch) {
                    items.append((s, m, Array(start..<min(start + daysPerBatch, site.inputs.days))))
                }
            }
        }
        var stopping = EarlyStopping(patience: patience)
        var best = decoder.network.parameters.map(\.value)
        for epoch in 1...epochs {
            items.shuffle(using: &generator)
            let bar = ProgressBar("decoder epoch \(epoch)", total: items.count, unit: "batches", quietInterval: 60)
            var total = 0.0
            for (s, m, days) in items {
                let site = sites[s]
                let daily = site.dailyMeans(m, tasks: tasks)
                let x = decoder.rows(site.steps, site: site.inputs, siteScaling: siteScaling, days: days, daily: daily, unit: site.unit(m))
                let z = targets(site, member: m, days: days, daily: daily, decoder: decoder)
                let prediction = decoder.centredAnomalies(x, steps: site.steps, days: days, training: true)
                // Each day's targets and predictions sum to zero, so the centring passes the
                // gradient through unchanged.
                let loss = Loss.meanSquaredError(prediction: prediction, target: z)
                decoder.network.zeroGradients()
                _ = decoder.network.backward(loss.gradient)
                _ = GradientClipping.clipGlobalNorm(decoder.network.parameters, maxNorm: 1)
                optimizer.step()
                total += loss.value
                bar.advance()
            }
            bar.finish()
            let validation = validationLoss(decoder, sites: sites, siteScaling: siteScaling)
            logger.notice("decoder epoch \(epoch): train \(String(format: "%.4f", total / Double(items.count))), held-out members \(String(format: "%.4f", validation))")
            let decision = stopping.record(validation)
            if decision == .improved { best = decoder.network.parameters.map(\.value) }
            if decision == .stop { break }
        }
        for (p, v) in zip(decoder.network.parameters, best) { p.value = v }
        return decoder
    }

    /// Scaled anomaly MSE on the held-out members.
    public func validationLoss(_ decoder: DiurnalDecoder, sites: [StepSiteData], siteScaling: SurrogateScaling) -> Double {
        var total = 0.0, count = 0
        for site in sites {
            for m in 0..<site.ensemble.header.members where isHeldOut(m) {
                let days = Array(0..<site.inputs.days)
                let daily = site.dailyMeans(m, tasks: decoder.tasks)
                let x = decoder.rows(site.steps, site: site.inputs, siteScaling: siteScaling, days: days, daily: daily, unit: site.unit(m))
                let loss = Loss.meanSquaredError(prediction: decoder.centredAnomalies(x, steps: site.steps, days: days),
                                                 target: targets(site, member: m, days: days, daily: daily, decoder: decoder))
                total += loss.value * Double(loss.count)
                count += loss.count
            }
        }
        return count > 0 ? total / Double(count) : .nan
    }
}
