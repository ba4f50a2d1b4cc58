import Foundation

/// Surface air pressure for sites that do not measure it, from the site elevation.
///
/// FluxnetLSM `SynthesizePSurf` (aukkola/FluxnetLSM, `R/Synthesize_and_gapfill_functions.R`),
/// the barometric formula for a standard lapse rate, as used for PLUMBER2 (data README,
/// "Processing" 6):
///
///     P = 101325 (T / (T + 0.0065 z))^(g / (R_d · 0.0065))   [Pa]
///
/// with T the air temperature [K], z the elevation [m], g = 9.80665 m s-2 and
/// R_d = 287.04 J kg-1 K-1.
public enum SurfacePressureSynthesis {
    static let seaLevelPressure = 101325.0
    static let lapseRate = 0.0065
    static let gravity = 9.80665
    static let dryAirGasConstant = 287.04

    /// Psurf [Pa] at elevation `elevation` [m] for air temperature `tairK` [K].
    public static func barometric(tairK: Double, elevation: Double) -> Double {
        seaLevelPressure * pow(tairK / (tairK + lapseRate * elevation), gravity / (dryAirGasConstant * lapseRate))
    }
}
