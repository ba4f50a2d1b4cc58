import CVectorMath

/// Eight ensemble members held lane-wise in one SIMD vector (structure of arrays).
///
/// Eight on every target (README, *Lanes per vector*): 16 lanes run a 64-member ensemble 1.4–1.7 times
/// as fast on AVX2, but a vector-step costs the same however few lanes are used, and the small batches of
/// SCE-UA, Levenberg–Marquardt and line searches made the quickstart's calibration slower with 16.
public struct Lanes: ModelScalar, Sendable {
    public typealias Mask = SIMDMask<SIMD8<Int64>>
    /// Number of members per vector.
    public static let width = 8

    public var v: SIMD8<Double>

    @inline(__always) public init(_ value: Double) { v = SIMD8(repeating: value) }
    @inline(__always) public init(_ vector: SIMD8<Double>) { v = vector }

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
        if allLanes(mask) { return a() }
        if !anyLane(mask) { return b() }
        return select(mask, a(), b())
    }
    @inline(__always) public static func choose(_ mask: Mask, _ a: () -> (Lanes, Lanes),
                                                _ b: () -> (Lanes, Lanes)) -> (Lanes, Lanes) {
        if allLanes(mask) { return a() }
        if !anyLane(mask) { return b() }
        let (a0, a1) = a(), (b0, b1) = b()
        return (select(mask, a0, b0), select(mask, a1, b1))
    }
    /// Whether `mask` holds in some lane.
    @inline(__always) public static func anyLane(_ mask: Mask) -> Bool { mdpl_any8(unsafeBitCast(mask, to: SIMD8<Int64>.self)) }
    /// Whether `mask` holds in every lane.
    @inline(__always) public static func allLanes(_ mask: Mask) -> Bool { mdpl_all8(unsafeBitCast(mask, to: SIMD8<Int64>.self)) }
    @inline(__always) public static func squareRoot(_ x: Lanes) -> Lanes { Lanes(mdpl_sqrt8(x.v)) }
    @inline(__always) public static func fusedMultiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes {
        Lanes(c.v.addingProduct(a.v, b.v))
    }
    @inline(__always) public static func maximum(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a.v.replacing(with: b.v, where: a.v .< b.v))
    }
    @inline(__always) public static func minimum(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a.v.replacing(with: b.v, where: b.v .< a.v))
    }
    @inline(__always) public static func magnitude(_ x: Lanes) -> Lanes {
        Lanes(unsafeBitCast(unsafeBitCast(x.v, to: SIMD8<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD8<Double>.self))
    }
    @inline(__always) public static func roundedToNearest(_ x: Lanes) -> Lanes { Lanes(mdpl_roundeven8(x.v)) }

    /// 2^n built in the exponent field: n + 1023 is placed in the low mantissa bits by adding
    /// 2^52, then shifted up.
    @inline(__always) public static func scaled(_ x: Lanes, byPowerOfTwo n: Lanes) -> Lanes {
        let biased = unsafeBitCast(n.v + (1023 + 4_503_599_627_370_496.0), to: SIMD8<UInt64>.self)
        let power = unsafeBitCast((biased & 0x7ff) &<< 52, to: SIMD8<Double>.self)
        return Lanes(x.v * power)
    }

    @inline(__always) public static func significandAndExponent(_ x: Lanes) -> (Lanes, Lanes) {
        let bits = unsafeBitCast(x.v, to: SIMD8<UInt64>.self)
        let exponentBits = (bits &>> 52) & 0x7ff
        // Exponent as Double through the same 2^52 trick in reverse.
        let exponent = unsafeBitCast(exponentBits | 0x4330_0000_0000_0000, to: SIMD8<Double>.self)
            - (4_503_599_627_370_496.0 + 1023)
        let significand = unsafeBitCast((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000, to: SIMD8<Double>.self)
        return (Lanes(significand), Lanes(exponent))
    }
}
