import FluxData
import Foundation

/// Solar geometry and shortwave partitioning, LSM_SPEC.md 2.3–2.4. These depend on forcing and
/// site only, so they are computed once per time step and shared by all ensemble members.
public enum SolarRadiation {
    /// Effective cosine of the zenith angle, cosZ_e = smax(cosZ, 0.05; w = 0.01) (2.3).
    public static func effectiveCosZenith(_ cosZ: Double) -> Double {
        Smooth.smax(cosZ, 0.05, width: 0.01)
    }

    /// Amplitude 0.033 of the inverse relative Earth–Sun distance d_r = 1 + 0.033 cos(2π DOY/365)
    /// (FAO-56 eq 23 [S1], 2.3).
    public static let eccentricityAmplitude = 0.033

    /// Horizontal extraterrestrial irradiance S0h = G_sc (1 + 0.033 cos(2π DOY/365)) cosZ_e
    /// [W m-2] (FAO-56 eq 23 d_r).
    public static func extraterrestrial(dayOfYear: Int, cosZenithEffective: Double) -> Double {
        PhysicalConstants.solarConstant * (1 + eccentricityAmplitude * cos(2 * Double.pi * Double(dayOfYear) / 365))
            * cosZenithEffective
    }

    /// Clearness index k_t = smin(SWdown / S0h, 1; w = 0.02) (2.3).
    public static func clearness(swdown: Double, extraterrestrial s0h: Double) -> Double {
        Smooth.smin(swdown / s0h, 1, width: 0.02)
    }

    /// Diffuse fraction, Boland–Ridley logistic with pvlib's coefficients:
    /// f_d = 1 / (1 + exp(8.645 (k_t − 0.613))) (2.4.1).
    public static func diffuseFraction(clearness kt: Double) -> Double {
        1 / (1 + exp(8.645 * (kt - 0.613)))
    }

    /// Absorbed PAR and leaf area of the sunlit and shaded big leaves (2.4.3, de Pury & Farquhar
    /// 1997 as coded by De Kauwe; spherical leaf angles).
    public struct TwoLeaf: Sendable, Equatable {
        /// Absorbed PAR per ground area [µmol m-2 s-1].
        public var sunlit: Double
        public var shaded: Double
        /// Sunlit and shaded leaf area per ground area.
        public var sunlitArea: Double
        public var shadedArea: Double
        public var total: Double { sunlit + shaded }
    }

    static let kdPrime = 0.719, rhoCanopyBeam = 0.029, rhoCanopyDiffuse = 0.036, leafScattering = 0.15

    /// ψ(k) = (1 − e^{−k LAI}) / k.
    static func psi(_ k: Double, _ lai: Double) -> Double { (1 - exp(-k * lai)) / k }

    /// Two-leaf partition of beam `beam` and diffuse `diffuse` PAR [µmol m-2 s-1] (2.4.3).
    public static func twoLeaf(beam ib: Double, diffuse id: Double, lai: Double, cosZenithEffective cz: Double) -> TwoLeaf {
        let kb = 0.5 / cz, kbPrime = 0.46 / cz
        let sunlit = id * (1 - rhoCanopyDiffuse) * kdPrime * psi(kdPrime + kb, lai)
            + ib * (1 - rhoCanopyBeam) * kbPrime * psi(kbPrime + kb, lai)
            + ib * (1 - leafScattering) * kb * (psi(kb, lai) - psi(2 * kb, lai))
        let total = (1 - rhoCanopyBeam) * ib * (1 - exp(-kbPrime * lai))
            + (1 - rhoCanopyDiffuse) * id * (1 - exp(-kdPrime * lai))
        let sunlitArea = psi(kb, lai)
        return TwoLeaf(sunlit: sunlit, shaded: total - sunlit, sunlitArea: sunlitArea, shadedArea: lai - sunlitArea)
    }

    /// Emitted longwave radiation ε σ Ts⁴ [W m-2] (2.4.5), as (ε σ)(Ts²)(Ts²).
    @inline(__always)
    public static func longwaveEmission<S: ModelScalar>(_ ts: S, emissivity: Double) -> S {
        (emissivity * PhysicalConstants.stefanBoltzmann) * (ts * ts) * (ts * ts)
    }

    /// Broadband albedo α = α_c + (α_soil − α_c) exp(−1.1 LAI), given the shared exp(−1.1 LAI) (2.4.4).
    @inline(__always)
    public static func albedo<S: ModelScalar>(canopy albC: S, soilExposure: Double) -> S {
        albC + (ModelConstants.soilAlbedo - albC) * soilExposure
    }
}
