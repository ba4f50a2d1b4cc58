import Foundation

/// A seeded pseudo-random number generator (xoshiro256**, Blackman & Vigna 2018, seeded through
/// SplitMix64). The same seed gives the same stream on every machine, which is what makes
/// initialisation, dropout and batch order, and so training, reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Float in `range`.
    public mutating func nextUniform(in range: ClosedRange<Float>) -> Float {
        Float(Double(range.lowerBound) + Double(range.upperBound - range.lowerBound) * nextUnit())
    }

    /// A standard normal deviate (Box–Muller, computed in Double).
    public mutating func nextNormal() -> Float {
        let u1 = 1 - nextUnit()   // in (0, 1], so the logarithm is finite
        let u2 = nextUnit()
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
