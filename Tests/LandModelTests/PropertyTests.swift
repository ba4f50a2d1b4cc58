import FluxData
import Foundation
import LandModel
import RealModule
import SyntheticSites
import Testing

/// Whole-model properties of LSM_SPEC.md 6.4 (a)–(h).
@Suite struct PropertyTests {
    static let parameters = LandParameters.defaults(for: .DBF)

    /// Runs `forcing` step by step from `state`, checking energy closure and the water balance of
    /// every step (1.4) and returning the outputs. `energy` compares every step's fluxes with the
    /// independently computed ones of `EnergyOracle`; `worstEnergy` is the closure Rnet − Qle − Qh − Qg
    /// of 6.4(a), which holds by construction (Qh is the remainder, 2.9).
    @discardableResult
    static func runChecked(_ forcing: PreparedForcing, parameters: LandParameters = parameters,
                           state initial: ModelState<Double>? = nil, irrigated: Bool = false,
                           iterations: Int = 6) -> (outputs: [StepOutput<Double>], worstEnergy: Double,
                                                    energy: EnergyClosureCheck, worstWater: Double, cumulativeWater: Double) {
        let member = MemberConstants(parameters: parameters, site: forcing.site, dt: forcing.dt)
        var state = initial ?? member.initialState(temperature: forcing.steps[0].tair)
        let start = state.totalWater
        var inputs = 0.0
        var outputs: [StepOutput<Double>] = []
        var worstEnergy = 0.0, worstWater = 0.0
        var energy = EnergyClosureCheck()
        for (t, f) in forcing.steps.enumerated() {
            let before = state
            let o = LandSurface.step(&state, forcing: f, member: member, irrigated: irrigated, dt: forcing.dt,
                                     iterations: iterations)
            worstEnergy = max(worstEnergy, abs(o.rnet - o.qle - o.qh - o.qg))
            energy.add(step: t, output: o, after: state,
                       oracle: EnergyOracle(forcing: f, member: member, dt: forcing.dt, before: before, after: state, output: o))
            let budget = (f.precip - o.evap) * forcing.dt + o.irrigation - (o.surfaceRunoff + o.drainage) * forcing.dt
            worstWater = max(worstWater, abs(state.totalWater - before.totalWater - budget))
            inputs += budget
            outputs.append(o)
        }
        return (outputs, worstEnergy, energy, worstWater, abs(state.totalWater - start - inputs))
    }

    @Test func energyClosesAndWaterBalancesEveryStep() {
        let run = Self.runChecked(SyntheticForcing.prepared())
        #expect(run.worstEnergy <= 1e-9, "energy \(run.worstEnergy) W m-2")
        #expect(run.worstWater <= 1e-9, "water \(run.worstWater) mm per step")
        #expect(run.cumulativeWater <= 1e-6, "water \(run.cumulativeWater) mm per year")
        #expect(run.outputs.allSatisfy { $0.qle.isFinite && $0.qh.isFinite && $0.nee.isFinite })
    }

    /// 6.4(a) with substance: Rnet, Qg, Qle and T2 recomputed from the spec's formulas equal the model's,
    /// and Qh equals the bulk sensible heat ρ cp (Ts − θ_a)/r_ah plus the reported SEB residual and
    /// limiter energy, every step of a synthetic year; the SEB residual from these independent fluxes
    /// meets 6.4(c) (p99.9 ≤ 0.15 W m-2).
    @Test func energyClosesAgainstIndependentlyComputedFluxes() {
        let run = Self.runChecked(SyntheticForcing.prepared())
        run.energy.expectAgreement()
        #expect(run.energy.steps == 365 * 48)
        #expect(run.energy.residualP999 <= 0.15, "p99.9 of the independent SEB residual \(run.energy.residualP999)")
        let meanLimiter = run.energy.limiterEnergySum / Double(run.energy.steps)
        print("mean limiter energy \(meanLimiter) W m-2 (spec [PROTO] 0.85 on its synthetic year)")
    }

    @Test func irrigatedSitesBalanceWithTheAddedWater() {
        let forcing = SyntheticForcing.prepared(days: 120, precipitation: false)
        let dry = ModelState<Double>(canopyWater: 0, soilWater1: 10, soilWater2: 150, skinTemperature: 280, deepTemperature: 280)
        let run = Self.runChecked(forcing, state: dry, irrigated: true)
        #expect(run.worstWater <= 1e-9)
        run.energy.expectAgreement("irrigated:")
        #expect(run.outputs.reduce(0) { $0 + $1.irrigation } > 100, "irrigation should refill the dry soil")
    }

