import Foundation

/// Combines the losses of several tasks into one objective, returning the total and the gradient
/// with respect to each task's prediction.
public enum MultiTaskLoss {
    /// Σₖ wₖ Lₖ with fixed weights.
    public static func weightedSum(_ losses: [LossResult], weights: [Double]) -> (value: Double, gradients: [Tensor]) {
        precondition(losses.count == weights.count, "MultiTaskLoss: \(losses.count) losses and \(weights.count) weights")
        let value = zip(losses, weights).reduce(0.0) { $0 + $1.1 * $1.0.value }
        return (value, zip(losses, weights).map { scaled($0.gradient, by: Float($1)) })
    }

    static func scaled(_ tensor: Tensor, by factor: Float) -> Tensor {
        var result = tensor
        let n = result.count
        guard n > 0 else { return result }
        result.withUnsafeMutableBufferPointer { Kernels.map($0.baseAddress!, $0.baseAddress!, count: n) { $0 * factor } }
        return result
    }
}

/// Learnable uncertainty weighting of task losses (Kendall, Gal & Cipolla 2018, CVPR), in the
/// regression form  L = Σₖ ½ exp(−sₖ) Lₖ + ½ sₖ  with a learned sₖ = log σₖ² per task: a task whose
/// loss stays large gets a smaller weight, and the ½ sₖ term stops the weights from vanishing.
public final class UncertaintyWeighting: Layer {
    /// sₖ = log σₖ², shape `[tasks]`, initialised to 0 (all weights ½).
    public let logVariance: Parameter
    public var isFrozen = false

    /// Weighting for `tasks` tasks, its parameter named `name.logVariance`.
    public init(name: String, tasks: Int) {
        logVariance = Parameter(name: name + ".logVariance", value: Tensor(shape: [tasks]))
    }

    public var parameters: [Parameter] { [logVariance] }

    /// The current weights ½ exp(−sₖ).
    public var weights: [Double] { logVariance.value.scalars.map { 0.5 * exp(-Double($0)) } }

    /// The combined loss and each task's prediction gradient; accumulates ∂L/∂sₖ = ½ − ½ exp(−sₖ) Lₖ
    /// into the parameter's gradient (unless frozen).
    public func combine(_ losses: [LossResult]) -> (value: Double, gradients: [Tensor]) {
        precondition(losses.count == logVariance.value.count,
                     "UncertaintyWeighting: \(losses.count) losses for \(logVariance.value.count) tasks")
        let w = weights
        var value = 0.0
        for (k, loss) in losses.enumerated() {
            value += w[k] * loss.value + 0.5 * Double(logVariance.value.scalars[k])
            if !isFrozen { logVariance.gradient.scalars[k] += Float(0.5 - w[k] * loss.value) }
        }
        return (value, zip(losses, w).map { MultiTaskLoss.scaled($0.gradient, by: Float($1)) })
    }
}
