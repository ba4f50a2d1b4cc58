/// Inverted dropout: in training, each element is zeroed with probability `rate` and the rest are
/// scaled by 1/(1 − rate); at inference the layer is the identity. The random mask comes from the
/// layer's own seeded generator, so training with dropout is reproducible.
public final class Dropout: TensorLayer {
    /// The probability of dropping an element, in [0, 1).
    public let rate: Float
    public var isFrozen = false
    private var generator: SeededGenerator
    private var mask: [Float] = []
    private var active = false

    /// A dropout layer with the given rate whose masks are drawn from a generator seeded by `seed`.
    public init(rate: Float, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = SeededGenerator(seed: seed)
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        active = training && rate > 0
        guard active else { return input }
        let keep = 1 / (1 - rate), threshold = Double(rate)
        mask = (0..<input.count).map { _ in generator.nextUnit() < threshold ? 0 : keep }
        var output = input
        let n = input.count
        output.withUnsafeMutableBufferPointer { y in
            mask.withUnsafeBufferPointer { m in Kernels.map(y.baseAddress!, m.baseAddress!, y.baseAddress!, count: n, *) }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard active else { return outputGradient }
        precondition(outputGradient.count == mask.count, "Dropout: output gradient shape \(outputGradient.shape) does not match the last forward")
        var gradient = outputGradient
        let n = gradient.count
        gradient.withUnsafeMutableBufferPointer { g in
            mask.withUnsafeBufferPointer { m in Kernels.map(g.baseAddress!, m.baseAddress!, g.baseAddress!, count: n, *) }
        }
        return gradient
    }
}
