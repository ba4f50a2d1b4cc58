import Testing
@testable import NeuralKit

@Suite struct SequenceModelTests {
    let configuration = SequenceModel.Configuration(
        features: 3, dayOfYearWidth: 2, hidden: 5, layers: 2,
        head: .mixtureOfExperts(experts: 3, expertSizes: [4], towerSizes: [3], activation: .gelu), taskOutputs: [1, 2])
    let steps = 5, batch = 2
    var days: [Int32] { (0..<(steps * batch)).map { Int32(($0 * 37) % 366 + 1) } }

    /// (GELU rather than ReLU in the head: central differences are meaningless across ReLU kinks.)
    /// ∂loss/∂features of the whole model (embedding → 2-layer LSTM → MMoE) and the parameter
    /// gradients against central differences.
    @Test func wholeModelGradients() {
        let model = SequenceModel(configuration, seed: 3)
        var features = random([steps, batch, 3], seed: 4)
        let probes = [Probe(shape: [steps, batch, 1], seed: 5), Probe(shape: [steps, batch, 2], seed: 6)]
        func loss() -> Double {
            zip(model.forward(features: features, dayOfYear: days), probes).reduce(0.0) { $0 + $1.1.loss($1.0) }
        }
        _ = model.forward(features: features, dayOfYear: days)
        let inputGradient = model.backward(probes.map(\.weights))
        #expect(inputGradient.shape == [steps, batch, 3])
        let features0 = features
        GradientCheck.check("features", value: features0, gradient: inputGradient, set: { features = $0 }, loss: loss)
        GradientCheck.checkParameters(model.parameters, loss: loss)
    }

    /// A frozen model accumulates no parameter gradient but gives the same input gradient.
    @Test func frozenModelGivesInputGradientsOnly() {
        let model = SequenceModel(configuration, seed: 3)
        let features = random([steps, batch, 3], seed: 4)
        let gradients = [random([steps, batch, 1], seed: 5), random([steps, batch, 2], seed: 6)]
        _ = model.forward(features: features, dayOfYear: days)
        let trainable = model.backward(gradients)
        model.zeroGradients()
        model.isFrozen = true
        _ = model.forward(features: features, dayOfYear: days)
        let frozen = model.backward(gradients)
        #expect(frozen == trainable)
        #expect(model.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } })
    }

    /// Gradients through the linear head, one task without a loss.
    @Test func linearHeadGradients() {
        let model = SequenceModel(.init(features: 2, hidden: 4, taskOutputs: [1, 2]), seed: 8)
        var features = random([5, 3, 2], seed: 9)
        let probe = Probe(shape: [5, 3, 2], seed: 10)
        func loss() -> Double { probe.loss(model.forward(features: features)[1]) }
        _ = model.forward(features: features)
        let inputGradient = model.backward([nil, probe.weights])
        let features0 = features
        GradientCheck.check("features", value: features0, gradient: inputGradient, set: { features = $0 }, loss: loss)
        GradientCheck.checkParameters(model.parameters, loss: loss)
    }

    /// Without feature gradients the encoder computes only the embedding's input columns; the
    /// parameter gradients must not change.
    @Test func embeddingGradientWithoutFeatureGradients() {
        let features = random([steps, batch, 3], seed: 4)
        let gradients = [random([steps, batch, 1], seed: 5), random([steps, batch, 2], seed: 6)]
        func parameterGradients(featureGradients: Bool) -> [Tensor] {
            let model = SequenceModel(configuration, seed: 3)
            model.computesInputGradient = featureGradients
            _ = model.forward(features: features, dayOfYear: days)
            let inputGradient = model.backward(gradients)
            #expect(inputGradient.count == (featureGradients ? steps * batch * 3 : 0))
            return model.parameters.map(\.gradient)
        }
        // (Equal up to the rounding of a matrix product computed over fewer columns.)
        for (narrow, full) in zip(parameterGradients(featureGradients: false), parameterGradients(featureGradients: true)) {
            #expect(zip(narrow.scalars, full.scalars).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
        }
    }

    @Test func linearHeadsAndParameterNames() {
        let model = SequenceModel(.init(features: 4, hidden: 3, taskOutputs: [1, 1]), seed: 1)
        #expect(model.parameters.map(\.name) == [
            "encoder.layer0.inputWeight", "encoder.layer0.recurrentWeight", "encoder.layer0.bias",
            "head.weight", "head.bias",
        ])
        // The forget-gate bias starts at forgetBias = 1, the other gates at 0.
        #expect(model.encoder.layers[0].bias.value.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        let features = random([7, 2, 4], seed: 2)
        let outputs = model.forward(features: features)
        #expect(outputs.map(\.shape) == [[7, 2, 1], [7, 2, 1]])
        // Task 1 is row 1 of the head: its output is the LSTM state times that row plus its bias.
        let hidden = model.encoder.forward(features)
        let w = model.linearHead!.weight.value.scalars, b = model.linearHead!.bias.value.scalars
        for n in 0..<14 {
            let expected = (0..<3).reduce(b[1]) { $0 + w[3 + $1] * hidden.scalars[n * 3 + $1] }
            #expect(abs(outputs[1].scalars[n] - expected) < 1e-6)
        }
    }
}
