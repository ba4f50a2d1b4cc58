import FluxData
import Foundation
import LandModel
import NeuralKit
import Surrogate
import Testing

enum SharedData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("plumber2").path) }

    /// The first `days` days of a real site, prepared for the model.
    static func site(_ code: String, days: Int) throws -> (SiteDataset, ModelSite, PreparedForcing) {
        let data = try SiteCatalog(directory: root.appendingPathComponent("plumber2")).load(code).slice(0..<(days * 48))
        let model = try ModelSite(data.info)
        return (data, model, PreparedForcing(site: model, dataset: data))
    }
}

/// The ensemble, the site inputs and the surrogate on a short real record.
@Suite(.enabled(if: SharedData.available, "needs ../shared/data"))
struct SurrogateTests {
    static let calibrated: [ParameterID] = [.g1, .zRoot, .fRss]

    static func material(members: Int = 24, days: Int = 45, seed: UInt64 = 3) throws -> SurrogateSiteData {
        let (data, model, forcing) = try SharedData.site("FR-Hes", days: days)
        let defaults = LandParameters.defaults(for: model.pft)
        let generator = EnsembleGenerator(calibrated: calibrated, tasks: [.Qle, .Qh], members: members, design: .latinHypercube,
                                          seed: seed, options: SimulationOptions(spinUp: false))
        let ensemble = try generator.run(forcing, base: defaults, threads: 2)
        return SurrogateSiteData(inputs: SiteInputs(site: data.info.code, data: data, model: model, defaults: defaults),
                                 ensemble: ensemble)
    }

    @Test func ensembleMembersAreLandModelRuns() throws {
        let (data, model, forcing) = try SharedData.site("FR-Hes", days: 10)
        let defaults = LandParameters.defaults(for: model.pft)
        let generator = EnsembleGenerator(calibrated: Self.calibrated, tasks: [.Qle], members: 9, design: .sobol, seed: 1,
                                          options: SimulationOptions(spinUp: false))
        let ensemble = try generator.run(forcing, base: defaults, threads: 1)
        #expect(ensemble.header.periods == 10 && ensemble.header.members == 9 && ensemble.header.periodSeconds == 86400)
        let inputs = SiteInputs(site: data.info.code, data: data, model: model, defaults: defaults)
        #expect(inputs.days == ensemble.header.periods && inputs.firstDay == ensemble.header.firstPeriod)
        for m in [0, 8] {
            var p = defaults
            for (k, id) in Self.calibrated.enumerated() { p[id] = id.spec.value(fromUnit: Double(ensemble.unitParameters[m][k])) }
            let run = Simulation.run(forcing, parameters: p, options: SimulationOptions(spinUp: false))
            for day in 0..<10 {
                let mean = run[.Qle][(day * 48)..<((day + 1) * 48)].reduce(0, +) / 48
                // Float storage of Double values computed from Float-rounded unit parameters.
                #expect(abs(Double(ensemble.values[.Qle]![m][day]) - mean) <= 1e-3 * max(1, abs(mean)))
            }
        }
    }

    @Test func siteInputsAreDailySummaries() throws {
        let (data, model, _) = try SharedData.site("FR-Hes", days: 3)
        let inputs = SiteInputs(site: "FR-Hes", data: data, model: model, defaults: .defaults(for: model.pft))
        #expect(inputs.days == 3 && inputs.dayOfYear == [1, 2, 3])
        let tair = data.forcingValues(.Tair)
        let mean = tair[48..<96].reduce(0, +) / 48
        #expect(abs(Double(inputs.forcing[1][2]) - mean) < 1e-3)
        #expect(abs(Double(inputs.forcing[1][3]) - (tair[48..<96].max()! - tair[48..<96].min()!)) < 1e-3)
        let rain = data.forcingValues(.Precip)[0..<48].reduce(0, +) * 1800
        #expect(abs(Double(inputs.forcing[0][7]) - log1p(rain)) < 1e-5)
        #expect(inputs.defaultUnitParameters.count == 14 && inputs.defaultUnitParameters.allSatisfy { (0...1).contains($0) })
    }

