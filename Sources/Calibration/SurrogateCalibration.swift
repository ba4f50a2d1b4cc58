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
    /// Observations of the calibration period (daily, NaN where they do not count).
    public var targets: ObservedTargets
    /// PFT defaults (for the parameters that are not calibrated).
    public var defaults: LandParameters

    public init(inputs: SiteInputs, descriptor: SiteDescriptor, targets: ObservedTargets, defaults: LandParameters) {
        self.inputs = inputs
        self.descriptor = descriptor
        self.targets = targets
        self.defaults = defaults
    }
}

/// Differentiable parameter learning through a frozen surrogate (dPL, Tsai et al. 2021; MdPL,
/// Xie et al. 2025): the generator's parameters feed the surrogate, whose daily fluxes are compared
/// with the observed ones (scaled MSE per task, the task weights given, sites weighted equally), and
/// the loss gradient flows back through the frozen surrogate into the generator. With a multi-task
/// surrogate and several task weights this is MdPL; with a single-task surrogate, dPL.
public struct SurrogateCalibration {
    public var iterations: Int
    public var learningRate: Float
    public var hidden: Int
    /// Weight of each of the surrogate's tasks in the loss (its task order).
    public var taskWeights: [Double]
    /// Weight λ of a prior towards the PFT defaults: λ Σ_p (u_p − u_default,p)² per site, in the
    /// unit cube of the parameters' transformed space (0: no prior).
    public var priorWeight: Double
    public var seed: UInt64
    private let logger = Logger(label: "mdpl.calibration")

    public init(iterations: Int = 300, learningRate: Float = 0.01, hidden: Int = 32, taskWeights: [Double],
                priorWeight: Double = 0, seed: UInt64) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.hidden = hidden
        self.taskWeights = taskWeights
        self.priorWeight = priorWeight
        self.seed = seed
    }

    /// The loss and its gradient with respect to the unit parameters of one site.
    public func siteLoss(_ model: SurrogateModel, site: CalibrationSite, unit: [Float]) -> (Double, [Float]) {
        let outputs = model.forwardScaled(site.inputs, unitParameters: [unit])
        var gradients: [Tensor?] = []
        var total = 0.0
        for (k, task) in model.tasks.enumerated() {
            let observed = site.targets.daily[task] ?? []
            var target = Tensor(shape: [site.inputs.days, 1, 1], repeating: .nan)
            for d in 0..<site.inputs.days where d < observed.count && observed[d].isFinite {
                target.scalars[d] = (observed[d] - model.scaling.targetMean[k]) / model.scaling.targetScale[k]
            }
            let loss = Loss.meanSquaredError(prediction: outputs[k], target: target)
            guard loss.count > 0, taskWeights[k] > 0 else { gradients.append(nil); continue }
            total += taskWeights[k] * loss.value
            var g = loss.gradient
            let w = Float(taskWeights[k])
            for i in g.scalars.indices { g.scalars[i] *= w }
            gradients.append(g)
        }
        guard gradients.contains(where: { $0 != nil }) else { return (0, [Float](repeating: 0, count: unit.count)) }
        let featureGradient = model.network.backward(gradients)
        // ∂loss/∂unit value = Σ_days ∂loss/∂feature / (parameter scale of the features).
        var dUnit = [Float](repeating: 0, count: unit.count)
        let width = SurrogateModel.featureCount
        for d in 0..<site.inputs.days {
            for p in 0..<unit.count {
                dUnit[p] += featureGradient.scalars[d * width + SurrogateModel.parameterOffset + p]
            }
        }
        return (total, dUnit.map { $0 / SurrogateScaling.parameterScale })
    }

    /// Trains a generator for the parameters `calibrated` on `sites`; returns it with the loss of
    /// every iteration.
    public func calibrate(_ model: SurrogateModel, sites: [CalibrationSite], calibrated: [ParameterID]) -> (ParameterGenerator, [Double]) {
        precondition(taskWeights.count == model.tasks.count, "one weight per surrogate task")
        model.network.isFrozen = true
        model.network.computesInputGradient = true
        let descriptors = sites.map(\.descriptor)
        let generator = ParameterGenerator(calibrated: calibrated, descriptors: descriptors, hidden: hidden, seed: seed)
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
                let (loss, gradient) = siteLoss(model, site: site, unit: full)
                total += loss / Double(sites.count)
                for (p, id) in calibrated.enumerated() {
                    let offset = Double(values[p] - site.inputs.defaultUnitParameters[id.index])
                    total += priorWeight * offset * offset / Double(sites.count)
                    dUnit.scalars[s * calibrated.count + p] = (gradient[id.index] + Float(2 * priorWeight * offset)) / Float(sites.count)
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
