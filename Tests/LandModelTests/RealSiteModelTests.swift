import FluxData
import Foundation
import LandModel
import Testing

enum SharedSites {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("plumber2").path) }

    static func catalog(_ sub: String = "plumber2") throws -> SiteCatalog {
        try SiteCatalog(directory: root.appendingPathComponent(sub))
    }
}

/// The model on every real site: energy closure and the water balance of every step, finite
/// outputs, and the SEB residual statistics of 6.4(c).
@Suite(.enabled(if: SharedSites.available, "needs ../shared/data"))
struct RealSiteModelTests {
    /// Per-step closure and water balance from a run's recorded outputs, and the fluxes against the
    /// independently computed ones of `EnergyOracle` (`parameters`: the run's).
    static func check(_ result: SimulationResult, forcing: PreparedForcing,
                      parameters: LandParameters) -> (energy: Double, water: Double, finite: Bool, independent: EnergyClosureCheck) {
        var energy = 0.0, water = 0.0, finite = true
        var stored = result.initialState.totalWater
        let dt = forcing.dt
        let member = MemberConstants(parameters: parameters, site: forcing.site, dt: dt)
        var independent = EnergyClosureCheck()
        var previous = (ts: result.initialState.skinTemperature, t2: result.initialState.deepTemperature)
        let skin = result[.AvgSurfT], deep = result[.SoilTemp], rah = result[.Rah]
        let (transpiration, canopy, soil) = (result[.TVeg], result[.ECanop], result[.ESoil])
        let (residual, limiter) = (result[.SEBResidual], result[.LimiterEnergy])
        for t in 0..<result.time.count {
            let rnet = result[.Rnet][t], qle = result[.Qle][t], qh = result[.Qh][t], qg = result[.Qg][t]
            finite = finite && [rnet, qle, qh, qg, result[.NEE][t], result[.AvgSurfT][t]].allSatisfy(\.isFinite)
            energy = max(energy, abs(rnet - qle - qh - qg))
            let ts = skin[t], t2 = deep[t]
            let oracle = EnergyOracle(forcing: forcing.steps[t], member: member, dt: dt, skinTemperature: ts,
                                      previousSkinTemperature: previous.ts, previousDeepTemperature: previous.t2,
                                      transpiration: transpiration[t], canopyEvaporation: canopy[t],
                                      soilEvaporation: soil[t], aerodynamicResistance: rah[t])
            independent.add(step: t, rnet: rnet, qle: qle, qh: qh, qg: qg, t2: t2, sebResidual: residual[t],
                            limiterEnergy: limiter[t], oracle: oracle)
            previous = (ts, t2)
            let now = result[.SoilMoist1][t] + result[.SoilMoist2][t] + result[.CanopInt][t]
            let budget = (forcing.steps[t].precip - result[.Evap][t]) * dt + result[.Irrigation][t]
                - (result[.Qs][t] + result[.Qsb][t]) * dt
            water = max(water, abs(now - stored - budget))
            stored = now
        }
        return (energy, water, finite, independent)
    }

    @Test func everyHalfHourlySiteClosesEnergyAndWater() throws {
        let catalog = try SharedSites.catalog()
        var report: [String] = []
        for code in catalog.codes {
            let data = try catalog.load(code)
            let site = try ModelSite(data.info, irrigated: code == "US-Tw3")
            let forcing = PreparedForcing(site: site, dataset: data)
            let parameters = LandParameters.defaults(for: site.pft)
            let result = Simulation.run(forcing, parameters: parameters)
            let c = Self.check(result, forcing: forcing, parameters: parameters)
            // Water is compared in mm against stores of up to ~2000 mm: 1e-9 mm is ~1e-12 relative.
            #expect(c.energy <= 1e-9, "\(code): energy \(c.energy)")
            c.independent.expectAgreement("\(code):")
            #expect(c.water <= 1e-9, "\(code): water \(c.water)")
            #expect(c.finite, "\(code): non-finite output")
            #expect(result.spinUpConverged, "\(code): spin-up did not converge")
            let residuals = result[.SEBResidual].map(abs).sorted()
            let p999 = residuals[Int(0.999 * Double(residuals.count - 1))]
            let above = residuals.filter { $0 > 1 }.count
            report.append("\(code): p99.9 \(p999), \(above) of \(residuals.count) above 1 W m-2, spin-up \(result.spinUpCycles)")
            // 6.4(c): p99.9 ≤ 0.15 W m-2; the spec's prototype also kept 3 half-hours at one real forest
            // site at 5–8 W m-2 (ζ flip-flops at low wind, 2.8 note (i)), so allow that many.
            #expect(p999 <= 0.15, "\(code): SEB residual p99.9 \(p999)")
            #expect(above <= max(3, residuals.count / 10_000), "\(code): \(above) steps above 1 W m-2")
        }
        print(report.joined(separator: "\n"))
    }

    @Test func dailySitesRunWithClosure() throws {
        let catalog = try SharedSites.catalog("daily")
        for code in catalog.codes.prefix(6) {
            let data = try catalog.load(code)
            let site = try ModelSite(data.info)
            let forcing = PreparedForcing(site: site, dataset: data)
            let parameters = LandParameters.defaults(for: site.pft)
            let result = Simulation.run(forcing, parameters: parameters, options: SimulationOptions(iterations: 8))
            let c = Self.check(result, forcing: forcing, parameters: parameters)
            #expect(c.energy <= 1e-9 && c.water <= 1e-9 && c.finite, "\(code)")
            c.independent.expectAgreement("\(code):")
        }
    }

    /// The same site at hourly steps (forcing averaged in pairs) closes too, and its annual
    /// latent heat stays within 10 % of the half-hourly run.
    @Test func hourlyStepsAgreeWithHalfHourly() throws {
        let data = try SharedSites.catalog().load("FR-Hes")
        var hourly = data
        hourly.time = TimeAxis(start: data.time.start, stepSeconds: 3600, count: data.time.count / 2)
        hourly.forcing = data.forcing.mapValues { s -> Series in
            let pairs: [Double] = (0..<(s.count / 2)).map { i -> Double in 0.5 * (s.values[2 * i] + s.values[2 * i + 1]) }
            return Series(values: pairs)
        }
        hourly.fluxes = [:]
        let site = try ModelSite(data.info)
        let half = PreparedForcing(site: site, dataset: data), hour = PreparedForcing(site: site, dataset: hourly)
        let a = Simulation.run(half, parameters: .defaults(for: .DBF)), b = Simulation.run(hour, parameters: .defaults(for: .DBF))
        let c = Self.check(b, forcing: hour, parameters: .defaults(for: .DBF))
        #expect(c.energy <= 1e-9 && c.water <= 1e-9 && c.finite)
        c.independent.expectAgreement("hourly:")
        let qleHalf = a[.Qle].reduce(0, +) / Double(a[.Qle].count), qleHour = b[.Qle].reduce(0, +) / Double(b[.Qle].count)
        #expect(abs(qleHour - qleHalf) / qleHalf < 0.1, "annual Qle \(qleHalf) vs \(qleHour)")
    }
}
