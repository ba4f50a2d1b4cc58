import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The SCE-UA baseline: at every site, SCE-UA searches the calibrated parameters with the real land
/// model on the site's training period (`LandModelObjective`, within `sceua.budget` model runs).
/// Sites are searched in parallel, one per core, each batch of candidates as one SIMD ensemble.
/// Writes `sce-ua/<SITE>-history.csv` (best objective after each shuffle), `sce-ua/<SITE>-summary.csv`
/// (the site's summary row) and `sce-ua/summary.csv` (the rows of the run's sites). Given MdPL's
/// parameters of the same run, the summary also holds their objective and the number of land-model
/// runs after which SCE-UA's best first matched it (the cost of SCE-UA to equal MdPL's fit).
public struct SCEUAMethod: CalibrationMethod {
    public var name: String { "sce-ua" }
    public var summary: String { "shuffled complex evolution on the real land model, per site" }
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .perSite }
    public var reads: [String] { [MdPLMethod().name] }
    private let logger = Logger(label: "mdpl.sce-ua")

    public init() {}

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("sceua", context.config.sceua)
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
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: rows.sorted { $0[0] < $1[0] }).csv,
                             to: context.file("summary.csv"))
    }

    /// Searches site `i`; writes its history and summary row; returns the best parameters.
    private func search(_ i: Int, context: MethodContext) throws -> LandParameters {
        let config = context.config
        let site = context.run.sites[i]
        let code = site.data.info.code
        let objective = context.objective(i)
        let mdpl = context.earlier.first { $0.name == MdPLMethod().name }?.parameters[i]
        guard objective.isUsable else {
            logger.warning("sce-ua \(code): too few observed days in the training period; keeping the PFT defaults")
            try writeSummary([code, "0", "no-observations", "nan", "nan", "0", "nan", ""], context: context)
            return site.defaultParameters
        }
        let start = Date()
        let defaultUnit = context.unitPoint(site.defaultParameters)
        let defaultValue = objective.evaluate([defaultUnit])[0]
        let mdplValue = mdpl.map { objective.evaluate([context.unitPoint($0)])[0] }
        var sce = ShuffledComplexEvolution(complexes: config.sceua.complexes, budget: config.sceua.budget,
                                           seed: config.seed &+ 303 &+ StableHash.of(code))
        sce.relativeImprovement = 1e-4
        var runs = 0, runsToMdpl: Int?
        let bar = ProgressBar("sce-ua \(code)", total: config.sceua.budget, unit: "model runs", quietInterval: 30)
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
        try writeSummary([code, "\(outcome.evaluations)", outcome.stop.rawValue, String(format: "%.6f", defaultValue),
                          String(format: "%.6f", outcome.value), String(format: "%.1f", seconds),
                          mdplValue.map { String(format: "%.6f", $0) } ?? "nan", runsToMdpl.map(String.init) ?? ""],
                         context: context)
        logger.notice("sce-ua \(code): objective \(String(format: "%.4f", defaultValue)) → \(String(format: "%.4f", outcome.value)) in \(outcome.evaluations) runs (\(ProgressBar.formatDuration(seconds)), \(outcome.stop.rawValue))")
        return objective.parameters(outcome.best)
    }

    /// Writes one site's summary row (`<SITE>-summary.csv`, one row under `summaryHeader`).
    private func writeSummary(_ row: [String], context: MethodContext) throws {
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: [row]).csv, to: context.file("\(row[0])-summary.csv"))
    }
}
