import Testing
@testable import NeuralKit

/// Every layer's backward pass against central differences (see `GradientCheck` for tolerances).
@Suite struct LayerGradientTests {
    @Test func linear() {
        var generator = SeededGenerator(seed: 1)
        let layer = Linear(name: "linear", inputs: 5, outputs: 3, using: &generator)
        layer.bias.value = random([3], seed: 2)
        var x = random([2, 4, 5], seed: 3)
        let probe = Probe(shape: [2, 4, 3], seed: 4)
        let y = layer.forward(x)
        #expect(y.shape == [2, 4, 3])
        let dx = layer.backward(probe.weights)
        GradientCheck.checkParameters(layer.parameters) { probe.loss(layer.forward(x)) }
        let x0 = x
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }) { probe.loss(layer.forward(x)) }
    }

    @Test(arguments: [Activation.gelu, .tanh, .sigmoid, .identity])
    func mlp(activation: Activation) {
        var generator = SeededGenerator(seed: 10)
        let mlp = MLP(name: "mlp", sizes: [4, 6, 5, 2], activation: activation, outputActivation: activation,
                      using: &generator)
        var x = random([7, 4], seed: 11)
        let probe = Probe(shape: [7, 2], seed: 12)
        _ = mlp.forward(x)
        let dx = mlp.backward(probe.weights)
        GradientCheck.checkParameters(mlp.parameters) { probe.loss(mlp.forward(x)) }
        let x0 = x
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }) { probe.loss(mlp.forward(x)) }
    }

    /// ReLU has a kink at 0, where central differences are meaningless; its derivative is checked
    /// on inputs at least 0.2 away from the kink (a step of 1e-2 never crosses it).
    @Test func reluDerivativeAwayFromTheKink() {
        let x = Tensor(shape: [8], scalars: [-2, -0.5, -0.2, 0.2, 0.3, 1, 2.5, -3])
        var y = x
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { Activation.relu.apply(xs.baseAddress!, $0.baseAddress!, count: 8) }
        }
        #expect(y.scalars == [0, 0, 0, 0.2, 0.3, 1, 2.5, 0])
        var gradient = Tensor(shape: [8], repeating: 1)
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                gradient.withUnsafeMutableBufferPointer {
                    Activation.relu.multiplyByDerivative($0.baseAddress!, input: xs.baseAddress!, output: ys.baseAddress!, count: 8)
                }
            }
        }
        let step: Float = 1e-2
        let numeric = x.scalars.map { (max($0 + step, 0) - max($0 - step, 0)) / (2 * step) }
        #expect(zip(gradient.scalars, numeric).allSatisfy { abs($0 - $1) < 1e-5 })   // Float rounding of x ± h
    }

    @Test func reluMLPInputGradient() {
        var generator = SeededGenerator(seed: 13)
        let mlp = MLP(name: "mlp", sizes: [3, 8, 2], activation: .relu, using: &generator)
        var x = random([5, 3], seed: 14)
        let probe = Probe(shape: [5, 2], seed: 15)
        _ = mlp.forward(x)
        let dx = mlp.backward(probe.weights)
        // Away from kinks the network is linear in the input, so a small step (1e-3) is exact
        // up to rounding; the check below uses the standard step and tolerance.
        let x0 = x
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }) { probe.loss(mlp.forward(x)) }
    }

    /// Hidden width 5 gives the packed products (`PanelProduct`) panels narrower than a vector,
    /// 16 whole vectors.
    @Test(arguments: [(1, 5), (2, 5), (1, 16)])
    func lstm(layers: Int, hidden: Int) {
        var generator = SeededGenerator(seed: 20)
        let lstm = LSTM(name: "lstm", inputs: 3, hidden: hidden, layers: layers, forgetBias: 1, using: &generator)
        let steps = 6, batch = 3
        var x = random([steps, batch, 3], seed: 21)
        var initial = LSTMState(hidden: random([layers, batch, hidden], seed: 22, scale: 0.5),
                                cell: random([layers, batch, hidden], seed: 23, scale: 0.5))
        let probe = Probe(shape: [steps, batch, hidden], seed: 24)
        let hiddenProbe = Probe(shape: [layers, batch, hidden], seed: 25)
        let cellProbe = Probe(shape: [layers, batch, hidden], seed: 26)
        func loss() -> Double {
            let y = lstm.forward(x, initialState: initial)
            let final = lstm.finalState
            return probe.loss(y) + hiddenProbe.loss(final.hidden) + cellProbe.loss(final.cell)
        }
        _ = lstm.forward(x, initialState: initial)
        let dx = lstm.backward(probe.weights,
                               finalStateGradient: LSTMState(hidden: hiddenProbe.weights, cell: cellProbe.weights))
        let initialGradient = lstm.initialStateGradient
        GradientCheck.checkParameters(lstm.parameters, loss: loss)
        let x0 = x, initial0 = initial
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }, loss: loss)
        GradientCheck.check("initial hidden", value: initial0.hidden, gradient: initialGradient.hidden,
                            set: { initial.hidden = $0 }, loss: loss)
        GradientCheck.check("initial cell", value: initial0.cell, gradient: initialGradient.cell,
                            set: { initial.cell = $0 }, loss: loss)
    }

    /// Masked steps carry the state; gradients must flow through the carried state.
    @Test func lstmWithMask() {
        var generator = SeededGenerator(seed: 30)
        let lstm = LSTM(name: "lstm", inputs: 2, hidden: 4, using: &generator)
        let steps = 7, batch = 2
        var x = random([steps, batch, 2], seed: 31)
        let mask = Tensor(shape: [steps, batch], scalars: [1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1])
        let probe = Probe(shape: [steps, batch, 4], seed: 32)
        let finalProbe = Probe(shape: [1, batch, 4], seed: 33)
        func loss() -> Double {
            probe.loss(lstm.forward(x, mask: mask)) + finalProbe.loss(lstm.finalState.cell)
        }
        let y = lstm.forward(x, mask: mask)
        // Sequence 0 is masked at step 2: its hidden state there equals that of step 1.
        #expect(Array(y.scalars[(2 * batch * 4)..<(2 * batch * 4 + 4)]) == Array(y.scalars[(1 * batch * 4)..<(1 * batch * 4 + 4)]))
        let dx = lstm.backward(probe.weights, finalStateGradient: LSTMState(hidden: Tensor(shape: [1, batch, 4]), cell: finalProbe.weights))
        // The input of a masked step has no influence.
        #expect(dx.scalars[(2 * batch) * 2] == 0 && dx.scalars[(2 * batch) * 2 + 1] == 0)
        GradientCheck.checkParameters(lstm.parameters, loss: loss)
        let x0 = x
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }, loss: loss)
    }

    /// The parallel lanes of the recurrence give the single-lane result.
    @Test func lstmLanesAgreeWithOneLane() {
        var generator = SeededGenerator(seed: 35)
        let lstm = LSTM(name: "lstm", inputs: 3, hidden: 32, using: &generator)
        let x = random([9, 5, 3], seed: 36)
        let probe = Probe(shape: [9, 5, 32], seed: 37)
        func run(lanes: Int) -> (Tensor, Tensor, Tensor) {
            lstm.layers[0].parallelLanes = lanes
            lstm.zeroGradients()
            let y = lstm.forward(x)
            let dx = lstm.backward(probe.weights)
            return (y, dx, lstm.layers[0].recurrentWeight.gradient)
        }
        let one = run(lanes: 1), two = run(lanes: 3)
        #expect(one.0 == two.0)   // each sequence's recurrence is computed by the same formula
        // Input and weight gradients are products over other blocks of rows (and the weight
        // gradient a sum of per-lane sums): equal up to Float rounding.
        #expect(zip(one.1.scalars, two.1.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
        #expect(zip(one.2.scalars, two.2.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
    }

    @Test func embedding() {
        var generator = SeededGenerator(seed: 40)
        let embedding = Embedding(name: "doy", rows: 366, width: 3, using: &generator)
        let days: [Int32] = [0, 5, 365, 5, 100]
        let y = embedding.forward(days, shape: [5])
        #expect(Array(y.scalars[3..<6]) == Array(embedding.table.value.scalars[15..<18]))
        let probe = Probe(shape: [5, 3], seed: 41)
        embedding.backward(probe.weights)
        // Row 5 is used twice, so its gradient is the sum of both output gradients.
        let row5 = Array(embedding.table.gradient.scalars[15..<18])
        let expected = (0..<3).map { probe.weights.scalars[3 + $0] + probe.weights.scalars[9 + $0] }
        #expect(row5 == expected)
        GradientCheck.checkParameters(embedding.parameters) { probe.loss(embedding.forward(days, shape: [5])) }
    }

    @Test func dropout() {
        let dropout = Dropout(rate: 0.3, seed: 50)
        let x = Tensor(shape: [4000], repeating: 2)
        let y = dropout.forward(x, training: true)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 2 / 0.7) < 1e-5 })
        let dropped = Double(y.count - kept.count) / Double(y.count)
        #expect(abs(dropped - 0.3) < 0.03)   // binomial sd is 0.007
        let g = dropout.backward(Tensor(shape: [4000], repeating: 1))
        #expect(zip(g.scalars, y.scalars).allSatisfy { abs($0 - $1 / 2) < 1e-6 })
        #expect(dropout.forward(x, training: false) == x)
        // Same seed, same masks.
        #expect(Dropout(rate: 0.3, seed: 50).forward(x, training: true) == y)
    }

    @Test func mixtureOfExperts() {
        var generator = SeededGenerator(seed: 60)
        let mixture = MixtureOfExperts(name: "mmoe", inputs: 4, experts: 3, expertSizes: [6, 5], towerSizes: [4],
                                       taskOutputs: [1, 2], activation: .tanh, using: &generator)
        mixture.input.bias.value = random([mixture.input.outputs], seed: 61)
        var x = random([3, 2, 4], seed: 62)
        let probes = [Probe(shape: [3, 2, 1], seed: 63), Probe(shape: [3, 2, 2], seed: 64)]
        func loss() -> Double {
            zip(mixture.forward(x), probes).reduce(0.0) { $0 + $1.1.loss($1.0) }
        }
        let outputs = mixture.forward(x)
        #expect(outputs.map(\.shape) == [[3, 2, 1], [3, 2, 2]])
        let gateRows = mixture.gateWeights(task: 1).scalars
        for row in 0..<6 {
            #expect(abs(gateRows[(3 * row)..<(3 * row + 3)].reduce(0, +) - 1) < 1e-6)
        }
        let dx = mixture.backward(probes.map(\.weights))
        GradientCheck.checkParameters(mixture.parameters, loss: loss)
        let x0 = x
        GradientCheck.check("input", value: x0, gradient: dx, set: { x = $0 }, loss: loss)
    }
}
