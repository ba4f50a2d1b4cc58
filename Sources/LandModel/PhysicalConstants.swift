import FluxData

/// Physical constants of LSM_SPEC.md, each named once with its source (2.1 unless stated).
///
/// The values are the spec's as printed, not re-derived from each other: the golden steps of 6.5 depend
/// on them (e.g. g/cp = 0.0097614 K m-1, not the spec's 0.0098; R_v/R_d − 1 = 0.6078, not 0.608 or 0.61).
/// Unifying them would be a spec amendment with new golden values, not a refactor.
public enum PhysicalConstants {
    /// Stefan–Boltzmann constant σ [W m-2 K-4] (CODATA 2018).
    public static let stefanBoltzmann = 5.670374419e-8
    /// von Kármán constant k (FAO-56 value [S1]; CLM uses 0.40).
    public static let vonKarman = 0.41
    /// Gravitational acceleration g [m s-2] (standard gravity).
    public static let gravity = 9.80665
    /// Specific heat of air at constant pressure cp [J kg-1 K-1] (CLM [S3]).
    public static let cp = 1004.64
    /// Gas constant of dry air R_d [J kg-1 K-1].
    public static let dryAirGasConstant = 287.04
    /// Universal gas constant R [J mol-1 K-1].
    public static let gasConstant = 8.314
    /// Freezing point T_f = 273.15 K, also the °C → K offset. Defined in FluxData, which converts
    /// tower temperatures with it and cannot import this module (`SharedPhysicalConstants`).
    @inlinable public static var freezing: Double { SharedPhysicalConstants.freezingPoint }
    /// Density of liquid water ρ_w [kg m-3]: with 1 kg m-2 = 1 mm, a layer of thickness dz [m] at
    /// volumetric content θ holds ρ_w dz θ mm (1.1 θ = W/(1000 z); 2.9, 2.10, 2.14).
    public static let waterDensity = 1000.0
    /// ε = M_w/M_d = 0.622, the ratio of the molecular weights of water vapour and dry air, in e_a and
    /// q_s (2.2, CLM eq 5.9 [S3]) and in γ (2.12). Shared with FluxData's humidity conversions.
    @inlinable public static var molecularWeightRatio: Double { SharedPhysicalConstants.molecularWeightRatio }
    /// 1 − ε, the 0.378 of 2.2 (1 − 0.622 is exactly 0.378 in Double; `ConstantTests`).
    @inlinable public static var molecularWeightComplement: Double { 1 - molecularWeightRatio }
    /// Virtual-temperature factor of the moist-air density ρ = P / (R_d Ta (1 + 0.608 q)) (2.2).
    /// It approximates R_v/R_d − 1 = 0.6078.
    public static let virtualTemperatureFactor = 0.608
    /// The same factor as the spec writes it in the virtual sensible heat flux of the stability
    /// update, H_v = H + 0.61 cp Ta E (2.8, CLM [S3] rounded). It differs from 0.608 only because the
    /// spec does: the golden values of 6.5 depend on both.
    public static let virtualHeatFluxFactor = 0.61
    /// Dry-adiabatic lapse rate Γ_d [K m-1] of the air's potential temperature θ_a = Ta + 0.0098 z
    /// (2.8; CLM eq 5.7 uses Γ_d z [S3]). Γ_d = g/cp, which is 0.0097614 with the g and cp above; the
    /// spec and its golden values (6.5) use the rounded 0.0098.
    public static let dryAdiabaticLapseRate = 0.0098
    /// Ratio 1.6 of the diffusivities of water vapour and CO2 in air, which turns the CO2 conductance
    /// of the Medlyn model into a water-vapour conductance (2.6.4; Medlyn et al. 2011 via FATES [S6]).
    public static let vapourToCO2Diffusivity = 1.6
    /// Solar constant [W m-2] (FAO-56, 0.0820 MJ m-2 min-1).
    public static let solarConstant = 1367.0
    /// Fraction of SWdown that is PAR, and µmol J-1 of PAR (CLM [S2]).
    public static let parFraction = 0.5
    public static let parQuanta = 4.6
    /// O2 partial pressure [mmol mol-1].
    public static let oxygen = 210.0
}
