import Foundation

/// The learning rate as a function of the optimiser step (0-based), relative to a base rate.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The base rate throughout.
    case constant
    /// Multiply by `factor` every `every` steps.
    case stepDecay(every: Int, factor: Double)
    /// Multiply by `factor` every step.
    case exponential(factor: Double)
    /// Cosine annealing (Loshchilov & Hutter 2017) from the base rate down to `minimum` × base over
    /// `steps` steps, after a linear warm-up from 0 over `warmup` steps; `minimum` × base afterwards.
    case cosine(steps: Int, warmup: Int = 0, minimum: Double = 0)

    /// The rate at `step` for base rate `base`.
    public func rate(base: Float, step: Int) -> Float {
        let factor: Double
        switch self {
        case .constant:
            factor = 1
        case let .stepDecay(every, decay):
            factor = pow(decay, Double(step / max(1, every)))
        case let .exponential(decay):
            factor = pow(decay, Double(step))
        case let .cosine(steps, warmup, minimum):
            if step < warmup {
                factor = Double(step + 1) / Double(warmup)
            } else if step >= steps {
                factor = minimum
            } else {
                let progress = Double(step - warmup) / Double(max(1, steps - warmup))
                factor = minimum + (1 - minimum) * 0.5 * (1 + cos(Double.pi * progress))
            }
        }
        return Float(Double(base) * factor)
    }
}
