import Foundation

/// A forward-mode dual number: a value and its partial derivatives with respect to up to 16
/// inputs (the calibrated parameters), a `ModelScalar` like `Double` and `Lanes`, so the physics,
/// written once, also gives exact derivatives of every output (`ParameterDerivatives`).
///
/// The value is computed by exactly the operations of a `Double` run, so it equals the plain run
/// bit for bit; the partials follow the chain rule of each operation. Elementary functions carry
/// their analytic derivatives (exp′ = exp, log′ = 1/x, atan′ = 1/(1 + x²), √′ = 1/(2√x)), not the
/// derivatives of their range reductions. At the model's few non-smooth points the derivative is
/// that of the branch the value takes: `maximum`/`minimum` and `select` differentiate the chosen
/// operand (at a tie, the one the `Double` comparison picks), `magnitude` at 0 the positive branch,
/// rounding has derivative 0, and a clamp (exp's argument range, the water limiter at E ≤ 0)
/// differentiates the active side — one-sided choices, documented in docs/gradients.md.
public struct Dual: ModelScalar, Sendable {
    public typealias Mask = Bool
    public typealias Partials = SIMD16<Double>

    public var value: Double
    public var partials: Partials

    @inline(__always) public init(_ value: Double) {
        self.value = value
        partials = Partials()
    }

    @inline(__always) public init(value: Double, partials: Partials) {
        self.value = value
        self.partials = partials
    }

    /// An input: `value` with derivative `derivative` with respect to input `index`.
    public static func input(_ value: Double, index: Int, derivative: Double = 1) -> Dual {
        var p = Partials()
        p[index] = derivative
        return Dual(value: value, partials: p)
    }

    @inline(__always) public static func + (a: Dual, b: Dual) -> Dual { Dual(value: a.value + b.value, partials: a.partials + b.partials) }
    @inline(__always) public static func - (a: Dual, b: Dual) -> Dual { Dual(value: a.value - b.value, partials: a.partials - b.partials) }
    @inline(__always) public static func * (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value * b.value, partials: a.partials * b.value + b.partials * a.value)
    }
    @inline(__always) public static func / (a: Dual, b: Dual) -> Dual {
        let v = a.value / b.value
        return Dual(value: v, partials: (a.partials - b.partials * v) / b.value)
    }
    @inline(__always) public static func + (a: Dual, b: Double) -> Dual { Dual(value: a.value + b, partials: a.partials) }
    @inline(__always) public static func - (a: Dual, b: Double) -> Dual { Dual(value: a.value - b, partials: a.partials) }
    @inline(__always) public static func * (a: Dual, b: Double) -> Dual { Dual(value: a.value * b, partials: a.partials * b) }
    @inline(__always) public static func / (a: Dual, b: Double) -> Dual { Dual(value: a.value / b, partials: a.partials / b) }
    @inline(__always) public static func + (a: Double, b: Dual) -> Dual { Dual(value: a + b.value, partials: b.partials) }
    @inline(__always) public static func - (a: Double, b: Dual) -> Dual { Dual(value: a - b.value, partials: -b.partials) }
    @inline(__always) public static func * (a: Double, b: Dual) -> Dual { Dual(value: a * b.value, partials: b.partials * a) }
    @inline(__always) public static func / (a: Double, b: Dual) -> Dual {
        let v = a / b.value
        return Dual(value: v, partials: b.partials * (-v / b.value))
    }
    @inline(__always) public static prefix func - (a: Dual) -> Dual { Dual(value: -a.value, partials: -a.partials) }

    @inline(__always) public static func less(_ a: Dual, _ b: Dual) -> Bool { a.value < b.value }
    @inline(__always) public static func lessOrEqual(_ a: Dual, _ b: Dual) -> Bool { a.value <= b.value }
    @inline(__always) public static func select(_ mask: Bool, _ a: Dual, _ b: Dual) -> Dual { mask ? a : b }
    @inline(__always) public static func choose(_ mask: Bool, _ a: () -> Dual, _ b: () -> Dual) -> Dual { mask ? a() : b() }
    @inline(__always) public static func choose(_ mask: Bool, _ a: () -> (Dual, Dual), _ b: () -> (Dual, Dual)) -> (Dual, Dual) {
        mask ? a() : b()
    }

    @inline(__always) public static func squareRoot(_ x: Dual) -> Dual {
        let v = x.value.squareRoot()
        // √ is not differentiable at 0; the model only takes roots of positive quantities there.
        return Dual(value: v, partials: v > 0 ? x.partials / (2 * v) : Partials())
    }
    /// Value fused as `Double` fuses it; derivative a′b + ab′ + c′.
    @inline(__always) public static func fusedMultiplyAdd(_ a: Dual, _ b: Dual, _ c: Dual) -> Dual {
        Dual(value: c.value.addingProduct(a.value, b.value), partials: a.partials * b.value + b.partials * a.value + c.partials)
    }
    @inline(__always) public static func maximum(_ a: Dual, _ b: Dual) -> Dual { a.value > b.value ? a : b }
    @inline(__always) public static func minimum(_ a: Dual, _ b: Dual) -> Dual { a.value < b.value ? a : b }
    @inline(__always) public static func magnitude(_ x: Dual) -> Dual { x.value < 0 ? -x : Dual(value: Swift.abs(x.value), partials: x.partials) }
    @inline(__always) public static func roundedToNearest(_ x: Dual) -> Dual { Dual(x.value.rounded(.toNearestOrEven)) }
    @inline(__always) public static func scaled(_ x: Dual, byPowerOfTwo n: Dual) -> Dual {
        let factor = Double.scaled(1, byPowerOfTwo: n.value)
        return Dual(value: Double.scaled(x.value, byPowerOfTwo: n.value), partials: x.partials * factor)
    }
    @inline(__always) public static func significandAndExponent(_ x: Dual) -> (Dual, Dual) {
        let (m, e) = Double.significandAndExponent(x.value)
        return (Dual(value: m, partials: x.partials * Double.scaled(1, byPowerOfTwo: -e)), Dual(e))
    }

    /// e^x with e^x as derivative; 0 where the argument is clamped (below −708, above 709).
    @inline(__always) public static func exponential(_ x: Dual) -> Dual {
        let v = ModelMath.expKernel(x.value)
        let inside = x.value > -708 && x.value < 709
        return Dual(value: v, partials: inside ? x.partials * v : Partials())
    }
    /// log x with derivative 1/x.
    @inline(__always) public static func logarithm(_ x: Dual) -> Dual {
        Dual(value: ModelMath.logKernel(x.value), partials: x.partials / x.value)
    }
    /// atan x with derivative 1/(1 + x²).
    @inline(__always) public static func arctangent(_ x: Dual) -> Dual {
        Dual(value: ModelMath.atanKernel(x.value), partials: x.partials / (1 + x.value * x.value))
    }
}
