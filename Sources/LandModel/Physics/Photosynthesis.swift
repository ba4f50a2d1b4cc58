import Foundation

/// C3 photosynthesis and canopy conductance, LSM_SPEC.md 2.6: CLM5 temperature functions,
/// exponential-nitrogen canopy scaling, Farquhar–von Caemmerer–Berry limitation with the Medlyn
/// closed-form ci, co-limitation by non-rectangular hyperbolae.
public enum Photosynthesis {
    /// Reference temperature of the CLM5 temperature functions, 25 °C = 298.15 K (2.6.1).
    static let referenceT = PhysicalConstants.freezing + 25
    /// Curvature of the electron-transport light response θ_J (CLM).
    public static let thetaJ = 0.7
    /// Co-limitation curvature θ_cj (CLM).
    public static let thetaCJ = 0.98
    /// Jmax25 = 1.97 Vcmax25 and Rd25 = 0.015 Vcmax25 (2.6.2, CLM [S2]).
    public static let jmaxRatio = 1.97
    public static let darkRespirationRatio = 0.015

    /// Arrhenius factor f(T) = exp[ΔHa/(298.15 R) (1 − 298.15/T)] (CLM5 eq 9.9).
    public static func arrhenius(_ t: Double, activation: Double) -> Double {
        exp(activation / (referenceT * PhysicalConstants.gasConstant) * (1 - referenceT / t))
    }

    /// High-temperature inhibition f_H(T) = [1 + exp((298.15 ΔS − ΔHd)/(298.15 R))] /
    /// [1 + exp((ΔS T − ΔHd)/(R T))] (CLM5 eq 9.10).
    public static func highTemperatureInhibition(_ t: Double, deactivation: Double, entropy: Double) -> Double {
        let r = PhysicalConstants.gasConstant
        return (1 + exp((referenceT * entropy - deactivation) / (referenceT * r)))
            / (1 + exp((entropy * t - deactivation) / (r * t)))
    }

    /// Temperature responses at leaf temperature T_l = Ta (2.6.1), shared by all members.
    public struct TemperatureResponse: Sendable, Equatable {
        /// Multipliers of the 25 °C capacities, f · f_H.
        public var vcmax: Double
        public var jmax: Double
        public var darkRespiration: Double
        /// Michaelis constants [µmol mol-1, mmol mol-1], CO2 compensation point Γ* [µmol mol-1],
        /// Km = Kc (1 + O2/Ko) [µmol mol-1].
        public var kc: Double
        public var ko: Double
        public var gammaStar: Double
        public var km: Double

        /// Bernacchi (2001) constants via CLM5 Table 9.2 and De Kauwe.
        public init(temperature t: Double) {
            vcmax = arrhenius(t, activation: 65330) * highTemperatureInhibition(t, deactivation: 149250, entropy: 485)
            jmax = arrhenius(t, activation: 43540) * highTemperatureInhibition(t, deactivation: 152040, entropy: 495)
            darkRespiration = arrhenius(t, activation: 46390) * highTemperatureInhibition(t, deactivation: 150650, entropy: 490)
            kc = 404.9 * arrhenius(t, activation: 79430)
            ko = 278.4 * arrhenius(t, activation: 36380)
            gammaStar = 42.75 * arrhenius(t, activation: 37830)
            km = kc * (1 + PhysicalConstants.oxygen / ko)
        }
    }

    /// Canopy integrals of the exponential nitrogen profile for the sunlit and shaded leaves
    /// (2.6.2, CLM eqs 9.17–9.21): V_sun,25 = Vcmax25 · sunlit, V_sha,25 = Vcmax25 · shaded.
    public static func capacityScaling(lai: Double, cosZenithEffective cz: Double) -> (sunlit: Double, shaded: Double) {
        let kn = ModelConstants.kn
        let kb = 0.5 / cz
        let sunlit = (1 - exp(-(kn + kb) * lai)) / (kn + kb)
        let whole = (1 - exp(-kn * lai)) / kn
        return (sunlit, whole - sunlit)
    }

    /// The smaller root of θ x² − (a + b) x + a b = 0 in cancellation-free form,
    /// 2ab / [(a + b) + sqrt((a + b)² − 4θab)] (exactly 0 when a or b is 0; 2.6.3, 2.6.4).
    @inline(__always)
    public static func coLimited<S: ModelScalar>(_ a: S, _ b: S, curvature theta: Double) -> S {
        let sum = a + b
        let root = S.squareRoot(S.maximum(sum * sum - 4 * theta * a * b, S(1e-30)))
        return 2 * a * b / (sum + root)
    }

    /// Medlyn's optimal ci with g0 → 0, ci0 = Ca g1/(g1 + √D) (2.6.4, Medlyn et al. 2011).
    @inline(__always)
    public static func medlynIntercellularCO2<S: ModelScalar>(ca: Double, g1: S, sqrtD: Double) -> S {
        ca * g1 / (g1 + sqrtD)
    }

