import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit
import Surrogate

/// MdPL (Xie et al. 2025): one parameter generator for every site, trained through the run's
/// frozen multi-task surrogate on the run's objective. With `calibration.refinement.rounds` K > 0
/// the surrogate is refined sequentially where calibration needs it: each round the generator's
/// parameters of every site and `members` points around them run in the real land model, join the
/// ensemble, the surrogate is fine-tuned from its weights and the generator continues; each site
/// keeps the parameters with the lowest real-model J among all it evaluated (the defaults
/// included, so a refined MdPL never fits worse than the defaults). Writes `mdpl/generator.ckpt`,
/// `mdpl/loss.csv` and, when refining, `mdpl/refinement.csv` (per round and site: the real and the
/// surrogate's J at the generator's parameters, their gap, the best real J so far, seconds) and
/// `mdpl/surrogate-refined.ckpt`.
public struct MdPLMethod: CalibrationMethod {
    public var name: String { "mdpl" }
    public var summary: String { "parameter generator trained through the multi-task surrogate (all tasks), refined sequentially" }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }
    private let logger = Logger(label: "mdpl.mdpl")

    public init() {}

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("refinement", context.config.calibration.refinement)
    }

    /// With refinement, what MdPL gave after fewer rounds, scored as `mdpl-r<k>` (k < K): round 0 is
    /// the generator trained on the initial surrogate alone (refinement off), round k ≥ 1 the best
    /// real-model point after k rounds.
    public func variants(context: MethodContext) throws -> [(name: String, parameters: [LandParameters])] {
        let rounds = context.config.calibration.refinement.rounds
        guard rounds > 0 else { return [] }
        return try (0..<rounds).map { k in
            (name: "\(name)-r\(k)", parameters: try context.run.sites.map { site in
                try ParameterFile.load(context.file("round-\(k)/\(site.data.info.code).yaml"), over: site.defaultParameters)
            })
        }
    }

    /// With an exact-gradient method in the run (`gradient`, `dpl-physics`): how good the
    /// surrogate's gradient is — at each site's MdPL parameters (near the optimum, where the true
    /// gradient is small) and at its defaults, the cosine similarity and the norm ratio of ∂J/∂u
    /// through the surrogate (and decoder) against the land model's exact one
    /// (`mdpl/gradient-fidelity.csv`).
    public func finish(context: MethodContext) throws {
        let exactMethods = [GradientMethod().name, PhysicsGeneratorMethod().name]
        guard context.config.calibration.methods.contains(where: exactMethods.contains) else { return }
        let outcome = try context.requireSurrogate()
        let calibrated = context.config.calibration.calibrated
        let training = context.generatorTraining(context.objective)
        let decoder = try context.decoderForObjective()
        outcome.model.network.isFrozen = true
        outcome.model.network.computesInputGradient = true
        decoder?.network.isFrozen = true
        decoder?.network.computesInputGradient = true
        var table = TextTable(header: ["site", "cosine", "norm_ratio", "exact_norm", "cosine_at_defaults", "norm_ratio_at_defaults"])
        for (i, site) in context.run.sites.enumerated() {
            let objective = context.landModelObjective(i)
            guard objective.isUsable else { continue }
            let parameters = try ParameterFile.load(context.file("\(site.data.info.code).yaml"), over: site.defaultParameters)
            let calibrationSite = try context.calibrationSite(i, tasks: outcome.model.tasks)
            // At MdPL's parameters (near both optima) and at the defaults (far from them).
            func compare(_ u: [Double]) -> (cosine: Double, ratio: Double, norm: Double) {
                let exact = objective.linearise(u).gradient
                let full = SurrogateModel.unitParameters(site: calibrationSite.inputs, calibrated: calibrated, values: u.map(Float.init))
                let (_, through) = training.siteMisfit(outcome.model, decoder: decoder, site: calibrationSite, unit: full)
                // The same prior term on both sides.
                let surrogate = calibrated.enumerated().map { p, id in
                    Double(through[id.index]) + 2 * objective.objective.priorWeight * (u[p] - objective.defaultUnit[p])
                }
                let dot = zip(exact, surrogate).reduce(0) { $0 + $1.0 * $1.1 }
                let normE = exact.reduce(0) { $0 + $1 * $1 }.squareRoot(), normS = surrogate.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return (dot / max(normE * normS, 1e-300), normS / max(normE, 1e-300), normE)
            }
            let atMdPL = compare(context.unitPoint(parameters)), atDefaults = compare(objective.defaultUnit)
            table.append([site.data.info.code, String(format: "%.3f", atMdPL.cosine), String(format: "%.3f", atMdPL.ratio),
                          String(format: "%.4g", atMdPL.norm), String(format: "%.3f", atDefaults.cosine), String(format: "%.3f", atDefaults.ratio)])
        }
        try AtomicFile.update(table.csv, at: context.file("gradient-fidelity.csv"))
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        let outcome = try context.requireSurrogate()
        let config = context.config, calibrated = config.calibration.calibrated
        let decoder = try context.decoderForObjective()
        let sites = try indices.map { try context.calibrationSite($0, tasks: outcome.model.tasks) }
        let training = context.generatorTraining(context.objective)
        let (generator, history) = training.calibrate(outcome.model, decoder: decoder, sites: sites, calibrated: calibrated)
        let refinement = config.calibration.refinement
        guard refinement.rounds > 0 else {
            try GeneratorOutputs.write(generator, history: history, context: context)
            return generator.parameters(sites.map(\.descriptor), defaults: sites.map(\.defaults))
        }
        let refined = try Refinement(context: context, indices: indices, sites: sites, decoder: decoder, settings: refinement)
            .run(generator: generator, history: history, training: training)
        return refined
    }
}

