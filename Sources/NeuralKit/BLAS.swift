import Dispatch
import Foundation
import CBLAS
import Synchronization

/// Matrix products through OpenBLAS `cblas_sgemm`, and the threads NeuralKit computes on.
///
/// With `setThreads(n)`, NeuralKit runs its own `n` lanes (Dispatch worker threads) and keeps
/// OpenBLAS single-threaded: large matrix products are split into `n` row or column blocks, and
/// the LSTM recurrence into `n` groups of sequences. Idle Dispatch workers sleep, whereas idle
/// OpenBLAS workers spin and would compete with the lanes. Until `setThreads` is called,
/// NeuralKit uses one lane per active processor. NeuralKit switches OpenBLAS to one thread on
/// first use.
///
/// On first use NeuralKit also asks glibc's allocator to keep freed memory for reuse: training
/// frees and reallocates the same large activations and gradients (tens of MB each) at every step,
/// and by default glibc returns them to the kernel, so every step faults in and zeroes fresh pages
/// again. Keeping them made the surrogate-shaped mixture of experts (23360 rows) about 15 % faster.
public enum BLAS {
    private static let lanes: Atomic<Int> = {
        openblas_set_num_threads(1)
        keepFreedMemory()
        return Atomic(ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Serves allocations up to 32 MB (glibc's largest mmap threshold) from the heap and keeps up
    /// to 1 GB of freed heap instead of trimming it.
    private static func keepFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
    }

    /// The number of lanes NeuralKit computes on.
    public static var threads: Int { lanes.load(ordering: .relaxed) }

    /// Sets the number of lanes (threads) for matrix products and the LSTM recurrence. Call it
    /// once, before training.
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreads: thread count must be at least 1, got \(count)")
        lanes.store(count, ordering: .relaxed)
    }

    /// Products with fewer multiply–adds than this run in one lane.
    static let parallelThreshold = 1 << 21

    /// Row-major `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m × k` and `op(B)` is `k × n`
    /// (`transposeA`: A is stored `k × m`; `transposeB`: B is stored `n × k`). `lda`, `ldb`, `ldc` are
    /// the row strides of A, B and C as stored. Large products are split over the lanes unless
    /// `parallel` is false (as inside a lane).
    static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                     m: Int, n: Int, k: Int, alpha: Float = 1,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool = true) {
        let threads = threads   // also makes OpenBLAS single-threaded on first use
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta != 1 { Kernels.scale(c, rows: m, columns: n, stride: ldc, by: beta) }
            return
        }
        let lanes = parallel && m * n * k >= parallelThreshold ? min(threads, max(m, n)) : 1
        guard lanes > 1 else {
            if transposeA && !transposeB && alpha == 1 && m >= 64 && n >= PanelProduct.panelWidth {
                // Weight gradients (Aᵀ B over a batch's rows): without packing either operand.
                PanelProduct.accumulateTransposedProduct(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                                         beta: beta, c: c, ldc: ldc)
                return
            }
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                        beta, c, Int32(ldc))
            return
        }
        let operands = GemmOperands(a: a, b: b, c: c)
        if k >= 4 * max(m, n) {
            // A long reduction (a weight gradient over all rows of a batch): each lane sums a block of
            // k into its own m × n buffer, then the blocks are added in lane order. Measured on the
            // LSTM's W_hh gradient (512 × 128, k = 23360): 170 GFLOP/s on two lanes against 135
            // when the rows are split, since no lane packs the whole of the other operand.
            let partial = UnsafeMutablePointer<Float>.allocate(capacity: lanes * m * n)
            defer { partial.deallocate() }
            let shared = Shared(partial)
            inLanes(lanes) { lane in
                let block = k * lane / lanes ..< k * (lane + 1) / lanes
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: block.count, alpha: alpha,
                     a: operands.a + (transposeA ? block.lowerBound * lda : block.lowerBound), lda: lda,
                     b: operands.b + (transposeB ? block.lowerBound : block.lowerBound * ldb), ldb: ldb,
                     beta: 0, c: shared.value + lane * m * n, ldc: n, parallel: false)
            }
            for row in 0..<m {
                let target = c + row * ldc
                if beta == 0 {
                    target.update(from: partial + row * n, count: n)
                } else {
                    if beta != 1 { Kernels.scale(target, rows: 1, columns: n, stride: ldc, by: beta) }
                    Kernels.add(partial + row * n, into: target, count: n)
                }
                for lane in 1..<lanes { Kernels.add(partial + (lane * m + row) * n, into: target, count: n) }
            }
            return
        }
        inLanes(lanes) { lane in
            if m >= n {   // split the rows of op(A) and C
                let rows = m * lane / lanes ..< m * (lane + 1) / lanes
                gemm(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, alpha: alpha,
                     a: operands.a + (transposeA ? rows.lowerBound : rows.lowerBound * lda), lda: lda,
                     b: operands.b, ldb: ldb, beta: beta, c: operands.c + rows.lowerBound * ldc, ldc: ldc,
                     parallel: false)
            } else {      // split the columns of op(B) and C
                let columns = n * lane / lanes ..< n * (lane + 1) / lanes
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k, alpha: alpha,
                     a: operands.a, lda: lda,
                     b: operands.b + (transposeB ? columns.lowerBound * ldb : columns.lowerBound), ldb: ldb,
                     beta: beta, c: operands.c + columns.lowerBound, ldc: ldc, parallel: false)
            }
        }
    }

    /// Splits `count` independent rows (or elements) into one contiguous range per lane and runs
    /// `body` on each in parallel; inline when `count × costPerRow` is too small to be worth it.
    static func inParallel(_ count: Int, costPerRow: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let lanes = count * costPerRow >= 1 << 16 ? min(threads, count) : 1
        inLanes(lanes) { lane in body(count * lane / lanes ..< count * (lane + 1) / lanes) }
    }

    /// Runs `body(lane)` for `lanes` lanes in parallel (inline when `lanes` is 1).
    static func inLanes(_ lanes: Int, _ body: @Sendable (Int) -> Void) {
        guard lanes > 1 else { body(0); return }
        DispatchQueue.concurrentPerform(iterations: lanes, execute: body)
    }
}

/// Pointers (or other values) handed to parallel lanes that read shared data and write disjoint
/// parts of it; the code that creates one keeps the memory alive until the lanes finish.
struct Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The operands of a matrix product split over lanes, which write disjoint blocks of `c`.
private struct GemmOperands: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
}
