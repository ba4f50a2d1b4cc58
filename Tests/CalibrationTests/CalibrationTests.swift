import Calibration
import FluxData
import Foundation
import LandModel
import NeuralKit
import Surrogate
import Testing

enum Shared {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("plumber2").path) }
}

@Suite struct ObservedTargetTests {
    /// Two days of half-hourly Qle: day 1 complete, day 2 with 30 of 48 steps measured.
    static func site() -> SiteDataset {
        let n = 96
        let time = TimeAxis(start: CivilDateTime(year: 2005, month: 1, day: 1), stepSeconds: 1800, count: n)
        let values = (0..<n).map { Double($0) }
        let qc: [Int8] = (0..<n).map { $0 >= 48 && $0 < 66 ? 2 : 0 }      // 18 gap-filled steps on day 2
        let info = SiteInfo(code: "XX", latitude: 0, longitude: 0, igbp: "GRA", utcOffsetHours: 0, utcOffsetSource: "file")
        return SiteDataset(info: info, time: time, forcing: [:], fluxes: [.Qle: Series(values: values, qc: qc)])
    }

    @Test func dailyMeansUseCountedStepsOfValidDays() {
        let t = ObservedTargets(site: Self.site(), tasks: [.Qle, .Qh], policy: QualityPolicy(maxQC: 0), minValidFraction: 0.5, period: nil)
        #expect(t.daily[.Qle]![0] == Float((0..<48).reduce(0, +)) / 48)
        #expect(t.daily[.Qle]![1] == Float((66..<96).reduce(0, +)) / 30)
        #expect(t.daily[.Qh]!.allSatisfy { $0.isNaN })                       // no Qh observed
        let strict = ObservedTargets(site: Self.site(), tasks: [.Qle], policy: QualityPolicy(maxQC: 0), minValidFraction: 0.8, period: nil)
        #expect(strict.daily[.Qle]![1].isNaN && strict.count(.Qle) == 1)
    }

    @Test func onlyTheCalibrationPeriodCounts() {
        let period = (0..<96).map { $0 < 48 }
        let t = ObservedTargets(site: Self.site(), tasks: [.Qle], policy: QualityPolicy(maxQC: 3), minValidFraction: 0.5, period: period)
        #expect(t.daily[.Qle]![0].isFinite && t.daily[.Qle]![1].isNaN)
    }
}

/// Learning parameters through a small surrogate of a short real record.
@Suite(.enabled(if: Shared.available, "needs ../shared/data"))
struct SurrogateCalibrationTests {
    static let calibrated: [ParameterID] = [.g1, .zRoot, .fRss]

    /// 1 − NSE of daily Qle and Qh, equal weights, no prior.
    static func dailyObjective() -> CalibrationObjective {
        CalibrationObjective(tasks: [.Qle, .Qh], taskWeights: [0.5, 0.5], scales: ObjectiveScales(native: 0, daily: 1), priorWeight: 0)
    }

    /// A surrogate trained briefly on a 24-member ensemble of FR-Hes' first 40 days, and the site.
    static func material() throws -> (SurrogateModel, CalibrationSite, SiteDataset) {
        let data = try SiteCatalog(directory: Shared.root.appendingPathComponent("plumber2")).load("FR-Hes").slice(0..<(40 * 48))
        let model = try ModelSite(data.info)
        let forcing = PreparedForcing(site: model, dataset: data)
        let defaults = LandParameters.defaults(for: model.pft)
        let ensemble = try EnsembleGenerator(calibrated: calibrated, tasks: [.Qle, .Qh], members: 24, design: .latinHypercube, seed: 1,
                                             options: SimulationOptions(spinUp: false)).run(forcing, base: defaults, threads: 2)
        let inputs = SiteInputs(site: "FR-Hes", data: data, model: model, defaults: defaults)
        let settings = SurrogateTrainingSettings(architecture: .init(hidden: 16, dayOfYearWidth: 2, experts: 2, expertWidth: 16, towerWidth: 8),
                                                 epochs: 25, batchSize: 8, learningRate: 5e-3, patience: 25, holdOutEvery: 6)
        let (surrogate, _) = try SurrogateTrainer(settings: settings, tasks: [.Qle, .Qh], seed: 3)
            .train([SurrogateSiteData(inputs: inputs, ensemble: ensemble)], heldOutSites: [])
        let site = CalibrationSite(
            inputs: inputs,
            descriptor: SiteDescriptor(site: data, model: model, forcing: forcing, defaults: defaults, period: nil),
            targets: ObservedTargets(site: data, tasks: [.Qle, .Qh], policy: QualityPolicy(), minValidFraction: 0.5, period: nil),
            defaults: defaults)
        return (surrogate, site, data)
    }