/// The files every generator-based method writes: the generator and its loss per iteration.
enum GeneratorOutputs {
    static func write(_ generator: ParameterGenerator, history: [Double], context: MethodContext) throws {
        var loss = TextTable(header: ["iteration", "loss"])
        for (i, value) in history.enumerated() { loss.append(["\(i + 1)", String(format: "%.6f", value)]) }
        try AtomicFile.write(loss.csv, to: context.file("loss.csv"))
        try generator.save(to: context.file("generator.ckpt"))
    }
}

/// The rounds of MdPL's sequential refinement (see `MdPLMethod`).
struct Refinement {
    let context: MethodContext
    let indices: [Int]
    let sites: [CalibrationSite]
    let decoder: DiurnalDecoder?
    let settings: RefinementConfig
    private let logger = Logger(label: "mdpl.refinement")

    init(context: MethodContext, indices: [Int], sites: [CalibrationSite], decoder: DiurnalDecoder?, settings: RefinementConfig) throws {
        self.context = context
        self.indices = indices
        self.sites = sites
        self.decoder = decoder
        self.settings = settings
    }

    /// Refines from `generator` and returns each site's best parameters.
    func run(generator: ParameterGenerator, history initial: [Double], training: SurrogateCalibration) throws -> [LandParameters] {
        let config = context.config, calibrated = config.calibration.calibrated
        let outcome = try context.requireSurrogate()
        // A copy of the run's surrogate to fine-tune (the run's own stays as trained).
        let model = try SurrogateModel.load(SurrogateTraining(context.run).modelFile)
        var data = indices.map { outcome.data[$0] }
        let objectives = indices.map(context.landModelObjective)
        let trainer = SurrogateTrainer(settings: config.surrogate.settings, tasks: model.tasks, seed: config.seed &+ 606)
        var history = initial
        var best = indices.map { context.unitPoint(context.run.sites[$0].defaultParameters) }
        var bestValue = [Double](repeating: .infinity, count: indices.count)
        var table = TextTable(header: ["round", "site", "objective_generator", "objective_surrogate", "gap", "objective_best",
                                       "land_model_runs", "seconds"])
        var generator = generator
        for round in 0...settings.rounds {
            let start = Date()
            let unit = generator.forward(sites.map(\.descriptor))
            let proposed = sites.indices.map { s in (0..<calibrated.count).map { Double(unit.scalars[s * calibrated.count + $0]) } }
            let surrogateJ = training.misfits(model, decoder: decoder, sites: sites, calibrated: calibrated, values: proposed)
            let radius = settings.radius * pow(settings.shrink, Double(max(round - 1, 0)))
            // Candidates per site: the generator's point, the defaults (first round only) and, before
            // the last round, members around the generator's point.
            let candidates: [[[Double]]] = sites.indices.map { s in
                var points = [proposed[s]]
                if round == 0 { points.append(best[s]) }
                if round < settings.rounds {
                    let roundSeed: UInt64 = UInt64(round) &* 1_000_003
                    var g = SeededGenerator(seed: (config.seed &+ 707 &+ roundSeed) &+ StableHash.of(sites[s].inputs.site))
                    points += (0..<settings.members).map { _ in proposed[s].map { min(max($0 + radius * Self.gaussian(&g), 0), 1) } }
                }
                return points
            }
            let fields = model.tasks.map(\.field)
            let evaluated = try Array(sites.indices).parallelMap { s, _ in objectives[s].runs(candidates[s], fields: fields) }
            for s in sites.indices {
                let values = zip(evaluated[s].misfits, candidates[s]).map { $0 + objectives[s].objective.prior($1, defaults: objectives[s].defaultUnit) }
                for (v, point) in zip(values, candidates[s]) where v < bestValue[s] {
                    bestValue[s] = v
                    best[s] = point
                }
                let generatorJ = values[0]
                let surrogateTotal = surrogateJ[s] + objectives[s].objective.prior(proposed[s], defaults: objectives[s].defaultUnit)
                table.append(["\(round)", sites[s].inputs.site, String(format: "%.6f", generatorJ), String(format: "%.6f", surrogateTotal),
                              String(format: "%.6f", surrogateTotal - generatorJ), String(format: "%.6f", bestValue[s]),
                              "\(candidates[s].count)", String(format: "%.1f", Date().timeIntervalSince(start))])
            }
            try AtomicFile.write(table.csv, to: context.file("refinement.csv"))
            for s in sites.indices {
                let point = round == 0 ? proposed[s] : best[s]
                try AtomicFile.write(ParameterFile.yaml(objectives[s].parameters(point),
                                                        comment: round == 0 ? "mdpl before refinement" : "mdpl after \(round) refinement rounds"),
                                     to: context.file("round-\(round)/\(sites[s].inputs.site).yaml"))
            }
            let gaps: [Double] = table.rows.suffix(sites.count).map { abs(Double($0[4]) ?? .nan) }
            let meanGap = gaps.reduce(0, +) / Double(sites.count)
            logger.notice("refinement round \(round): median best J \(String(format: "%.4f", bestValue.finiteMedian)), mean |surrogate − land model| at the generator's parameters \(String(format: "%.4f", meanGap))")
            guard round < settings.rounds else { break }
            // The new runs join the ensembles (all but the defaults' point), the surrogate is
            // fine-tuned from its weights and the generator continues.
            for s in sites.indices {
                let kept = (0..<candidates[s].count).filter { !(round == 0 && $0 == 1) }
                var values: [FluxTask: [[Float]]] = [:]
                for task in model.tasks {
                    values[task] = kept.map { evaluated[s].daily[task.field]![$0].map(Float.init) }
                }
                data[s].ensemble = data[s].ensemble.appending(unitParameters: kept.map { candidates[s][$0].map(Float.init) }, values: values)
            }
            _ = trainer.fineTune(model, sites: data, epochs: settings.epochs, learningRate: config.surrogate.learningRate * 0.5)
            var continued = training
            continued.iterations = settings.iterations
            let (next, more) = continued.calibrate(model, decoder: decoder, sites: sites, calibrated: calibrated, continuing: generator)
            generator = next
            history += more
        }
        try GeneratorOutputs.write(generator, history: history, context: context)
        try model.save(to: context.file("surrogate-refined.ckpt"))
        return sites.indices.map { objectives[$0].parameters(best[$0]) }
    }

    static func gaussian(_ g: inout SeededGenerator) -> Double {
        let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

}
