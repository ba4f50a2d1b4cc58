import Foundation
import LandModel
import NeuralKit

/// The sub-daily half of the surrogate: distributes a day's mean flux over the day's steps.
///
/// For each step t of day d an MLP maps the step's forcing, sun and hour (`StepInputs`), the day's
/// mean fluxes, the 14 parameters and the site's static attributes to a raw anomaly a_t per task;
/// the step flux is y_t = ȳ_d + s (a_t − mean_d a), so the daily mean is exactly ȳ_d. At training
/// time ȳ_d is the land model's daily mean; in use it is the daily surrogate's prediction, so the
/// two halves form a daily encoder with a sub-daily decoder.
public final class DiurnalDecoder {
    /// Normalisation of the decoder's own inputs and outputs (training data only).
    public struct Scaling: Sendable, Equatable {
        public var featureMean: [Float]
        public var featureScale: [Float]
        /// Standard deviation of y_t − ȳ_d per task.
        public var anomalyScale: [Float]
    }

    public let network: MLP
    public let tasks: [FluxTask]
    public let scaling: Scaling
    public let hidden: Int

    /// Inputs per step: step features, daily means of the tasks, 14 parameters, static attributes.
    public static func width(tasks: Int) -> Int {
        StepInputs.featureNames.count + tasks + SurrogateModel.parameterCount + SiteInputs.staticNames.count
    }

    public init(tasks: [FluxTask], hidden: Int, scaling: Scaling, seed: UInt64) {
        self.tasks = tasks
        self.hidden = hidden
        self.scaling = scaling
        var generator = SeededGenerator(seed: seed)
        network = MLP(name: "decoder", sizes: [Self.width(tasks: tasks.count), hidden, hidden, tasks.count], activation: .gelu,
                      using: &generator)
    }

    static let tasksKey = "mdpl.decoder.tasks", hiddenKey = "mdpl.decoder.hidden"

