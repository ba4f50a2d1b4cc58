/// A variable the flux-tower CSV importers read, named as in ALMA/PLUMBER2, with the units
/// FLUXNET2015 and AmeriFlux BASE files use for it and the conversion to MdPL's units.
public enum TowerVariable: String, CaseIterable, Sendable {
    // Forcing (RH and VPD are the humidity variables a tower measures; Qair is derived).
    case Tair, SWdown, LWdown, RH, VPD, Psurf, Wind, Precip, CO2air
    // Observed fluxes (never gap-filled).
    case Qle, Qh, Rnet, Qg, NEE, GPP, Qle_cor, Qh_cor, Ustar

    /// The forcing variables among them.
    public static let forcing: [TowerVariable] = [.Tair, .SWdown, .LWdown, .RH, .VPD, .Psurf, .Wind, .Precip, .CO2air]

    /// The flux variable of the same name, for observed fluxes.
    public var flux: FluxVariable? { FluxVariable(rawValue: rawValue) }

    /// Units in FLUXNET2015 and AmeriFlux BASE files.
    public var sourceUnits: String {
        switch self {
        case .Tair: "degC"
        case .SWdown, .LWdown, .Qle, .Qh, .Rnet, .Qg, .Qle_cor, .Qh_cor: "W m-2"
        case .RH: "%"
        case .VPD: "hPa"
        case .Psurf: "kPa"
        case .Wind, .Ustar: "m s-1"
        case .Precip: "mm per step"
        case .CO2air: "umol mol-1"
        case .NEE, .GPP: "umol m-2 s-1"
        }
    }

    /// Units after `convert` (ALMA/PLUMBER2; RH and VPD stay % and hPa as in PLUMBER2 files).
    public var units: String {
        switch self {
        case .Tair: "K"
        case .Psurf: "Pa"
        case .Precip: "kg/m2/s"
        case .CO2air: "ppm"
        case .RH: "%"
        case .VPD: "hPa"
        default: flux?.info.units ?? ForcingVariable(rawValue: rawValue)?.info.units ?? sourceUnits
        }
    }

    /// Converts a source value: TA °C + 273.15 → K; PA kPa × 1000 → Pa; P mm per step ÷ step
    /// length → kg m-2 s-1 (1 mm of water = 1 kg m-2); everything else is already in MdPL's units.
    public func convert(_ value: Double, stepSeconds: Int) -> Double {
        switch self {
        case .Tair: value + SharedPhysicalConstants.freezingPoint
        case .Psurf: value * 1000
        case .Precip: value / Double(stepSeconds)
        default: value
        }
    }

    /// How the conversion is described in file attributes.
    public var conversionNote: String {
        switch self {
        case .Tair: "degC + 273.15"
        case .Psurf: "kPa x 1000"
        case .Precip: "mm per step / step length in s"
        default: sourceUnits
        }
    }
}
