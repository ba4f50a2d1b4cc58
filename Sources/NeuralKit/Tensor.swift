/// A dense Float32 array of any rank, stored row-major and contiguous.
///
/// Sequences are time-major: a batch of `batch` sequences of `steps` steps with `features` values
/// per step has shape `[steps, batch, features]`, so the rows of one step form one contiguous
/// `[batch, features]` block and all steps together form one `[steps * batch, features]` matrix.
/// `Tensor` is a value type (copy on write through its `scalars` array).
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count` is the product of `shape`.
    public var scalars: [Float]

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor whose elements are written by `initializer` (which must set all `count` of them).
    init(shape: [Int], uninitialized initializer: (UnsafeMutablePointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { initializer(buffer.baseAddress!) }
            initialized = count
        }
    }

    /// A zero tensor, filled in parallel lanes (for large gradient buffers).
    static func zeros(shape: [Int]) -> Tensor {
        Tensor(shape: shape) { pointer in
            let shared = Shared(pointer)
            BLAS.inParallel(shape.reduce(1, *), costPerRow: 1) { range in
                (shared.value + range.lowerBound).update(repeating: 0, count: range.count)
            }
        }
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The extent of the last dimension (1 for a scalar).
    public var columns: Int { shape.last ?? 1 }

    /// The number of rows when all leading dimensions are flattened (`count / columns`).
    public var rows: Int { columns == 0 ? 0 : count / columns }

    /// The same elements under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The element at a multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(index)] }
        set { scalars[offset(index)] = newValue }
    }

    private func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor: index \(index) for shape \(shape)")
        var offset = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "Tensor: index \(index) out of shape \(shape)")
            offset = offset * extent + i
        }
        return offset
    }

    /// A tensor of the given shape with elements drawn from a normal distribution.
    public static func normal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              using generator: inout SeededGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            mean + standardDeviation * generator.nextNormal()
        })
    }

    /// A tensor of the given shape with elements drawn uniformly from `range`.
    public static func uniform(shape: [Int], in range: ClosedRange<Float>,
                               using generator: inout SeededGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            generator.nextUniform(in: range)
        })
    }

    /// Calls `body` with a pointer to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Adds `other` (of the same shape) element by element.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        precondition(lhs.shape == rhs.shape, "Tensor +=: shapes \(lhs.shape) and \(rhs.shape) differ")
        let n = lhs.count
        guard n > 0 else { return }
        lhs.withUnsafeMutableBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in Kernels.add(b.baseAddress!, into: a.baseAddress!, count: n) }
        }
    }

    /// The sum of all elements, accumulated in Double.
    public func sum() -> Double {
        guard count > 0 else { return 0 }
        return withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count: count) }
    }

    public var description: String { "Tensor(shape: \(shape))" }
}
