import FluxData
import Foundation
import LandModel
import RealModule
import Testing

// The known-answer values of LSM_SPEC.md 6.1–6.3, compared with `matches` (PrintedValues.swift): a value
// printed with n decimals must be reproduced to half a unit of its last digit unless a tolerance is stated.

@Suite struct FAO56Tests {
    /// e°(T) in kPa from FAO-56 Table 2.3 (eq 11), tolerance 1e-3 kPa.
    @Test(arguments: [(0.0, 0.611), (10, 1.228), (20, 2.338), (25, 3.168), (30, 4.243), (38, 6.625), (40, 7.376)])
    func saturationVapourPressure(celsius: Double, kPa: Double) {
        let value = Atmosphere.saturationVapourPressure(celsius + PhysicalConstants.freezing) / 1000
        #expect(value.isApproximatelyEqual(to: kPa, absoluteTolerance: 1e-3), "\(celsius) °C: \(value)")
    }

    /// Δ (eq 13) in kPa °C-1.
    @Test(arguments: [(20.0, "0.1447"), (25, "0.1887"), (30, "0.2434"), (30.2, "0.246"), (38, "0.358")])
    func slope(celsius: Double, printed: String) {
        let t = celsius + PhysicalConstants.freezing
        let es = Atmosphere.saturationVapourPressure(t)
        matches(Atmosphere.saturationSlope(t, saturation: es) / 1000, printed, "Δ(\(celsius))")
    }

    @Test func pressureAndPsychrometricConstant() {
        let p1800 = PenmanMonteith.faoPressure(elevation: 1800)
        matches(p1800, "81.8", "P(1800 m)")
        matches(PenmanMonteith.faoPsychrometricConstant(pressure: p1800), "0.054", "γ(1800 m)")
        matches(PenmanMonteith.faoPressure(elevation: 0), "101.3", "P(0)")
        matches(PenmanMonteith.faoPsychrometricConstant(pressure: 101.3), "0.0674", "γ(0)")
    }

    @Test func dailyPenmanMonteithExamples() {
        // Example 18 (Brussels, 6 July) and Example 17 (Bangkok, April), FAO-56 eq 6.
        let brussels = PenmanMonteith.referenceET(netRadiation: 13.28, groundHeat: 0, temperatureC: 16.9, wind2m: 2.078,
                                                  saturation: 1.997, actual: 1.409, slope: 0.122, psychrometric: 0.0666,
                                                  coefficient: 900)
        matches(brussels, "3.877", "Example 18")
        let bangkok = PenmanMonteith.referenceET(netRadiation: 14.33, groundHeat: 0.14, temperatureC: 30.2, wind2m: 2.0,
                                                 saturation: 4.42, actual: 2.85, slope: 0.246, psychrometric: 0.0674,
                                                 coefficient: 900)
        matches(bangkok, "5.71", "Example 17")
    }

    @Test func hourlyPenmanMonteithExample19() {
        let senegal = PenmanMonteith.referenceET(netRadiation: 1.749, groundHeat: 0.175, temperatureC: 38, wind2m: 3.3,
                                                 saturation: 6.625, actual: 3.445, slope: 0.358, psychrometric: 0.0673,
                                                 coefficient: 37)
        matches(senegal, "0.627", "Example 19")
    }

    /// The SI form (2.12) with r_s = 70 s m-1 and r_a = 208/u2 reproduces Example 18 when given
    /// FAO's own air constants (λ = 2.45 MJ kg-1, cp = γ ε λ / P, ρ = P / (1.01 (T + 273) R)).
    @Test func siFormReproducesExample18() {
        let lambda = 2.45e6, gamma = 66.6, pressure = 100_100.0, t = 16.9
        let cp = gamma * PhysicalConstants.molecularWeightRatio * lambda / pressure
        let rho = pressure / (1.01 * (t + 273) * 287)
        let le = PenmanMonteith.latentHeat(netRadiation: 13.28e6 / 86400, groundHeat: 0, slope: 122, psychrometric: gamma,
                                           density: rho, heatCapacity: cp, vapourDeficit: 588, aerodynamic: 208 / 2.078,
                                           surface: 70)
        let mmPerDay = le * 86400 / lambda
        #expect(mmPerDay.isApproximatelyEqual(to: 3.876, absoluteTolerance: 0.003), "\(mmPerDay)")
    }

