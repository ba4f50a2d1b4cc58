/// Elementary functions for `ModelScalar`, written once for scalars and SIMD lanes.
///
/// Accuracy (checked against glibc in the tests): relative error below 4e-16 for `exp` and
/// `log` over the ranges the model uses, below 1e-15 for `atan`, `pow`. Inputs outside a
/// function's domain give NaN or infinities in that lane only; the physics selects such lanes
/// away (both branches of a lane-wise choice are evaluated in SIMD).
public enum ModelMath {
    static let ln2Hi = 6.93147180369123816490e-01
    static let ln2Lo = 1.90821492927058770002e-10
    static let log2e = 1.4426950408889634074

    /// e^x; arguments are clamped to [−708, 709], so the result is finite and positive.
    @inline(__always)
    public static func exp<S: ModelScalar>(_ x: S) -> S {
        let clamped = S.minimum(S.maximum(x, S(-708)), S(709))
        let n = S.roundedToNearest(clamped * log2e)
        let r = (clamped - n * ln2Hi) - n * ln2Lo          // |r| ≤ ln2/2
        // Taylor series of e^r to r^13 (truncation < 2e-16 relative for |r| ≤ 0.347).
        var p = S(1.0 / 6227020800)
        p = p * r + 1.0 / 479001600
        p = p * r + 1.0 / 39916800
        p = p * r + 1.0 / 3628800
        p = p * r + 1.0 / 362880
        p = p * r + 1.0 / 40320
        p = p * r + 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return S.scaled(p, byPowerOfTwo: n)
    }

    /// Natural logarithm for positive normal x (NaN or garbage otherwise, lane-wise).
    @inline(__always)
    public static func log<S: ModelScalar>(_ x: S) -> S {
        var (m, e) = S.significandAndExponent(x)
        // Move m into [√½, √2) so that s = (m−1)/(m+1) is small.
        let large = S.less(S(1.4142135623730951), m)
        m = S.select(large, m * 0.5, m)
        e = S.select(large, e + 1, e)
        let s = (m - 1) / (m + 1)                           // |s| ≤ 0.1716
        let s2 = s * s
        // log m = 2 atanh s = 2 (s + s³/3 + s⁵/5 + ...), to s^23.
        var p = S(1.0 / 23)
        p = p * s2 + 1.0 / 21
        p = p * s2 + 1.0 / 19
        p = p * s2 + 1.0 / 17
        p = p * s2 + 1.0 / 15
        p = p * s2 + 1.0 / 13
        p = p * s2 + 1.0 / 11
        p = p * s2 + 1.0 / 9
        p = p * s2 + 1.0 / 7
        p = p * s2 + 1.0 / 5
        p = p * s2 + 1.0 / 3
        let logM = 2 * s + 2 * s * s2 * p
        return e * ln2Hi + (logM + e * ln2Lo)
    }

    /// x^y for positive x, as e^{y ln x}.
    @inline(__always)
    public static func pow<S: ModelScalar>(_ x: S, _ y: Double) -> S {
        exp(log(x) * y)
    }

    /// Arctangent. Reduction: |x| > 1 uses π/2 − atan(1/|x|); t > tan(π/8) uses
    /// π/4 + atan((t−1)/(t+1)); one half-angle step u/(1+√(1+u²)) leaves |u| ≤ 0.199 for the series.
    @inline(__always)
    public static func atan<S: ModelScalar>(_ x: S) -> S {
        let a = S.magnitude(x)
        let inverted = S.less(S(1), a)
        var t = S.select(inverted, 1 / a, a)
        let shifted = S.less(S(0.41421356237309503), t)
        t = S.select(shifted, (t - 1) / (t + 1), t)
        let u = t / (1 + S.squareRoot(1 + t * t))          // atan t = 2 atan u
        let u2 = u * u
        var p = S(-1.0 / 23)
        p = p * u2 + 1.0 / 21
        p = p * u2 - 1.0 / 19
        p = p * u2 + 1.0 / 17
        p = p * u2 - 1.0 / 15
        p = p * u2 + 1.0 / 13
        p = p * u2 - 1.0 / 11
        p = p * u2 + 1.0 / 9
        p = p * u2 - 1.0 / 7
        p = p * u2 + 1.0 / 5
        p = p * u2 - 1.0 / 3
        var r = 2 * (u + u * u2 * p)
        r = S.select(shifted, r + 0.78539816339744831, r)
        r = S.select(inverted, 1.5707963267948966 - r, r)
        return S.select(S.less(x, S(0)), -r, r)
    }

    /// Hyperbolic tangent, (1 − e^{−2|x|}) / (1 + e^{−2|x|}) with the sign of x. The absolute error
    /// is below 2e-16; the model only uses it in smooth clamps c·tanh(x/c).
    @inline(__always)
    public static func tanh<S: ModelScalar>(_ x: S) -> S {
        let e = exp(-2 * S.magnitude(x))
        let t = (1 - e) / (1 + e)
        return S.select(S.less(x, S(0)), -t, t)
    }

    /// Logistic function 1 / (1 + e^{−x}).
    @inline(__always)
    public static func sigmoid<S: ModelScalar>(_ x: S) -> S {
        1 / (1 + exp(-x))
    }
}
