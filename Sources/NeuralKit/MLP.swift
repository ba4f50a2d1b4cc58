/// A multilayer perceptron: Linear layers with an activation after each hidden layer and an
/// optional activation after the last.
public final class MLP: TensorLayer {
    /// The Linear layers, input side first.
    public let layers: [Linear]
    /// The activation after every hidden layer.
    public let activation: Activation
    /// The activation after the last layer (`.identity` for a regression output).
    public let outputActivation: Activation
    public var isFrozen = false {
        didSet { for layer in layers { layer.isFrozen = isFrozen } }
    }
    /// When false, `backward` skips the gradient with respect to the MLP's input.
    public var computesInputGradient = true {
        didSet { layers[0].computesInputGradient = computesInputGradient }
    }

    private var preActivations: [Tensor] = []
    private var activations: [Tensor] = []

    /// An MLP with layer widths `sizes` (`sizes[0]` inputs, `sizes.last` outputs); layers are
    /// named `name.layer0`, `name.layer1`, ….
    public init(name: String, sizes: [Int], activation: Activation, outputActivation: Activation = .identity,
                using generator: inout SeededGenerator) {
        precondition(sizes.count >= 2, "MLP \(name): needs at least an input and an output size, got \(sizes)")
        layers = (0..<(sizes.count - 1)).map {
            Linear(name: "\(name).layer\($0)", inputs: sizes[$0], outputs: sizes[$0 + 1], using: &generator)
        }
        self.activation = activation
        self.outputActivation = outputActivation
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The number of output features.
    public var outputs: Int { layers.last!.outputs }

    public func forward(_ input: Tensor, training: Bool = false) -> Tensor {
        preActivations.removeAll(keepingCapacity: true)
        activations.removeAll(keepingCapacity: true)
        var x = input
        for (index, layer) in layers.enumerated() {
            let z = layer.forward(x, training: training)
            let f = index == layers.count - 1 ? outputActivation : activation
            var y = z
            if f != .identity {
                let n = z.count
                y.withUnsafeMutableBufferPointer { out in
                    z.withUnsafeBufferPointer { f.apply($0.baseAddress!, out.baseAddress!, count: n) }
                }
            }
            preActivations.append(z)
            activations.append(y)
            x = y
        }
        return x
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        precondition(!activations.isEmpty, "MLP: backward before forward")
        var gradient = outputGradient
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let f = index == layers.count - 1 ? outputActivation : activation
            if f != .identity {
                let n = gradient.count
                preActivations[index].withUnsafeBufferPointer { z in
                    activations[index].withUnsafeBufferPointer { y in
                        gradient.withUnsafeMutableBufferPointer { g in
                            f.multiplyByDerivative(g.baseAddress!, input: z.baseAddress!, output: y.baseAddress!, count: n)
                        }
                    }
                }
            }
            gradient = layers[index].backward(gradient)
        }
        return gradient
    }
}
