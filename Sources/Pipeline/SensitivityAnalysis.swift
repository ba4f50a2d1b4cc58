import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// Which parameters matter (`mdpl sensitivity`): per site, Sobol' first-order and total indices
/// (Saltelli 2010, Jansen 1999, bootstrap intervals) of the objective J and of each flux's mean and
/// variance, computed through the run's surrogate over the calibrated parameters, and Morris
/// elementary effects (Campolongo 2007 trajectories) of the same outputs on the real land model, a
/// check on a small budget. The surrogate only knows the parameters its ensemble varied, so a
/// screening run calibrates all 14 (`calibration.parameters`). Writes `sensitivity/indices.csv`
/// (one row per site, output and parameter) and `sensitivity/summary.txt`.
///
/// Outputs: `J` is the run's objective at daily scale (the surrogate's native scale; the half-hourly
/// term is left to the Morris check, which uses the run's objective as it is), `mean_<FLUX>` and
/// `var_<FLUX>` the mean and variance of the flux's daily values over the training period.
public struct SensitivityAnalysis {
    public let run: RunContext
    private let logger = Logger(label: "mdpl.sensitivity")

    public init(_ run: RunContext) {
        self.run = run
    }

    /// One row of `sensitivity/indices.csv`.
    public struct Row: Sendable {
        public var site: String
        public var pft: String
        public var output: String
        public var parameter: ParameterID
        public var sobol: SobolIndices.Factor
        public var morris: ElementaryEffects.Factor
    }

    /// Runs the analysis (training the surrogate if the run has none) and writes its files.
    public func perform() throws -> [Row] {
        let config = run.config, settings = config.sensitivity
        let calibrated = config.calibration.calibrated
        let outcome = try SurrogateTraining(run).outcome()
        let model = outcome.model
        var daily = config.calibration.calibrationObjective
        daily.scales = ObjectiveScales(native: 0, daily: 1, monthly: 0)
        let design = try SaltelliDesign(baseSamples: settings.samples, dimensions: calibrated.count, seed: config.seed &+ 808)
        let morris = try MorrisScreening(dimensions: calibrated.count, trajectories: settings.trajectories,
                                         seed: config.seed &+ 909)
        let outputs = ["J"] + model.tasks.flatMap { ["mean_\($0.rawValue)", "var_\($0.rawValue)"] }
        let start = Date()
        // Through the surrogate, site after site (a NeuralKit model is not shared between threads;
        // it uses both cores itself), in batches of whole records.
        var surrogateValues: [[[Double]]] = []
        var trainingDays: [Set<Int>] = []
        var siteTargets: [ObservedTargets] = []
        for (i, site) in run.sites.enumerated() {
            let training = run.trainingMask(i)
            let targets = ObservedTargets(site: site.data, tasks: daily.tasks, policy: config.data.quality,
                                          minValidFraction: config.data.minValidFraction, period: training)
            siteTargets.append(targets)
            let days = Set(targets.dayOfStep.indices.filter { training[$0] }.map { targets.dayOfStep[$0] })
            let inputs = outcome.data[i].inputs
            var values = [[Double]](repeating: [], count: outputs.count)
            let points = design.points
            for start in stride(from: 0, to: points.count, by: 256) {
                let batch = Array(points[start..<min(start + 256, points.count)])
                let units = batch.map { SurrogateModel.unitParameters(site: inputs, calibrated: calibrated, values: $0.map(Float.init)) }
                let predicted = model.predict(inputs, unitParameters: units)
                for b in batch.indices {
                    var series: [FluxTask: [Double]] = [:]
                    for task in model.tasks { series[task] = targets.dayOfStep.map { Double(predicted[task]![b][$0]) } }
                    let v = Self.outputs(series: series, daily: predicted.mapValues { $0[b].map(Double.init) }, tasks: model.tasks,
                                         days: days, misfit: daily.isUsable(targets) ? daily.misfit(series, targets: targets) : 0)
                    for (o, x) in v.enumerated() { values[o].append(x) }
                }
            }
            surrogateValues.append(values)
            trainingDays.append(days)
        }
        // Morris on the real land model, with the run's own objective; sites in parallel.
        let perSite = try Array(run.sites.indices).parallelMap { i, _ -> [Row] in
            let site = run.sites[i]
            let objective = LandModelObjective(forcing: site.forcing, calibrated: calibrated, base: site.defaultParameters,
                                               targets: siteTargets[i], objective: config.calibration.calibrationObjective, options: config.model.options)
            let runs = objective.runs(morris.points, fields: model.tasks.map(\.field))
            var morrisValues = [[Double]](repeating: [], count: outputs.count)
            for p in morris.points.indices {
                var dailyValues: [FluxTask: [Double]] = [:]
                for task in model.tasks { dailyValues[task] = runs.daily[task.field]![p] }
                let values = Self.outputs(series: [:], daily: dailyValues, tasks: model.tasks, days: trainingDays[i],
                                          misfit: objective.isUsable ? runs.misfits[p] : 0)
                for (o, v) in values.enumerated() { morrisValues[o].append(v) }
            }
            var rows: [Row] = []
            for (o, output) in outputs.enumerated() {
                guard Set(surrogateValues[i][o]).count > 1 else { continue }          // no variation: nothing to apportion
                let sobol = try design.indices(values: surrogateValues[i][o], resamples: settings.resamples, seed: config.seed &+ UInt64(o))
                let effects = try morris.effects(values: morrisValues[o])
                for (k, id) in calibrated.enumerated() {
                    rows.append(Row(site: site.data.info.code, pft: site.model.pft.rawValue, output: output, parameter: id,
                                    sobol: sobol.factors[k], morris: effects.factors[k]))
                }
            }
            return rows
        }
        let rows = perSite.flatMap { $0 }
        try AtomicFile.write(Self.csv(rows), to: run.directory.file("sensitivity/indices.csv"))
        let summary = Self.summary(rows, calibrated: calibrated, threshold: settings.threshold)
        try AtomicFile.write(summary, to: run.directory.file("sensitivity/summary.txt"))
        logger.notice("sensitivity of \(run.sites.count) sites in \(ProgressBar.formatDuration(Date().timeIntervalSince(start))): \(design.evaluationCount) surrogate and \(morris.evaluationCount) land-model evaluations per site")
        return rows
    }

