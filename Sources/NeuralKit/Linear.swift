/// A fully connected layer `y = x Wᵀ + b` applied to every row of its input (all leading
/// dimensions are rows; the last dimension is the feature dimension).
public final class Linear: TensorLayer {
    /// Weight, shape `[outputs, inputs]`.
    public let weight: Parameter
    /// Bias, shape `[outputs]`.
    public let bias: Parameter
    public var isFrozen = false
    /// When false, `backward` skips the input gradient (returns an empty tensor), e.g. when the
    /// input is data. Default true.
    public var computesInputGradient = true

    private var input = Tensor(shape: [0])

    /// The number of input features.
    public var inputs: Int { weight.shape[1] }
    /// The number of output features.
    public var outputs: Int { weight.shape[0] }

    /// A layer with Glorot-uniform weights (±√(6/(inputs+outputs))) and zero bias.
    public init(name: String, inputs: Int, outputs: Int, using generator: inout SeededGenerator) {
        let limit = (6 / Float(inputs + outputs)).squareRoot()
        weight = Parameter(name: name + ".weight",
                           value: .uniform(shape: [outputs, inputs], in: -limit...limit, using: &generator))
        bias = Parameter(name: name + ".bias", value: Tensor(shape: [outputs]))
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ input: Tensor, training: Bool = false) -> Tensor {
        precondition(input.columns == inputs,
                     "Linear \(weight.name): input has \(input.columns) features, expected \(inputs)")
        self.input = input
        let rows = input.rows, m = outputs, k = inputs
        return Tensor(shape: Array(input.shape.dropLast()) + [m]) { y in
            bias.value.withUnsafeBufferPointer { b in
                Kernels.broadcastRows(b.baseAddress!, into: y, rows: rows, columns: m)
            }
            input.withUnsafeBufferPointer { x in
                weight.value.withUnsafeBufferPointer { w in
                    BLAS.gemm(transposeB: true, m: rows, n: m, k: k, a: x.baseAddress!, lda: k,
                              b: w.baseAddress!, ldb: k, beta: 1, c: y, ldc: m)
                }
            }
        }
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let rows = input.rows, m = outputs, k = inputs
        precondition(outputGradient.rows == rows && outputGradient.columns == m,
                     "Linear \(weight.name): output gradient shape \(outputGradient.shape) does not match the last forward")
        if !isFrozen {
            outputGradient.withUnsafeBufferPointer { dy in
                input.withUnsafeBufferPointer { x in
                    weight.gradient.withUnsafeMutableBufferPointer { dw in
                        BLAS.gemm(transposeA: true, m: m, n: k, k: rows, a: dy.baseAddress!, lda: m,
                                  b: x.baseAddress!, ldb: k, beta: 1, c: dw.baseAddress!, ldc: k)
                    }
                }
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    Kernels.addColumnSums(dy.baseAddress!, rows: rows, columns: m, into: db.baseAddress!)
                }
            }
        }
        guard computesInputGradient else { return Tensor(shape: [0]) }
        return Tensor(shape: input.shape) { dx in
            outputGradient.withUnsafeBufferPointer { dy in
                weight.value.withUnsafeBufferPointer { w in
                    BLAS.gemm(m: rows, n: k, k: m, a: dy.baseAddress!, lda: m,
                              b: w.baseAddress!, ldb: k, beta: 0, c: dx, ldc: k)
                }
            }
        }
    }
}