    /// Medlyn closure ci = Γ* + softplus(Ca g1/(g1 + √D) − Γ*; w = 1 µmol mol-1) (2.6.4).
    @inline(__always)
    public static func intercellularCO2<S: ModelScalar>(ca: Double, g1: S, sqrtD: Double, gammaStar: Double) -> S {
        let ci0 = medlynIntercellularCO2(ca: ca, g1: g1, sqrtD: sqrtD)
        return gammaStar + Smooth.softplus(ci0 - gammaStar, width: 1)
    }

    /// The Medlyn factor 1.6 (1 + g1/√D) of the stomatal conductance (2.6.4): 1.6 converts the CO2
    /// conductance to water vapour.
    @inline(__always)
    public static func medlynFactor<S: ModelScalar>(g1: S, sqrtD: Double) -> S {
        PhysicalConstants.vapourToCO2Diffusivity * (1 + g1 * (1 / sqrtD))
    }

    /// Stomatal conductance to water vapour gs = g_min + 1.6 (1 + g1/√D) softplus(An; w)/Ca
    /// [mol m-2 s-1] (2.6.4), with g_min = β g0 L the minimum conductance, `medlynFactor` from
    /// `medlynFactor(g1:sqrtD:)` and An = A − Rd the net assimilation.
    @inline(__always)
    public static func stomatalConductance<S: ModelScalar>(minimum: S, medlynFactor: S, netAssimilation an: S, ca: Double,
                                                           floorWidth: Double) -> S {
        minimum + medlynFactor * Smooth.softplus(an, width: floorWidth) / ca
    }

    /// Electron transport J = the smaller root of θ_J J² − (I + Jm) J + I Jm = 0 with I = α_J Q (2.6.3).
    @inline(__always)
    public static func electronTransport<S: ModelScalar>(par: Double, alphaJ: S, jmax: S) -> S {
        coLimited(alphaJ * par, jmax, curvature: thetaJ)
    }

    /// Rubisco-limited gross assimilation A_c = Vc (ci − Γ*)/(ci + Km) (2.6.3, CLM eq 9.3).
    @inline(__always)
    public static func rubiscoLimited<S: ModelScalar>(vcmax vc: S, ci: S, response r: TemperatureResponse) -> S {
        vc * (ci - r.gammaStar) / (ci + r.km)
    }

    /// Electron-transport-limited gross assimilation A_j = J (ci − Γ*)/(4 ci + 8 Γ*) (2.6.3, CLM eq 9.4).
    @inline(__always)
    public static func electronLimited<S: ModelScalar>(electronTransport j: S, ci: S, response r: TemperatureResponse) -> S {
        j * (ci - r.gammaStar) / (4 * ci + 8 * r.gammaStar)
    }

    /// One big leaf's gross assimilation, dark respiration and stomatal conductance.
    public struct Leaf<S: ModelScalar> {
        /// Gross assimilation per ground area [µmol m-2 s-1].
        public var assimilation: S
        public var darkRespiration: S
        /// Stomatal conductance to water vapour per ground area [mol m-2 s-1].
        public var conductance: S
    }

    /// Width of the smooth floor on net assimilation in the stomatal model for a big leaf of area
    /// `area`: max(0.1 (1 − e^{−1000·area}), 1e-12) µmol m-2 s-1. The spec's constant 0.1 gives a leaf of
    /// zero area a conductance of 1.6(1 + g1/√D)·0.1 ln 2 / Ca ≈ 1e-3 mol m-2 s-1, i.e. about 1 W m-2
    /// of transpiration with LAI = 0, contradicting its own test 6.4(d). Here the floor vanishes
    /// without leaves, and for any leaf area above 0.037 the width is exactly 0.1 in Double
    /// (docs/spec-changes.md, change 1).
    public static func assimilationFloorWidth(area: Double) -> Double {
        max(0.1 * (1 - Foundation.exp(-1000 * area)), 1e-12)
    }

    /// A big leaf with capacity `capacity25` (= V_i,25), absorbed PAR `par`, leaf area `area` and
    /// assimilation floor width `floorWidth` (2.6.2–2.6.4).
    @inline(__always)
    public static func leaf<S: ModelScalar>(capacity25 v25: S, par: Double, area: Double, floorWidth: Double, beta: S,
                                            alphaJ: S, ci: S, medlynFactor: S, ca: Double,
                                            response r: TemperatureResponse) -> Leaf<S> {
        let vc = beta * v25 * r.vcmax
        let jm = beta * jmaxRatio * v25 * r.jmax
        let rd = darkRespirationRatio * v25 * r.darkRespiration
        let j = electronTransport(par: par, alphaJ: alphaJ, jmax: jm)
        let ac = rubiscoLimited(vcmax: vc, ci: ci, response: r)
        let aj = electronLimited(electronTransport: j, ci: ci, response: r)
        let a = coLimited(ac, aj, curvature: thetaCJ)
        let gs = stomatalConductance(minimum: beta * (ModelConstants.g0 * area), medlynFactor: medlynFactor,
                                     netAssimilation: a - rd, ca: ca, floorWidth: floorWidth)
        return Leaf(assimilation: a, darkRespiration: rd, conductance: gs)
    }
}
