import Calibration
import FluxData
import Foundation
import LandModel
import Surrogate
import Testing

/// ∂J/∂u of the calibration objective on 30 days of every shared site (the first 30-day window from
/// the record's start, in steps of 30 days, with observations to fit): exact (dual numbers) against
/// central differences of J, every parameter.
@Suite(.enabled(if: Shared.available, "needs ../shared/data"))
struct GradientCheckTests {
    static let codes = (try? SiteCatalog(directory: Shared.root.appendingPathComponent("plumber2")).codes) ?? []

    @Test(arguments: codes) func exactGradientMatchesFiniteDifferences(_ code: String) throws {
        let record = try SiteCatalog(directory: Shared.root.appendingPathComponent("plumber2")).load(code)
        let window = 30 * record.time.stepsPerDay
        var found: LandModelObjective?
        for start in stride(from: 0, through: record.time.count - window, by: window) {
            let data = record.slice(start..<(start + window))
            let model = try ModelSite(data.info)
            let targets = ObservedTargets(site: data, tasks: [.Qle, .Qh], policy: QualityPolicy(), minValidFraction: 0.5, period: nil)
            let objective = LandModelObjective(
                forcing: PreparedForcing(site: model, dataset: data), calibrated: ParameterID.allCases,
                base: LandParameters.defaults(for: model.pft), targets: targets,
                objective: CalibrationObjective(tasks: [.Qle, .Qh], taskWeights: [0.5, 0.5], scales: ObjectiveScales(native: 1, daily: 0.5),
                                                priorWeight: 0.1),
                options: SimulationOptions(spinUp: false))
            if objective.isUsable { found = objective; break }
        }
        guard let objective = found else { Issue.record("\(code) has no 30-day window with observations to fit"); return }
        let defaults = objective.base
        let u = ParameterID.allCases.map { $0.spec.unit(fromValue: defaults[$0]) }
        let rows = GradientCheck.check(objective, at: u)
        // Relative error ≤ 1e-5 for every derivative that is not negligible (at least 1e-3 of the
        // largest), and every difference below 1e-5 of the largest derivative.
        let largest = rows.map { abs($0.exact) }.max() ?? 0
        for row in rows {
            if max(abs(row.exact), abs(row.finiteDifference)) >= 1e-3 * largest {
                #expect(row.relativeError <= 1e-5, "\(code) \(row.parameter): exact \(row.exact), finite difference \(row.finiteDifference) (step \(row.step))")
            }
            #expect(abs(row.exact - row.finiteDifference) <= 1e-5 * largest, "\(code) \(row.parameter): exact \(row.exact), finite difference \(row.finiteDifference)")
        }
    }
}
