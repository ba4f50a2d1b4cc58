import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import NeuralKit
import Surrogate

/// One site as calibration sees it.
public struct CalibrationSite: Sendable {
    public var inputs: SiteInputs
    public var descriptor: SiteDescriptor
    /// Observations of the calibration period at every scale.
    public var targets: ObservedTargets
    /// PFT defaults (for the parameters that are not calibrated).
    public var defaults: LandParameters
    /// Per-step inputs for the sub-daily decoder (needed when the objective has a half-hourly term).
    public var steps: StepInputs?

    public init(inputs: SiteInputs, descriptor: SiteDescriptor, targets: ObservedTargets, defaults: LandParameters,
                steps: StepInputs? = nil) {
        self.inputs = inputs
        self.descriptor = descriptor
        self.targets = targets
        self.defaults = defaults
        self.steps = steps
    }
}

/// Differentiable parameter learning through a frozen surrogate (dPL, Tsai et al. 2021; MdPL,
/// Xie et al. 2025): the generator's parameters feed the surrogate, whose fluxes are scored with
/// the same objective J as every other method (`CalibrationObjective`: 1 − NSE per flux and time
/// scale against the observations, plus the prior), and the gradient of J flows back through the
/// frozen surrogate — and, for half-hourly terms, the frozen sub-daily decoder — into the
/// generator. With a multi-task surrogate and several fluxes this is MdPL; with a single-task
/// surrogate, dPL.
public struct SurrogateCalibration {
    public var iterations: Int
    public var learningRate: Float
    public var hidden: Int
    /// The objective; its tasks must be among the surrogate's.
    public var objective: CalibrationObjective
    public var seed: UInt64
    private let logger = Logger(label: "mdpl.calibration")

