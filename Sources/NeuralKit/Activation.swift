/// Elementwise nonlinearities with their derivatives, as SIMD kernels.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// f(x) = x.
    case identity
    /// f(x) = max(x, 0); the derivative at 0 is taken as 0.
    case relu
    /// GELU in the tanh form of Hendrycks & Gimpel (2016): ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    case gelu
    /// f(x) = tanh x.
    case tanh
    /// f(x) = 1 / (1 + e^-x).
    case sigmoid

    private static let geluScale: Float = 0.797_884_56   // √(2/π)
    private static let geluCubic: Float = 0.044_715

    /// `y = f(x)` for `count` elements (in place when `x == y`), in parallel lanes when long.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let shared = Shared((x, y))
        BLAS.inParallel(count, costPerRow: 4) { range in
            let (x, y) = shared.value
            applySerially(x + range.lowerBound, y + range.lowerBound, count: range.count)
        }
    }

    /// `apply` on the calling thread (for callers that already run in a lane).
    func applySerially(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: if UnsafePointer(y) != x { y.update(from: x, count: count) }
        case .relu: Kernels.map(x, y, count: count) { $0.replacing(with: 0, where: $0 .< 0) }
        case .gelu:
            Kernels.map(x, y, count: count) { v in
                let u = Self.geluScale * v.addingProduct(Self.geluCubic * v, v * v)
                return 0.5 * v * (1 + Kernels.tanh(u))
            }
        case .tanh: Kernels.map(x, y, count: count) { Kernels.tanh($0) }
        case .sigmoid: Kernels.map(x, y, count: count) { Kernels.sigmoid($0) }
        }
    }

    /// `gradient *= f'(x)` for `count` elements, given the inputs `x` and outputs `y = f(x)`, in
    /// parallel lanes when long.
    func multiplyByDerivative(_ gradient: UnsafeMutablePointer<Float>, input x: UnsafePointer<Float>,
                              output y: UnsafePointer<Float>, count: Int) {
        let shared = Shared((gradient, x, y))
        BLAS.inParallel(count, costPerRow: 4) { range in
            let (gradient, x, y) = shared.value
            let start = range.lowerBound
            multiplyByDerivativeSerially(gradient + start, input: x + start, output: y + start, count: range.count)
        }
    }

    /// `multiplyByDerivative` on the calling thread (for callers that already run in a lane).
    func multiplyByDerivativeSerially(_ gradient: UnsafeMutablePointer<Float>, input x: UnsafePointer<Float>,
                                              output y: UnsafePointer<Float>, count: Int) {
        switch self {
        case .identity: return
        case .relu:
            Kernels.map(gradient, y, gradient, count: count) { g, y in g.replacing(with: 0, where: y .<= 0) }
        case .gelu:
            Kernels.map(gradient, x, gradient, count: count) { g, x in
                let x2 = x * x
                let t = Kernels.tanh(Self.geluScale * x.addingProduct(Self.geluCubic * x, x2))
                let du = Self.geluScale * (1 + 3 * Self.geluCubic * x2)
                return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du)
            }
        case .tanh: Kernels.map(gradient, y, gradient, count: count) { g, t in g * (1 - t * t) }
        case .sigmoid: Kernels.map(gradient, y, gradient, count: count) { g, s in g * s * (1 - s) }
        }
    }
}
