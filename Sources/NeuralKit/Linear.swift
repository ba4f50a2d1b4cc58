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
    private let packedWeight = ScratchBuffer<Float>()

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
            input.withUnsafeBufferPointer { x in
                weight.value.withUnsafeBufferPointer { w in
                    bias.value.withUnsafeBufferPointer { b in
                        if Self.usesPanels(rows: rows, columns: m) {
                            let packed = packedWeight.reserve(PanelProduct.packedCount(k: k, n: m))
                            PanelProduct.pack(w.baseAddress!, ldb: k, transposed: true, k: k, n: m, into: packed)
                            Self.panelProduct(rows: rows, n: m, k: k, a: x.baseAddress!, packed: packed, bias: b.baseAddress!, c: y)
                        } else {
                            Kernels.broadcastRows(b.baseAddress!, into: y, rows: rows, columns: m)
                            BLAS.gemm(transposeB: true, m: rows, n: m, k: k, a: x.baseAddress!, lda: k,
                                      b: w.baseAddress!, ldb: k, beta: 1, c: y, ldc: m)
                        }
                    }
                }
            }
        }
    }

    /// Whether a product over `rows` rows with `columns` output columns goes through the packed
    /// kernel (`PanelProduct`: the weight packed once, row blocks in cache) rather than OpenBLAS: the
    /// layers applied to every step of a batch of sequences (many rows, at least one whole panel).
    static func usesPanels(rows: Int, columns: Int) -> Bool { rows >= 1024 && columns >= PanelProduct.panelWidth }

    /// `C = A B` (plus `bias` in every row) with B packed, split over the lanes by rows; each block
    /// of C's rows gets the bias just before the product adds to it, while the block is in cache.
    static func panelProduct(rows: Int, n: Int, k: Int, a: UnsafePointer<Float>, packed: UnsafePointer<Float>,
                             bias: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>) {
        let shared = Shared((a, packed, bias, c))
        BLAS.inParallel(rows, costPerRow: n * k) { range in
            let (a, packed, bias, c) = shared.value
            var i = range.lowerBound
            while i < range.upperBound {
                let end = min(i + PanelProduct.rowBlock, range.upperBound)
                if let bias { for r in i..<end { (c + r * n).update(from: bias, count: n) } }
                PanelProduct.multiply(m: end - i, n: n, k: k, a: a + i * k, lda: k, packedB: packed,
                                      beta: bias == nil ? 0 : 1, c: c + i * n, ldc: n)
                i = end
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
                    if Self.usesPanels(rows: rows, columns: k) {
                        let packed = packedWeight.reserve(PanelProduct.packedCount(k: m, n: k))
                        PanelProduct.pack(w.baseAddress!, ldb: k, transposed: false, k: m, n: k, into: packed)
                        Self.panelProduct(rows: rows, n: k, k: m, a: dy.baseAddress!, packed: packed, bias: nil, c: dx)
                    } else {
                        BLAS.gemm(m: rows, n: k, k: m, a: dy.baseAddress!, lda: m,
                                  b: w.baseAddress!, ldb: k, beta: 0, c: dx, ldc: k)
                    }
                }
            }
        }
    }
}
