import Foundation

/// The stand-alone Penman–Monteith equation (LSM_SPEC.md 2.12), kept for the FAO-56 tests and as
/// documentation of the SEB solver's first Newton step.
public enum PenmanMonteith {
    /// λE = [Δ(Rn − G) + ρ cp (e_s − e_a)/r_a] / [Δ + γ(1 + r_s/r_a)] [W m-2], with Δ, γ in Pa K-1,
    /// vapour pressures in Pa, resistances in s m-1.
    public static func latentHeat(netRadiation rn: Double, groundHeat g: Double, slope: Double, psychrometric gamma: Double,
                                  density rho: Double, heatCapacity cp: Double = PhysicalConstants.cp,
                                  vapourDeficit: Double, aerodynamic ra: Double, surface rs: Double) -> Double {
        (slope * (rn - g) + rho * cp * vapourDeficit / ra) / (slope + gamma * (1 + rs / ra))
    }

    /// Atmospheric pressure at elevation z, P = 101.3 ((293 − 0.0065 z)/293)^5.26 [kPa] (FAO-56 eq 7: its
    /// standard atmosphere, with 0.0065 K m-1 the environmental lapse rate, not the dry-adiabatic one).
    public static func faoPressure(elevation z: Double) -> Double {
        101.3 * Foundation.pow((293 - 0.0065 * z) / 293, 5.26)
    }

    /// FAO-56 psychrometric constant γ = 0.665e-3 P [kPa °C-1] (eq 8 with λ = 2.45 MJ kg-1).
    public static func faoPsychrometricConstant(pressure p: Double) -> Double {
        0.665e-3 * p
    }

    /// Psychrometric constant γ = cp P / (0.622 λ) [Pa K-1].
    public static func psychrometricConstant(pressure p: Double, latentHeat lambda: Double) -> Double {
        PhysicalConstants.cp * p / (PhysicalConstants.molecularWeightRatio * lambda)
    }

    /// FAO-56 reference evapotranspiration (eq 6 daily with cn = 900, eq 53 hourly with cn = 37):
    /// ETo = [0.408 Δ(Rn − G) + γ cn/(T + 273) u2 (e_s − e_a)] / [Δ + γ(1 + 0.34 u2)], in FAO units
    /// (MJ m-2 per period, kPa, kPa °C-1, °C, m s-1) → mm per period.
    public static func referenceET(netRadiation rn: Double, groundHeat g: Double, temperatureC t: Double, wind2m u2: Double,
                                   saturation es: Double, actual ea: Double, slope: Double, psychrometric gamma: Double,
                                   coefficient cn: Double) -> Double {
        // FAO-56 eq 6/53 write T + 273, not T_f; the FAO examples depend on it.
        (0.408 * slope * (rn - g) + gamma * cn / (t + 273) * u2 * (es - ea)) / (slope + gamma * (1 + 0.34 * u2))
    }
}
