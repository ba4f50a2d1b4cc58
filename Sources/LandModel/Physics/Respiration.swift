/// Ecosystem respiration and NEE, LSM_SPEC.md 2.11.
public enum Respiration {
    /// ORCHIDEE moisture modifier f_W = smax(−1.1 m² + 2.4 m − 0.29, 0.25; w = 0.02), m = θ_root/θ_sat.
    @inline(__always)
    public static func moistureFactor<S: ModelScalar>(relativeWetness m: S) -> S {
        let quadratic = (-1.1 * m + 2.4) * m - 0.29
        return quadratic + Smooth.softplus(0.25 - quadratic, width: 0.02)
    }

    /// Lloyd & Taylor (1994) T0 = 227.13 K and 1/(T_ref − T0) with T_ref = 283.15 K (10 °C) (2.11, [S11]).
    /// The printed 1/56.02, because 283.15 − 227.13 evaluates to 56.01999999999998 in Double.
    public static let lloydTaylorT0 = 227.13
    public static let lloydTaylorInverseSpan = 1 / 56.02

    /// Lloyd & Taylor (1994) temperature response exp[E0 (1/56.02 − 1/(T − 227.13))]: 1 at 10 °C.
    @inline(__always)
    public static func lloydTaylor<S: ModelScalar>(temperature t: S, activation e0: S) -> S {
        ModelMath.exp(e0 * (lloydTaylorInverseSpan - 1 / (t - lloydTaylorT0)))
    }
}
