import CVectorMath

/// Sixteen ensemble members held lane-wise in one SIMD value (structure of arrays).
///
/// Sixteen on every target, measured on x86-64 AVX2 (README, *Land-model throughput*): a time step
/// is a long chain of dependent operations (Newton iterations of the energy balance, polynomial
/// exp/log), so the ensemble is bound by latency, not by vector width. Sixteen doubles are four
/// independent 256-bit chains with AVX2, two 512-bit ones with AVX-512 and eight 128-bit ones with
/// NEON; 4 and 8 lanes ran slower on AVX2, 32 lanes overflowed the register file into a
/// multi-megabyte stack frame.
public struct Lanes: ModelScalar, Sendable {
    /// The members' values of one quantity.
    public typealias Vector = SIMD16<Double>
    typealias Bits = SIMD16<UInt64>
    public typealias Mask = SIMDMask<SIMD16<Int64>>
    /// Number of members per vector.
    public static let width = Vector.scalarCount

    public var v: Vector

    @inline(__always) public init(_ value: Double) { v = Vector(repeating: value) }
    @inline(__always) public init(_ vector: Vector) { v = vector }

    /// Member `i`'s value.
    @inline(__always) public subscript(i: Int) -> Double {
        get { v[i] }
        set { v[i] = newValue }
    }

    @inline(__always) public static func + (a: Lanes, b: Lanes) -> Lanes { Lanes(a.v + b.v) }
    @inline(__always) public static func - (a: Lanes, b: Lanes) -> Lanes { Lanes(a.v - b.v) }
    @inline(__always) public static func * (a: Lanes, b: Lanes) -> Lanes { Lanes(a.v * b.v) }
    @inline(__always) public static func / (a: Lanes, b: Lanes) -> Lanes { Lanes(a.v / b.v) }
    @inline(__always) public static func + (a: Lanes, b: Double) -> Lanes { Lanes(a.v + b) }
    @inline(__always) public static func - (a: Lanes, b: Double) -> Lanes { Lanes(a.v - b) }
    @inline(__always) public static func * (a: Lanes, b: Double) -> Lanes { Lanes(a.v * b) }
    @inline(__always) public static func / (a: Lanes, b: Double) -> Lanes { Lanes(a.v / b) }
    @inline(__always) public static func + (a: Double, b: Lanes) -> Lanes { Lanes(a + b.v) }
    @inline(__always) public static func - (a: Double, b: Lanes) -> Lanes { Lanes(a - b.v) }
    @inline(__always) public static func * (a: Double, b: Lanes) -> Lanes { Lanes(a * b.v) }
    @inline(__always) public static func / (a: Double, b: Lanes) -> Lanes { Lanes(a / b.v) }
    @inline(__always) public static prefix func - (a: Lanes) -> Lanes { Lanes(-a.v) }

    @inline(__always) public static func less(_ a: Lanes, _ b: Lanes) -> Mask { a.v .< b.v }
    @inline(__always) public static func lessOrEqual(_ a: Lanes, _ b: Lanes) -> Mask { a.v .<= b.v }
    @inline(__always) public static func select(_ mask: Mask, _ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(b.v.replacing(with: a.v, where: mask))
    }
    @inline(__always) public static func choose(_ mask: Mask, _ a: () -> Lanes, _ b: () -> Lanes) -> Lanes {
        if all(mask) { return a() }
        if !any(mask) { return b() }
        return select(mask, a(), b())
    }
    @inline(__always) public static func choose(_ mask: Mask, _ a: () -> (Lanes, Lanes),
                                                _ b: () -> (Lanes, Lanes)) -> (Lanes, Lanes) {
        if all(mask) { return a() }
        if !any(mask) { return b() }
        let (a0, a1) = a(), (b0, b1) = b()
        return (select(mask, a0, b0), select(mask, a1, b1))
    }
    @inline(__always) public static func squareRoot(_ x: Lanes) -> Lanes { Lanes(mdpl_lanes_sqrt(x.v)) }
    @inline(__always) public static func maximum(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a.v.replacing(with: b.v, where: a.v .< b.v))
    }
    @inline(__always) public static func minimum(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a.v.replacing(with: b.v, where: b.v .< a.v))
    }
    @inline(__always) public static func magnitude(_ x: Lanes) -> Lanes {
        Lanes(unsafeBitCast(unsafeBitCast(x.v, to: Bits.self) & 0x7fff_ffff_ffff_ffff, to: Vector.self))
    }
    @inline(__always) public static func roundedToNearest(_ x: Lanes) -> Lanes { Lanes(mdpl_lanes_roundeven(x.v)) }

    /// 2^n built in the exponent field: n + 1023 is placed in the low mantissa bits by adding
    /// 2^52, then shifted up.
    @inline(__always) public static func scaled(_ x: Lanes, byPowerOfTwo n: Lanes) -> Lanes {
        let biased = unsafeBitCast(n.v + (1023 + 4_503_599_627_370_496.0), to: Bits.self)
        let power = unsafeBitCast((biased & 0x7ff) &<< 52, to: Vector.self)
        return Lanes(x.v * power)
    }

    @inline(__always) public static func significandAndExponent(_ x: Lanes) -> (Lanes, Lanes) {
        let bits = unsafeBitCast(x.v, to: Bits.self)
        let exponentBits = (bits &>> 52) & 0x7ff
        // Exponent as Double through the same 2^52 trick in reverse.
        let exponent = unsafeBitCast(exponentBits | 0x4330_0000_0000_0000, to: Vector.self)
            - (4_503_599_627_370_496.0 + 1023)
        let significand = unsafeBitCast((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000, to: Vector.self)
        return (Lanes(significand), Lanes(exponent))
    }
}
