/// Fixed (non-calibrated) per-PFT constants of LSM_SPEC.md 3B.
public struct PFTConstants: Sendable {
    /// Surface emissivity ε (VEGPARM EMISSMIN).
    public var emissivity: Double
    /// Canopy height used when the site gives none (Noah-MP HVT) [m].
    public var defaultCanopyHeight: Double

    public static func of(_ pft: PlantFunctionalType) -> PFTConstants {
        switch pft {
        case .ENF: PFTConstants(emissivity: 0.95, defaultCanopyHeight: 20)
        case .EBF: PFTConstants(emissivity: 0.95, defaultCanopyHeight: 20)
        case .DBF: PFTConstants(emissivity: 0.93, defaultCanopyHeight: 16)
        case .MF: PFTConstants(emissivity: 0.93, defaultCanopyHeight: 16)
        case .GRA: PFTConstants(emissivity: 0.92, defaultCanopyHeight: 1.0)
        case .CRO: PFTConstants(emissivity: 0.92, defaultCanopyHeight: 2.0)
        case .SAV: PFTConstants(emissivity: 0.92, defaultCanopyHeight: 10)
        case .SHR: PFTConstants(emissivity: 0.93, defaultCanopyHeight: 1.1)
        case .WET: PFTConstants(emissivity: 0.95, defaultCanopyHeight: 0.5)
        }
    }
}

/// Constants shared by all PFTs (LSM_SPEC.md 3B and 2.x).
public enum ModelConstants {
    /// Minimum stomatal conductance per leaf area g0 [mol m-2 s-1].
    public static let g0 = 0.001
    /// Bare-soil broadband albedo.
    public static let soilAlbedo = 0.16
    /// Nitrogen extinction coefficient for canopy scaling.
    public static let kn = 0.3
    /// Cover extinction kA (PML-V2).
    public static let coverExtinction = 0.7
    /// Noah canopy attenuation of the soil heat flux, SBETA.
    public static let sBeta = -2.0
    /// Top soil layer thickness [m].
    public static let z1 = 0.10
    /// Residual water content for soil evaporation.
    public static let thetaResidual = 0.01
    /// Leaf dimension [m].
    public static let leafDimension = 0.04
    /// Bare-soil roughness length [m].
    public static let bareSoilRoughness = 0.01
    /// Force-restore period τ [s].
    public static let restorePeriod = 86400.0
}

/// Soil textures with Clapp–Hornberger/Campbell hydraulics (Noah-MP STAS table, LSM_SPEC.md 3B).
public enum SoilTexture: String, CaseIterable, Codable, Sendable {
    case loam, sandyLoam = "sandy loam", clayLoam = "clay loam", sand

    /// b, θ_sat, θ_fc (REFSMC), θ_w (WLTSMC), ψ_sat [m], K_sat [m s-1].
    public var hydraulics: SoilHydraulics {
        switch self {
        case .loam: SoilHydraulics(b: 5.25, thetaSat: 0.439, thetaFieldCapacity: 0.329, thetaWilting: 0.066, psiSat: 0.355, ksat: 3.38e-6)
        case .sandyLoam: SoilHydraulics(b: 4.74, thetaSat: 0.434, thetaFieldCapacity: 0.312, thetaWilting: 0.047, psiSat: 0.141, ksat: 5.23e-6)
        case .clayLoam: SoilHydraulics(b: 8.17, thetaSat: 0.465, thetaFieldCapacity: 0.382, thetaWilting: 0.103, psiSat: 0.263, ksat: 2.45e-6)
        case .sand: SoilHydraulics(b: 2.79, thetaSat: 0.339, thetaFieldCapacity: 0.192, thetaWilting: 0.010, psiSat: 0.069, ksat: 4.66e-5)
        }
    }
}

/// Hydraulic properties of a soil texture.
public struct SoilHydraulics: Sendable, Hashable {
    public var b: Double
    public var thetaSat: Double
    public var thetaFieldCapacity: Double
    public var thetaWilting: Double
    public var psiSat: Double
    public var ksat: Double
}
