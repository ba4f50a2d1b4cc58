import Testing
@testable import NeuralKit

/// Central-difference checks of hand-written gradients, run in Float32.
///
/// Tolerances: the checked losses are O(1) and accumulated in Double, but every forward pass runs
/// in Float32 (unit roundoff u = 6e-8), so a loss value carries an absolute rounding error of
/// roughly 10–100 u for the small networks used here (≈ 1e-6 to 6e-6). With step h = 1e-2 the
/// central difference therefore has a rounding error of about 1e-6/h ≈ 1e-4 to 6e-4 and a
/// truncation error h²/6 · f''' ≈ 1e-4 for the smooth activations used. An error of
/// 2e-3 + 2 % of the gradient's magnitude is thus far above noise, yet any wrong term in a
/// backward pass (a missing gate, a transposed product, a wrong sign) shows as an error of order
/// the gradient itself. The check allows the sum of the two, |numeric − analytic| ≤ 2e-3 + 2 % of
/// max(|numeric|, |analytic|), as this estimate adds the two errors; it is deliberately not RealModule's
/// `isApproximatelyEqual`, which takes the larger of the two tolerances.
enum GradientCheck {
    static let step: Float = 1e-2
    static let absoluteTolerance = 2e-3
    static let relativeTolerance = 2e-2

    /// Checks `gradient` = ∂loss/∂`tensor` at a few coordinates (the largest gradient entries and
    /// some random ones) and along the gradient direction. `set` installs a perturbed value and
    /// `loss` evaluates the loss with it; the original value is restored afterwards.
    static func check(_ label: String, value: Tensor, gradient: Tensor, set: (Tensor) -> Void,
                      loss: () -> Double, coordinates: Int = 4, seed: UInt64 = 7,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(gradient.shape == value.shape, "\(label): gradient shape", sourceLocation: sourceLocation)
        defer { set(value) }
        func lossAt(_ offset: (inout Tensor) -> Void) -> Double {
            var perturbed = value
            offset(&perturbed)
            set(perturbed)
            return loss()
        }
        let g = gradient.scalars
        var generator = SeededGenerator(seed: seed)
        let largest = g.indices.sorted { abs(g[$0]) > abs(g[$1]) }.prefix(coordinates)
        let random = (0..<coordinates).map { _ in Int(generator.next() % UInt64(g.count)) }
        for index in Set(largest + random) {
            let plus = lossAt { $0.scalars[index] += step }
            let minus = lossAt { $0.scalars[index] -= step }
            let numeric = (plus - minus) / (2 * Double(step))
            let analytic = Double(g[index])
            #expect(abs(numeric - analytic) <= absoluteTolerance + relativeTolerance * max(abs(numeric), abs(analytic)),
                    "\(label)[\(index)]: analytic \(analytic), central difference \(numeric)",
                    sourceLocation: sourceLocation)
        }
        // Along the unit gradient direction the directional derivative is |g|.
        let norm = g.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > 1e-6 else { return }
        let direction = g.map { Float(Double($0) / norm) }
        let plus = lossAt { for i in $0.scalars.indices { $0.scalars[i] += step * direction[i] } }
        let minus = lossAt { for i in $0.scalars.indices { $0.scalars[i] -= step * direction[i] } }
        let numeric = (plus - minus) / (2 * Double(step))
        #expect(abs(numeric - norm) <= absoluteTolerance + relativeTolerance * norm,
                "\(label) along the gradient: |g| = \(norm), central difference \(numeric)",
                sourceLocation: sourceLocation)
    }

    /// Checks every parameter's accumulated gradient.
    static func checkParameters(_ parameters: [Parameter], loss: () -> Double,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        for parameter in parameters {
            let gradient = parameter.gradient
            check(parameter.name, value: parameter.value, gradient: gradient, set: { parameter.value = $0 },
                  loss: loss, sourceLocation: sourceLocation)
        }
    }
}

/// A fixed random linear functional L(y) = Σ wᵢ yᵢ (in Double) and its gradient w, used to
/// backpropagate through layers whose output is not itself a loss.
struct Probe {
    let weights: Tensor

    init(shape: [Int], seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        weights = .normal(shape: shape, standardDeviation: 0.5, using: &generator)
    }

    func loss(_ y: Tensor) -> Double {
        zip(y.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
}

func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return .normal(shape: shape, standardDeviation: scale, using: &generator)
}
