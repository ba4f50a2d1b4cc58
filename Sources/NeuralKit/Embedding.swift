/// A lookup table of learned vectors, e.g. 366 rows for the day of the year (1…366 → rows 0…365).
public final class Embedding: Layer {
    /// The table, shape `[rows, width]`.
    public let table: Parameter
    public var isFrozen = false
    private var indices: [Int32] = []

    /// The number of rows (distinct indices).
    public var rows: Int { table.shape[0] }
    /// The length of each vector.
    public var width: Int { table.shape[1] }

    /// A table with entries drawn from N(0, 1), as PyTorch's `nn.Embedding`.
    public init(name: String, rows: Int, width: Int, using generator: inout SeededGenerator) {
        table = Parameter(name: name + ".table", value: .normal(shape: [rows, width], using: &generator))
    }

    public var parameters: [Parameter] { [table] }

    /// The rows for `indices` (each in 0..<rows), shape `shape + [width]` (default `[indices.count, width]`).
    public func forward(_ indices: [Int32], shape: [Int]? = nil) -> Tensor {
        let shape = shape ?? [indices.count]
        precondition(shape.reduce(1, *) == indices.count, "Embedding \(table.name): shape \(shape) for \(indices.count) indices")
        let w = width, r = rows
        self.indices = indices
        return Tensor(shape: shape + [w]) { y in
            table.value.withUnsafeBufferPointer { t in
                for (n, index) in indices.enumerated() {
                    precondition(index >= 0 && Int(index) < r, "Embedding \(table.name): index \(index) outside 0..<\(r)")
                    (y + n * w).update(from: t.baseAddress! + Int(index) * w, count: w)
                }
            }
        }
    }

    /// Adds `outputGradient` (rows in the order of the last `forward`'s indices) into the table's
    /// gradient rows (unless frozen). Indices are discrete, so there is no input gradient.
    public func backward(_ outputGradient: Tensor) {
        precondition(outputGradient.count == indices.count * width,
                     "Embedding \(table.name): output gradient shape \(outputGradient.shape) does not match the last forward")
        guard !isFrozen else { return }
        let w = width
        outputGradient.withUnsafeBufferPointer { dy in
            table.gradient.withUnsafeMutableBufferPointer { dt in
                for (n, index) in indices.enumerated() {
                    Kernels.add(dy.baseAddress! + n * w, into: dt.baseAddress! + Int(index) * w, count: w)
                }
            }
        }
    }
}