    @Test func scalingUsesTrainingMembersOnly() throws {
        let site = try Self.material(members: 20, days: 20)
        let settings = SurrogateTrainingSettings(holdOutEvery: 5)
        let scaling = SurrogateTrainer(settings: settings, tasks: [.Qle, .Qh], seed: 1).scaling([site])
        let used = (0..<20).filter { !settings.isHeldOut(member: $0) }
        let values = used.flatMap { site.ensemble.values[.Qle]![$0] }.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(Double(scaling.targetMean[0]) - mean) < 1e-3 * max(1, abs(mean)))
        #expect(settings.isHeldOut(member: 4) && !settings.isHeldOut(member: 5))
    }

    /// The surrogate learns the land model of one site well beyond predicting the mean (scaled
    /// MSE 1), and the same seed trains the same network.
    @Test func surrogateLearnsTheEnsembleDeterministically() throws {
        let site = try Self.material()
        let settings = SurrogateTrainingSettings(architecture: .init(hidden: 24, dayOfYearWidth: 4, experts: 2, expertWidth: 16, towerWidth: 8),
                                                 epochs: 40, batchSize: 8, learningRate: 5e-3, patience: 40, holdOutEvery: 6)
        let trainer = SurrogateTrainer(settings: settings, tasks: [.Qle, .Qh], seed: 11)
        let (model, log) = try trainer.train([site], heldOutSites: [])
        let (again, _) = try trainer.train([site], heldOutSites: [])
        let first = log.first!.heldOutMembersLoss, best = log.map(\.heldOutMembersLoss).min()!
        #expect(best < 0.2, "held-out scaled MSE \(best) (first epoch \(first))")
        #expect(model.network.parameters.map(\.value) == again.network.parameters.map(\.value))
        var fidelity = SurrogateFidelity()
        fidelity.add(model: model, site: site, members: [5, 11, 17, 23])
        #expect(fidelity.records.count == 4 * 2 * 2)
        #expect(fidelity.median(\.r, task: .Qle, scale: .daily) > 0.8)
    }

    struct Interruption: Error {}

    /// An interrupted training resumed from its saved state ends with the weights of an
    /// uninterrupted one.
    @Test func resumedTrainingEqualsUninterruptedTraining() throws {
        let site = try Self.material(members: 12, days: 15)
        let settings = SurrogateTrainingSettings(architecture: .init(hidden: 8, dayOfYearWidth: 2, experts: 2, expertWidth: 8, towerWidth: 4),
                                                 epochs: 4, batchSize: 4, patience: 10, holdOutEvery: 4)
        let trainer = SurrogateTrainer(settings: settings, tasks: [.Qle, .Qh], seed: 5)
        let (straight, straightLog) = try trainer.train([site], heldOutSites: [])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-resume-\(UUID().uuidString).ckpt")
        var names: [String] = [], shapes: [[Int]] = []
        #expect(throws: Interruption.self) {
            _ = try trainer.train([site], heldOutSites: []) { epoch, model, _, state in
                names = model.network.parameters.map(\.name)
                shapes = model.network.parameters.map(\.shape)
                try state.write(to: url, parameterNames: names)
                if epoch.epoch == 2 { throw Interruption() }
            }
        }
        let state = try TrainingState.read(url, parameterNames: names, shapes: shapes)
        #expect(state.epoch == 2 && state.log.count == 2)
        let (resumed, resumedLog) = try trainer.train([site], heldOutSites: [], resume: state)
        #expect(resumed.network.parameters.map(\.value) == straight.network.parameters.map(\.value))
        #expect(resumedLog.map(\.heldOutMembersLoss) == straightLog.map(\.heldOutMembersLoss))
    }

    @Test func checkpointRoundTripPredictsTheSame() throws {
        let site = try Self.material(members: 8, days: 15)
        let settings = SurrogateTrainingSettings(architecture: .init(hidden: 8, dayOfYearWidth: 2, experts: 2, expertWidth: 8, towerWidth: 4),
                                                 epochs: 2, batchSize: 4)
        let (model, _) = try SurrogateTrainer(settings: settings, tasks: [.Qle, .Qh], seed: 2).train([site], heldOutSites: [])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-surrogate-\(UUID().uuidString).ckpt")
        try model.save(to: url)
        let loaded = try SurrogateModel.load(url)
        let parameters = [site.inputs.defaultUnitParameters]
        #expect(loaded.predict(site.inputs, unitParameters: parameters) == model.predict(site.inputs, unitParameters: parameters))
        #expect(loaded.scaling == model.scaling && loaded.tasks == model.tasks)
    }

    @Test func singleTaskSurrogateTrainsFromTheSameCode() throws {
        let site = try Self.material(members: 8, days: 15)
        let settings = SurrogateTrainingSettings(architecture: .init(hidden: 8, dayOfYearWidth: 0), epochs: 3, batchSize: 4)
        let (model, log) = try SurrogateTrainer(settings: settings, tasks: [.Qh], seed: 2).train([site], heldOutSites: [])
        #expect(model.tasks == [.Qh] && log.count == 3)
        #expect(model.predict(site.inputs, unitParameters: [site.inputs.defaultUnitParameters])[.Qh]?.first?.count == 15)
    }

    @Test func foreignCheckpointIsRejected() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-foreign-\(UUID().uuidString).ckpt")
        try Checkpoint(parameters: ["w": Tensor(shape: [2])], metadata: [:]).write(to: url)
        #expect(throws: (any Error).self) { _ = try SurrogateModel.load(url) }
    }
}

