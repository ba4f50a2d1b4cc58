/// Air properties of LSM_SPEC.md 2.2 (FAO-56 and CLM forms).
public enum Atmosphere {
    /// Coefficients of FAO-56's saturation vapour pressure e°(T) = 0.6108 exp(17.27 T/(T + 237.3)) kPa,
    /// T in °C (eq 11, [S1]): e_s at 0 °C [Pa], the slope 17.27 and the offset 237.3 °C.
    public static let saturationAtFreezing = 610.8
    public static let magnusSlope = 17.27
    public static let magnusOffset = 237.3
    /// The offset 237.3 °C as a temperature in K, T_f − 237.3 = 35.85 K (2.2 writes e_s for T in K).
    /// The literal, because T_f − 237.3 evaluates to 35.849999999999966 in Double.
    public static let magnusOffsetKelvin = 35.85
    /// λ(T) = (2.501 − 0.002361 (T − T_f)) MJ kg-1 (FAO-56 Annex 3 [S1], 2.2): λ at T_f [MJ kg-1] and its
    /// temperature slope [MJ kg-1 K-1].
    public static let latentHeatAtFreezing = 2.501
    public static let latentHeatSlope = 0.002361

    /// Saturation vapour pressure e_s(T) = 610.8 exp(17.27 (T − 273.15)/(T − 35.85)) [Pa], T in K
    /// (FAO-56 eq 11).
    @inline(__always)
    public static func saturationVapourPressure<S: ModelScalar>(_ t: S) -> S {
        saturationAtFreezing * ModelMath.exp(magnusSlope * (t - PhysicalConstants.freezing) / (t - magnusOffsetKelvin))
    }

    /// de_s/dT = e_s · 17.27 · 237.3 / (T − 35.85)² [Pa K-1] (FAO-56 eq 13).
    @inline(__always)
    public static func saturationSlope<S: ModelScalar>(_ t: S, saturation es: S) -> S {
        let d = t - magnusOffsetKelvin
        return es * (magnusSlope * magnusOffset) / (d * d)
    }

    /// Saturation specific humidity q_s(T, P) = 0.622 e_s / (P − 0.378 e_s) and its derivative
    /// dq_s/dT = 0.622 P (de_s/dT) / (P − 0.378 e_s)² (LSM_SPEC.md 2.2), with ε = 0.622 and 1 − ε = 0.378.
    @inline(__always)
    public static func saturationSpecificHumidity<S: ModelScalar>(_ t: S, pressure p: Double) -> (q: S, dqdT: S) {
        // The same expressions as saturationVapourPressure and saturationSlope, sharing the
        // reciprocals 1/(T − 35.85) and 1/(P − 0.378 e_s).
        let epsilon = PhysicalConstants.molecularWeightRatio
        let inverseOffset = 1 / (t - magnusOffsetKelvin)
        let es = saturationAtFreezing * ModelMath.exp(magnusSlope * (t - PhysicalConstants.freezing) * inverseOffset)
        let inverseDenominator = 1 / (p - PhysicalConstants.molecularWeightComplement * es)
        let slope = es * (magnusSlope * magnusOffset) * (inverseOffset * inverseOffset)
        let q = epsilon * es * inverseDenominator
        return (q, (epsilon * p) * slope * (inverseDenominator * inverseDenominator))
    }

    /// Vapour pressure e_a = q P / (0.622 + 0.378 q) [Pa] (CLM eq 5.9).
    @inline(__always)
    public static func vapourPressure(specificHumidity q: Double, pressure p: Double) -> Double {
        q * p / (PhysicalConstants.molecularWeightRatio + PhysicalConstants.molecularWeightComplement * q)
    }

    /// Vapour pressure deficit D = smax((e_s(Ta) − e_a)/1000, 0.05; w = 0.01) [kPa] (floor as CABLE).
    @inline(__always)
    public static func vapourPressureDeficit(tair: Double, specificHumidity q: Double, pressure p: Double) -> Double {
        let deficit = (saturationVapourPressure(tair) - vapourPressure(specificHumidity: q, pressure: p)) / 1000   // Pa → kPa
        return Smooth.smax(deficit, 0.05, width: 0.01)
    }

    /// Moist-air density ρ = P / (R_d Ta (1 + 0.608 q)) [kg m-3].
    @inline(__always)
    public static func density(tair: Double, specificHumidity q: Double, pressure p: Double) -> Double {
        p / (PhysicalConstants.dryAirGasConstant * tair * (1 + PhysicalConstants.virtualTemperatureFactor * q))
    }

    /// Latent heat of vaporisation λ(T) = (2.501 − 0.002361 (T − 273.15)) 1e6 [J kg-1] (FAO-56 Annex 3).
    @inline(__always)
    public static func latentHeat(_ t: Double) -> Double {
        (latentHeatAtFreezing - latentHeatSlope * (t - PhysicalConstants.freezing)) * 1e6
    }
}
