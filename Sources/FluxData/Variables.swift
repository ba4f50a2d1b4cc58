/// What MdPL knows about an ALMA/PLUMBER2 variable: canonical units, accepted spellings of them,
/// a long name, and the physical range used for screening.
public struct VariableInfo: Sendable, Hashable {
    public var name: String
    /// Canonical units as written by MdPL.
    public var units: String
    /// Unit strings accepted on input as equivalent to `units` (compared without spaces, case-insensitive).
    public var acceptedUnits: [String]
    public var longName: String
    /// Values outside are physically implausible (data README "range checks").
    public var validRange: ClosedRange<Double>

    func accepts(units text: String) -> Bool {
        let key = Self.normalise(text)
        return ([units] + acceptedUnits).contains { Self.normalise($0) == key }
    }

    static func normalise(_ units: String) -> String {
        units.lowercased().filter { !$0.isWhitespace && $0 != "^" }
    }
}

/// The forcing variables the land model needs (ARCHITECTURE.md "Data conventions").
public enum ForcingVariable: String, CaseIterable, Sendable, Codable {
    case SWdown, LWdown, Tair, Qair, Psurf, Wind, Precip, CO2air, LAI

    public var info: VariableInfo { Catalog.forcing[self]! }
}

/// Observed fluxes MdPL reads from a Flux file, with their ALMA names.
public enum FluxVariable: String, CaseIterable, Sendable, Codable {
    case Qle, Qh, Rnet, Qg, NEE, GPP, Qle_cor, Qh_cor, Ustar

    public var info: VariableInfo { Catalog.flux[self]! }
}

/// The variable tables.
public enum Catalog {
    static let wm2 = ["W/m2", "W m-2", "Wm-2", "W/m^2", "W.m-2"]

    public static let forcing: [ForcingVariable: VariableInfo] = [
        .SWdown: VariableInfo(name: "SWdown", units: "W/m2", acceptedUnits: wm2,
                              longName: "Surface incident shortwave radiation", validRange: 0...1400),
        .LWdown: VariableInfo(name: "LWdown", units: "W/m2", acceptedUnits: wm2,
                              longName: "Surface incident longwave radiation", validRange: 50...600),
        .Tair: VariableInfo(name: "Tair", units: "K", acceptedUnits: ["K", "kelvin"],
                            longName: "Near surface air temperature", validRange: 200...340),
        .Qair: VariableInfo(name: "Qair", units: "kg/kg", acceptedUnits: ["kg kg-1", "kg/kg", "1", "-"],
                            longName: "Near surface specific humidity", validRange: 0...0.05),
        .Psurf: VariableInfo(name: "Psurf", units: "Pa", acceptedUnits: ["Pa"],
                             longName: "Surface air pressure", validRange: 40000...110000),
        .Wind: VariableInfo(name: "Wind", units: "m/s", acceptedUnits: ["m s-1", "m/s", "ms-1"],
                            longName: "Scalar windspeed", validRange: 0...75),
        .Precip: VariableInfo(name: "Precip", units: "kg/m2/s",
                              acceptedUnits: ["kg m-2 s-1", "kg/m2/s", "mm/s", "mm s-1", "kgm-2s-1"],
                              longName: "Precipitation rate", validRange: 0...0.1),
        .CO2air: VariableInfo(name: "CO2air", units: "ppm", acceptedUnits: ["ppm", "umol/mol", "µmol/mol", "umol mol-1"],
                              longName: "Near surface CO2 concentration", validRange: 150...1500),
        .LAI: VariableInfo(name: "LAI", units: "m2/m2", acceptedUnits: ["1", "m2/m2", "m2 m-2", "-", ""],
                           longName: "Leaf area index", validRange: 0...15),
    ]

    static let umol = ["umol/m2/s", "umol m-2 s-1", "µmol/m2/s", "µmol m-2 s-1", "umolm-2s-1"]

    public static let flux: [FluxVariable: VariableInfo] = [
        .Qle: VariableInfo(name: "Qle", units: "W/m2", acceptedUnits: wm2,
                           longName: "Latent heat flux", validRange: -1000...1000),
        .Qh: VariableInfo(name: "Qh", units: "W/m2", acceptedUnits: wm2,
                          longName: "Sensible heat flux", validRange: -1000...1000),
        .Rnet: VariableInfo(name: "Rnet", units: "W/m2", acceptedUnits: wm2,
                            longName: "Net radiation", validRange: -500...1200),
        .Qg: VariableInfo(name: "Qg", units: "W/m2", acceptedUnits: wm2,
                          longName: "Ground heat flux", validRange: -500...500),
        .NEE: VariableInfo(name: "NEE", units: "umol/m2/s", acceptedUnits: umol,
                           longName: "Net ecosystem exchange of CO2", validRange: -100...100),
        .GPP: VariableInfo(name: "GPP", units: "umol/m2/s", acceptedUnits: umol,
                           longName: "Gross primary productivity", validRange: -50...100),
        .Qle_cor: VariableInfo(name: "Qle_cor", units: "W/m2", acceptedUnits: wm2,
                               longName: "Latent heat flux, energy-balance corrected", validRange: -1000...1000),
        .Qh_cor: VariableInfo(name: "Qh_cor", units: "W/m2", acceptedUnits: wm2,
                              longName: "Sensible heat flux, energy-balance corrected", validRange: -1000...1000),
        .Ustar: VariableInfo(name: "Ustar", units: "m/s", acceptedUnits: ["m s-1", "m/s"],
                             longName: "Friction velocity", validRange: 0...5),
    ]
}
