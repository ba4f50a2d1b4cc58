import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The SCE-UA baseline (`sce-ua`, settings `sceua:`) and the yardstick (`ceiling`, settings
/// `ceiling:`, a long search whose J is each site's attainable objective): at every site, SCE-UA
/// searches the calibrated parameters with the real land model on the site's training period
/// (`LandModelObjective`, the run's objective, within the budget of land-model runs).
/// Sites are searched in parallel, one per core, each batch of candidates as one SIMD ensemble.
/// Writes `sce-ua/<SITE>-history.csv` (best objective after each shuffle), `sce-ua/<SITE>-summary.csv`
/// (the site's summary row) and `sce-ua/summary.csv` (the rows of the run's sites). Given MdPL's
/// parameters of the same run, the summary also holds their objective and the number of land-model
/// runs after which SCE-UA's best first matched it (the cost of SCE-UA to equal MdPL's fit).
public struct SCEUAMethod: CalibrationMethod {
    public let name: String
    public let summary: String
    /// Where the method's settings live in the config.
    let settings: @Sendable (RunConfig) -> SCEUAConfig
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .perSite }
    public var reads: [String] { [MdPLMethod().name] }
    private let logger = Logger(label: "mdpl.sce-ua")

    /// The SCE-UA baseline.
    public static let baseline = SCEUAMethod(name: "sce-ua", summary: "shuffled complex evolution on the real land model, per site (sceua:)",
                                             settings: { $0.sceua })
    /// Each site's attainable objective: a long SCE-UA search.
    public static let ceiling = SCEUAMethod(name: "ceiling", summary: "the yardstick: a long SCE-UA search per site (ceiling:)",
                                            settings: { $0.ceiling })

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("sceua", settings(context.config))
    }

    /// The best point after each checkpoint's number of runs, scored as `<name>-<N>`.
    public func variants(context: MethodContext) throws -> [(name: String, parameters: [LandParameters])] {
        try settings(context.config).checkpoints.sorted().map { n in
            (name: "\(name)-\(n)", parameters: try context.run.sites.map { site in
                try ParameterFile.load(context.file("\(site.data.info.code)-at-\(n).yaml"), over: site.defaultParameters)
            })
        }
    }

    static let summaryHeader = ["site", "evaluations", "stop", "objective_default", "objective_best", "seconds",
                                "objective_mdpl", "runs_to_mdpl"]

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        try indices.map { try search($0, context: context) }
    }

    /// The summary of the run's sites, from the row each search wrote before its parameters.
    public func finish(context: MethodContext) throws {
        let rows = try context.run.codes.compactMap { code -> [String]? in
            let file = context.file("\(code)-summary.csv")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
            guard let line = text.split(separator: "\n").dropFirst().first else {
                throw DataError(file: file.path, variable: "summary", "has no row")
            }
            return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        try AtomicFile.update(TextTable(header: Self.summaryHeader, rows: rows.sorted { $0[0] < $1[0] }).csv,
                              at: context.file("summary.csv"))
    }

    /// Searches site `i`; writes its history and summary row; returns the best parameters.
    private func search(_ i: Int, context: MethodContext) throws -> LandParameters {
        let config = context.config, search = settings(config)
        let site = context.run.sites[i]
        let code = site.data.info.code
        let objective = context.landModelObjective(i)
        let mdpl = context.earlier.first { $0.name == MdPLMethod().name }?.parameters[i]
        guard objective.isUsable else {
            logger.warning("\(name) \(code): too few observed days in the training period; keeping the PFT defaults")
            try writeSummary([code, "0", "no-observations", "nan", "nan", "0", "nan", ""], context: context)
            for n in search.checkpoints {
                try AtomicFile.write(ParameterFile.yaml(site.defaultParameters), to: context.file("\(code)-at-\(n).yaml"))
            }
            return site.defaultParameters
        }
        let start = Date()
        let defaultUnit = context.unitPoint(site.defaultParameters)
        let defaultValue = objective.evaluate([defaultUnit])[0]
        let mdplValue = mdpl.map { objective.evaluate([context.unitPoint($0)])[0] }
        var sce = ShuffledComplexEvolution(complexes: search.complexes, budget: search.budget,
                                           seed: config.seed &+ 303 &+ StableHash.of(code))
        sce.relativeImprovement = 1e-4
        var runs = 0, runsToMdpl: Int?
        let bar = ProgressBar("\(name) \(code)", total: search.budget, unit: "model runs", quietInterval: 30)
        let outcome = sce.minimize(dimensions: defaultUnit.count, start: [defaultUnit]) { points in
            let values = objective.evaluate(points)
            for value in values {
                runs += 1
                if runsToMdpl == nil, let target = mdplValue, value <= target { runsToMdpl = runs }
            }
            bar.advance(by: points.count)
            return values
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(start)
        var history = TextTable(header: ["evaluations", "objective"])
        for h in outcome.history { history.append(["\(h.evaluations)", String(format: "%.6f", h.best)]) }
        try AtomicFile.write(history.csv, to: context.file("\(code)-history.csv"))
        for n in search.checkpoints {
            let last = outcome.history.lastIndex { $0.evaluations <= n } ?? 0
            try AtomicFile.write(ParameterFile.yaml(objective.parameters(outcome.historyPoints[last]),
                                                    comment: "\(name) after \(outcome.history[last].evaluations) of \(n) runs: J \(String(format: "%.4f", outcome.history[last].best))"),
                                 to: context.file("\(code)-at-\(n).yaml"))
        }
        try writeSummary([code, "\(outcome.evaluations)", outcome.stop.rawValue, String(format: "%.6f", defaultValue),
                          String(format: "%.6f", outcome.value), String(format: "%.1f", seconds),
                          mdplValue.map { String(format: "%.6f", $0) } ?? "nan", runsToMdpl.map(String.init) ?? ""],
                         context: context)
        logger.notice("\(name) \(code): objective \(String(format: "%.4f", defaultValue)) → \(String(format: "%.4f", outcome.value)) in \(outcome.evaluations) runs (\(ProgressBar.formatDuration(seconds)), \(outcome.stop.rawValue))")
        return objective.parameters(outcome.best)
    }

    /// Writes one site's summary row (`<SITE>-summary.csv`, one row under `summaryHeader`).
    private func writeSummary(_ row: [String], context: MethodContext) throws {
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: [row]).csv, to: context.file("\(row[0])-summary.csv"))
    }
}
