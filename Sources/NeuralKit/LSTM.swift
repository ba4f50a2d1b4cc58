/// A stack of LSTM layers over a batch of time-major sequences (`[steps, batch, features]`), each
/// layer's hidden sequence being the next layer's input. Initial states are inputs and final
/// states outputs, with gradients both ways, so long records can be processed in consecutive
/// windows and the LSTM can be initialised by another network.
public final class LSTM: Layer {
    /// The layers, input side first.
    public let layers: [LSTMLayer]
    public var isFrozen = false {
        didSet { for layer in layers { layer.isFrozen = isFrozen } }
    }
    /// When false, `backward` skips the gradient with respect to the input sequence (e.g. when the
    /// input is data); the layers above the first still backpropagate to their inputs.
    public var computesInputGradient = true {
        didSet { layers[0].computesInputGradient = computesInputGradient }
    }
    /// The input features whose gradient `backward` returns (nil for all).
    public var inputGradientColumns: Range<Int>? {
        get { layers[0].inputGradientColumns }
        set { layers[0].inputGradientColumns = newValue }
    }

    /// The number of input features.
    public var inputs: Int { layers[0].inputs }
    /// The width of the hidden state (of every layer).
    public var hidden: Int { layers[0].hidden }

    /// A stack of `layerCount` layers named `name.layer0`, …; see `LSTMLayer.init` for
    /// initialisation and `forgetBias`.
    public init(name: String, inputs: Int, hidden: Int, layers layerCount: Int = 1, forgetBias: Float = 1,
                using generator: inout SeededGenerator) {
        precondition(layerCount >= 1, "LSTM \(name): needs at least one layer")
        layers = (0..<layerCount).map {
            LSTMLayer(name: "\(name).layer\($0)", inputs: $0 == 0 ? inputs : hidden, hidden: hidden,
                      forgetBias: forgetBias, using: &generator)
        }
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Runs all layers over `input` (`[steps, batch, inputs]`) from `initialState` (zero when nil)
    /// with an optional per-step `mask` (`[steps, batch]`, 0 = carry the state through the step).
    /// Returns the last layer's hidden states `[steps, batch, hidden]`; see `finalState`.
    public func forward(_ input: Tensor, initialState: LSTMState? = nil, mask: Tensor? = nil) -> Tensor {
        let batch = input.shape.count == 3 ? input.shape[1] : 0
        if let initialState {
            precondition(initialState.hidden.shape == [layers.count, batch, hidden],
                         "LSTM: initial state shape \(initialState.hidden.shape), expected [\(layers.count), \(batch), \(hidden)]")
        }
        var x = input
        for (l, layer) in layers.enumerated() {
            x = layer.forward(x, initialHidden: initialState.map { Self.slice($0.hidden, l) },
                              initialCell: initialState.map { Self.slice($0.cell, l) }, mask: mask)
        }
        return x
    }

    /// The state after the last step of the last `forward`, `[layers, batch, hidden]` each.
    public var finalState: LSTMState {
        let states = layers.map(\.finalState)
        return LSTMState(hidden: Self.stack(states.map(\.hidden)), cell: Self.stack(states.map(\.cell)))
    }

    /// Backpropagates through all layers and steps. `outputGradient`: ∂loss/∂ of the returned hidden
    /// states (nil when only the final state matters); `finalStateGradient`: ∂loss/∂`finalState`.
    /// Returns ∂loss/∂input; the initial-state gradient is `initialStateGradient` afterwards.
    public func backward(_ outputGradient: Tensor?, finalStateGradient: LSTMState? = nil) -> Tensor {
        var gradient = outputGradient
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            gradient = layers[l].backward(gradient,
                                          finalHiddenGradient: finalStateGradient.map { Self.slice($0.hidden, l) },
                                          finalCellGradient: finalStateGradient.map { Self.slice($0.cell, l) })
        }
        return gradient ?? Tensor(shape: [0])
    }

    /// ∂loss/∂ of the initial state after `backward`, `[layers, batch, hidden]` each.
    public var initialStateGradient: LSTMState {
        let states = layers.map(\.initialStateGradient)
        return LSTMState(hidden: Self.stack(states.map(\.hidden)), cell: Self.stack(states.map(\.cell)))
    }

    private static func slice(_ state: Tensor, _ layer: Int) -> Tensor {
        let n = state.shape[1] * state.shape[2]
        return Tensor(shape: [state.shape[1], state.shape[2]], scalars: Array(state.scalars[(layer * n)..<((layer + 1) * n)]))
    }

    private static func stack(_ states: [Tensor]) -> Tensor {
        Tensor(shape: [states.count] + states[0].shape, scalars: states.flatMap(\.scalars))
    }
}
