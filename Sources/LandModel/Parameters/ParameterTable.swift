import Foundation

/// The 14 calibratable parameters of LSM_SPEC.md table 3A. This table is the single source of
/// their names, units, meanings, PFT defaults, ranges, sampling scale and sources: the model, the
/// calibration, the CLI (`mdpl params`) and the documentation all read it.
public enum ParameterID: String, CaseIterable, Codable, Sendable, Comparable {
    case g1, vcmax25, alphaJ, albC, rz0m, rd, zRoot, pCrit, ksat, sInt, fRss, r10, e0, gammaSoil

    public static func < (a: ParameterID, b: ParameterID) -> Bool { a.index < b.index }

    /// Position in table 3A (0-based).
    public var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The table row.
    public var spec: ParameterSpec { ParameterSpec.table[index] }
}

/// How a parameter is sampled and optimised: in its own units (`linear`) or its logarithm (`log`).
public enum ParameterScale: String, Codable, Sendable {
    case linear = "lin"
    case log
}

/// One row of table 3A.
public struct ParameterSpec: Sendable {
    public var id: ParameterID
    public var symbol: String
    public var units: String
    public var meaning: String
    /// Default per PFT (order of `PlantFunctionalType.allCases`).
    public var defaults: [Double]
    public var minimum: Double
    public var maximum: Double
    public var scale: ParameterScale
    public var sources: String

    /// The PFT default.
    public func defaultValue(for pft: PlantFunctionalType) -> Double {
        defaults[PlantFunctionalType.allCases.firstIndex(of: pft)!]
    }

    /// Maps u ∈ [0, 1] of the transformed space to the parameter (log-uniform for `log`).
    /// The result is clamped to the range, so u = 0 and 1 give the bounds despite rounding.
    public func value(fromUnit u: Double) -> Double {
        let v: Double
        switch scale {
        case .linear: v = minimum + u * (maximum - minimum)
        case .log: v = Foundation.exp(Foundation.log(minimum) + u * (Foundation.log(maximum) - Foundation.log(minimum)))
        }
        return Swift.min(Swift.max(v, minimum), maximum)
    }

    /// Inverse of `value(fromUnit:)`.
    public func unit(fromValue v: Double) -> Double {
        switch scale {
        case .linear: return (v - minimum) / (maximum - minimum)
        case .log: return (Foundation.log(v) - Foundation.log(minimum)) / (Foundation.log(maximum) - Foundation.log(minimum))
        }
    }

    static let table: [ParameterSpec] = [
        ParameterSpec(id: .g1, symbol: "g1", units: "kPa^0.5", meaning: "Medlyn stomatal slope",
                      defaults: [2.35, 4.12, 4.45, 3.40, 5.25, 5.79, 3.00, 4.70, 5.25], minimum: 0.5, maximum: 12, scale: .log,
                      sources: "CABLE def_veg_params; De Kauwe 2015 / Lin 2015"),
        ParameterSpec(id: .vcmax25, symbol: "Vcmax25", units: "umol m-2 s-1", meaning: "top-of-canopy leaf Vcmax at 25 °C",
                      defaults: [50, 55, 58, 55, 60, 80, 40, 45, 50], minimum: 10, maximum: 150, scale: .log,
                      sources: "Noah-MP MPTABLE VCMX25; CABLE; CLM4.5"),
        ParameterSpec(id: .alphaJ, symbol: "alpha_J", units: "mol e- mol-1 photon", meaning: "quantum yield of electron transport (absorbed)",
                      defaults: [Double](repeating: 0.30, count: 9), minimum: 0.20, maximum: 0.50, scale: .linear,
                      sources: "Medlyn 2002 / De Kauwe (spec amendment C2)"),
        ParameterSpec(id: .albC, symbol: "alpha_c", units: "-", meaning: "dense-canopy broadband SW albedo",
                      defaults: [0.12, 0.12, 0.16, 0.17, 0.19, 0.17, 0.20, 0.22, 0.14], minimum: 0.05, maximum: 0.35, scale: .linear,
                      sources: "WRF/Noah VEGPARM ALBEDOMIN"),
        ParameterSpec(id: .rz0m, symbol: "R_z0m", units: "-", meaning: "z0m / canopy height",
                      defaults: [0.055, 0.075, 0.055, 0.055, 0.12, 0.12, 0.09, 0.12, 0.12], minimum: 0.02, maximum: 0.20, scale: .linear,
                      sources: "CLM5 Table 5.1; JULES dz0v_dh"),
        ParameterSpec(id: .rd, symbol: "R_d", units: "-", meaning: "displacement height / canopy height",
                      defaults: [0.67, 0.67, 0.67, 0.67, 0.68, 0.68, 0.67, 0.68, 0.68], minimum: 0.40, maximum: 0.85, scale: .linear,
                      sources: "CLM5 Table 5.1; FAO-56 d = 2/3 h"),
        ParameterSpec(id: .zRoot, symbol: "z_root", units: "m", meaning: "root-zone depth",
                      defaults: [1.5, 3.0, 2.0, 2.0, 0.5, 0.8, 2.0, 2.0, 0.5], minimum: 0.2, maximum: 5.0, scale: .log,
                      sources: "CABLE rootdepth; JULES rootd (blends)"),
        ParameterSpec(id: .pCrit, symbol: "p", units: "-", meaning: "FAO-56 depletion fraction at stress onset",
                      defaults: [Double](repeating: 0.5, count: 9), minimum: 0.1, maximum: 0.9, scale: .linear,
                      sources: "FAO-56"),
        ParameterSpec(id: .ksat, symbol: "K_sat", units: "m s-1", meaning: "saturated hydraulic conductivity",
                      defaults: [Double](repeating: 3.38e-6, count: 9), minimum: 1e-7, maximum: 1e-4, scale: .log,
                      sources: "Noah-MP STAS SATDK (soil-texture default; loam shown)"),
        ParameterSpec(id: .sInt, symbol: "S_int", units: "mm per m2 m-2 LAI", meaning: "canopy interception capacity per LAI",
                      defaults: [Double](repeating: 0.1, count: 9), minimum: 0.02, maximum: 0.5, scale: .log,
                      sources: "CLM; Noah-MP CH2OP; CABLE canst1"),
        ParameterSpec(id: .fRss, symbol: "f_rss", units: "-", meaning: "multiplier on Sellers soil resistance",
                      defaults: [Double](repeating: 1.0, count: 9), minimum: 0.1, maximum: 10, scale: .log,
                      sources: "Sellers 1992"),
        ParameterSpec(id: .r10, symbol: "R10", units: "umol m-2 s-1", meaning: "soil/ecosystem respiration at 10 °C",
                      defaults: [2.0, 3.0, 2.5, 2.2, 2.0, 2.0, 1.5, 1.0, 1.5], minimum: 0.1, maximum: 10, scale: .log,
                      sources: "Lloyd & Taylor form; PFT values are engineering starting points"),
        ParameterSpec(id: .e0, symbol: "E0", units: "K", meaning: "Lloyd–Taylor activation temperature",
                      defaults: [Double](repeating: 308.56, count: 9), minimum: 50, maximum: 450, scale: .linear,
                      sources: "Lloyd & Taylor 1994 via LPJmL"),
        ParameterSpec(id: .gammaSoil, symbol: "Gamma_soil", units: "J m-2 K-1 s-1/2", meaning: "soil thermal inertia sqrt(lambda C)",
                      defaults: [Double](repeating: 1400, count: 9), minimum: 400, maximum: 3000, scale: .log,
                      sources: "Noah-MP CSOIL with lambda ≈ 1 W m-1 K-1"),
    ]
}
