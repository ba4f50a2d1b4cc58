import FluxData
import Foundation
import NeuralKit

/// The LSTM flux benchmark (ARCHITECTURE.md, benchmarks): one LSTM, trained on the training period
/// of every site at once, that maps each step's meteorology, LAI and time of day and year to Qle,
/// Qh and NEE — the statistical model with memory that a calibrated land model is compared with.
///
/// Inputs per step: SWdown, LWdown, Tair, Qair, Psurf, Wind, log(1 + precipitation in mm per
/// hour), CO2air, LAI, and sine and cosine of the hour of day and of the day of year, each
/// standardised with the training steps' mean and deviation. Targets: each flux standardised
/// with its accepted training observations; an observation counts if the quality policy accepts it
/// and it lies in the site's training period. Training: windows of `window` steps over every
/// record (consecutive windows overlap by `warmUp` steps, whose targets only prime the state),
/// shuffled into batches, masked MSE summed over the fluxes, Adam with gradient clipping, a fixed
/// number of epochs. Prediction runs each whole record as one sequence from a zero state.
public struct LSTMFluxBenchmark {
    /// Training settings.
    public struct Settings: Sendable {
        public var hidden = 64
        /// Steps per training window (7 days of half hours).
        public var window = 336
        /// Leading steps of a window that only build up the LSTM state (one day of half hours).
        public var warmUp = 48
        public var batchSize = 32
        public var epochs = 40
        public var learningRate: Float = 0.002
        public init() {}
    }

    /// The fluxes it predicts.
    public static let fluxes: [FluxVariable] = [.Qle, .Qh, .NEE]
    static let forcing: [ForcingVariable] = [.SWdown, .LWdown, .Tair, .Qair, .Psurf, .Wind, .Precip, .CO2air, .LAI]
    static let featureCount = forcing.count + 4

    public let model: SequenceModel
    let featureMean: [Float], featureScale: [Float]
    let targetMean: [Float], targetScale: [Float]

    /// Trains on `sites`, counting observations where `trainingMasks[s]` is true and `policy`
    /// accepts them.
    public init(sites: [SiteDataset], trainingMasks: [[Bool]], policy: QualityPolicy, settings: Settings = Settings(),
                seed: UInt64) {
        precondition(sites.count == trainingMasks.count && settings.window > settings.warmUp)
        let inputs = sites.map(Self.rawFeatures)
        let targets = zip(sites, trainingMasks).map { site, mask in
            Self.fluxes.map { flux -> [Double] in
                guard let series = site.fluxes[flux] else { return [Double](repeating: .nan, count: site.time.count) }
                return (0..<site.time.count).map { mask[$0] && policy.accepts(series, at: $0) ? series.values[$0] : .nan }
            }
        }
        (featureMean, featureScale) = Self.standardisation(columns: Self.featureCount) { c in
            zip(inputs, trainingMasks).flatMap { x, mask in mask.indices.lazy.filter { mask[$0] }.map { Double(x[$0][c]) } }
        }
        (targetMean, targetScale) = Self.standardisation(columns: Self.fluxes.count) { k in
            targets.flatMap { $0[k].filter(\.isFinite) }
        }
        model = SequenceModel(.init(features: Self.featureCount, hidden: settings.hidden, head: .linear,
                                    taskOutputs: Self.fluxes.map { _ in 1 }), seed: seed)
        model.computesInputGradient = false

        // Windows (site, first step) that hold at least one counted observation after the warm-up.
        let stride = settings.window - settings.warmUp
        var windows: [(Int, Int)] = []
        for (s, site) in sites.enumerated() where site.time.count >= settings.window {
            var start = 0
            while start + settings.window <= site.time.count {
                let counted = (start + settings.warmUp ..< start + settings.window).contains { t in
                    targets[s].contains { $0[t].isFinite }
                }
                if counted { windows.append((s, start)) }
                if start + settings.window == site.time.count { break }
                start = min(start + stride, site.time.count - settings.window)
            }
        }
        var generator = SeededGenerator(seed: seed &+ 1)
        let optimizer = Adam(parameters: model.parameters, learningRate: settings.learningRate)
        for _ in 0..<settings.epochs {
            windows.shuffle(using: &generator)
            var first = 0
            while first < windows.count {
                let batch = Array(windows[first..<min(first + settings.batchSize, windows.count)])
                first += settings.batchSize
                train(batch, inputs: inputs, targets: targets, settings: settings, optimizer: optimizer)
            }
        }
    }

