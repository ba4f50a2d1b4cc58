/// The number type the land-model physics is written in.
///
/// The physics is generic over `ModelScalar` so that one implementation serves two purposes:
/// `Double` runs one parameter set, `Lanes` runs eight ensemble members at once in SIMD
/// registers (structure of arrays), `Dual` one parameter set with its partial derivatives. All use
/// the same elementary functions (`ModelMath`), built from the primitive operations below, so an
/// ensemble member's results are bit-for-bit those of the scalar run with the same parameters, and
/// so is a `Dual` run's value part.
public protocol ModelScalar {
    /// Lane-wise truth values (`Bool` for `Double`).
    associatedtype Mask

    /// All lanes equal to `value`.
    init(_ value: Double)

    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func + (a: Self, b: Double) -> Self
    static func - (a: Self, b: Double) -> Self
    static func * (a: Self, b: Double) -> Self
    static func / (a: Self, b: Double) -> Self
    static func + (a: Double, b: Self) -> Self
    static func - (a: Double, b: Self) -> Self
    static func * (a: Double, b: Self) -> Self
    static func / (a: Double, b: Self) -> Self
    static prefix func - (a: Self) -> Self

    /// Lane-wise `a < b`.
    static func less(_ a: Self, _ b: Self) -> Mask
    /// Lane-wise `a <= b`.
    static func lessOrEqual(_ a: Self, _ b: Self) -> Mask
    /// Lane-wise choice: `a` where `mask` holds, else `b` (both already computed).
    static func select(_ mask: Mask, _ a: Self, _ b: Self) -> Self
    /// Lane-wise choice that evaluates a branch only if some lane needs it.
    static func choose(_ mask: Mask, _ a: () -> Self, _ b: () -> Self) -> Self
    /// `choose` for a pair of results.
    static func choose(_ mask: Mask, _ a: () -> (Self, Self), _ b: () -> (Self, Self)) -> (Self, Self)

    static func squareRoot(_ x: Self) -> Self
    /// a·b + c rounded once (IEEE fused multiply–add): the step of every polynomial in `ModelMath`.
    static func fusedMultiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self
    static func maximum(_ a: Self, _ b: Self) -> Self
    static func minimum(_ a: Self, _ b: Self) -> Self
    static func magnitude(_ x: Self) -> Self
    /// Round to the nearest integer, ties to even.
    static func roundedToNearest(_ x: Self) -> Self
    /// x · 2^n for integral n with −1022 ≤ n ≤ 1023 (bit manipulation, no rounding).
    static func scaled(_ x: Self, byPowerOfTwo n: Self) -> Self
    /// (m, e) with x = m · 2^e, 1 ≤ m < 2, for positive normal x.
    static func significandAndExponent(_ x: Self) -> (Self, Self)

    /// e^x, log x and atan x (`ModelMath`). The defaults run MdPL's own algorithms on the
    /// primitives above; `Dual` gives the same values with analytic derivatives.
    static func exponential(_ x: Self) -> Self
    static func logarithm(_ x: Self) -> Self
    static func arctangent(_ x: Self) -> Self
}

extension ModelScalar {
    @inline(__always) public static func exponential(_ x: Self) -> Self { ModelMath.expKernel(x) }
    @inline(__always) public static func logarithm(_ x: Self) -> Self { ModelMath.logKernel(x) }
    @inline(__always) public static func arctangent(_ x: Self) -> Self { ModelMath.atanKernel(x) }
}

extension Double: ModelScalar {
    public typealias Mask = Bool

    @inline(__always) public static func less(_ a: Double, _ b: Double) -> Bool { a < b }
    @inline(__always) public static func lessOrEqual(_ a: Double, _ b: Double) -> Bool { a <= b }
    @inline(__always) public static func select(_ mask: Bool, _ a: Double, _ b: Double) -> Double { mask ? a : b }
    @inline(__always) public static func choose(_ mask: Bool, _ a: () -> Double, _ b: () -> Double) -> Double {
        mask ? a() : b()
    }
    @inline(__always) public static func choose(_ mask: Bool, _ a: () -> (Double, Double),
                                                _ b: () -> (Double, Double)) -> (Double, Double) {
        mask ? a() : b()
    }
    @inline(__always) public static func squareRoot(_ x: Double) -> Double { x.squareRoot() }
    @inline(__always) public static func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double) -> Double {
        c.addingProduct(a, b)
    }
    @inline(__always) public static func maximum(_ a: Double, _ b: Double) -> Double { a > b ? a : b }
    @inline(__always) public static func minimum(_ a: Double, _ b: Double) -> Double { a < b ? a : b }
    @inline(__always) public static func magnitude(_ x: Double) -> Double { Swift.abs(x) }
    @inline(__always) public static func roundedToNearest(_ x: Double) -> Double { x.rounded(.toNearestOrEven) }
    @inline(__always) public static func scaled(_ x: Double, byPowerOfTwo n: Double) -> Double {
        x * Double(bitPattern: UInt64(Int64(n) + 1023) << 52)
    }
    @inline(__always) public static func significandAndExponent(_ x: Double) -> (Double, Double) {
        let bits = x.bitPattern
        let exponent = Double(Int64((bits >> 52) & 0x7ff) - 1023)
        let significand = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
        return (significand, exponent)
    }
}
