import Foundation

/// Incoming longwave radiation for sites that do not measure it.
///
/// FluxnetLSM `SynthesizeLWdown(technique = "Abramowitz_2012")` (aukkola/FluxnetLSM,
/// `R/Synthesize_and_gapfill_functions.R`), the regression of Abramowitz, Pouyanne & Ajami
/// (2012, GRL 39, L04808) fitted on flux-tower data, as used for PLUMBER2:
///
///     e      = max(5, RH)/100 · 611.2 exp(17.67 (T − 273.15)/(T − 29.65))   [Pa]
///     LWdown = 2.648 T + 0.0346 e − 474                                      [W m-2]
///
/// with T the air temperature in K and RH in %.
public enum LongwaveSynthesis {
    /// LWdown [W m-2] from air temperature [K] and relative humidity [%].
    public static func abramowitz2012(tairK: Double, relativeHumidity: Double) -> Double {
        let vapourPressure = max(5, relativeHumidity) / 100 * 611.2 * exp(17.67 * (tairK - SharedPhysicalConstants.freezingPoint) / (tairK - 29.65))
        return 2.648 * tairK + 0.0346 * vapourPressure - 474
    }
}
