import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport

/// `mdpl-local`: the hybrid a user would run — MdPL's parameters polished per site by a short
/// dynamically dimensioned search (DDS, Tolson & Shoemaker 2007) on the real land model, within
/// `local.budget` runs (MdPL's point counts as the first). Writes `mdpl-local/<SITE>-history.csv`.
public struct LocalSearchMethod: CalibrationMethod {
    public var name: String { "mdpl-local" }
    public var summary: String { "MdPL's parameters polished by a short DDS search on the real land model (local:)" }
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .perSite }
    public var reads: [String] { [MdPLMethod().name] }
    public var requires: [String] { [MdPLMethod().name] }
    private let logger = Logger(label: "mdpl.local")

    public init() {}

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("local", context.config.local)
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        try indices.map { i in
            let code = context.run.codes[i]
            guard let start = context.earlier.first(where: { $0.name == MdPLMethod().name })?.parameters[i] else {
                throw ConfigError(file: context.run.directory.file("config.yaml").path, key: "calibration.methods", value: name,
                                  "needs mdpl's parameters")
            }
            let objective = context.landModelObjective(i)
            guard objective.isUsable else { return start }
            let began = Date()
            let search = DynamicallyDimensionedSearch(budget: context.config.local.budget,
                                                      seed: context.config.seed &+ 505 &+ StableHash.of(code))
            let outcome = search.minimize(start: context.unitPoint(start)) { objective.evaluate($0) }
            var history = TextTable(header: ["evaluations", "objective"])
            for h in outcome.history { history.append(["\(h.evaluations)", String(format: "%.6f", h.best)]) }
            try AtomicFile.write(history.csv, to: context.file("\(code)-history.csv"))
            logger.notice("mdpl-local \(code): J \(String(format: "%.4f", outcome.history[0].best)) → \(String(format: "%.4f", outcome.value)) in \(outcome.evaluations) runs (\(ProgressBar.formatDuration(Date().timeIntervalSince(began))))")
            return objective.parameters(outcome.best)
        }
    }
}
