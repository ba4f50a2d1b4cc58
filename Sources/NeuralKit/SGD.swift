/// Stochastic gradient descent with optional momentum (PyTorch's form v ← μv + g, p ← p − ηv) and
/// L2 weight decay (g ← g + λp).
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    /// The momentum coefficient μ (0 = plain SGD).
    public let momentum: Float
    /// The L2 coefficient λ.
    public let weightDecay: Float
    private var velocity: [[Float]]

    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    public func step() {
        let eta = learningRate, mu = momentum, lambda = weightDecay
        for (index, parameter) in parameters.enumerated() {
            let n = parameter.value.count
            guard n > 0 else { continue }
            parameter.gradient.withUnsafeBufferPointer { g in
                parameter.value.withUnsafeMutableBufferPointer { p in
                    velocity[index].withUnsafeMutableBufferPointer { v in
                        Kernels.blocks(n) { i, count in
                            for j in i..<(i + count) {
                                let gradient = g[j] + lambda * p[j]
                                v[j] = mu * v[j] + gradient
                                p[j] -= eta * v[j]
                            }
                        }
                    }
                }
            }
        }
    }
}
