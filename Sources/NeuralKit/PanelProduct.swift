import CVectorMath

/// A register-blocked matrix product for products whose B operand (a weight) is reused many
/// times: the LSTM's per-step recurrent products, where OpenBLAS would re-pack the same weight at
/// every one of hundreds of small calls, and a layer's products over all steps of a batch.
///
/// Computes row-major `C = A B + beta C` for `A` `m × k` and `B` `k × n`. B is packed once (per
/// forward or backward pass) into panels of 64 columns, each stored as a contiguous `k × 64`
/// block (the last panel rounded up to whole vectors with zero columns), so that a panel stays in
/// cache without set conflicts while the row tiles use it; C is computed in register tiles, 64 rows
/// of A at a time so that they stay in cache across the panels.
///
/// The tile follows the compilation target's registers (`mdpl_vector_bytes`, known at compile
/// time): with 512-bit vectors (AVX-512, 32 registers) 4 rows × 64 columns, 16 accumulators of one
/// register each; with narrower vectors (AVX2: 16 × 256-bit; ARM64 NEON: 32 × 128-bit) 6 rows × 16
/// columns, 6 accumulators of 16 floats — 12 AVX2 or 24 NEON registers, plus the row of B and a
/// broadcast, so nothing spills (a 4 × 64 tile needs 32 AVX2 registers, twice the register file).
enum PanelProduct {
    typealias Vector = Kernels.Vector
    static let panelWidth = 64
    /// Rows of A kept in cache while every panel passes over them.
    static let rowBlock = 64

    /// Whether the target has 512-bit vectors (then the 4 × 64 tile), else the 6 × 16 tile.
    @inline(__always) static var wideVectors: Bool { mdpl_vector_bytes() >= 64 }

    /// The number of Floats `pack` writes for a `k × n` B.
    static func packedCount(k: Int, n: Int) -> Int { k * paddedWidth(n) }

    /// `width` rounded up to whole vectors.
    private static func paddedWidth(_ width: Int) -> Int { (width + Kernels.width - 1) / Kernels.width * Kernels.width }