    /// Writes the decoder atomically.
    public func save(to url: URL) throws {
        func t(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], scalars: v) }
        try Checkpoint(parameters: network.parameters,
                       arrays: ["decoder.featureMean": t(scaling.featureMean), "decoder.featureScale": t(scaling.featureScale),
                                "decoder.anomalyScale": t(scaling.anomalyScale)],
                       metadata: [Self.tasksKey: tasks.map(\.rawValue).joined(separator: ","), Self.hiddenKey: "\(hidden)"])
            .write(to: url)
    }

    /// Reads a decoder written by `save(to:)`.
    public static func load(_ url: URL) throws -> DiurnalDecoder {
        let c = try Checkpoint.read(from: url)
        guard let taskText = c.metadata[tasksKey], let hidden = c.metadata[hiddenKey].flatMap(Int.init),
              let fm = c.arrays["decoder.featureMean"], let fs = c.arrays["decoder.featureScale"],
              let an = c.arrays["decoder.anomalyScale"] else {
            throw CheckpointError.mismatch(["\(url.path): not an MdPL sub-daily decoder checkpoint"])
        }
        let tasks = taskText.split(separator: ",").compactMap { FluxTask(rawValue: String($0)) }
        let decoder = DiurnalDecoder(tasks: tasks, hidden: hidden,
                                     scaling: Scaling(featureMean: fm.scalars, featureScale: fs.scalars, anomalyScale: an.scalars),
                                     seed: 0)
        try c.restore(into: decoder.network.parameters)
        return decoder
    }

    /// The input rows `[rows, width]` of the steps of `days` for one member: `daily` holds the
    /// day means per task (physical units, indexed by day), `unit` the 14 unit parameters.
    func rows(_ steps: StepInputs, site: SiteInputs, siteScaling: SurrogateScaling, days: [Int],
              daily: [[Float]], unit: [Float]) -> Tensor {
        let width = Self.width(tasks: tasks.count)
        let count = days.reduce(0) { $0 + steps.days[$1].count }
        var tensor = Tensor(shape: [count, width])
        let featureCount = StepInputs.featureNames.count, taskCount = tasks.count
        let statics = (0..<site.statics.count).map { (site.statics[$0] - siteScaling.staticMean[$0]) / siteScaling.staticScale[$0] }
        let parameters = unit.map { ($0 - SurrogateScaling.parameterCentre) / SurrogateScaling.parameterScale }
        tensor.withUnsafeMutableBufferPointer { out in
            var row = 0
            for d in days {
                let means = (0..<taskCount).map { (daily[$0][d] - siteScaling.targetMean[$0]) / siteScaling.targetScale[$0] }
                for t in steps.days[d] {
                    let base = row * width
                    for j in 0..<featureCount {
                        out[base + j] = (steps.features[t][j] - scaling.featureMean[j]) / scaling.featureScale[j]
                    }
                    for k in 0..<taskCount { out[base + featureCount + k] = means[k] }
                    for j in 0..<parameters.count { out[base + featureCount + taskCount + j] = parameters[j] }
                    for j in 0..<statics.count { out[base + featureCount + taskCount + parameters.count + j] = statics[j] }
                    row += 1
                }
            }
        }
        return tensor
    }

    /// Raw network outputs centred per day: ẑ_t = a_t − mean_d a, `[rows, tasks]`.
    func centredAnomalies(_ rows: Tensor, steps: StepInputs, days: [Int], training: Bool = false) -> Tensor {
        var a = network.forward(rows, training: training)
        let taskCount = tasks.count
        var row = 0
        for d in days {
            let n = steps.days[d].count
            for k in 0..<taskCount {
                var mean = 0.0
                for r in row..<(row + n) { mean += Double(a.scalars[r * taskCount + k]) }
                let m = Float(mean / Double(n))
                for r in row..<(row + n) { a.scalars[r * taskCount + k] -= m }
            }
            row += n
        }
        return a
    }

    /// Step fluxes (physical units, per task, every step of the record) for one member whose day
    /// means are `daily` (per task, per day).
    public func predict(_ steps: StepInputs, site: SiteInputs, siteScaling: SurrogateScaling, daily: [[Float]],
                        unit: [Float]) -> [[Float]] {
        let days = Array(steps.days.indices)
        let z = centredAnomalies(rows(steps, site: site, siteScaling: siteScaling, days: days, daily: daily, unit: unit),
                                 steps: steps, days: days)
        let taskCount = tasks.count
        var out = [[Float]](repeating: [Float](repeating: 0, count: steps.steps), count: taskCount)
        for d in days {
            for t in steps.days[d] {
                for k in 0..<taskCount { out[k][t] = daily[k][d] + scaling.anomalyScale[k] * z.scalars[t * taskCount + k] }
            }
        }
        return out
    }

    /// Step fluxes of one member on the steps of `days` (per task, indexed by step of the record;
    /// 0 elsewhere) and a function that takes a loss's gradient with respect to those step fluxes
    /// and returns its gradients with respect to the day means (per task, per day) and the 14 unit
    /// parameters — the decoder in the loop of a calibration (the network must be frozen, with
    /// input gradients on).
    ///
    /// With y_t = ȳ_d + s (a_t − mean_d a): ∂L/∂ȳ_d = Σ_{t∈d} ∂L/∂y_t plus the path through the
    /// network's day-mean inputs, ∂L/∂a_t = s (∂L/∂y_t − mean_d ∂L/∂y), and the network's input
    /// gradient gives the day-mean and parameter paths.
    public func predictWithGradient(_ steps: StepInputs, site: SiteInputs, siteScaling: SurrogateScaling, daily: [[Float]],
                                    unit: [Float], days: [Int])
        -> (values: [[Double]], backward: ([[Double]]) -> (daily: [[Double]], unit: [Double])) {
        let rows = rows(steps, site: site, siteScaling: siteScaling, days: days, daily: daily, unit: unit)
        let z = centredAnomalies(rows, steps: steps, days: days)
        let taskCount = tasks.count
        var values = [[Double]](repeating: [Double](repeating: 0, count: steps.steps), count: taskCount)
        var row = 0
        for d in days {
            for t in steps.days[d] {
                for k in 0..<taskCount {
                    values[k][t] = Double(daily[k][d]) + Double(scaling.anomalyScale[k]) * Double(z.scalars[row * taskCount + k])
                }
                row += 1
            }
        }
        let backward = { (gradient: [[Double]]) -> (daily: [[Double]], unit: [Double]) in
            var dDaily = [[Double]](repeating: [Double](repeating: 0, count: daily.first?.count ?? 0), count: taskCount)
            var dA = Tensor(shape: [row, taskCount])
            var r = 0
            for d in days {
                let range = steps.days[d]
                for k in 0..<taskCount {
                    var sum = 0.0
                    for t in range { sum += gradient[k][t] }
                    dDaily[k][d] += sum
                    let mean = sum / Double(range.count)
                    for (j, t) in range.enumerated() {
                        dA.scalars[(r + j) * taskCount + k] = Float(Double(self.scaling.anomalyScale[k]) * (gradient[k][t] - mean))
                    }
                }
                r += range.count
            }
            let dRows = self.network.backward(dA)
            let width = Self.width(tasks: taskCount), featureCount = StepInputs.featureNames.count
            var dUnit = [Double](repeating: 0, count: unit.count)
            r = 0
            for d in days {
                for _ in steps.days[d] {
                    let base = r * width
                    for k in 0..<taskCount {
                        dDaily[k][d] += Double(dRows.scalars[base + featureCount + k]) / Double(siteScaling.targetScale[k])
                    }
                    for j in 0..<unit.count {
                        dUnit[j] += Double(dRows.scalars[base + featureCount + taskCount + j]) / Double(SurrogateScaling.parameterScale)
                    }
                    r += 1
                }
            }
            return (dDaily, dUnit)
        }
        return (values, backward)
    }
}
