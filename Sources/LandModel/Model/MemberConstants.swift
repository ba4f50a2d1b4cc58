import Foundation

/// Quantities that depend on a member's parameters and the site but not on time, computed once
/// per run (per lane for ensembles).
public struct MemberConstants<S: ModelScalar> {
    public var parameters: ModelParameters<S>
    /// Reference height after the rule of 2.7.1 [m].
    public var referenceHeight: S
    /// ln(R_z0m h_c) and R_d h_c [m].
    public var logCanopyRoughness: S
    public var displacementScale: S
    /// Emissivity ε (3B).
    public var emissivity: Double
    public var hydraulics: SoilHydraulics
    /// Layer 2 thickness z2 = z_root − z1 [m]; root weight of layer 1, r1 = z1/z_root.
    public var thickness2: S
    public var rootFraction1: S
    /// Stress-onset content θ_c = θ_fc − p (θ_fc − θ_w) (2.5).
    public var criticalTheta: S
    /// Saturated, wilting and residual water [mm] of the layers.
    public var saturated1: Double
    public var saturated2: S
    public var wilting1: Double
    public var wilting2: S
    public var residual1: Double
    /// Force–restore C_G (2.8).
    public var groundCoefficient: S
    /// Gravity-drainage rates (c − 1) K_sat Δt/(dz θ_sat) of the layers, and c = 2b + 3.
    public var drainageRate1: S
    public var drainageRate2: S
    public var drainageExponent: Double
    /// b K_sat ψ_sat/θ_sat [m2 s-1], 1/z1 + 1/z2 [m-1], z_root/2 [m] (2.10 diffusion).
    public var diffusivityScale: S
    public var inverseThicknessSum: S
    public var halfRootDepth: S

    public init(parameters p: ModelParameters<S>, site: ModelSite, referenceHeight: S, dt: Double) {
        parameters = p
        self.referenceHeight = referenceHeight
        logCanopyRoughness = ModelMath.log(p.rz0m * site.canopyHeight)
        displacementScale = p.rd * site.canopyHeight
        emissivity = PFTConstants.of(site.pft).emissivity
        let h = site.soil.hydraulics
        hydraulics = h
        let z1 = ModelConstants.z1
        let rhoW = PhysicalConstants.waterDensity                  // mm of water per m of layer at θ = 1
        thickness2 = p.zRoot - z1
        rootFraction1 = z1 / p.zRoot
        criticalTheta = h.thetaFieldCapacity - p.pCrit * (h.thetaFieldCapacity - h.thetaWilting)
        saturated1 = rhoW * z1 * h.thetaSat
        saturated2 = rhoW * h.thetaSat * thickness2
        wilting1 = rhoW * z1 * h.thetaWilting
        wilting2 = rhoW * h.thetaWilting * thickness2
        residual1 = rhoW * z1 * ModelConstants.thetaResidual
        groundCoefficient = GroundHeat.coefficient(thermalInertia: p.gammaSoil)
        drainageExponent = Hydrology.drainageExponent(b: h.b)
        drainageRate1 = Hydrology.drainageRate(ksat: p.ksat, exponent: drainageExponent, thickness: S(z1), thetaSat: h.thetaSat, dt: dt)
        drainageRate2 = Hydrology.drainageRate(ksat: p.ksat, exponent: drainageExponent, thickness: thickness2, thetaSat: h.thetaSat,
                                               dt: dt)
        diffusivityScale = h.b * h.psiSat / h.thetaSat * p.ksat
        inverseThicknessSum = 1 / z1 + 1 / thickness2
        halfRootDepth = 0.5 * p.zRoot
    }

    /// The initial state of 2.14: both layers at field capacity, dry canopy, Ts = T2 = `temperature`.
    public func initialState(temperature: Double) -> ModelState<S> {
        let fc = hydraulics.thetaFieldCapacity
        let rhoW = PhysicalConstants.waterDensity
        return ModelState(canopyWater: S(0), soilWater1: S(rhoW * ModelConstants.z1 * fc),
                          soilWater2: rhoW * fc * thickness2, skinTemperature: S(temperature),
                          deepTemperature: S(temperature))
    }
}

extension MemberConstants where S == Double {
    /// Constants for one parameter set.
    public init(parameters p: LandParameters, site: ModelSite, dt: Double) {
        self.init(parameters: p, site: site,
                  referenceHeight: site.effectiveReferenceHeight(rz0m: p.rz0m, rd: p.rd), dt: dt)
    }
}

extension MemberConstants where S == Lanes {
    /// Constants for eight members.
    public init(parameters p: ModelParameters<Lanes>, site: ModelSite, dt: Double) {
        var z = Lanes(0)
        for i in 0..<Lanes.width { z[i] = site.effectiveReferenceHeight(rz0m: p.rz0m[i], rd: p.rd[i]) }
        self.init(parameters: p, site: site, referenceHeight: z, dt: dt)
    }
}
