import Testing
@testable import NeuralKit

@Suite struct OptimizerTests {
    func parameter(_ values: [Float], gradient: [Float]) -> Parameter {
        let p = Parameter(name: "p", value: Tensor(shape: [values.count], scalars: values))
        p.gradient = Tensor(shape: [gradient.count], scalars: gradient)
        return p
    }

    @Test func sgdWithMomentum() {
        let p = parameter([1, -2], gradient: [0.5, 1])
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9)
        sgd.step()
        #expect(p.value.scalars == [1 - 0.05, -2 - 0.1])
        sgd.step()   // v = 0.9 v + g = 1.9 g
        #expect(abs(p.value.scalars[0] - (0.95 - 0.1 * 0.95)) < 1e-6)
    }

    /// The first Adam step moves every parameter by the learning rate against its gradient's sign
    /// (m̂ = g, v̂ = g², so m̂/√v̂ = sign g, up to ε).
    @Test(arguments: 0..<20)
    func adamFirstStepIsSignStep(length: Int) {
        let values = (0..<(length + 1)).map { Float($0) * 0.1 }
        let gradients = (0..<(length + 1)).map { Float($0 % 3) - 1.2 }
        let p = parameter(values, gradient: gradients)
        Adam(parameters: [p], learningRate: 0.01).step()
        for i in values.indices {
            #expect(abs(p.value.scalars[i] - (values[i] - 0.01 * (gradients[i] > 0 ? 1 : -1))) < 1e-6)
        }
    }

    @Test func adamWDecaysWeightsDecoupled() {
        let p = parameter([2, -4], gradient: [0, 0])
        Adam.adamW(parameters: [p], learningRate: 0.1, weightDecay: 0.5).step()
        // Zero gradient: only the decay p ← p (1 − ηλ) acts.
        #expect(p.value.scalars == [2 * 0.95, -4 * 0.95])
    }

    @Test func adamMinimisesAQuadratic() {
        let target: [Float] = [3, -1, 0.5]
        let p = parameter([0, 0, 0], gradient: [0, 0, 0])
        let adam = Adam(parameters: [p], learningRate: 0.05)
        for _ in 0..<2000 {
            p.gradient = Tensor(shape: [3], scalars: zip(p.value.scalars, target).map { 2 * ($0 - $1) })
            adam.step()
        }
        #expect(zip(p.value.scalars, target).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func globalNormClipping() {
        let a = parameter([0, 0], gradient: [3, 0]), b = parameter([0], gradient: [4])
        let norm = GradientClipping.clipGlobalNorm([a, b], maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(GradientClipping.globalNorm([a, b]) - 1) < 1e-6)
        #expect(a.gradient.scalars == [0.6, 0] && b.gradient.scalars == [0.8])
        #expect(GradientClipping.clipGlobalNorm([a, b], maxNorm: 10) < 10)
        #expect(b.gradient.scalars == [0.8])   // below the limit: unchanged
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, step: 99) == 0.1)
        #expect(LearningRateSchedule.stepDecay(every: 10, factor: 0.5).rate(base: 1, step: 25) == 0.25)
        #expect(abs(LearningRateSchedule.exponential(factor: 0.9).rate(base: 1, step: 2) - 0.81) < 1e-6)
        let cosine = LearningRateSchedule.cosine(steps: 110, warmup: 10, minimum: 0.1)
        #expect(cosine.rate(base: 1, step: 0) == 0.1)          // warm-up: (0 + 1) / 10
        #expect(cosine.rate(base: 1, step: 10) == 1)            // top after warm-up
        #expect(abs(cosine.rate(base: 1, step: 60) - 0.55) < 1e-6)   // half-way: (1 + 0.1) / 2
        #expect(abs(cosine.rate(base: 1, step: 500) - 0.1) < 1e-6)
    }

    @Test func earlyStopping() {
        var stopping = EarlyStopping(patience: 2, minimumImprovement: 0.01)
        let decisions = [1.0, 0.8, 0.795, .nan, 0.7, 0.75, 0.71].map { stopping.record($0) }
        #expect(decisions == [.improved, .improved, .keepGoing, .stop, .improved, .keepGoing, .stop])
        #expect(stopping.best == 0.7 && stopping.bestEvaluation == 4)
    }
}
