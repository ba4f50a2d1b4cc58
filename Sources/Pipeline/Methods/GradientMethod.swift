import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit
import Surrogate

/// `gradient`: calibration straight through the physics — per site, Levenberg–Marquardt on J's
/// residuals with the land model's exact derivatives (dual numbers, `LandModelObjective.linearise`),
/// from the defaults and `gradient.starts − 1` further Latin-hypercube points, best of all starts.
/// Same J, prior and training period as SCE-UA. Writes `gradient/<SITE>-history.csv` (best J after
/// each iteration of each start), `gradient/<SITE>-summary.csv` and `gradient/summary.csv` (the
/// columns of `sce-ua/summary.csv`, plus linearisations and the start that won).
public struct GradientMethod: CalibrationMethod {
    public var name: String { "gradient" }
    public var summary: String { "Levenberg–Marquardt on the real land model with its exact parameter derivatives, per site (gradient:)" }
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .perSite }
    private let logger = Logger(label: "mdpl.gradient")

    public init() {}

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("gradient", context.config.gradient)
    }

    static let summaryHeader = ["site", "evaluations", "stop", "objective_default", "objective_best", "seconds", "linearisations",
                                "best_start", "starts"]

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        try indices.map { i in
            let site = context.run.sites[i], code = site.data.info.code
            let objective = context.landModelObjective(i)
            guard objective.isUsable else {
                try write([code, "0", "no-observations", "nan", "nan", "0", "0", "", "0"], context: context)
                return site.defaultParameters
            }
            let settings = context.config.gradient
            let began = Date()
            var generator = SeededGenerator(seed: context.config.seed &+ 1_001 &+ StableHash.of(code))
            let extra = settings.starts > 1
                ? LatinHypercube.design(count: settings.starts - 1, dimensions: objective.defaultUnit.count, using: &generator) : []
            let starts = [objective.defaultUnit] + extra
            let search = LevenbergMarquardt(iterations: settings.iterations, tolerance: settings.tolerance)
            var outcomes: [LevenbergMarquardt.Outcome] = []
            var history = TextTable(header: ["start", "iteration", "objective"])
            for (s, start) in starts.enumerated() {
                let outcome = search.minimize(start: start, linearise: { u in
                    let l = objective.linearise(u)
                    return (l.value, l.gradient, l.gaussNewton)
                }, evaluate: { objective.evaluate($0) })
                for (k, v) in outcome.history.enumerated() { history.append(["\(s + 1)", "\(k)", String(format: "%.6f", v)]) }
                outcomes.append(outcome)
            }
            let best = outcomes.indices.min { outcomes[$0].value < outcomes[$1].value }!
            let defaultValue = outcomes[0].history[0]
            try AtomicFile.write(history.csv, to: context.file("\(code)-history.csv"))
            let seconds = Date().timeIntervalSince(began)
            try write([code, "\(outcomes.reduce(0) { $0 + $1.evaluations })", outcomes[best].stop, String(format: "%.6f", defaultValue),
                       String(format: "%.6f", outcomes[best].value), String(format: "%.1f", seconds),
                       "\(outcomes.reduce(0) { $0 + $1.linearisations })", "\(best + 1)", "\(starts.count)"], context: context)
            logger.notice("gradient \(code): J \(String(format: "%.4f", defaultValue)) → \(String(format: "%.4f", outcomes[best].value)) (best of \(starts.count) starts: \(best + 1)) in \(ProgressBar.formatDuration(seconds))")
            return objective.parameters(outcomes[best].best)
        }
    }

    public func finish(context: MethodContext) throws {
        let rows = context.run.codes.compactMap { code -> [String]? in
            guard let text = try? String(contentsOf: context.file("\(code)-summary.csv"), encoding: .utf8),
                  let line = text.split(separator: "\n").dropFirst().first else { return nil }
            return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        try AtomicFile.update(TextTable(header: Self.summaryHeader, rows: rows).csv, at: context.file("summary.csv"))
    }

    private func write(_ row: [String], context: MethodContext) throws {
        try AtomicFile.write(TextTable(header: Self.summaryHeader, rows: [row]).csv, to: context.file("\(row[0])-summary.csv"))
    }
}

/// The `gradient` method's settings.
public struct GradientConfig: Codable, Sendable, Equatable {
    /// Starting points: the defaults, then Latin-hypercube points.
    public var starts: Int
    /// Levenberg–Marquardt iterations per start (each one dual-number run and a batch of trials).
    public var iterations: Int
    /// Stop a start when an accepted step lowers J by less than this fraction.
    public var tolerance: Double
    /// Full-batch Adam steps of `dpl-physics`'s generator (each one dual-number run per site).
    public var generatorIterations: Int

    public init(starts: Int = 3, iterations: Int = 25, tolerance: Double = 1e-5, generatorIterations: Int = 60) {
        self.starts = starts
        self.iterations = iterations
        self.tolerance = tolerance
        self.generatorIterations = generatorIterations
    }

    enum CodingKeys: String, CodingKey { case starts, iterations, tolerance, generatorIterations }

    public init(from decoder: Decoder) throws {
        let d = GradientConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        starts = try c.decodeIfPresent(Int.self, forKey: .starts) ?? d.starts
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? d.tolerance
        generatorIterations = try c.decodeIfPresent(Int.self, forKey: .generatorIterations) ?? d.generatorIterations
    }

    func validate(file: String) throws {
        guard (1...100).contains(starts) else {
            throw ConfigError(file: file, key: "gradient.starts", value: "\(starts)", "must be 1 to 100")
        }
        guard (1...10_000).contains(iterations) else {
            throw ConfigError(file: file, key: "gradient.iterations", value: "\(iterations)", "must be 1 to 10000")
        }
        guard (1...100_000).contains(generatorIterations) else {
            throw ConfigError(file: file, key: "gradient.generatorIterations", value: "\(generatorIterations)", "must be 1 to 100000")
        }
        guard tolerance >= 0, tolerance < 1 else {
            throw ConfigError(file: file, key: "gradient.tolerance", value: "\(tolerance)", "must lie in [0, 1)")
        }
    }
}
