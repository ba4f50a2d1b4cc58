import Foundation

/// Roughness, Monin–Obukhov resistances, leaf boundary layer, soil-surface resistance, cover and
/// wet fractions, LSM_SPEC.md 2.7.
public enum Aerodynamics {
    /// LAI blending weight V = (1 − exp(−smin(LAI, 2; 0.1))) / (1 − e^{−2}) (CLM5 eq 5.126–5.128,
    /// Zeng & Wang 2007). Shared by all members.
    public static func roughnessWeight(lai: Double) -> Double {
        (1 - ModelMath.exp(-Smooth.smin(lai, 2, width: 0.1))) / (1 - ModelMath.exp(-2.0))
    }

    /// ln z0m = V ln(R_z0m h_c) + (1 − V) ln z0g, z0g = 0.01 m (2.7.1).
    @inline(__always)
    public static func logRoughness<S: ModelScalar>(weight v: Double, logCanopyRoughness: S) -> S {
        v * logCanopyRoughness + (1 - v) * ModelMath.log(ModelConstants.bareSoilRoughness)
    }

    /// Unstable stability functions (Paulson 1970) at ζ < 0: ψm = 2 ln((1+x)/2) + ln((1+x²)/2)
    /// − 2 atan x + π/2 with x = (1−16ζ)^{1/4}; ψh = 2 ln((1+y)/2) with y = (1−16ζ)^{1/2}.
    @inline(__always)
    static func unstable<S: ModelScalar>(_ zeta: S) -> (m: S, h: S) {
        let y = S.squareRoot(1 - 16 * zeta)
        let x = S.squareRoot(y)
        let halfX = (1 + x) * 0.5
        let m = ModelMath.log(halfX * halfX * ((1 + x * x) * 0.5)) - 2 * ModelMath.atan(x) + 1.5707963267948966
        let halfY = (1 + y) * 0.5
        return (m, 2 * ModelMath.log(halfY))
    }

    /// Stable stability functions (Beljaars & Holtslag 1991, a = 1, b = 2/3, c = 5, d = 0.35) at ζ ≥ 0:
    /// ψm = −[aζ + b(ζ − c/d)e^{−dζ} + bc/d], ψh = −[(1 + 2aζ/3)^{1.5} + b(ζ − c/d)e^{−dζ} + bc/d − 1].
    @inline(__always)
    static func stable<S: ModelScalar>(_ zeta: S) -> (m: S, h: S) {
        let b = 2.0 / 3, c = 5.0, d = 0.35
        let shared = b * (zeta - c / d) * ModelMath.exp(-d * zeta) + b * c / d
        let t = 1 + 2 * zeta / 3
        return (-(zeta + shared), -(t * S.squareRoot(t) + shared - 1))
    }

    /// ψm(ζ) and ψh(ζ) (2.7.3); both branches give 0 at ζ = 0.
    @inline(__always)
    public static func stability<S: ModelScalar>(_ zeta: S) -> (m: S, h: S) {
        let pair = S.choose(S.less(zeta, S(0)), { unstable(zeta) }, { stable(zeta) })
        return (pair.0, pair.1)
    }

    /// The integrated profile terms and resistances for stability ζ (2.7.3).
    public struct Resistances<S: ModelScalar> {
        /// ln(z/z0m) − ψm(ζ_c) + ψm(ζ_c z0m/z); the friction velocity is u* = k u_e / lnM.
        public var logMomentum: S
        /// Aerodynamic resistance to heat r_ah = lnM lnH / (k² u_e) [s m-1].
        public var heat: S
    }

    /// The profile corrections ψm(ζ) − ψm(ζ z0m/z) and ψh(ζ) − ψh(ζ z0h/z) in one evaluation.
    /// Algebraically the differences of 2.7.3's functions, written to need fewer logarithms:
    /// unstable, ln P(x) − ln P(x0) = ln(P(x)/P(x0)) with P(x) = ((1+x)/2)² (1+x²)/2 and
    /// atan x − atan x0 = atan((x − x0)/(1 + x x0)) (x, x0 ≥ 1); stable, the exponential terms of both
    /// heights. ζ and ζ·ratio always share a sign.
    @inline(__always)
    public static func profileCorrections<S: ModelScalar>(_ zeta: S, momentumRatio rm: S, heatRatio rh: S) -> (m: S, h: S) {
        S.choose(S.less(zeta, S(0)), {
            let y = S.squareRoot(1 - 16 * zeta), x = S.squareRoot(y)
            let y0 = S.squareRoot(1 - 16 * (zeta * rm)), x0 = S.squareRoot(y0)
            let yh = S.squareRoot(1 - 16 * (zeta * rh))
            let p = (1 + x) * (1 + x) * (1 + x * x), p0 = (1 + x0) * (1 + x0) * (1 + x0 * x0)
            let m = ModelMath.log(p / p0) - 2 * ModelMath.atanUnit((x - x0) / (1 + x * x0))
            return (m, 2 * ModelMath.log((1 + y) / (1 + yh)))
        }, {
            let b = 2.0 / 3, c = 5.0, d = 0.35
            let zm = zeta * rm, zh = zeta * rh
            let top = b * (zeta - c / d) * ModelMath.exp(-d * zeta)
            let bottomM = b * (zm - c / d) * ModelMath.exp(-d * zm)
            let bottomH = b * (zh - c / d) * ModelMath.exp(-d * zh)
            let t = 1 + zeta * (2.0 / 3), th = 1 + zh * (2.0 / 3)
            return (-((zeta - zm) + top - bottomM), -((t * S.squareRoot(t) - th * S.squareRoot(th)) + top - bottomH))
        })
    }

