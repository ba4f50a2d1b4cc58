import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit
import Surrogate

/// `dpl-physics`: the parameter generator trained straight through the real land model — the
/// differentiable-physics counterpart of MdPL (Tsai et al. 2021 with a differentiable HBV; Shen et
/// al. 2023, Nat. Rev. Earth Environ. 4, 552). Each full-batch Adam step runs the land model of every
/// site in dual numbers at the generator's parameters and backpropagates the exact ∇J into the
/// generator; no surrogate is involved. Writes `dpl-physics/generator.ckpt` and `loss.csv`.
public struct PhysicsGeneratorMethod: CalibrationMethod {
    public var name: String { "dpl-physics" }
    public var summary: String { "parameter generator trained through the real land model's exact derivatives (physics:)" }
    public var usesSurrogate: Bool { false }
    public var scope: MethodScope { .allSites }
    private let logger = Logger(label: "mdpl.dpl-physics")

    public init() {}

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        fingerprint.add("physics iterations", context.config.gradient.generatorIterations)
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        let config = context.config, calibrated = config.calibration.calibrated
        let objectives = indices.map(context.landModelObjective)
        let descriptors = indices.map { i -> SiteDescriptor in
            let site = context.run.sites[i]
            return SiteDescriptor(site: site.data, model: site.model, forcing: site.forcing, defaults: site.defaultParameters,
                                  period: context.run.trainingMask(i))
        }
        let generator = ParameterGenerator(calibrated: calibrated, descriptors: descriptors, hidden: config.calibration.hidden,
                                           seed: config.seed &+ 202)
        let optimizer = Adam(parameters: generator.network.parameters, learningRate: config.calibration.learningRate)
        var history: [Double] = []
        let iterations = config.gradient.generatorIterations
        let bar = ProgressBar("dpl-physics", total: iterations, unit: "iterations", quietInterval: 30)
        for _ in 0..<iterations {
            let unit = generator.forward(descriptors)
            let points = indices.indices.map { s in (0..<calibrated.count).map { Double(unit.scalars[s * calibrated.count + $0]) } }
            // Sites in parallel: each linearisation is one single-threaded dual-number run.
            let linearised = try Array(indices.indices).parallelMap { s, _ -> LandModelObjective.Linearisation? in
                objectives[s].isUsable ? objectives[s].linearise(points[s]) : nil
            }
            var dUnit = Tensor(shape: [indices.count, calibrated.count])
            var total = 0.0
            for (s, l) in linearised.enumerated() {
                // A site whose derivative is not finite contributes nothing to this step (logged).
                guard let l, l.value.isFinite, l.gradient.allSatisfy(\.isFinite) else {
                    if linearised[s] != nil { logger.warning("dpl-physics: J or ∇J not finite at \(context.run.codes[indices[s]]); site skipped in this step") }
                    continue
                }
                total += l.value / Double(indices.count)
                for p in 0..<calibrated.count { dUnit.scalars[s * calibrated.count + p] = Float(l.gradient[p] / Double(indices.count)) }
            }
            generator.network.zeroGradients()
            generator.backward(dUnit)
            optimizer.step()
            history.append(total)
            bar.advance()
        }
        bar.finish()
        logger.notice("dpl-physics: mean J \(String(format: "%.4f", history.first ?? .nan)) → \(String(format: "%.4f", history.last ?? .nan)) over \(iterations) iterations")
        try GeneratorOutputs.write(generator, history: history, context: context)
        return generator.parameters(descriptors, defaults: indices.map { context.run.sites[$0].defaultParameters })
    }
}
