import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The hybrids a user would run — MdPL's parameters polished per site on the real land model:
/// `mdpl-local` by a short dynamically dimensioned search (DDS, Tolson & Shoemaker 2007) within
/// `local.budget` runs (MdPL's point counts as the first); `mdpl-gradient` by Levenberg–Marquardt
/// with the land model's exact derivatives (`gradient.iterations` linearisations, one start).
/// Writes `<name>/<SITE>-history.csv`.
public struct LocalSearchMethod: CalibrationMethod {
    /// Polish with exact derivatives (Levenberg–Marquardt) instead of DDS.
    public let usesDerivatives: Bool

    public init(usesDerivatives: Bool = false) {
        self.usesDerivatives = usesDerivatives
    }

    public var name: String { usesDerivatives ? "mdpl-gradient" : "mdpl-local" }
    public var summary: String {
        usesDerivatives ? "MdPL's parameters polished by Levenberg–Marquardt with the land model's exact derivatives (gradient:)"
            : "MdPL's parameters polished by a short DDS search on the real land model (local:)"
    }
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .perSite }
    public var reads: [String] { [MdPLMethod().name] }
    public var requires: [String] { [MdPLMethod().name] }
    private let logger = Logger(label: "mdpl.local")

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        if usesDerivatives { fingerprint.add("gradient", context.config.gradient) } else { fingerprint.add("local", context.config.local) }
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
            var history = TextTable(header: ["evaluations", "objective"])
            let best: [Double], first: Double, value: Double, runs: Int
            if usesDerivatives {
                let outcome = LevenbergMarquardt(iterations: context.config.gradient.iterations, tolerance: context.config.gradient.tolerance)
                    .minimize(start: context.unitPoint(start), linearise: { u in
                        let l = objective.linearise(u)
                        return (l.value, l.gradient, l.gaussNewton)
                    }, evaluate: { objective.evaluate($0) })
                for (k, v) in outcome.history.enumerated() { history.append(["\(k)", String(format: "%.6f", v)]) }
                (best, first, value, runs) = (outcome.best, outcome.history[0], outcome.value, outcome.evaluations + outcome.linearisations)
            } else {
                let outcome = DynamicallyDimensionedSearch(budget: context.config.local.budget,
                                                           seed: context.config.seed &+ 505 &+ StableHash.of(code))
                    .minimize(start: context.unitPoint(start)) { objective.evaluate($0) }
                for h in outcome.history { history.append(["\(h.evaluations)", String(format: "%.6f", h.best)]) }
                (best, first, value, runs) = (outcome.best, outcome.history[0].best, outcome.value, outcome.evaluations)
            }
            try AtomicFile.write(history.csv, to: context.file("\(code)-history.csv"))
            logger.notice("\(name) \(code): J \(String(format: "%.4f", first)) → \(String(format: "%.4f", value)) in \(runs) runs (\(ProgressBar.formatDuration(Date().timeIntervalSince(began))))")
            return objective.parameters(best)
        }
    }
}