    /// 6.4(c) on continuous synthetic forcing: SEB residual ≤ 0.15 W m-2 at p99.9 and at most
    /// one step in 10 000 above 1 W m-2.
    @Test func surfaceEnergyBalanceResidualIsSmall() {
        let run = Self.runChecked(SyntheticForcing.prepared())
        let residuals = run.outputs.map { abs($0.sebResidual) }.sorted()
        let p999 = residuals[Int(0.999 * Double(residuals.count - 1))]
        let large = residuals.filter { $0 > 1 }.count
        #expect(p999 <= 0.15, "p99.9 \(p999)")
        #expect(Double(large) <= Double(residuals.count) / 10_000 + 1, "\(large) steps above 1 W m-2")
    }

    /// 6.4(d) LAI = 0: GPP and leaf respiration exactly 0; Qle is soil evaporation only.
    @Test func noLeavesMeansNoCanopyFluxes() {
        let run = Self.runChecked(SyntheticForcing.prepared(days: 30, lai: 0))
        for o in run.outputs {
            #expect(o.gpp == 0 && o.leafRespiration == 0)
            #expect(o.canopyEvaporation == 0)
            // 1/max(Gc, 1e-9) caps the stomatal resistance at 1e9 s m-1: transpiration ≤ 1e-10.
            #expect(abs(o.transpiration) <= 1e-10)
            // Qle is soil evaporation only, to within that bound (2.5e-4 W m-2).
            #expect(abs(o.evap - o.soilEvaporation) <= 1e-10)
        }
    }

    /// 6.4(e) SWdown = 0: GPP exactly 0, NEE = Reco > 0.
    @Test func darknessMeansRespirationOnly() {
        let forcing = SyntheticForcing.prepared(days: 20)
        var night = forcing
        night.steps = forcing.steps.map { f in
            ForcingStep(swdown: 0, lwdown: f.lwdown, tair: f.tair, qair: f.qair, psurf: f.psurf, wind: f.wind, precip: f.precip,
                        co2: f.co2, lai: f.lai, geometry: SolarGeometry(cosZenithEffective: 0.05, extraterrestrial: 1))
        }
        for o in Self.runChecked(night).outputs {
            #expect(o.gpp == 0)
            #expect(o.nee == o.reco && o.reco > 0)
        }
    }

    /// 6.4(f) Soil at wilting point, no rain for a year: annual mean Qle < 1 W m-2, GPP < 0.2.
    @Test func wiltedSoilShutsDownFluxes() {
        let forcing = SyntheticForcing.prepared(precipitation: false)
        let member = MemberConstants(parameters: Self.parameters, site: forcing.site, dt: forcing.dt)
        let dry = ModelState<Double>(canopyWater: 0, soilWater1: member.wilting1, soilWater2: member.wilting2,
                                     skinTemperature: 280, deepTemperature: 280)
        let run = Self.runChecked(forcing, state: dry)
        let n = Double(run.outputs.count)
        let qle = run.outputs.reduce(0) { $0 + $1.qle } / n
        let gpp = run.outputs.reduce(0) { $0 + $1.gpp } / n
        #expect(qle < 1, "annual mean Qle \(qle)")
        #expect(gpp < 0.2, "annual mean GPP \(gpp)")
    }
}

/// 6.4(g): single-step monotonicity at the GOLDEN-1 state (β = 1, daytime).
@Suite struct MonotonicityTests {
    static func golden(_ change: (inout LandParameters) -> Void) -> (StepOutput<Double>, LandParameters) {
        var p = LandParameters.defaults(for: .DBF)
        change(&p)
        let f = GoldenStepTests.forcing(sw: 700, lw: 350, tair: 298.15, qair: 0.010, wind: 3, hour: 11, minute: 45)
        let member = MemberConstants(parameters: p, site: GoldenStepTests.site, dt: 1800)
        var state = ModelState<Double>(canopyWater: 0, soilWater1: 32.9, soilWater2: 625.1,
                                       skinTemperature: 298.15, deepTemperature: 293.15)
        return (LandSurface.step(&state, forcing: f, member: member, irrigated: false, dt: 1800), p)
    }