    /// J, then per task the mean and variance of its daily values over `days`.
    static func outputs(series: [FluxTask: [Double]], daily: [FluxTask: [Double]], tasks: [FluxTask], days: Set<Int>,
                        misfit: Double) -> [Double] {
        var values = [misfit]
        for task in tasks {
            let v = daily[task]!.enumerated().filter { days.contains($0.offset) }.map(\.element)
            let mean = v.reduce(0, +) / Double(max(v.count, 1))
            values += [mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(v.count, 1))]
        }
        return values
    }

    static func csv(_ rows: [Row]) -> String {
        var t = TextTable(header: ["site", "pft", "output", "parameter", "first", "first_low", "first_high", "total", "total_low",
                                   "total_high", "morris_mu_star", "morris_sigma"])
        func f(_ v: Double) -> String { String(format: "%.4f", v) }
        for r in rows {
            t.append([r.site, r.pft, r.output, r.parameter.rawValue, f(r.sobol.first), f(r.sobol.firstLow), f(r.sobol.firstHigh),
                      f(r.sobol.total), f(r.sobol.totalLow), f(r.sobol.totalHigh), String(format: "%.5g", r.morris.muStar),
                      String(format: "%.5g", r.morris.sigma)])
        }
        return t.csv
    }

    /// Total indices of J per parameter and site, the parameters that pass the threshold, and how
    /// often Morris ranks the same parameter first.
    static func summary(_ rows: [Row], calibrated: [ParameterID], threshold: Double) -> String {
        let j = rows.filter { $0.output == "J" }
        let sites = Array(Set(j.map(\.site))).sorted()
        var t = TextTable(header: ["parameter"] + sites + ["median", "sensitive"])
        for id in calibrated {
            let values = sites.map { s in j.first { $0.site == s && $0.parameter == id }?.sobol.total ?? .nan }
            t.append([id.spec.symbol] + values.map { String(format: "%.2f", $0) } + [String(format: "%.2f", values.finiteMedian),
                      values.contains { $0 >= threshold } ? "yes" : "no"])
        }
        var agree = 0
        for s in sites {
            let here = j.filter { $0.site == s }
            if let sobolTop = here.max(by: { $0.sobol.total < $1.sobol.total })?.parameter,
               let morrisTop = here.max(by: { $0.morris.muStar < $1.morris.muStar })?.parameter, sobolTop == morrisTop { agree += 1 }
        }
        return "Total Sobol' index of J (daily, through the surrogate) per parameter and site; sensitive: ≥ \(threshold) at some site\n"
            + t.text + "Morris on the land model ranks the same parameter first at \(agree) of \(sites.count) sites.\n"
    }

    /// The parameters whose total index of J reaches `threshold` at some site of `indices.csv`.
    public static func sensitiveParameters(indices url: URL, threshold: Double) throws -> [ParameterID] {
        let table = try CSVTable(contentsOf: url)
        var selected = Set<ParameterID>()
        for r in 0..<table.rowCount where table.value(row: r, column: "output") == "J" {
            guard let name = table.value(row: r, column: "parameter"), let id = ParameterID(rawValue: name),
                  let total = table.value(row: r, column: "total").flatMap(Double.init) else {
                throw DataError(file: url.path, variable: "parameter", "row \(r + 1) is not a sensitivity row")
            }
            if total >= threshold { selected.insert(id) }
        }
        return selected.sorted()
    }
}