/// The sub-daily decoder on a short real record.
@Suite(.enabled(if: SharedData.available, "needs ../shared/data"))
struct DiurnalDecoderTests {
    static func material(members: Int = 12, days: Int = 20) throws -> (SurrogateSiteData, StepSiteData) {
        let daily = try SurrogateTests.material(members: members, days: days)
        let (data, model, forcing) = try SharedData.site("FR-Hes", days: days)
        let generator = EnsembleGenerator(calibrated: SurrogateTests.calibrated, tasks: [.Qle, .Qh], members: members,
                                          design: .latinHypercube, seed: 3, options: SimulationOptions(spinUp: false))
        let steps = try generator.run(forcing, base: .defaults(for: model.pft), threads: 2, resolution: .native, firstMembers: 6)
        return (daily, StepSiteData(steps: StepInputs(site: "FR-Hes", data: data, forcing: forcing), inputs: daily.inputs,
                                    ensemble: steps))
    }

    @Test func stepEnsembleMembersAreTheDailyMembers() throws {
        let (daily, steps) = try Self.material()
        #expect(steps.ensemble.header.members == 6 && steps.ensemble.header.periodSeconds == 1800)
        #expect(steps.ensemble.unitParameters == Array(daily.ensemble.unitParameters.prefix(6)))
        // Day means of the step values are the daily ensemble's values.
        let qle = steps.ensemble.values[.Qle]![2]
        let mean = qle[48..<96].reduce(0.0) { $0 + Double($1) } / 48
        #expect(abs(mean - Double(daily.ensemble.values[.Qle]![2][1])) < 1e-3 * max(1, abs(mean)))
    }

    /// The decoder keeps every day mean it is given exactly and learns the diurnal cycle.
    @Test func decoderConservesDayMeansAndLearns() throws {
        let (daily, steps) = try Self.material()
        let scaling = SurrogateTrainer(settings: SurrogateTrainingSettings(), tasks: [.Qle, .Qh], seed: 1).scaling([daily])
        let trainer = DiurnalDecoderTrainer(hidden: 24, epochs: 15, daysPerBatch: 10, learningRate: 3e-3, patience: 15, seed: 4,
                                            isHeldOut: { $0 == 5 })
        let decoder = trainer.train([steps], tasks: [.Qle, .Qh], siteScaling: scaling)
        #expect(trainer.validationLoss(decoder, sites: [steps], siteScaling: scaling) < 0.3)
        let means: [[Float]] = [(0..<20).map { Float($0) }, (0..<20).map { Float(-$0) }]
        let perStep = decoder.predict(steps.steps, site: steps.inputs, siteScaling: scaling, daily: means,
                                      unit: steps.unit(5))
        for d in 0..<20 {
            let m = perStep[0][(d * 48)..<((d + 1) * 48)].reduce(0.0) { $0 + Double($1) } / 48
            #expect(abs(m - Double(d)) < 1e-4)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-decoder-\(UUID().uuidString).ckpt")
        try decoder.save(to: url)
        let loaded = try DiurnalDecoder.load(url)
        #expect(loaded.predict(steps.steps, site: steps.inputs, siteScaling: scaling, daily: means, unit: steps.unit(5)) == perStep)
    }
}
