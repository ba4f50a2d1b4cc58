/// Sobol' low-discrepancy points in the unit cube (Sobol' 1967), generated in Gray-code order with
/// the direction numbers of Joe & Kuo (2008, SIAM J. Sci. Comput. 30, 2635; file
/// `new-joe-kuo-6.21201`), dimensions 1–20, 32-bit precision.
public struct SobolSequence: Sendable {
    /// (degree s, coefficients a, initial m_1…m_s) of dimensions 2…20 (dimension 1 is van der Corput).
    static let directionSeeds: [(Int, UInt32, [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]), (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]), (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
    ]
    /// The most dimensions supported.
    public static let maximumDimensions = directionSeeds.count + 1

    public let dimensions: Int
    /// Direction numbers V_k (k = 1…32) per dimension, left-aligned in 32 bits.
    let directions: [[UInt32]]

    public init(dimensions: Int) {
        precondition((1...Self.maximumDimensions).contains(dimensions), "Sobol' points need 1...\(Self.maximumDimensions) dimensions")
        self.dimensions = dimensions
        var all: [[UInt32]] = [(1...32).map { UInt32(1) << (32 - $0) }]
        for (s, a, m) in Self.directionSeeds.prefix(dimensions - 1) {
            var v = [UInt32](repeating: 0, count: 33)                       // 1-based
            for k in 1...s { v[k] = m[k - 1] << (32 - k) }
            if s < 32 {
                for k in (s + 1)...32 {
                    var value = v[k - s] ^ (v[k - s] >> UInt32(s))
                    for i in 1..<s where (a >> UInt32(s - 1 - i)) & 1 == 1 { value ^= v[k - i] }
                    v[k] = value
                }
            }
            all.append(Array(v[1...32]))
        }
        directions = all
    }

    /// Points 1…count of the sequence (the origin, point 0, is skipped), each in [0, 1)^d.
    public func points(_ count: Int) -> [[Double]] {
        guard count > 0 else { return [] }
        var x = [UInt32](repeating: 0, count: dimensions)
        var out: [[Double]] = []
        out.reserveCapacity(count)
        for n in 1...count {
            // Gray code: point n differs from point n − 1 in direction number c + 1, where c is the
            // position of the lowest zero bit of n − 1.
            let c = (~(n - 1)).trailingZeroBitCount
            for j in 0..<dimensions { x[j] ^= directions[j][c] }
            out.append(x.map { Double($0) / 4_294_967_296 })
        }
        return out
    }
}
