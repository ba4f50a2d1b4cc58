/// Physical constants of LSM_SPEC.md 2.1.
public enum PhysicalConstants {
    /// Stefan–Boltzmann constant [W m-2 K-4].
    public static let stefanBoltzmann = 5.670374419e-8
    /// von Kármán constant (FAO-56 value).
    public static let vonKarman = 0.41
    /// Gravitational acceleration [m s-2].
    public static let gravity = 9.80665
    /// Specific heat of air at constant pressure [J kg-1 K-1] (CLM).
    public static let cp = 1004.64
    /// Gas constant of dry air [J kg-1 K-1].
    public static let dryAirGasConstant = 287.04
    /// Universal gas constant [J mol-1 K-1].
    public static let gasConstant = 8.314
    /// Freezing point [K].
    public static let freezing = 273.15
    /// Solar constant [W m-2] (FAO-56, 0.0820 MJ m-2 min-1).
    public static let solarConstant = 1367.0
    /// Fraction of SWdown that is PAR, and µmol J-1 of PAR (CLM).
    public static let parFraction = 0.5
    public static let parQuanta = 4.6
    /// O2 partial pressure [mmol mol-1].
    public static let oxygen = 210.0
}
