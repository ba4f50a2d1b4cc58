import RealModule
import Testing
@testable import NeuralKit

/// The packed product against OpenBLAS, on shapes covering full 64-column panels, narrower
/// panels (also widths that are not whole vectors), row remainders and several row blocks.
@Suite struct PanelProductTests {
    @Test(arguments: [(1, 16, 3), (4, 64, 8), (7, 80, 33), (9, 144, 70), (32, 512, 128), (5, 128, 512),
                      (6, 5, 4), (11, 20, 9), (150, 264, 128), (70, 200, 24)])
    func matchesBLAS(m: Int, n: Int, k: Int) {
        let a = random([m, k], seed: 1), b = random([k, n], seed: 2), c = random([m, n], seed: 3)
        for (beta, transposed) in [(Float(0), false), (1, true)] {
            var expected = c, actual = c
            let stored = transposed ? Tensor(shape: [n, k], scalars: (0..<(n * k)).map { b.scalars[($0 % k) * n + $0 / k] }) : b
            var packed = [Float](repeating: 0, count: PanelProduct.packedCount(k: k, n: n))
            a.withUnsafeBufferPointer { ap in
                stored.withUnsafeBufferPointer { bp in
                    packed.withUnsafeMutableBufferPointer {
                        PanelProduct.pack(bp.baseAddress!, ldb: transposed ? k : n, transposed: transposed, k: k, n: n,
                                          into: $0.baseAddress!)
                    }
                    expected.withUnsafeMutableBufferPointer {
                        BLAS.gemm(transposeB: transposed, m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!,
                                  ldb: transposed ? k : n, beta: beta, c: $0.baseAddress!, ldc: n, parallel: false)
                    }
                }
                packed.withUnsafeBufferPointer { pp in
                    actual.withUnsafeMutableBufferPointer {
                        PanelProduct.multiply(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, packedB: pp.baseAddress!,
                                              beta: beta, c: $0.baseAddress!, ldc: n)
                    }
                }
            }
            // Both sum k products in Float, in different orders: relative error ≲ k·u·Σ|aᵢbᵢ|.
            let bound = Float(k) * 1.2e-7 * Float(k).squareRoot() * 2 + 1e-6
            #expect(zip(actual.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= bound * max(1, abs($1)) })
        }
    }

    /// Aᵀ B + beta C (weight gradients) against the same sum in Double, over several blocks of the
    /// reduction and with row and column remainders.
    @Test(arguments: [(64, 64, 256), (264, 128, 600), (67, 70, 300), (130, 200, 257)])
    func transposedProductMatchesDoubleSum(m: Int, n: Int, k: Int) {
        let a = random([k, m], seed: 4), b = random([k, n], seed: 5), c = random([m, n], seed: 6)
        for beta in [Float(0), 1] {
            var actual = c
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    actual.withUnsafeMutableBufferPointer {
                        PanelProduct.accumulateTransposedProduct(m: m, n: n, k: k, a: ap.baseAddress!, lda: m,
                                                                 b: bp.baseAddress!, ldb: n, beta: beta,
                                                                 c: $0.baseAddress!, ldc: n)
                    }
                }
            }
            let bound = Float(k) * 1.2e-7 * Float(k).squareRoot() * 2 + 1e-6
            for i in 0..<m {
                for j in 0..<n {
                    var sum = Double(beta) * Double(c.scalars[i * n + j])
                    for p in 0..<k { sum += Double(a.scalars[p * m + i]) * Double(b.scalars[p * n + j]) }
                    #expect(abs(Double(actual.scalars[i * n + j]) - sum) <= Double(bound) * max(1, abs(sum)))
                }
            }
        }
    }
}

/// Long inputs run row loops, elementwise kernels and bias sums in parallel lanes; rows are
/// independent, so a long input must give what its short chunks (run in one lane) give.
@Suite struct ParallelRowTests {
    @Test func mixtureOfExpertsLongInputMatchesChunks() {
        var generator = SeededGenerator(seed: 70)
        let mixture = MixtureOfExperts(name: "mmoe", inputs: 8, experts: 3, expertSizes: [40], towerSizes: [16],
                                       taskOutputs: [1, 2], activation: .gelu, using: &generator)
        let rows = 1100, chunk = 220
        let x = random([rows, 8], seed: 71)
        let probes = [random([rows, 1], seed: 72), random([rows, 2], seed: 73)]
        let outputs = mixture.forward(x)
        let dx = mixture.backward(probes)
        let gradients = mixture.parameters.map(\.gradient)
        mixture.zeroGradients()
        for start in stride(from: 0, to: rows, by: chunk) {
            func rowsOf(_ t: Tensor) -> Tensor {
                Tensor(shape: [chunk, t.columns], scalars: Array(t.scalars[(start * t.columns)..<((start + chunk) * t.columns)]))
            }
            let part = mixture.forward(rowsOf(x))
            for (whole, piece) in zip(outputs, part) {
                #expect(zip(rowsOf(whole).scalars, piece.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
            }
            let partGradient = mixture.backward(probes.map(rowsOf))
            #expect(zip(rowsOf(dx).scalars, partGradient.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
        }
        // Parameter gradients sum over rows: the chunks' sums add up to the whole's.
        for (whole, chunks) in zip(gradients, mixture.parameters.map(\.gradient)) {
            #expect(zip(whole.scalars, chunks.scalars).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($0)) })
        }
    }
}