    /// Neutral MOST over the FAO reference grass reproduces r_a u2 = 208 s (FAO-56 eq 4 / Box 4).
    @Test func neutralAerodynamicResistance() {
        let h = 0.12, d = 2.0 / 3 * h, z0m = 0.123 * h
        let r = Aerodynamics.resistances(zeta: 0.0, height: 2 - d, logHeightOverZ0m: log((2 - d) / z0m), z0m: z0m,
                                         windEffective: 1)
        matches(r.heat, "207.7", "r_a·u2")
    }
}

@Suite struct PhotosynthesisTests {
    @Test func referenceTemperatureGivesTableValuesAndUnitFactors() {
        let r = Photosynthesis.TemperatureResponse(temperature: 298.15)
        #expect(r.vcmax == 1 && r.jmax == 1 && r.darkRespiration == 1)
        matches(r.kc, "404.9"); matches(r.ko, "278.4"); matches(r.gammaStar, "42.75"); matches(r.km, "710.3")
    }

    @Test(arguments: [
        (15.0, ["133.2", "167.3", "25.17", "300.3", "27.21", "73.45"]),
        (35.0, ["1145.4", "448.2", "70.15", "1682.0", "78.17", "110.11"]),
    ])
    func temperatureResponses(celsius: Double, expected: [String]) {
        let r = Photosynthesis.TemperatureResponse(temperature: celsius + PhysicalConstants.freezing)
        matches(r.kc, expected[0], "Kc"); matches(r.ko, expected[1], "Ko"); matches(r.gammaStar, expected[2], "Γ*")
        matches(r.km, expected[3], "Km"); matches(60 * r.vcmax, expected[4], "Vcmax")
        matches(Photosynthesis.jmaxRatio * 60 * r.jmax, expected[5], "Jmax")
    }

    /// Leaf at 25 °C, Vcmax 60, Jmax 118.2, ci 280, α_J 0.425, Rd 0.9 (6.2).
    @Test(arguments: [(0.0, "0", "0"), (200, "63.21", "9.831"), (500, "95.09", "12.991"), (1000, "107.32", "13.459"),
                      (2000, "113.00", "13.595")])
    func leafLightResponse(q: Double, j: String, a: String) {
        let r = Photosynthesis.TemperatureResponse(temperature: 298.15)
        let leaf = Photosynthesis.leaf(capacity25: 60.0, par: q, area: 1, floorWidth: 0.1, beta: 1, alphaJ: 0.425, ci: 280,
                                       medlynFactor: 0, ca: 400, response: r)
        matches(Photosynthesis.electronTransport(par: q, alphaJ: 0.425, jmax: 118.2), j, "J(\(q))")
        matches(leaf.assimilation, a, "A(\(q))")
        matches(leaf.darkRespiration, "0.9", "Rd")
        if q == 0 { #expect(leaf.assimilation == 0) }
        matches(Photosynthesis.rubiscoLimited(vcmax: 60.0, ci: 280.0, response: r), "14.374", "A_c")
    }

    @Test func ajAt200() {
        let r = Photosynthesis.TemperatureResponse(temperature: 298.15)
        let j = Photosynthesis.electronTransport(par: 200, alphaJ: 0.425, jmax: 118.2)
        matches(Photosynthesis.electronLimited(electronTransport: j, ci: 280, response: r), "10.257", "A_j(200)")
        let j500 = Photosynthesis.electronTransport(par: 500, alphaJ: 0.425, jmax: 118.2)
        matches(Photosynthesis.electronLimited(electronTransport: j500, ci: 280, response: r), "15.432", "A_j(500)")
    }

    @Test func medlynClosure() {
        matches(Photosynthesis.medlynIntercellularCO2(ca: 1, g1: 4.0, sqrtD: 1), "0.800", "ci0/ca(D 1)")
        let ci2 = Photosynthesis.intercellularCO2(ca: 400, g1: 4.0, sqrtD: 2.0.squareRoot(), gammaStar: 0)
        matches(ci2 / 400, "0.7388", "ci/ca(D 2)")
        // gs = 1.6 (1 + g1/√D) An / Ca with g0 = 0 (softplus(10; 0.1) is 10 in Double); the identity
        // ca − 1.6 An/gs = ci0 holds exactly.
        let gs = Photosynthesis.stomatalConductance(minimum: 0.0, medlynFactor: Photosynthesis.medlynFactor(g1: 4.0, sqrtD: 1),
                                                    netAssimilation: 10, ca: 400, floorWidth: 0.1)
        matches(gs, "0.200", "gs")
        let ci0 = Photosynthesis.medlynIntercellularCO2(ca: 400, g1: 4.0, sqrtD: 1)
        #expect((400 - PhysicalConstants.vapourToCO2Diffusivity * 10 / gs).isApproximatelyEqual(to: ci0, absoluteTolerance: 1e-12))
    }
}

@Suite struct ComponentTests {
    /// ψ(ζ) through the form the model uses: with both height ratios 0, the profile corrections
    /// ψ(ζ) − ψ(0) are ψm(ζ), ψh(ζ) themselves.
    static func psi(_ zeta: Double) -> (m: Double, h: Double) {
        Aerodynamics.profileCorrections(zeta, momentumRatio: 0.0, heatRatio: 0.0)
    }

