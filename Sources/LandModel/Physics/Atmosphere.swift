/// Air properties of LSM_SPEC.md 2.2 (FAO-56 and CLM forms).
public enum Atmosphere {
    /// Saturation vapour pressure e_s(T) = 610.8 exp(17.27 (T − 273.15)/(T − 35.85)) [Pa], T in K
    /// (FAO-56 eq 11).
    @inline(__always)
    public static func saturationVapourPressure<S: ModelScalar>(_ t: S) -> S {
        610.8 * ModelMath.exp(17.27 * (t - 273.15) / (t - 35.85))
    }

    /// de_s/dT = e_s · 17.27 · 237.3 / (T − 35.85)² [Pa K-1] (FAO-56 eq 13).
    @inline(__always)
    public static func saturationSlope<S: ModelScalar>(_ t: S, saturation es: S) -> S {
        let d = t - 35.85
        return es * (17.27 * 237.3) / (d * d)
    }

    /// Saturation specific humidity q_s(T, P) = 0.622 e_s / (P − 0.378 e_s) and its derivative
    /// dq_s/dT = 0.622 P (de_s/dT) / (P − 0.378 e_s)² (LSM_SPEC.md 2.2).
    @inline(__always)
    public static func saturationSpecificHumidity<S: ModelScalar>(_ t: S, pressure p: Double) -> (q: S, dqdT: S) {
        // The same expressions as saturationVapourPressure and saturationSlope, sharing the
        // reciprocals 1/(T − 35.85) and 1/(P − 0.378 e_s).
        let inverseOffset = 1 / (t - 35.85)
        let es = 610.8 * ModelMath.exp(17.27 * (t - 273.15) * inverseOffset)
        let inverseDenominator = 1 / (p - 0.378 * es)
        let slope = es * (17.27 * 237.3) * (inverseOffset * inverseOffset)
        let q = 0.622 * es * inverseDenominator
        return (q, (0.622 * p) * slope * (inverseDenominator * inverseDenominator))
    }

    /// Vapour pressure e_a = q P / (0.622 + 0.378 q) [Pa] (CLM eq 5.9).
    @inline(__always)
    public static func vapourPressure(specificHumidity q: Double, pressure p: Double) -> Double {
        q * p / (0.622 + 0.378 * q)
    }

    /// Vapour pressure deficit D = smax((e_s(Ta) − e_a)/1000, 0.05; w = 0.01) [kPa] (floor as CABLE).
    @inline(__always)
    public static func vapourPressureDeficit(tair: Double, specificHumidity q: Double, pressure p: Double) -> Double {
        let deficit = (saturationVapourPressure(tair) - vapourPressure(specificHumidity: q, pressure: p)) / 1000
        return Smooth.smax(deficit, 0.05, width: 0.01)
    }

    /// Moist-air density ρ = P / (R_d Ta (1 + 0.608 q)) [kg m-3].
    @inline(__always)
    public static func density(tair: Double, specificHumidity q: Double, pressure p: Double) -> Double {
        p / (PhysicalConstants.dryAirGasConstant * tair * (1 + 0.608 * q))
    }

    /// Latent heat of vaporisation λ(T) = (2.501 − 0.002361 (T − 273.15)) 1e6 [J kg-1] (FAO-56 Annex 3).
    @inline(__always)
    public static func latentHeat(_ t: Double) -> Double {
        (2.501 - 0.002361 * (t - 273.15)) * 1e6
    }
}