    /// ∂loss/∂(unit parameters) through the frozen surrogate against central differences.
    @Test func parameterGradientMatchesFiniteDifferences() throws {
        let (model, site, _) = try Self.material()
        model.network.isFrozen = true
        model.network.computesInputGradient = true
        let calibration = SurrogateCalibration(objective: Self.dailyObjective(), seed: 1)
        let unit = site.inputs.defaultUnitParameters
        let (_, gradient) = calibration.siteMisfit(model, decoder: nil, site: site, unit: unit)
        for id in Self.calibrated {
            let h: Float = 0.02
            var up = unit, down = unit
            up[id.index] += h
            down[id.index] -= h
            let upper = calibration.siteMisfit(model, decoder: nil, site: site, unit: up).0
            let lower = calibration.siteMisfit(model, decoder: nil, site: site, unit: down).0
            let difference = (upper - lower) / Double(2 * h)
            // Float32 network: the difference quotient carries about 1e-3 of rounding; ReLU kinks add curvature.
            #expect(abs(Double(gradient[id.index]) - difference) <= 0.1 * abs(difference) + 2e-3,
                    "\(id): analytic \(gradient[id.index]) vs finite difference \(difference)")
        }
    }

    /// Observations made by the surrogate itself at known parameters are fitted almost exactly
    /// by the generator, starting from its random initial output.
    @Test func generatorFitsObservationsItCanReproduce() throws {
        let (model, site, _) = try Self.material()
        var truth = site.inputs.defaultUnitParameters
        truth[ParameterID.g1.index] = 0.8
        truth[ParameterID.zRoot.index] = 0.3
        truth[ParameterID.fRss.index] = 0.6
        // The surrogate's own daily fluxes at the truth, as observations of every step of each day.
        let synthetic = model.predict(site.inputs, unitParameters: [truth])
        var data = try Self.material().2
        for task in [FluxTask.Qle, .Qh] {
            let values = site.targets.dayOfStep.map { Double(synthetic[task]![0][$0]) }
            data.fluxes[FluxVariable(rawValue: task.rawValue)!] = Series(values: values, qc: [Int8](repeating: 0, count: values.count))
        }
        var target = site
        target.targets = ObservedTargets(site: data, tasks: [.Qle, .Qh], policy: QualityPolicy(), minValidFraction: 0.5, period: nil)
        let calibration = SurrogateCalibration(iterations: 150, learningRate: 0.03, hidden: 8, objective: Self.dailyObjective(), seed: 9)
        let (generator, history) = calibration.calibrate(model, sites: [target], calibrated: Self.calibrated)
        #expect(history.last! < 0.05 * history.first!, "loss \(history.first!) → \(history.last!)")
        let learned = generator.forward([target.descriptor]).scalars
        #expect(learned.allSatisfy { (0...1).contains($0) })
        // The parameters that made the observations are found again (the surrogate's minimum).
        for (k, id) in Self.calibrated.enumerated() {
            #expect(abs(learned[k] - truth[id.index]) < 0.1, "\(id): learned \(learned[k]) vs true \(truth[id.index]) (unit cube)")
        }
    }

    /// A strong prior keeps the learned parameters at the PFT defaults.
    @Test func strongPriorHoldsTheDefaults() throws {
        let (model, site, _) = try Self.material()
        var objective = Self.dailyObjective()
        objective.priorWeight = 100
        let calibration = SurrogateCalibration(iterations: 150, learningRate: 0.03, hidden: 8, objective: objective, seed: 9)
        let (generator, _) = calibration.calibrate(model, sites: [site], calibrated: Self.calibrated)
        let learned = generator.forward([site.descriptor]).scalars
        for (k, id) in Self.calibrated.enumerated() {
            #expect(abs(learned[k] - site.inputs.defaultUnitParameters[id.index]) < 0.02, "\(id)")
        }
    }
}
