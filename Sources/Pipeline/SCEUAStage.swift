import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// The SCE-UA baseline: at every site, SCE-UA searches the calibrated parameters with the real land
/// model on the site's training period (`LandModelObjective`, within `sceua.budget` model runs),
/// then the land model runs with the best parameters over the whole record. Sites are searched in
/// parallel, one per core, each batch of candidate parameters as one SIMD ensemble. Writes
/// `sce-ua/<SITE>.yaml` (parameters, as each site finishes), `sce-ua/<SITE>-history.csv` (best
/// objective after each shuffle), `sce-ua/<SITE>-summary.csv` (the site's summary row, written just
/// before its parameters), `sce-ua/<SITE>.nc` (land-model output) and `sce-ua/summary.csv` (the
/// rows of the run's sites); sites whose parameters exist are not searched again. Given MdPL's parameters of the same run,
/// the summary also holds their objective and the number of land-model runs after which SCE-UA's
/// best first matched it (the cost of SCE-UA to equal MdPL's fit).
public struct SCEUAStage: Sendable {
    public let directory: RunDirectory
    /// The method name in metrics and reports.
    public static let name = "sce-ua"
    private let logger = Logger(label: "mdpl.sce-ua")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Parameters and land-model runs per site, in input order.
    ///
    /// - Parameter mdpl: MdPL's learned parameters per site (input order), if this run has them.
    public func run(_ sites: [ModelledSite], splits: [TemporalSplit], mdpl: [LandParameters]? = nil) throws -> [(LandParameters, SimulationResult)] {
        let config = directory.config
        let folder = Self.name
        let files = sites.map { directory.file("\(folder)/\($0.data.info.code).yaml") }
        let pending = sites.indices.filter { !FileManager.default.fileExists(atPath: files[$0].path) }
        if !pending.isEmpty {
            let bar = ProgressBar("sce-ua", total: pending.count * config.sceua.budget, unit: "model runs", quietInterval: 30)
            // One site per core; each batch of candidates is one single-threaded SIMD ensemble.
            _ = try pending.parallelMap { _, s in
                try search(sites[s], split: splits[s], mdpl: mdpl?[s], file: files[s], progress: bar)
            }
            bar.finish()
        }
        // The summary of the run's sites, from the row each search wrote before its parameters (so
        // rows of sites searched by an earlier, interrupted run are kept).
        let rows = try sites.compactMap { site -> [String]? in
            let file = directory.file("\(folder)/\(site.data.info.code)-summary.csv")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
            guard let line = text.split(separator: "\n").dropFirst().first else {
                throw DataError(file: file.path, variable: "summary", "has no row")
            }
            return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: rows.sorted { $0[0] < $1[0] }).csv,
                             to: directory.file("\(folder)/summary.csv"))
        return try zip(sites, files).map { site, parameterFile in
            let p = try ParameterFile.load(parameterFile, over: site.defaultParameters)
            return (p, try ModelOutputFile.reusingOrRunning(site, parameters: p, options: config.model.options,
                                                            at: directory.file("\(folder)/\(site.data.info.code).nc")))
        }
    }

    static let summaryHeader = ["site", "evaluations", "stop", "objective_default", "objective_best", "seconds",
                                "objective_mdpl", "runs_to_mdpl"]

    /// Searches one site; writes its history, summary row and (last) parameters.
    private func search(_ site: ModelledSite, split: TemporalSplit, mdpl: LandParameters?, file: URL,
                        progress: ProgressBar) throws {
        let config = directory.config
        let code = site.data.info.code
        let tasks = config.ensemble.tasks
        let period = split.trainingMask(site.data.time)
        let objective = LandModelObjective(
            forcing: site.forcing, calibrated: config.ensemble.calibrated, base: site.defaultParameters,
            targets: ObservedTargets(site: site.data, tasks: tasks, policy: config.data.quality,
                                     minValidFraction: config.data.minValidFraction, period: period),
            tasks: tasks, taskWeights: config.calibration.weights(taskCount: tasks.count),
            priorWeight: config.calibration.priorWeight, options: config.model.options)
        guard objective.isUsable else {
            logger.warning("sce-ua \(code): too few observed days in the training period; keeping the PFT defaults")
            try writeSummary([code, "0", "no-observations", "nan", "nan", "0", "nan", ""])
            try AtomicFile.write(ParameterFile.yaml(site.defaultParameters, comment: "PFT defaults: \(code) has too few training observations for SCE-UA"),
                                 to: file)
            progress.advance(by: config.sceua.budget)
            return
        }
        let start = Date()
        let unit = { (p: LandParameters) in config.ensemble.calibrated.map { $0.spec.unit(fromValue: p[$0]) } }
        let defaultUnit = unit(site.defaultParameters)
        let defaultValue = objective.evaluate([defaultUnit])[0]
        let mdplValue = mdpl.map { objective.evaluate([unit($0)])[0] }
        var sce = ShuffledComplexEvolution(complexes: config.sceua.complexes, budget: config.sceua.budget,
                                           seed: config.seed &+ 303 &+ Self.stableHash(code))
        sce.relativeImprovement = 1e-4
        var runs = 0, runsToMdpl: Int?
        let outcome = sce.minimize(dimensions: defaultUnit.count, start: [defaultUnit]) { points in
            let values = objective.evaluate(points)
            for value in values {
                runs += 1
                if runsToMdpl == nil, let target = mdplValue, value <= target { runsToMdpl = runs }
            }
            progress.advance(by: points.count)
            return values
        }
        progress.advance(by: config.sceua.budget - outcome.evaluations)
        let seconds = Date().timeIntervalSince(start)
        var history = TextTable(header: ["evaluations", "objective"])
        for h in outcome.history { history.append(["\(h.evaluations)", String(format: "%.6f", h.best)]) }
        try AtomicFile.write(history.csv, to: directory.file("\(Self.name)/\(code)-history.csv"))
        try writeSummary([code, "\(outcome.evaluations)", outcome.stop.rawValue, String(format: "%.6f", defaultValue),
                          String(format: "%.6f", outcome.value), String(format: "%.1f", seconds),
                          mdplValue.map { String(format: "%.6f", $0) } ?? "nan", runsToMdpl.map(String.init) ?? ""])
        try AtomicFile.write(ParameterFile.yaml(objective.parameters(outcome.best),
                                                comment: "SCE-UA (run \(config.name)): objective \(String(format: "%.4f", outcome.value)) (defaults \(String(format: "%.4f", defaultValue))) after \(outcome.evaluations) land-model runs, stopped: \(outcome.stop.rawValue)"),
                             to: file)
        logger.notice("sce-ua \(code): objective \(String(format: "%.4f", defaultValue)) → \(String(format: "%.4f", outcome.value)) in \(outcome.evaluations) runs (\(ProgressBar.formatDuration(seconds)), \(outcome.stop.rawValue))")
    }

    /// Writes one site's summary row (`<SITE>-summary.csv`, one row under `summaryHeader`).
    private func writeSummary(_ row: [String]) throws {
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: [row]).csv,
                             to: directory.file("\(Self.name)/\(row[0])-summary.csv"))
    }

    /// FNV-1a of a site code: a per-site seed that does not depend on which other sites run.
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