    public init(iterations: Int = 300, learningRate: Float = 0.01, hidden: Int = 32, objective: CalibrationObjective,
                seed: UInt64) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.hidden = hidden
        self.objective = objective
        self.seed = seed
    }

    /// The surrogate's per-step fluxes of one site for one parameter vector (every step of the
    /// record; the decoder's where it is used, else each day's mean), with a function that maps
    /// J's gradient with respect to them to the gradient with respect to the 14 unit parameters.
    func stepFluxes(_ model: SurrogateModel, decoder: DiurnalDecoder?, site: CalibrationSite, unit: [Float])
        -> (series: [FluxTask: [Double]], backward: ([FluxTask: [Double]]) -> [Double]) {
        let outputs = model.forwardScaled(site.inputs, unitParameters: [unit])
        let days = site.inputs.days
        let daily: [[Float]] = model.tasks.indices.map { k in
            outputs[k].scalars.map { $0 * model.scaling.targetScale[k] + model.scaling.targetMean[k] }
        }
        let useDecoder = decoder != nil && site.steps != nil && objective.scales.native > 0
        var series: [FluxTask: [Double]] = [:]
        var decoderBackward: (([[Double]]) -> (daily: [[Double]], unit: [Double]))?
        if useDecoder, let decoder, let steps = site.steps {
            // Only the days that hold a target step.
            var needed = Set<Int>()
            for term in objective.terms(site.targets) { for t in term.aggregate.steps { needed.insert(site.targets.dayOfStep[t]) } }
            let order = decoder.tasks.map { task in model.tasks.firstIndex(of: task)! }
            let (values, backward) = decoder.predictWithGradient(steps, site: site.inputs, siteScaling: model.scaling,
                                                                 daily: order.map { daily[$0] }, unit: unit, days: needed.sorted())
            for (j, task) in decoder.tasks.enumerated() { series[task] = values[j] }
            decoderBackward = backward
        } else {
            for (k, task) in model.tasks.enumerated() {
                series[task] = site.targets.dayOfStep.map { Double(daily[k][$0]) }
            }
        }
        let backward = { (stepGradient: [FluxTask: [Double]]) -> [Double] in
            // ∂J/∂(day means), per surrogate task.
            var dDaily = [[Double]](repeating: [Double](repeating: 0, count: days), count: model.tasks.count)
            var dUnit = [Double](repeating: 0, count: unit.count)
            if let decoderBackward, let decoder {
                let result = decoderBackward(decoder.tasks.map { stepGradient[$0] ?? [Double](repeating: 0, count: site.targets.steps) })
                for (j, task) in decoder.tasks.enumerated() { dDaily[model.tasks.firstIndex(of: task)!] = result.daily[j] }
                dUnit = result.unit
            } else {
                for (k, task) in model.tasks.enumerated() {
                    guard let g = stepGradient[task] else { continue }
                    for (t, d) in site.targets.dayOfStep.enumerated() { dDaily[k][d] += g[t] }
                }
            }
            let gradients: [Tensor?] = model.tasks.indices.map { k in
                var g = Tensor(shape: [days, 1, 1])
                for d in 0..<days { g.scalars[d] = Float(dDaily[k][d] * Double(model.scaling.targetScale[k])) }
                return g
            }
            let featureGradient = model.network.backward(gradients)
            // ∂J/∂unit value = Σ_days ∂J/∂feature / (parameter scale of the features).
            let width = SurrogateModel.featureCount
            for d in 0..<days {
                for p in 0..<unit.count {
                    dUnit[p] += Double(featureGradient.scalars[d * width + SurrogateModel.parameterOffset + p]) / Double(SurrogateScaling.parameterScale)
                }
            }
            return dUnit
        }
        return (series, backward)
    }

    /// J without the prior, through the surrogate, and its gradient with respect to the 14 unit
    /// parameters of one site.
    public func siteMisfit(_ model: SurrogateModel, decoder: DiurnalDecoder?, site: CalibrationSite, unit: [Float]) -> (Double, [Float]) {
        guard objective.isUsable(site.targets) else { return (0, [Float](repeating: 0, count: unit.count)) }
        let (series, backward) = stepFluxes(model, decoder: decoder, site: site, unit: unit)
        let value = objective.misfit(series, targets: site.targets)
        let gradient = backward(objective.misfitGradient(series, targets: site.targets))
        return (value, gradient.map(Float.init))
    }

    /// J without the prior through the surrogate at given parameter sets (one per site), e.g. to
    /// compare with the real land model's J at the same parameters.
    public func misfits(_ model: SurrogateModel, decoder: DiurnalDecoder?, sites: [CalibrationSite],
                        calibrated: [ParameterID], values: [[Double]]) -> [Double] {
        zip(sites, values).map { site, v in
            guard objective.isUsable(site.targets) else { return .nan }
            let full = SurrogateModel.unitParameters(site: site.inputs, calibrated: calibrated, values: v.map(Float.init))
            return objective.misfit(stepFluxes(model, decoder: decoder, site: site, unit: full).series, targets: site.targets)
        }
    }

    /// Trains a generator for the parameters `calibrated` on `sites` (or continues training
    /// `generator`); returns it with the loss of every iteration.
    public func calibrate(_ model: SurrogateModel, decoder: DiurnalDecoder? = nil, sites: [CalibrationSite],
                          calibrated: [ParameterID], continuing generator: ParameterGenerator? = nil) -> (ParameterGenerator, [Double]) {
        precondition(objective.tasks.allSatisfy(model.tasks.contains), "the objective's fluxes must be surrogate tasks")
        model.network.isFrozen = true
        model.network.computesInputGradient = true
        decoder?.network.isFrozen = true
        decoder?.network.computesInputGradient = true
        let descriptors = sites.map(\.descriptor)
        let generator = generator ?? ParameterGenerator(calibrated: calibrated, descriptors: descriptors, hidden: hidden, seed: seed)
        let optimizer = Adam(parameters: generator.network.parameters, learningRate: learningRate)
        var history: [Double] = []
        let bar = ProgressBar("calibration", total: iterations, unit: "iterations", quietInterval: 30)
        for _ in 0..<iterations {
            let unit = generator.forward(descriptors)
            var dUnit = Tensor(shape: [sites.count, calibrated.count])
            var total = 0.0
            for (s, site) in sites.enumerated() {
                let values = (0..<calibrated.count).map { unit.scalars[s * calibrated.count + $0] }
                let full = SurrogateModel.unitParameters(site: site.inputs, calibrated: calibrated, values: values)
                let (loss, gradient) = siteMisfit(model, decoder: decoder, site: site, unit: full)
                total += loss / Double(sites.count)
                for (p, id) in calibrated.enumerated() {
                    let offset = Double(values[p] - site.inputs.defaultUnitParameters[id.index])
                    total += objective.priorWeight * offset * offset / Double(sites.count)
                    dUnit.scalars[s * calibrated.count + p] = (gradient[id.index] + Float(2 * objective.priorWeight * offset)) / Float(sites.count)
                }
            }
            generator.network.zeroGradients()
            generator.backward(dUnit)
            optimizer.step()
            history.append(total)
            bar.advance()
        }
        bar.finish()
        logger.notice("calibration: loss \(String(format: "%.4f", history.first ?? .nan)) → \(String(format: "%.4f", history.last ?? .nan)) over \(iterations) iterations")
        return (generator, history)
    }
}