    @Test(arguments: [(-1.0, "1.1162", "1.8812"), (-0.1, "0.2836", "0.5343"), (1, "-4.2823", "-4.4339")])
    func stabilityFunctions(zeta: Double, m: String, h: String) {
        let psi = Self.psi(zeta)
        matches(psi.m, m, "ψm(\(zeta))"); matches(psi.h, h, "ψh(\(zeta))")
    }

    @Test func stabilityExtremesAndZero() {
        matches(Self.psi(5.0).m, "-13.448", "ψm(5)")
        let zero = Self.psi(0.0)
        #expect(abs(zero.m) < 1e-15 && abs(zero.h) < 1e-15)
        let justBelow = Self.psi(-1e-9)
        #expect(abs(justBelow.m) < 1e-7 && abs(justBelow.h) < 1e-7)
    }

    @Test(arguments: [(10.0, "1"), (20, "2.303"), (0, "0.302"), (30, "4.259")])
    func lloydTaylor(celsius: Double, ratio: String) {
        matches(Respiration.lloydTaylor(temperature: celsius + PhysicalConstants.freezing, activation: 308.56), ratio, "R(\(celsius))/R10")
    }

    @Test func twoLeafRadiation() {
        let leaves = SolarRadiation.twoLeaf(beam: 1200, diffuse: 300, lai: 3, cosZenithEffective: 0.8)
        matches(leaves.sunlitArea, "1.3546"); matches(leaves.shadedArea, "1.6454")
        matches(leaves.sunlit, "1060.61"); matches(leaves.shaded, "152.73"); matches(leaves.total, "1213.34")
        #expect((leaves.sunlitArea + leaves.shadedArea).isApproximatelyEqual(to: 3, absoluteTolerance: 1e-15))
        let (sun, sha) = Photosynthesis.capacityScaling(lai: 3, cosZenithEffective: 0.8)
        matches(60 * sun, "60.821"); matches(60 * sha, "57.865"); matches(60 * (sun + sha), "118.686")
    }

    @Test(arguments: [(0.1, "0.988"), (0.5, "0.7265"), (0.613, "0.5"), (0.8, "0.1657")])
    func bolandDiffuseFraction(kt: Double, fd: String) {
        matches(SolarRadiation.diffuseFraction(clearness: kt), fd, "f_d(\(kt))")
    }

    /// Exact gravity drainage against the spec value and against an explicit integration with
    /// 100 000 sub-steps computed here.
    @Test func gravityDrainageIsExact() {
        let soil = SoilTexture.loam.hydraulics
        let c = Hydrology.drainageExponent(b: soil.b), dz = 0.1, dt = 1800.0
        let rhoW = PhysicalConstants.waterDensity
        let capacity = rhoW * dz * soil.thetaSat
        let drained = Hydrology.gravityDrainage(water: rhoW * dz * 0.42, capacity: capacity, exponent: c,
                                                rate: Hydrology.drainageRate(ksat: soil.ksat, exponent: c, thickness: dz,
                                                                             thetaSat: soil.thetaSat, dt: dt))
        matches(drained, "2.25989", "drainage")
        var theta = 0.42
        let h = dt / 100_000
        for _ in 0..<100_000 { theta -= h * soil.ksat / dz * pow(theta / soil.thetaSat, c) }
        #expect(drained.isApproximatelyEqual(to: (0.42 - theta) * rhoW * dz, absoluteTolerance: 1e-4))
    }

    @Test func forceRestore() {
        matches(GroundHeat.coefficient(thermalInertia: 1400.0) * 1e6, "8.61", "C_G(1400)")
        matches(GroundHeat.coefficient(thermalInertia: 1414.0) * 1e6, "8.53", "C_G(1414)")
        let fVeg = Aerodynamics.coverFractions(lai: 3).vegetation
        matches(fVeg, "0.877544", "f_veg")
        let step = GroundHeat.Step(coefficient: GroundHeat.coefficient(thermalInertia: 1400.0), vegetationCover: fVeg,
                                   t2: 290.0, previousTs: 290.0, dt: 1800)
        matches(1 / step.inverseCoefficient * 1e5, "4.98247", "C_T")
        #expect(step.flux(290.0) == 0)
    }

