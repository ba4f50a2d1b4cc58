import Dispatch
import CBLAS

/// Matrix products through OpenBLAS `cblas_sgemm`, and the thread count OpenBLAS and NeuralKit use.
public enum BLAS {
    /// The number of threads matrix products (and the batch lanes of the LSTM recurrence) use.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads for matrix products and for the LSTM's batch lanes.
    /// Call it once, before training; NeuralKit layers are not meant to run on several threads at
    /// once (the LSTM switches OpenBLAS to one thread per lane while its lanes run).
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreads: thread count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// Row-major `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m × k` and `op(B)` is `k × n`
    /// (`transposeA`: A is stored `k × m`; `transposeB`: B is stored `n × k`). `lda`, `ldb`, `ldc` are
    /// the row strides of A, B and C as stored.
    @inline(__always)
    static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                     m: Int, n: Int, k: Int, alpha: Float = 1,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta != 1 { Kernels.scale(c, rows: m, columns: n, stride: ldc, by: beta) }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// With OpenBLAS switched to one thread, runs `body(lane)` for `lanes` lanes in parallel
    /// (each lane calls single-threaded BLAS), then restores the thread count.
    static func inLanes(_ lanes: Int, _ body: @Sendable (Int) -> Void) {
        guard lanes > 1 else { body(0); return }
        let saved = openblas_get_num_threads()
        openblas_set_num_threads(1)
        DispatchQueue.concurrentPerform(iterations: lanes, execute: body)
        openblas_set_num_threads(saved)
    }
}
