import Foundation

/// Humidity conversions used when a source gives RH or VPD instead of specific humidity.
///
/// Saturation vapour pressure after Jones (1992, p. 110), the form FluxnetLSM uses to build the
/// PLUMBER2 files (`R/Conversions.R`), so converted values match PLUMBER2's own:
/// e_sat(T) = 613.75 exp(17.502 T / (240.97 + T)) Pa, T in °C.
public enum Humidity {
    /// Saturation vapour pressure [Pa] at `tairK` [K].
    public static func saturationVapourPressure(tairK: Double) -> Double {
        let t = tairK - SharedPhysicalConstants.freezingPoint
        return 613.75 * exp(17.502 * t / (240.97 + t))
    }

    /// Specific humidity [kg/kg] from relative humidity [%], air temperature [K] and pressure [Pa]:
    /// q = RH/100 · 0.622 e_sat / (P − e_sat) (FluxnetLSM `Rel2SpecHum`).
    public static func specificHumidity(relativeHumidity rh: Double, tairK: Double, pressure: Double) -> Double {
        let es = saturationVapourPressure(tairK: tairK)
        return rh / 100 * SharedPhysicalConstants.molecularWeightRatio * es / (pressure - es)
    }

    /// Relative humidity [%] from vapour pressure deficit [hPa]: RH = 100 (1 − VPD/e_sat).
    public static func relativeHumidity(vpdHPa: Double, tairK: Double) -> Double {
        let es = saturationVapourPressure(tairK: tairK)
        return min(max(100 * (1 - vpdHPa * 100 / es), 0), 100)
    }

    /// Relative humidity [%] from specific humidity (exact inverse of `specificHumidity`).
    public static func relativeHumidity(specificHumidity q: Double, tairK: Double, pressure: Double) -> Double {
        let es = saturationVapourPressure(tairK: tairK)
        return 100 * q * (pressure - es) / (SharedPhysicalConstants.molecularWeightRatio * es)
    }

    /// Vapour pressure deficit [hPa] from relative humidity [%].
    public static func vapourPressureDeficit(relativeHumidity rh: Double, tairK: Double) -> Double {
        saturationVapourPressure(tairK: tairK) * (1 - rh / 100) / 100
    }
}