    @Test func blackBodyLongwave() {
        matches(SolarRadiation.longwaveEmission(288.15, emissivity: 1), "390.9", "σ T⁴ at 15 °C")
    }
}

@Suite struct ProfileCorrectionTests {
    /// The combined corrections used by the resistances equal the differences of the ψ functions.
    @Test(arguments: [-9.0, -1, -0.1, -1e-4, 1e-4, 0.3, 2, 9.5])
    func combinedFormsEqualDifferencesOfPsi(zeta: Double) {
        let rm = 0.05, rh = 0.005
        let c = Aerodynamics.profileCorrections(zeta, momentumRatio: rm, heatRatio: rh)
        let m = Aerodynamics.stability(zeta).m - Aerodynamics.stability(zeta * rm).m
        let h = Aerodynamics.stability(zeta).h - Aerodynamics.stability(zeta * rh).h
        #expect(c.m.isApproximatelyEqual(to: m, absoluteTolerance: 1e-13, relativeTolerance: 1e-13),
                "ψm difference at \(zeta): \(c.m) vs \(m)")
        #expect(c.h.isApproximatelyEqual(to: h, absoluteTolerance: 1e-13, relativeTolerance: 1e-13),
                "ψh difference at \(zeta): \(c.h) vs \(h)")
    }
}

@Suite struct ConstantTests {
    @Test func wetFractionConstantsArePowersOfTwoThirds() {
        #expect(Aerodynamics.wetFloorPower == pow(1e-3, 2.0 / 3))
        #expect(Aerodynamics.wetFullPower == pow(1.001, 2.0 / 3))
        #expect(Aerodynamics.wetFraction(canopyWater: 0.0, capacity: 1) == 0)
        #expect(Aerodynamics.wetFraction(canopyWater: 5.0, capacity: 1).isApproximatelyEqual(to: 1, absoluteTolerance: 0.01))
    }

    /// The constants of LSM_SPEC.md 2.1–2.11 that are written as printed rather than derived keep the
    /// relations they stand for (to the spec's rounding), and the derived ones are exact.
    @Test func physicalConstantsKeepTheirRelations() {
        let c = PhysicalConstants.self
        #expect(c.freezing == 273.15 && c.freezing == SharedPhysicalConstants.freezingPoint)
        #expect(c.molecularWeightComplement == 0.378)
        // Γ_d = g/cp = 0.0097614 K m-1; the spec's 0.0098 is that to 0.4 %.
        #expect(c.dryAdiabaticLapseRate.isApproximatelyEqual(to: c.gravity / c.cp, relativeTolerance: 5e-3))
        // Both virtual-temperature factors approximate R_v/R_d − 1 = 461.5/287.04 − 1 = 0.6078.
        #expect(c.virtualTemperatureFactor.isApproximatelyEqual(to: 461.5 / c.dryAirGasConstant - 1, relativeTolerance: 5e-4))
        #expect(c.virtualHeatFluxFactor.isApproximatelyEqual(to: 461.5 / c.dryAirGasConstant - 1, relativeTolerance: 5e-3))
        #expect(Atmosphere.magnusOffsetKelvin.isApproximatelyEqual(to: c.freezing - Atmosphere.magnusOffset, absoluteTolerance: 1e-13))
        // T_ref − T0 = 10 °C − 227.13 K of Lloyd & Taylor.
        #expect((1 / Respiration.lloydTaylorInverseSpan).isApproximatelyEqual(
            to: c.freezing + 10 - Respiration.lloydTaylorT0, absoluteTolerance: 1e-12))
    }
}

@Suite struct BoundaryLayerTests {
    /// r_b = scale·√lnM equals the spec's 1 / (0.01 sqrt(u*/0.04) (LAI + 0.05)) with u* = k u_e / lnM.
    @Test(arguments: [(1.0, 3.0, 5.0), (4.5, 0.0, 9.5), (0.5, 7.0, 3.2)])
    func scaledFormEqualsTheSpecFormula(wind: Double, lai: Double, lnM: Double) {
        let ustar = PhysicalConstants.vonKarman * wind / lnM
        let spec = 1 / (0.01 * (ustar / 0.04).squareRoot() * (lai + 0.05))
        let scaled = Aerodynamics.boundaryLayerScale(windEffective: wind, lai: lai) * lnM.squareRoot()
        #expect(scaled.isApproximatelyEqual(to: spec, relativeTolerance: 1e-13))
    }
}
