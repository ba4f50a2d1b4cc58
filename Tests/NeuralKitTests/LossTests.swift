import Testing
@testable import NeuralKit

/// Losses: known values, masking of missing observations, and gradients against central
/// differences (see `GradientCheck` for tolerances).
@Suite struct LossTests {
    let steps = 6, batch = 3
    var prediction: Tensor { random([steps, batch, 1], seed: 1) }
    var target: Tensor {
        var t = random([steps, batch, 1], seed: 2)
        t.scalars[4] = .nan   // a missing observation
        for i in t.scalars.indices { t.scalars[i] += 2 }   // nonzero observed means, for KGE
        return t
    }
    var mask: Tensor {
        var m = Tensor(shape: [steps, batch, 1], repeating: 1)
        m.scalars[7] = 0
        return m
    }

    @Test func meanSquaredErrorKnownValue() {
        let p = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let y = Tensor(shape: [2, 2], scalars: [1, 0, .nan, 8])
        let result = Loss.meanSquaredError(prediction: p, target: y)
        #expect(result.count == 3)
        #expect(result.value == (0 + 4 + 16) / 3.0)
        #expect(result.gradient.scalars == [0, 4.0 / 3, 0, -8.0 / 3])
        let rmse = Loss.rootMeanSquaredError(prediction: p, target: y)
        #expect(abs(rmse.value - (20.0 / 3).squareRoot()) < 1e-12)
    }

    @Test func maskedObservationsDoNotCount() {
        let base = Loss.meanSquaredError(prediction: prediction, target: target, mask: mask)
        var changed = target
        changed.scalars[7] = 1000   // masked out
        let again = Loss.meanSquaredError(prediction: prediction, target: changed, mask: mask)
        #expect(again.value == base.value)
        #expect(base.count == steps * batch - 2)
        #expect(base.gradient.scalars[7] == 0 && base.gradient.scalars[4] == 0)
    }

    func checkGradient(_ loss: (Tensor) -> LossResult) {
        var p = prediction
        let p0 = p
        let gradient = loss(p).gradient
        GradientCheck.check("prediction", value: p0, gradient: gradient, set: { p = $0 }) { loss(p).value }
    }

    @Test func meanSquaredErrorGradient() {
        checkGradient { Loss.meanSquaredError(prediction: $0, target: target, mask: mask) }
    }

    @Test func rootMeanSquaredErrorGradient() {
        checkGradient { Loss.rootMeanSquaredError(prediction: $0, target: target, mask: mask) }
    }

    @Test func normalizedSquaredError() {
        let deviations: [Float] = [0.5, 1, 2]
        checkGradient {
            Loss.normalizedSquaredError(prediction: $0, target: target, mask: mask, siteStandardDeviations: deviations)
        }
        // Known value: one site, errors 1 and 3, σ = 1.9, ε = 0.1 → (1 + 9) / 2 / 4.
        let p = Tensor(shape: [2, 1], scalars: [1, 3]), y = Tensor(shape: [2, 1], scalars: [0, 0])
        let value = Loss.normalizedSquaredError(prediction: p, target: y, siteStandardDeviations: [1.9]).value
        #expect(abs(value - 1.25) < 1e-6)
    }

    @Test func klingGuptaGradient() {
        checkGradient { Loss.klingGupta(prediction: $0, target: target, mask: mask) }
    }

    @Test func klingGuptaKnownValues() {
        let y = Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        #expect(Loss.klingGupta(prediction: y, target: y).value < 1e-6)   // perfect: KGE = 1
        // Doubling the simulation: r = 1, α = 2, β = 2 → 1 − KGE = √2.
        let doubled = Tensor(shape: [4, 1], scalars: [2, 4, 6, 8])
        #expect(abs(Loss.klingGupta(prediction: doubled, target: y).value - 2.0.squareRoot()) < 1e-6)
    }

    @Test func weightedSum() {
        let a = Loss.meanSquaredError(prediction: prediction, target: target)
        let b = Loss.rootMeanSquaredError(prediction: prediction, target: target)
        let total = MultiTaskLoss.weightedSum([a, b], weights: [0.25, 2])
        #expect(abs(total.value - (0.25 * a.value + 2 * b.value)) < 1e-12)
        #expect(total.gradients[1].scalars == b.gradient.scalars.map { $0 * 2 })
    }

    @Test func uncertaintyWeighting() {
        let weighting = UncertaintyWeighting(name: "tasks", tasks: 2)
        weighting.logVariance.value = Tensor(shape: [2], scalars: [0.3, -0.2])
        let losses = [Loss.meanSquaredError(prediction: prediction, target: target),
                      Loss.klingGupta(prediction: prediction, target: target)]
        let combined = weighting.combine(losses)
        let expected = 0.5 * Foundation.exp(-0.3) * losses[0].value + 0.15
            + 0.5 * Foundation.exp(0.2) * losses[1].value - 0.1
        #expect(abs(combined.value - expected) < 1e-6)
        GradientCheck.checkParameters(weighting.parameters) { weighting.combine(losses).value }
    }
}

import Foundation
