import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit
import Surrogate

/// `mdpl-pareto`: the trade-off between Qle and Qh instead of one number. Qle and Qh pull the
/// parameters apart (the towers do not close their energy balance), so MdPL's generator is trained
/// for `pareto.points` task weightings w Qle + (1 − w) Qh (only the generator is retrained; the
/// surrogate is the run's), each weighting's parameters run the real land model, and SCE-UA searches
/// the real model at `pareto.sceuaWeights`, giving per site the front of (1 − NSE) of Qle against
/// (1 − NSE) of Qh on the training period at the objective's time scales (`mdpl-pareto/front.csv`).
/// The method's own parameters are those of equal weights.
public struct ParetoMethod: CalibrationMethod {
    public var name: String { "mdpl-pareto" }
    public var summary: String { "the Qle–Qh trade-off: MdPL's generator over task weightings, SCE-UA at a few (pareto:)" }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }
    private let logger = Logger(label: "mdpl.pareto")

    public init() {}

    public func problem(fitting tasks: [FluxTask]) -> String? {
        tasks.contains(.Qle) && tasks.contains(.Qh) ? nil : "the Qle–Qh front needs Qle and Qh among calibration.tasks"
    }

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("pareto", context.config.pareto)
        fingerprint.add("sceua", context.config.sceua)
    }

    /// The objective with weight `w` on Qle, 1 − w on Qh and 0 on any other task.
    static func weighted(_ base: CalibrationObjective, qle w: Double) -> CalibrationObjective {
        var objective = base
        objective.taskWeights = base.tasks.map { $0 == .Qle ? w : $0 == .Qh ? 1 - w : 0 }
        return objective
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        let config = context.config, settings = config.pareto, calibrated = config.calibration.calibrated
        let model = try context.requireSurrogate().model
        let decoder = try context.decoderForObjective()
        let sites = try indices.map { try context.calibrationSite($0, tasks: model.tasks) }
        let weights = (0..<settings.points).map { Double($0) / Double(max(settings.points - 1, 1)) }
        // Per site, the single-flux objectives that score every point of the front.
        func single(_ i: Int, _ task: FluxTask) -> LandModelObjective {
            var objective = context.objective
            objective = Self.weighted(objective, qle: task == .Qle ? 1 : 0)
            objective.priorWeight = 0
            let site = context.run.sites[i]
            return LandModelObjective(forcing: site.forcing, calibrated: calibrated, base: site.defaultParameters,
                                      targets: context.targets(i, tasks: objective.tasks), objective: objective, options: config.model.options)
        }
        let qle = indices.map { single($0, .Qle) }, qh = indices.map { single($0, .Qh) }
        var table = TextTable(header: ["site", "method", "weight_Qle", "misfit_Qle", "misfit_Qh"])
        var equal: [LandParameters] = []
        var points: [[[Double]]] = Array(repeating: [], count: indices.count)      // per site, per weighting
        for w in weights {
            var training = context.generatorTraining(Self.weighted(context.objective, qle: w))
            training.iterations = settings.iterations
            let (generator, _) = training.calibrate(model, decoder: decoder, sites: sites, calibrated: calibrated)
            let unit = generator.forward(sites.map(\.descriptor))
            for s in sites.indices {
                points[s].append((0..<calibrated.count).map { Double(unit.scalars[s * calibrated.count + $0]) })
            }
            if abs(w - 0.5) < 1e-9 || (equal.isEmpty && w > 0.5) {
                equal = generator.parameters(sites.map(\.descriptor), defaults: sites.map(\.defaults))
            }
        }
        // Every weighting's parameters, and SCE-UA's at a few weightings, in the real land model.
        let scores = try Array(indices.indices).parallelMap { s, _ -> [[String]] in
            var rows: [[String]] = []
            let code = context.run.codes[indices[s]]
            let a = qle[s].misfits(points[s]), b = qh[s].misfits(points[s])
            for (k, w) in weights.enumerated() {
                rows.append([code, "mdpl", String(format: "%.2f", w), String(format: "%.5f", a[k]), String(format: "%.5f", b[k])])
            }
            for w in settings.sceuaWeights {
                let objective = LandModelObjective(forcing: context.run.sites[indices[s]].forcing, calibrated: calibrated,
                                                   base: context.run.sites[indices[s]].defaultParameters,
                                                   targets: context.targets(indices[s], tasks: context.objective.tasks),
                                                   objective: Self.weighted(context.objective, qle: w), options: config.model.options)
                guard objective.isUsable else { continue }
                let outcome = ShuffledComplexEvolution(complexes: config.sceua.complexes, budget: config.sceua.budget,
                                                       seed: config.seed &+ 313 &+ StableHash.of(code))
                    .minimize(dimensions: calibrated.count, start: [objective.defaultUnit]) { objective.evaluate($0) }
                let fa = qle[s].misfits([outcome.best])[0], fb = qh[s].misfits([outcome.best])[0]
                rows.append([code, "sce-ua", String(format: "%.2f", w), String(format: "%.5f", fa), String(format: "%.5f", fb)])
            }
            let d = qle[s].misfits([qle[s].defaultUnit])[0], e = qh[s].misfits([qh[s].defaultUnit])[0]
            rows.append([code, "default", "", String(format: "%.5f", d), String(format: "%.5f", e)])
            return rows
        }
        for rows in scores { for row in rows { table.append(row) } }
        try AtomicFile.write(table.csv, to: context.file("front.csv"))
        logger.notice("mdpl-pareto: \(weights.count) weightings of MdPL and \(settings.sceuaWeights.count) of SCE-UA at \(indices.count) sites")
        return equal
    }
}

/// The `mdpl-pareto` method's settings.
public struct ParetoConfig: Codable, Sendable, Equatable {
    /// Weightings of Qle from 0 to 1 for MdPL's generator.
    public var points: Int
    /// Generator iterations per weighting.
    public var iterations: Int
    /// Weights of Qle at which SCE-UA (budget and complexes of `sceua:`) searches the real model.
    public var sceuaWeights: [Double]

    public init(points: Int = 11, iterations: Int = 200, sceuaWeights: [Double] = [0.2, 0.5, 0.8]) {
        self.points = points
        self.iterations = iterations
        self.sceuaWeights = sceuaWeights
    }

    enum CodingKeys: String, CodingKey { case points, iterations, sceuaWeights }

    public init(from decoder: Decoder) throws {
        let d = ParetoConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        points = try c.decodeIfPresent(Int.self, forKey: .points) ?? d.points
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        sceuaWeights = try c.decodeIfPresent([Double].self, forKey: .sceuaWeights) ?? d.sceuaWeights
    }

    func validate(file: String) throws {
        guard (2...101).contains(points) else {
            throw ConfigError(file: file, key: "pareto.points", value: "\(points)", "must be 2 to 101")
        }
        guard (1...100_000).contains(iterations) else {
            throw ConfigError(file: file, key: "pareto.iterations", value: "\(iterations)", "must be 1 to 100000")
        }
        for w in sceuaWeights where !(0...1).contains(w) {
            throw ConfigError(file: file, key: "pareto.sceuaWeights", value: "\(w)", "weights of Qle lie in [0, 1]")
        }
    }
}