/// A Linear layer over many rows uses the packed kernel (and its Aᵀ B weight gradient); over
/// few rows, OpenBLAS: the two must agree up to rounding.
@Suite struct PackedLinearTests {
    @Test func longInputMatchesItsChunks() {
        var generator = SeededGenerator(seed: 80)
        let layer = Linear(name: "l", inputs: 72, outputs: 88, using: &generator)
        let rows = 1100, chunk = 275
        let x = random([rows, 72], seed: 81), dy = random([rows, 88], seed: 82)
        let y = layer.forward(x), dx = layer.backward(dy)
        let weightGradient = layer.weight.gradient
        layer.zeroGradients()
        func rowsOf(_ t: Tensor, _ start: Int) -> Tensor {
            Tensor(shape: [chunk, t.columns], scalars: Array(t.scalars[(start * t.columns)..<((start + chunk) * t.columns)]))
        }
        /// Element-wise agreement to `tolerance` absolute below 1 and relative above (and equal counts).
        func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
            a.count == b.count
                && zip(a, b).allSatisfy { $0.isApproximatelyEqual(to: $1, absoluteTolerance: tolerance, relativeTolerance: tolerance) }
        }
        for start in stride(from: 0, to: rows, by: chunk) {
            #expect(close(rowsOf(y, start).scalars, layer.forward(rowsOf(x, start)).scalars, 1e-5))
            #expect(close(rowsOf(dx, start).scalars, layer.backward(rowsOf(dy, start)).scalars, 1e-5))
        }
        #expect(close(weightGradient.scalars, layer.weight.gradient.scalars, 1e-4))
    }
}

/// Multi-layer experts take the separate mixture and gradient passes; a task without a loss
/// contributes nothing. Long input against its chunks, one task's gradient nil.
@Suite struct MixtureOfExpertsTailTests {
    @Test func tailsAndAMissingTaskGradientMatchChunks() {
        var generator = SeededGenerator(seed: 90)
        let mixture = MixtureOfExperts(name: "mmoe", inputs: 8, experts: 3, expertSizes: [40, 20], towerSizes: [16],
                                       taskOutputs: [1, 2], using: &generator)
        let rows = 1100, chunk = 220
        let x = random([rows, 8], seed: 91), probe = random([rows, 1], seed: 92)
        let outputs = mixture.forward(x)
        let dx = mixture.backward([probe, nil])
        let gradients = mixture.parameters.map(\.gradient)
        mixture.zeroGradients()
        func rowsOf(_ t: Tensor, _ start: Int) -> Tensor {
            Tensor(shape: [chunk, t.columns], scalars: Array(t.scalars[(start * t.columns)..<((start + chunk) * t.columns)]))
        }
        for start in stride(from: 0, to: rows, by: chunk) {
            let part = mixture.forward(rowsOf(x, start))
            for (whole, piece) in zip(outputs, part) {
                #expect(zip(rowsOf(whole, start).scalars, piece.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
            }
            let partGradient = mixture.backward([rowsOf(probe, start), nil])
            #expect(zip(rowsOf(dx, start).scalars, partGradient.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
        }
        for (whole, chunks) in zip(gradients, mixture.parameters.map(\.gradient)) {
            #expect(zip(whole.scalars, chunks.scalars).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($0)) })
        }
        // The second task's tower had no loss: its parameters got no gradient.
        for parameter in mixture.towers[1].parameters { #expect(parameter.gradient.scalars.allSatisfy { $0 == 0 }) }
    }
}

/// Large products are split over the lanes by rows, columns or (for long reductions) blocks of
/// the inner dimension; each split must reproduce the one-lane product up to rounding.
@Suite struct SplitProductTests {
    @Test(arguments: [(4000, 24, 40, false, false), (24, 4000, 40, false, true), (40, 24, 6000, true, false)])
    func splitProductMatchesOneLane(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) {
        let a = random([m * k], seed: 1), b = random([k * n], seed: 2), c = random([m * n], seed: 3)
        var whole = c, split = c
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        for (target, parallel) in [(0, false), (1, true)] {
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    func run(_ out: inout Tensor) {
                        out.withUnsafeMutableBufferPointer {
                            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: ap.baseAddress!,
                                      lda: lda, b: bp.baseAddress!, ldb: ldb, beta: 0.5, c: $0.baseAddress!, ldc: n,
                                      parallel: parallel)
                        }
                    }
                    if target == 0 { run(&whole) } else { run(&split) }
                }
            }
        }
        // Sums of k terms of size ~1 in a different order: differences ≲ k·u·√k.
        let bound = Float(k) * 1.2e-7 * Float(k).squareRoot()
        #expect(zip(whole.scalars, split.scalars).allSatisfy { abs($0 - $1) <= bound * max(1, abs($0)) })
    }
}
