/// Lane-mask operations used by spin-up.
public protocol LaneMask {
    static var none: Self { get }
    static func and(_ a: Self, _ b: Self) -> Self
    static func or(_ a: Self, _ b: Self) -> Self
    var isAll: Bool { get }
    /// The truth value of each lane.
    var laneValues: [Bool] { get }
}

extension Bool: LaneMask {
    public static var none: Bool { false }
    public static func and(_ a: Bool, _ b: Bool) -> Bool { a && b }
    public static func or(_ a: Bool, _ b: Bool) -> Bool { a || b }
    public var isAll: Bool { self }
    public var laneValues: [Bool] { [self] }
}

extension SIMDMask: LaneMask where Storage == SIMD8<Int64> {
    public static var none: SIMDMask<SIMD8<Int64>> { SIMDMask(repeating: false) }
    public static func and(_ a: Self, _ b: Self) -> Self { a .& b }
    public static func or(_ a: Self, _ b: Self) -> Self { a .| b }
    public var isAll: Bool { Lanes.allLanes(self) }
    public var laneValues: [Bool] { (0..<scalarCount).map { self[$0] } }
}