    @Test func latentHeatRisesWithStomatalSlope() {
        let qle = [1.0, 2, 4, 8].map { g1 in Self.golden { $0.g1 = g1 }.0.qle }
        for (value, printed) in zip(qle, ["139.551", "212.915", "305.178", "404.879"]) { matches(value, printed, "Qle") }
        #expect(zip(qle, qle.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func capacityRaisesLatentHeatAndGPP() {
        let runs = [30.0, 58, 100].map { v in Self.golden { $0.vcmax25 = v }.0 }
        #expect(runs[0].qle < runs[1].qle && runs[1].qle < runs[2].qle)
        #expect(runs[0].gpp < runs[1].gpp && runs[1].gpp < runs[2].gpp)
        let yields = [0.2, 0.3, 0.5].map { a in Self.golden { $0.alphaJ = a }.0.gpp }
        #expect(yields[0] < yields[1] && yields[1] < yields[2])
    }

    @Test func albedoLowersNetRadiation() {
        let rnet = [0.05, 0.16, 0.35].map { a in Self.golden { $0.albC = a }.0.rnet }
        #expect(rnet[0] > rnet[1] && rnet[1] > rnet[2])
    }

    @Test func thermalInertiaRaisesGroundHeatForTheSameDrive() {
        let g = [400.0, 1400, 3000].map { gamma in
            GroundHeat.Step(coefficient: GroundHeat.coefficient(thermalInertia: gamma), vegetationCover: 0.5, t2: 290.0,
                            previousTs: 295.0, dt: 1800).flux(297.0)
        }
        #expect(g[0] < g[1] && g[1] < g[2])
    }

    @Test func soilRespirationIsProportionalToR10() {
        let (a, _) = Self.golden { $0.r10 = 1.5 }
        let (b, _) = Self.golden { $0.r10 = 3.0 }
        // Reco − R_leaf recovers R_soil up to the rounding of the subtraction.
        let ratio = (b.reco - b.leafRespiration) / (a.reco - a.leafRespiration)
        #expect(ratio.isApproximatelyEqual(to: 2, absoluteTolerance: 1e-14))
        #expect(a.leafRespiration == b.leafRespiration)
        #expect(b.reco > a.reco)
    }
}

/// 6.4(h): no NaN or Inf over randomised forcing across the physical ranges, stores never
/// negative beyond round-off.
@Suite struct FuzzTests {
    @Test func randomisedStepsStayFinite() {
        var g = SyntheticForcing.Generator(state: 2024)
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * g.next() }
        var worstStore = 0.0
        var nonFinite = 0
        for block in 0..<60 {
            let site = ModelSite(code: "FZ", latitude: uniform(-70, 70), longitude: uniform(-180, 180),
                                 referenceHeight: uniform(2, 60), canopyHeight: uniform(0.1, 40),
                                 pft: PlantFunctionalType.allCases[block % 9])
            let p = LandParameters { id in id.spec.value(fromUnit: g.next()) }
            let member = MemberConstants(parameters: p, site: site, dt: 1800)
            let full = block % 2 == 0
            var state = ModelState<Double>(
                canopyWater: full ? p.sInt * 5 : 0, soilWater1: full ? member.saturated1 : 0,
                soilWater2: full ? member.saturated2 : 0,
                skinTemperature: uniform(240, 320), deepTemperature: uniform(250, 310))
            for _ in 0..<1000 {
                let start = CivilDateTime(year: 2005, month: 1, day: 1).adding(seconds: Int(uniform(0, 365 * 86400)) / 1800 * 1800)
                let f = ForcingStep(swdown: uniform(0, 1400), lwdown: uniform(100, 500), tair: uniform(230, 330),
                                    qair: uniform(0, 0.03), psurf: uniform(60000, 105000), wind: uniform(0, 20),
                                    precip: uniform(0, 0.05) * (g.next() < 0.2 ? 1 : 0), co2: uniform(300, 700),
                                    lai: uniform(0, 10),
                                    geometry: SolarGeometry(start: start, dt: 1800,
                                                            clock: SiteClock(utcOffsetHours: 0, longitude: site.longitude),
                                                            latitude: site.latitude))
                let o = LandSurface.step(&state, forcing: f, member: member, irrigated: false, dt: 1800)
                let values = [o.rnet, o.qle, o.qh, o.qg, o.gpp, o.reco, o.nee, o.evap, state.skinTemperature,
                              state.deepTemperature, state.soilWater1, state.soilWater2, state.canopyWater]
                if !values.allSatisfy(\.isFinite) { nonFinite += 1 }
                worstStore = min(worstStore, state.canopyWater, state.soilWater1, state.soilWater2)
            }
        }
        #expect(nonFinite == 0)
        #expect(worstStore >= -1e-9, "minimum store \(worstStore) mm")
    }
}