    /// Resistances at height `z` above the displacement height for stability ζ (clamped smoothly
    /// to ±10 by ζ_c = 10 tanh(ζ/10)), with ln(z/z0m) given and z0h = 0.1 z0m (2.7.3).
    @inline(__always)
    public static func resistances<S: ModelScalar>(zeta: S, height z: S, logHeightOverZ0m: S, z0m: S,
                                                   windEffective ue: Double) -> Resistances<S> {
        let k = PhysicalConstants.vonKarman
        let zc = 10 * ModelMath.tanh(zeta * 0.1)
        let ratio = z0m / z
        let correction = profileCorrections(zc, momentumRatio: ratio, heatRatio: 0.1 * ratio)
        let lnM = logHeightOverZ0m - correction.m
        let lnH = (logHeightOverZ0m + 2.302585092994046) - correction.h      // ln(z/z0h) = ln(z/z0m) + ln 10
        return Resistances(logMomentum: lnM, heat: lnM * lnH * (1 / (k * k * ue)))
    }

    /// Cover fractions of the composite surface, f_soil = exp(−0.7 LAI) and f_veg = 1 − f_soil (2.7.6,
    /// PML-V2 k_A [S10]). Shared by all members.
    public static func coverFractions(lai: Double) -> (soil: Double, vegetation: Double) {
        let soil = Foundation.exp(-ModelConstants.coverExtinction * lai)
        return (soil, 1 - soil)
    }

    /// Wind speed with a smooth floor, u_e = sqrt(u² + 0.25) (2.7.2).
    public static func effectiveWind(_ u: Double) -> Double { (u * u + 0.25).squareRoot() }

    /// Leaf boundary-layer resistance per ground area, r_b = 1 / (0.01 sqrt(u*/0.04) (LAI + 0.05))
    /// (2.7.4, CLM C_v = 0.01 m s-1/2, d_leaf = 0.04 m). With u* = k u_e / lnM this is
    /// r_b = scale · √lnM; this function returns the scale 1 / (0.01 sqrt(k u_e/0.04) (LAI + 0.05)),
    /// which depends on forcing only.
    public static func boundaryLayerScale(windEffective ue: Double, lai: Double) -> Double {
        1 / (0.01 * (PhysicalConstants.vonKarman * ue / ModelConstants.leafDimension).squareRoot() * (lai + 0.05))
    }

    /// Soil-surface evaporation resistance r_ss = f_rss exp(8.206 − 4.255 θ1/θ_sat) (2.7.5,
    /// Sellers et al. 1992).
    @inline(__always)
    public static func soilSurface<S: ModelScalar>(multiplier fRss: S, relativeWetness: S) -> S {
        fRss * ModelMath.exp(8.206 - 4.255 * relativeWetness)
    }

    /// (1e-3)^{2/3} and 1.001^{2/3} (checked against pow in the tests).
    public static let wetFloorPower = 0.010000000000000002
    public static let wetFullPower = 1.0006665556049095

    /// Wet fraction of the canopy (2.7.7): x_c = smin(max(W_can/W_max, 0), 1; 0.01),
    /// δ = [(x_c + 1e-3)^{2/3} − (1e-3)^{2/3}] / [1.001^{2/3} − (1e-3)^{2/3}].
    @inline(__always)
    public static func wetFraction<S: ModelScalar>(canopyWater w: S, capacity wMax: S) -> S {
        let x = Smooth.smin(S.maximum(w / wMax, S(0)), 1, width: 0.01)
        return (ModelMath.pow(x + 1e-3, 2.0 / 3) - wetFloorPower) / (wetFullPower - wetFloorPower)
    }
}