    /// One Adam step on a batch of windows.
    private func train(_ batch: [(Int, Int)], inputs: [[[Float]]], targets: [[[Double]]], settings: Settings,
                       optimizer: Adam) {
        let T = settings.window, B = batch.count, F = Self.featureCount
        var x = [Float](repeating: 0, count: T * B * F)
        var y = Self.fluxes.map { _ in [Float](repeating: .nan, count: T * B) }
        for (b, (s, start)) in batch.enumerated() {
            for t in 0..<T {
                let row = inputs[s][start + t]
                for c in 0..<F { x[(t * B + b) * F + c] = (row[c] - featureMean[c]) / featureScale[c] }
                guard t >= settings.warmUp else { continue }
                for k in Self.fluxes.indices {
                    let value = targets[s][k][start + t]
                    if value.isFinite { y[k][t * B + b] = (Float(value) - targetMean[k]) / targetScale[k] }
                }
            }
        }
        model.zeroGradients()
        let outputs = model.forward(features: Tensor(shape: [T, B, F], scalars: x), training: true)
        let gradients = zip(outputs, y).map { output, target -> Tensor? in
            let loss = Loss.meanSquaredError(prediction: output, target: Tensor(shape: [T, B, 1], scalars: target))
            return loss.count > 0 ? loss.gradient : nil
        }
        _ = model.backward(gradients)
        _ = GradientClipping.clipGlobalNorm(model.parameters, maxNorm: 1)
        optimizer.step()
    }

    /// Predicted fluxes for every step of `site` (its whole record as one sequence).
    public func predict(_ site: SiteDataset) -> [FluxVariable: [Double]] {
        let raw = Self.rawFeatures(site), n = site.time.count, F = Self.featureCount
        var x = [Float](repeating: 0, count: n * F)
        for t in 0..<n { for c in 0..<F { x[t * F + c] = (raw[t][c] - featureMean[c]) / featureScale[c] } }
        let outputs = model.forward(features: Tensor(shape: [n, 1, F], scalars: x))
        var predicted: [FluxVariable: [Double]] = [:]
        for (k, flux) in Self.fluxes.enumerated() {
            predicted[flux] = outputs[k].scalars.map { Double($0 * targetScale[k] + targetMean[k]) }
        }
        return predicted
    }

    /// The unstandardised inputs of every step.
    static func rawFeatures(_ site: SiteDataset) -> [[Float]] {
        let values = forcing.map { site.forcingValues($0) }
        let stepHours = Double(site.time.stepSeconds) / 3600
        return (0..<site.time.count).map { t in
            let time = site.time.time(at: t)
            let hour = 2 * Double.pi * (Double(time.secondOfDay) / 3600 + stepHours / 2) / 24
            let day = 2 * Double.pi * Double(time.dayOfYear) / 365.25
            var row = forcing.indices.map { v -> Float in
                // Precipitation (kg m-2 s-1) as log(1 + mm per hour): its distribution is very skewed.
                forcing[v] == .Precip ? Float(log1p(max(values[v][t], 0) * 3600)) : Float(values[v][t])
            }
            row += [Float(sin(hour)), Float(cos(hour)), Float(sin(day)), Float(cos(day))]
            return row
        }
    }

    /// Mean and standard deviation (1 where there is no spread or no data) of each column.
    private static func standardisation(columns: Int, _ values: (Int) -> [Double]) -> ([Float], [Float]) {
        var means: [Float] = [], scales: [Float] = []
        for c in 0..<columns {
            let v = values(c)
            let mean = v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
            let sd = v.isEmpty ? 0 : (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
            means.append(Float(mean))
            scales.append(sd > 0 ? Float(sd) : 1)
        }
        return (means, scales)
    }
}
