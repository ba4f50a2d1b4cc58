import FluxData
import Foundation
import LandModel
import MdPLSupport
@testable import Pipeline
import SyntheticSites
import Testing

/// Sequential refinement on twin sites (observations made by the land model with known
/// parameters): starting from a surrogate trained on a small ensemble, each round adds land-model
/// runs around the generator's parameters, so the best real-model J must fall from round to round
/// towards J at the true parameters (the noise floor), and end far closer to it than the defaults
/// wherever the observations distinguish the truth from the defaults.
@Suite struct RefinementTwinTests {
    @Test func jFallsRoundByRoundTowardsTheTruth() throws {
        let runs = EndToEndTests.temporary("refinement")
        defer { try? FileManager.default.removeItem(at: runs) }
        let config = try ConfigLoader.parse("""
            name: twin-refinement
            seed: 11
            runsDirectory: \(runs.path)
            stages: [default, calibration]
            data: {directory: \(EndToEndTests.data.path), sites: [all]}
            ensemble: {members: 64}
            surrogate: {hidden: 32, experts: 2, expertWidth: 32, towerWidth: 16, epochs: 30, patience: 30, batchSize: 16,
                        holdOutEvery: 8, subDailyMembers: 8, decoderHidden: 16, decoderEpochs: 4}
            calibration: {methods: [mdpl], parameters: [g1, zRoot, sInt, rz0m], priorWeight: 0, iterations: 150, hidden: 8,
                          refinement: {rounds: 3, members: 16, epochs: 5, iterations: 100}}
            """, file: "twin.yaml")
        let open = try OpenRun(config: config, configFile: "twin.yaml", purpose: "RefinementTwinTests")
        let experiment = Experiment(context: open.context)
        let results = try experiment.run()
        let run = open.context
        let table = try CSVTable(contentsOf: run.directory.file("mdpl/refinement.csv"))
        let method = MethodContext(run: run, surrogate: nil, earlier: [], folder: "mdpl")
        var informative = 0
        for (i, code) in run.codes.enumerated() {
            let twin = try #require(EndToEndTests.sites.first { $0.code == code })
            let objective = method.landModelObjective(i)
            let truth = objective.evaluate([method.unitPoint(twin.trueParameters)])[0]
            let atDefaults = objective.evaluate([objective.defaultUnit])[0]
            let best = (0..<table.rowCount).filter { table.value(row: $0, column: "site") == code }
                .map { Double(table.value(row: $0, column: "objective_best") ?? "") ?? .nan }
            #expect(best.count == 4, "rounds 0...3 at \(code)")
            // The best J never rises (every point evaluated is kept), and never exceeds the defaults'.
            #expect(zip(best, best.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 }, "\(code): \(best)")
            #expect(best.last! <= atDefaults + 1e-6)
            // Where the observations can tell the truth from the defaults (SY-Gra's true roughness
            // changes J by 5 %, within the noise), the rounds lower J and end much closer to the truth.
            if atDefaults > 1.2 * truth {
                informative += 1
                #expect(best.last! < best.first!, "\(code): refinement found nothing better than round 0: \(best)")
                #expect(best.last! - truth < 0.5 * (atDefaults - truth),
                        "\(code): J default \(atDefaults), truth \(truth), after refinement \(best.last!)")
            }
            // The method's parameters are the best point's: the land model with them gives that J.
            let learned = try #require(results.calibrations.first { $0.name == "mdpl" }).parameters[i]
            #expect(abs(objective.evaluate([method.unitPoint(learned)])[0] - best.last!) < 1e-6 * max(1, best.last!))
        }
        #expect(informative >= 2)
    }
}
