/// SIMD elementwise kernels and Double-accumulated reductions on raw Float buffers.
///
/// Vectors are `SIMD16<Float>` (one AVX-512 register, two AVX2 registers); buffer tails shorter
/// than a vector go through the same vector code on a zero-padded copy, so every element is
/// computed by the same formula.
enum Kernels {
    typealias Vector = SIMD16<Float>
    static let width = Vector.scalarCount

    // MARK: Loads and stores

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// The first `count` (at most `width`) elements at `p`, zero-padded: a whole-vector load when
    /// `count` is `width`, so that loops over blocks of a row need no branch of their own.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int) -> Vector {
        guard count < width else { return load(p) }
        var v = Vector()
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    /// Stores the first `count` (at most `width`) lanes of `v` at `p`.
    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, count: Int) {
        guard count < width else { return store(v, p) }
        for i in 0..<count { p[i] = v[i] }
    }

    /// Applies `body(offset, lanes)` to consecutive blocks of at most `width` elements.
    @inline(__always)
    static func blocks(_ count: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i + width <= count { body(i, width); i += width }
        if i < count { body(i, count - i) }
    }

    /// Maps `count` elements of `x` to `y` with a vector function (in place when `x == y`).
    @inline(__always)
    static func map(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                    _ f: (Vector) -> Vector) {
        blocks(count) { i, n in
            if n == width { store(f(load(x + i)), y + i) } else { store(f(load(x + i, count: n)), y + i, count: n) }
        }
    }

    /// `z = f(x, y)` elementwise for `count` elements (`z` may alias `x` or `y`).
    @inline(__always)
    static func map(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>,
                    count: Int, _ f: (Vector, Vector) -> Vector) {
        blocks(count) { i, n in
            if n == width {
                store(f(load(x + i), load(y + i)), z + i)
            } else {
                store(f(load(x + i, count: n), load(y + i, count: n)), z + i, count: n)
            }
        }
    }

    // MARK: Transcendental functions

    /// e^x for each lane (Cephes `expf` polynomial after reduction by ln 2; relative error about
    /// 2 ulp). Arguments are clamped to [-87, 88], the range whose results are normal Floats.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // (Masked replacement inlines to vminps/vmaxps; SIMD.clamped is scalarised and
        // pointwiseMin/Max are not always inlined.)
        var x = x.replacing(with: 88, where: x .> 88)
        x.replace(with: -87, where: x .< -87)
        let magic = Vector(repeating: 12_582_912)          // 1.5 · 2^23: rounds to an integer
        let shifted = magic.addingProduct(x, Vector(repeating: 1.442_695_04))
        let n = shifted - magic
        var r = x.addingProduct(n, Vector(repeating: -0.693_359_375))
        r = r.addingProduct(n, Vector(repeating: 2.121_944_4e-4))
        var p = Vector(repeating: 1.987_569_15e-4)
        p = Vector(repeating: 1.398_199_95e-3).addingProduct(p, r)
        p = Vector(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = Vector(repeating: 4.166_579_59e-2).addingProduct(p, r)
        p = Vector(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = Vector(repeating: 5.000_000_1e-1).addingProduct(p, r)
        let y = (r + 1).addingProduct(p, r * r)
        let bits = unsafeBitCast(shifted, to: SIMD16<UInt32>.self)
        let scale = (bits &- 0x4B40_0000 &+ 127) &<< 23
        return y * unsafeBitCast(scale, to: Vector.self)
    }

    /// The logistic function 1 / (1 + e^-x).
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector { 1 / (1 + exp(-x)) }

    /// tanh x = 2 σ(2x) − 1 (absolute error below 2e-7).
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector { 2 / (1 + exp(-2 * x)) - 1 }

    // MARK: Elementwise arithmetic

    /// `y += x`, in parallel lanes when long.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        guard count >= 1 << 16 else { return addSerially(x, into: y, count: count) }
        let shared = Shared((x, y))
        BLAS.inParallel(count, costPerRow: 1) { range in
            let (x, y) = shared.value
            addSerially(x + range.lowerBound, into: y + range.lowerBound, count: range.count)
        }
    }

    private static func addSerially(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        blocks(count) { i, n in
            if n == width { store(load(y + i) + load(x + i), y + i) } else {
                for j in i..<(i + n) { y[j] += x[j] }
            }
        }
    }

    /// `y += a * x`.
    @inline(__always)
    static func add(_ x: UnsafePointer<Float>, scaledBy a: Float, into y: UnsafeMutablePointer<Float>, count: Int) {
        blocks(count) { i, n in
            if n == width { store(load(y + i).addingProduct(load(x + i), a), y + i) } else {
                for j in i..<(i + n) { y[j] += a * x[j] }
            }
        }
    }

    /// `y *= a` for an `m × n` block with row stride `stride`.
    static func scale(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int, by a: Float) {
        for r in 0..<rows {
            let row = y + r * stride
            map(row, row, count: columns) { $0 * a }
        }
    }

    /// Copies `vector` (length `columns`) into each of `rows` rows of `matrix` (row stride `columns`).
    static func broadcastRows(_ vector: UnsafePointer<Float>, into matrix: UnsafeMutablePointer<Float>,
                              rows: Int, columns: Int) {
        let shared = Shared((vector, matrix))
        BLAS.inParallel(rows, costPerRow: columns) { range in
            let (vector, matrix) = shared.value
            for r in range { (matrix + r * columns).update(from: vector, count: columns) }
        }
    }

    // MARK: Reductions (accumulated in Double)

    /// Σ x, accumulated in Double.
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total = SIMD16<Double>()
        var i = 0
        while i + width <= count {
            total += SIMD16<Double>(load(x + i))
            i += width
        }
        var rest = 0.0
        while i < count { rest += Double(x[i]); i += 1 }
        return total.sum() + rest
    }

    /// Σ x², accumulated in Double.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total = SIMD16<Double>()
        var i = 0
        while i + width <= count {
            let v = SIMD16<Double>(load(x + i))
            total = total.addingProduct(v, v)
            i += width
        }
        var rest = 0.0
        while i < count { rest += Double(x[i]) * Double(x[i]); i += 1 }
        return total.sum() + rest
    }

    /// Σ aᵢbᵢ for a short vector (accumulated in Float: meant for lengths of at most a few hundred).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var total = Vector()
        var rest: Float = 0
        blocks(count) { i, n in
            if n == width { total = total.addingProduct(load(a + i), load(b + i)) } else {
                for j in i..<(i + n) { rest += a[j] * b[j] }
            }
        }
        return total.sum() + rest
    }

    /// `y[j] += Σ_r x[r, j]` for a `rows × columns` matrix, each column sum accumulated in Double
    /// (per lane over a block of rows, then over the lanes in order).
    static func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int,
                              into y: UnsafeMutablePointer<Float>) {
        let lanes = rows * columns >= 1 << 16 ? min(BLAS.threads, rows) : 1
        let totals = UnsafeMutablePointer<Double>.allocate(capacity: lanes * columns)
        defer { totals.deallocate() }
        totals.initialize(repeating: 0, count: lanes * columns)
        let shared = Shared((x, totals))
        BLAS.inLanes(lanes) { lane in
            let (x, totals) = shared.value
            let sums = totals + lane * columns
            for r in (rows * lane / lanes)..<(rows * (lane + 1) / lanes) {
                let row = x + r * columns
                blocks(columns) { i, n in
                    if n == width {
                        let t = UnsafeMutableRawPointer(sums + i)
                        t.storeBytes(of: t.loadUnaligned(as: SIMD16<Double>.self) + SIMD16<Double>(load(row + i)),
                                     as: SIMD16<Double>.self)
                    } else {
                        for j in i..<(i + n) { sums[j] += Double(row[j]) }
                    }
                }
            }
        }
        for j in 0..<columns {
            var total = 0.0
            for lane in 0..<lanes { total += totals[lane * columns + j] }
            y[j] += Float(total)
        }
    }
}
