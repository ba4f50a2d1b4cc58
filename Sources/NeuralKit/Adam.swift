import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, optionally with weight decay: coupled L2
/// (g ← g + λp, as PyTorch `Adam`) or decoupled (p ← p − ηλp before the step, AdamW of
/// Loshchilov & Hutter 2019, as PyTorch `AdamW`).
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    /// Decay rates of the first and second moment estimates.
    public let beta1: Float, beta2: Float
    /// Added to √v̂ in the denominator.
    public let epsilon: Float
    /// The weight decay coefficient λ.
    public let weightDecay: Float
    /// True for AdamW's decoupled decay, false for L2 decay through the gradient.
    public let decoupledWeightDecay: Bool
    /// The number of steps taken.
    public internal(set) var steps = 0
    var firstMoments: [[Float]]
    var secondMoments: [[Float]]

    /// Adam; with `weightDecay > 0` it is Adam with L2 decay (see `adamW` for decoupled decay).
    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        firstMoments = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        secondMoments = firstMoments
    }

    /// AdamW: Adam with decoupled weight decay (PyTorch's default λ = 0.01).
    public static func adamW(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9,
                             beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01) -> Adam {
        Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
             weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public func step() {
        steps += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let lr = learningRate
        // Bias corrections in Double: η̂ = η / (1 − β₁ᵗ), and v̂ = v / (1 − β₂ᵗ).
        let stepSize = Float(Double(lr) / (1 - pow(Double(b1), Double(steps))))
        let secondScale = Float(1 / (1 - pow(Double(b2), Double(steps))))
        let coupledDecay = decoupledWeightDecay ? 0 : weightDecay
        let shrink = decoupledWeightDecay ? 1 - lr * weightDecay : 1
        for (index, parameter) in parameters.enumerated() {
            let n = parameter.value.count
            guard n > 0 else { continue }
            parameter.gradient.withUnsafeBufferPointer { gBuffer in
                parameter.value.withUnsafeMutableBufferPointer { pBuffer in
                    firstMoments[index].withUnsafeMutableBufferPointer { mBuffer in
                        secondMoments[index].withUnsafeMutableBufferPointer { vBuffer in
                            let g = gBuffer.baseAddress!, p = pBuffer.baseAddress!
                            let m = mBuffer.baseAddress!, v = vBuffer.baseAddress!
                            Kernels.blocks(n) { i, count in
                                if count == Kernels.width {
                                    var pv = Kernels.load(p + i) * shrink
                                    let gv = Kernels.load(g + i).addingProduct(coupledDecay, pv)
                                    let mv = b1 * Kernels.load(m + i) + (1 - b1) * gv
                                    let vv = b2 * Kernels.load(v + i) + (1 - b2) * gv * gv
                                    pv -= stepSize * mv / ((vv * secondScale).squareRoot() + eps)
                                    Kernels.store(mv, m + i); Kernels.store(vv, v + i); Kernels.store(pv, p + i)
                                } else {
                                    for j in i..<(i + count) {
                                        var pj = p[j] * shrink
                                        let gj = g[j] + coupledDecay * pj
                                        m[j] = b1 * m[j] + (1 - b1) * gj
                                        v[j] = b2 * v[j] + (1 - b2) * gj * gj
                                        pj -= stepSize * m[j] / ((v[j] * secondScale).squareRoot() + eps)
                                        p[j] = pj
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Adam {
    /// The optimiser's state: steps taken and the first and second moments of every parameter
    /// (in `parameters` order). With `restore(_:)` it lets an interrupted training continue
    /// exactly where it stopped.
    public struct State: Sendable, Equatable {
        public var steps: Int
        public var firstMoments: [[Float]]
        public var secondMoments: [[Float]]

        public init(steps: Int, firstMoments: [[Float]], secondMoments: [[Float]]) {
            self.steps = steps
            self.firstMoments = firstMoments
            self.secondMoments = secondMoments
        }
    }

    public var state: State { State(steps: steps, firstMoments: firstMoments, secondMoments: secondMoments) }

    /// Restores a state taken from an optimiser over parameters of the same shapes.
    public func restore(_ state: State) {
        precondition(state.firstMoments.map(\.count) == parameters.map(\.value.count)
                     && state.secondMoments.map(\.count) == parameters.map(\.value.count),
                     "Adam.restore: moment shapes differ from the parameters'")
        steps = state.steps
        firstMoments = state.firstMoments
        secondMoments = state.secondMoments
    }
}
