/// A register-blocked matrix product for the LSTM's per-step recurrent products, where OpenBLAS
/// would re-pack the same weight matrix at every one of hundreds of small calls.
///
/// Computes row-major `C = A B + beta C` for `A` `m × k`, `B` `k × n` and `n` a multiple of 16.
/// B is packed once (per forward or backward pass) into panels of 64 columns, each stored as a
/// contiguous `k × 64` block, so that a panel stays in cache without set conflicts while all row
/// tiles use it; C is computed in tiles of 4 rows × 64 columns (16 vector accumulators).
enum PanelProduct {
    typealias Vector = Kernels.Vector
    static let panelWidth = 64

    /// Whether products `n` columns wide are handled.
    static func supports(columns n: Int) -> Bool { n % Kernels.width == 0 }

    /// Packs `B` (`k × n`; with `transposed`, B is given as its `n × k` transpose with row stride
    /// `ldb`) into `packed` (`k · n` Floats).
    static func pack(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, k: Int, n: Int,
                     into packed: UnsafeMutablePointer<Float>) {
        var j = 0
        while j < n {
            let width = min(panelWidth, n - j)
            let panel = packed + j * k
            for p in 0..<k {
                for c in 0..<width {
                    panel[p * width + c] = transposed ? b[(j + c) * ldb + p] : b[p * ldb + j + c]
                }
            }
            j += width
        }
    }

    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(supports(columns: n), "PanelProduct: \(n) columns is not a multiple of \(Kernels.width)")
        var j = 0
        while j < n {
            let width = min(panelWidth, n - j)
            let b = packedB + j * k
            var i = 0
            while i + 4 <= m {
                if width == panelWidth {
                    tile4x64(a + i * lda, lda, b, panelWidth, c + i * ldc + j, ldc, k, beta)
                } else {
                    for r in 0..<4 { narrowRow(a + (i + r) * lda, b, width, c + (i + r) * ldc + j, width, k, beta) }
                }
                i += 4
            }
            while i < m {
                narrowRow(a + i * lda, b, width, c + i * ldc + j, width, k, beta)
                i += 1
            }
            j += width
        }
    }

    @inline(__always)
    private static func tile4x64(_ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ k: Int, _ beta: Float) {
        var c00 = Vector(), c01 = Vector(), c02 = Vector(), c03 = Vector()
        var c10 = Vector(), c11 = Vector(), c12 = Vector(), c13 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector(), c23 = Vector()
        var c30 = Vector(), c31 = Vector(), c32 = Vector(), c33 = Vector()
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda
        var row = b
        for p in 0..<k {
            let b0 = Kernels.load(row), b1 = Kernels.load(row + 16)
            let b2 = Kernels.load(row + 32), b3 = Kernels.load(row + 48)
            let x0 = Vector(repeating: a0[p]), x1 = Vector(repeating: a1[p])
            let x2 = Vector(repeating: a2[p]), x3 = Vector(repeating: a3[p])
            c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
            c02 = c02.addingProduct(x0, b2); c03 = c03.addingProduct(x0, b3)
            c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
            c12 = c12.addingProduct(x1, b2); c13 = c13.addingProduct(x1, b3)
            c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
            c22 = c22.addingProduct(x2, b2); c23 = c23.addingProduct(x2, b3)
            c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
            c32 = c32.addingProduct(x3, b2); c33 = c33.addingProduct(x3, b3)
            row += ldb
        }
        @inline(__always) func put(_ v: Vector, _ q: UnsafeMutablePointer<Float>) {
            Kernels.store(beta == 0 ? v : v.addingProduct(beta, Kernels.load(q)), q)
        }
        let r0 = c, r1 = c + ldc, r2 = c + 2 * ldc, r3 = c + 3 * ldc
        put(c00, r0); put(c01, r0 + 16); put(c02, r0 + 32); put(c03, r0 + 48)
        put(c10, r1); put(c11, r1 + 16); put(c12, r1 + 32); put(c13, r1 + 48)
        put(c20, r2); put(c21, r2 + 16); put(c22, r2 + 32); put(c23, r2 + 48)
        put(c30, r3); put(c31, r3 + 16); put(c32, r3 + 32); put(c33, r3 + 48)
    }

    /// One row of C, `width` (a multiple of 16, at most 64) columns.
    @inline(__always)
    private static func narrowRow(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
                                  _ c: UnsafeMutablePointer<Float>, _ width: Int, _ k: Int, _ beta: Float) {
        var j = 0
        while j < width {
            var sum = Vector()
            var row = b + j
            for p in 0..<k {
                sum = sum.addingProduct(Vector(repeating: a[p]), Kernels.load(row))
                row += ldb
            }
            Kernels.store(beta == 0 ? sum : sum.addingProduct(beta, Kernels.load(c + j)), c + j)
            j += 16
        }
    }
}