    /// Packs `B` (`k × n`; with `transposed`, B is given as its `n × k` transpose with row stride
    /// `ldb`) into `packed` (`packedCount(k:n:)` Floats).
    static func pack(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, k: Int, n: Int,
                     into packed: UnsafeMutablePointer<Float>) {
        var j = 0
        while j < n {
            let width = min(panelWidth, n - j), stride = paddedWidth(width)
            let panel = packed + j * k
            for p in 0..<k {
                for c in 0..<width {
                    panel[p * stride + c] = transposed ? b[(j + c) * ldb + p] : b[p * ldb + j + c]
                }
                (panel + p * stride + width).update(repeating: 0, count: stride - width)
            }
            j += width
        }
    }

    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        var block = 0
        while block < m {
            let end = min(block + rowBlock, m)
            var j = 0
            while j < n {
                let width = min(panelWidth, n - j), stride = paddedWidth(width)
                let b = packedB + j * k
                var i = block
                if !wideVectors {
                    while i + 6 <= end {
                        var g = 0
                        while g + 16 <= width {
                            tile6x16(a + i * lda, lda, 1, b + g, stride, c + i * ldc + j + g, ldc, k, beta)
                            g += 16
                        }
                        if g < width {
                            narrowTile4(a + i * lda, lda, b + g, stride, c + i * ldc + j + g, ldc, width - g, k, beta)
                            narrowTile2(a + (i + 4) * lda, lda, b + g, stride, c + (i + 4) * ldc + j + g, ldc, width - g, k, beta)
                        }
                        i += 6
                    }
                }
                while i + 4 <= end {
                    if width == panelWidth && wideVectors {
                        tile4x64(a + i * lda, lda, 1, b, panelWidth, c + i * ldc + j, ldc, k, beta)
                    } else {
                        narrowTile4(a + i * lda, lda, b, stride, c + i * ldc + j, ldc, width, k, beta)
                    }
                    i += 4
                }
                while i < end {
                    narrowRow(a + i * lda, b, stride, c + i * ldc + j, width, k, beta)
                    i += 1
                }
                j += width
            }
            block = end
        }
    }

    /// A 4 × 64 tile of C from four rows of op(A), whose element (r, p) is at
    /// `a + r · rowStride + p · innerStride` (A itself: `lda`, 1; Aᵀ: 1, `lda`), and 64 columns of B
    /// (rows `ldb` apart).
    @inline(__always)
    private static func tile4x64(_ a: UnsafePointer<Float>, _ rowStride: Int, _ innerStride: Int,
                                 _ b: UnsafePointer<Float>, _ ldb: Int,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ k: Int, _ beta: Float) {
        var c00 = Vector(), c01 = Vector(), c02 = Vector(), c03 = Vector()
        var c10 = Vector(), c11 = Vector(), c12 = Vector(), c13 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector(), c23 = Vector()
        var c30 = Vector(), c31 = Vector(), c32 = Vector(), c33 = Vector()
        let a0 = a, a1 = a + rowStride, a2 = a + 2 * rowStride, a3 = a + 3 * rowStride
        var row = b
        for p in 0..<k {
            let b0 = Kernels.load(row), b1 = Kernels.load(row + 16)
            let b2 = Kernels.load(row + 32), b3 = Kernels.load(row + 48)
            let q = p * innerStride
            let x0 = Vector(repeating: a0[q]), x1 = Vector(repeating: a1[q])
            let x2 = Vector(repeating: a2[q]), x3 = Vector(repeating: a3[q])
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

    /// A 6 × 16 tile of C (targets with vectors narrower than 512 bits): six rows of op(A), elements
    /// at `a + r · rowStride + p · innerStride`, times 16 columns of B (rows `ldb` apart); one
    /// 16-float accumulator per row.
    @inline(__always)
    private static func tile6x16(_ a: UnsafePointer<Float>, _ rowStride: Int, _ innerStride: Int,
                                 _ b: UnsafePointer<Float>, _ ldb: Int,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ k: Int, _ beta: Float) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector(), c4 = Vector(), c5 = Vector()
        let a0 = a, a1 = a + rowStride, a2 = a + 2 * rowStride, a3 = a + 3 * rowStride, a4 = a + 4 * rowStride, a5 = a + 5 * rowStride
        var row = b
        for p in 0..<k {
            let v = Kernels.load(row)
            let q = p * innerStride
            c0 = c0.addingProduct(Vector(repeating: a0[q]), v); c1 = c1.addingProduct(Vector(repeating: a1[q]), v)
            c2 = c2.addingProduct(Vector(repeating: a2[q]), v); c3 = c3.addingProduct(Vector(repeating: a3[q]), v)
            c4 = c4.addingProduct(Vector(repeating: a4[q]), v); c5 = c5.addingProduct(Vector(repeating: a5[q]), v)
            row += ldb
        }
        @inline(__always) func put(_ v: Vector, _ q: UnsafeMutablePointer<Float>) {
            Kernels.store(beta == 0 ? v : v.addingProduct(beta, Kernels.load(q)), q)
        }
        put(c0, c); put(c1, c + ldc); put(c2, c + 2 * ldc); put(c3, c + 3 * ldc); put(c4, c + 4 * ldc); put(c5, c + 5 * ldc)
    }

    /// Two rows of C over `width` (at most 64) columns of a panel: the rest of a 6-row tile where
    /// the panel's last columns are not a whole 16.
    @inline(__always)
    private static func narrowTile2(_ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ width: Int, _ k: Int, _ beta: Float) {
        narrowRow(a, b, ldb, c, width, k, beta)
        narrowRow(a + lda, b, ldb, c + ldc, width, k, beta)
    }

    /// Rows of A and B per block of `accumulateTransposedProduct`, so that both blocks stay in cache
    /// while every tile of C passes over them.
    static let reductionBlock = 256

    /// Row-major `C = Aᵀ B + beta C` for A `k × m` and B `k × n` as stored (row strides `lda`,
    /// `ldb`): a weight gradient, summed over the k rows of a batch. Neither operand is packed:
    /// each row of B is contiguous across a 64-column tile, and the four columns of A that a tile
    /// needs are read as scalars; k is processed in blocks of `reductionBlock` rows.
    static func accumulateTransposedProduct(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                                            b: UnsafePointer<Float>, ldb: Int, beta: Float,
                                            c: UnsafeMutablePointer<Float>, ldc: Int) {
        var start = 0
        while start < k {
            let depth = min(reductionBlock, k - start)
            let blockBeta: Float = start == 0 ? beta : 1
            let aBlock = a + start * lda, bBlock = b + start * ldb
            var i = 0
            while i < m {
                let rows = min(wideVectors ? 4 : 6, m - i)
                var j = 0
                while j < n {
                    let width = min(panelWidth, n - j)
                    if rows == 4 && width == panelWidth && wideVectors {
                        tile4x64(aBlock + i, 1, lda, bBlock + j, ldb, c + i * ldc + j, ldc, depth, blockBeta)
                    } else if rows == 6 && !wideVectors && width >= 16 {
                        var g = 0
                        while g + 16 <= width {
                            tile6x16(aBlock + i, 1, lda, bBlock + j + g, ldb, c + i * ldc + j + g, ldc, depth, blockBeta)
                            g += 16
                        }
                        for r in 0..<rows where g < width {
                            transposedNarrowRow(aBlock + i + r, lda, bBlock + j + g, ldb, c + (i + r) * ldc + j + g, width - g, depth, blockBeta)
                        }
                    } else {
                        for r in 0..<rows {
                            transposedNarrowRow(aBlock + i + r, lda, bBlock + j, ldb, c + (i + r) * ldc + j, width, depth, blockBeta)
                        }
                    }
                    j += width
                }
                i += rows
            }
            start += depth
        }
    }

    /// One row of C = Aᵀ B (+ beta C): column `a` of A (elements `lda` apart) times `width`
    /// (at most 64) columns of B.
    @inline(__always)
    private static func transposedNarrowRow(_ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                            _ c: UnsafeMutablePointer<Float>, _ width: Int, _ k: Int, _ beta: Float) {
        var j = 0
        while j < width {
            let count = min(Kernels.width, width - j)
            var sum = Vector()
            for p in 0..<k {
                let v = Kernels.load(b + p * ldb + j, count: count)
                sum = sum.addingProduct(Vector(repeating: a[p * lda]), v)
            }
            let q = c + j
            Kernels.store(beta == 0 ? sum : sum.addingProduct(beta, Kernels.load(q, count: count)), q, count: count)
            j += Kernels.width
        }
    }

    /// Four rows of C: `width` (at most 64) columns of a panel whose rows are `ldb` apart, one
    /// vector of columns at a time with one accumulator per row.
    @inline(__always)
    private static func narrowTile4(_ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ width: Int, _ k: Int, _ beta: Float) {
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda
        var j = 0
        while j < width {
            var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector()
            var row = b + j
            for p in 0..<k {
                let v = Kernels.load(row)
                s0 = s0.addingProduct(Vector(repeating: a0[p]), v); s1 = s1.addingProduct(Vector(repeating: a1[p]), v)
                s2 = s2.addingProduct(Vector(repeating: a2[p]), v); s3 = s3.addingProduct(Vector(repeating: a3[p]), v)
                row += ldb
            }
            let count = min(Kernels.width, width - j)
            @inline(__always) func put(_ sum: Vector, _ q: UnsafeMutablePointer<Float>) {
                Kernels.store(beta == 0 ? sum : sum.addingProduct(beta, Kernels.load(q, count: count)), q, count: count)
            }
            put(s0, c + j); put(s1, c + ldc + j); put(s2, c + 2 * ldc + j); put(s3, c + 3 * ldc + j)
            j += Kernels.width
        }
    }

    /// One row of C: `width` (at most 64) columns of a panel whose rows are `ldb` apart.
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
            let count = min(Kernels.width, width - j)
            Kernels.store(beta == 0 ? sum : sum.addingProduct(beta, Kernels.load(c + j, count: count)), c + j, count: count)
            j += Kernels.width
        }
    }
}
