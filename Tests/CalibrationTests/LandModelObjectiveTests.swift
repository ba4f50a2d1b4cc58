import Calibration
import FluxData
import Foundation
import LandModel
import Surrogate
import Testing

/// A twin experiment: "observations" are the land model's own fluxes at known parameters, on the
/// real forcing of FR-Hes' first 60 days.
@Suite(.enabled(if: Shared.available, "needs ../shared/data"))
struct LandModelObjectiveTests {
    static let calibrated: [ParameterID] = [.g1, .zRoot, .fRss]
    static let truth = [0.3, 0.7, 0.6]
    static let options = SimulationOptions(spinUp: false)

    static func objective(priorWeight: Double = 0) throws -> LandModelObjective {
        var data = try SiteCatalog(directory: Shared.root.appendingPathComponent("plumber2")).load("FR-Hes").slice(0..<(60 * 48))
        let model = try ModelSite(data.info)
        let forcing = PreparedForcing(site: model, dataset: data)
        let defaults = LandParameters.defaults(for: model.pft)
        let twin = CalibratedParameters.parameterSets(points: [truth], calibrated: calibrated, base: defaults)[0]
        let simulated = Simulation.run(forcing, parameters: twin, options: options)
        for flux in [FluxVariable.Qle, .Qh] {
            data.fluxes[flux] = Series(values: simulated[OutputField(rawValue: flux.rawValue)!], qc: [Int8](repeating: 0, count: data.time.count))
        }
        let targets = ObservedTargets(site: data, tasks: [.Qle, .Qh], policy: QualityPolicy(), minValidFraction: 0.8, period: nil)
        return LandModelObjective(forcing: forcing, calibrated: calibrated, base: defaults, targets: targets,
                                  objective: CalibrationObjective(tasks: [.Qle, .Qh], taskWeights: [0.5, 0.5],
                                                                  scales: ObjectiveScales(native: 1, daily: 0.5, monthly: 0.5),
                                                                  priorWeight: priorWeight),
                                  options: options)
    }

    @Test func vanishesAtTheTrueParametersAndAddsTheExactPrior() throws {
        let objective = try Self.objective()
        let values = objective.evaluate([Self.truth, [0.5, 0.5, 0.5]])
        #expect(abs(values[0]) < 1e-12)
        #expect(values[1] > 1e-3)
        // With the prior, the true point costs exactly λ Σ (u − u_default)².
        let prior = try Self.objective(priorWeight: 0.25)
        let defaultUnit = Self.calibrated.map { $0.spec.unit(fromValue: prior.base[$0]) }
        let expected = 0.25 * zip(Self.truth, defaultUnit).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        #expect(abs(prior.evaluate([Self.truth])[0] - expected) < 1e-12)
    }

    @Test func sceUARecoversTheTwinsParameters() throws {
        let objective = try Self.objective()
        let outcome = ShuffledComplexEvolution(complexes: 4, budget: 600, seed: 4)
            .minimize(dimensions: 3) { objective.evaluate($0) }
        #expect(outcome.value < 1e-3)
        // Stomatal slope is what Qle and Qh pin down most tightly; FR-Hes' wet, leafless first 60
        // days hardly constrain rooting depth or soil resistance (TwinRecoveryTests has a twin that does).
        #expect(abs(outcome.best[0] - Self.truth[0]) < 0.03)
    }
}
