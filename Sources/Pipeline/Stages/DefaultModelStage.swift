import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The default-parameter run of every site: PFT defaults of LSM_SPEC.md 3A in the real land model,
/// written as ALMA NetCDF to `default/<SITE>.nc` and scored (`metrics/default.csv`). Works per
/// site: a site whose forcing, attributes and model settings are unchanged is read back.
public struct DefaultModelStage: Stage {
    public var name: StageName { .default }
    public func dependencies(_ config: RunConfig) -> [StageName] { [] }
    public var writes: [String] { ["default/<SITE>.nc", "metrics/default.csv"] }
    private let logger = Logger(label: "mdpl.default")

    public init() {}

    public func run(_ run: RunContext, results: inout RunResults) throws {
        let directory = run.directory
        let manifest = StageManifest(directory, folder: "default")
        let bar = ProgressBar("default model", total: run.sites.count, unit: "sites")
        let outcomes = try run.sites.enumerated().map { i, site -> SimulationResult in
            defer { bar.advance() }
            let code = site.data.info.code
            let file = directory.file("default/\(code).nc")
            var fingerprint = Fingerprint("default", version: 1)
            fingerprint.add(run.forcingFingerprints[i])
            fingerprint.add("model", directory.config.model)
            return try manifest.reuseOrCompute(code, fingerprint: fingerprint.hex, outputs: [file],
                                               load: { try ModelOutputFile.read(file, expecting: site.data.time) }) {
                let result = Simulation.run(site.forcing, parameters: site.defaultParameters, options: directory.config.model.options)
                if !result.spinUpConverged {
                    logger.warning("\(code): spin-up did not converge in \(result.spinUpCycles) cycles")
                }
                try ModelOutputFile.write(result, site: site.data.info, parameters: site.defaultParameters, to: file)
                logger.info("\(code): default run, spin-up \(result.spinUpCycles) cycles")
            }
        }
        bar.finish()
        results.add(ModelRuns(name: "default", parameters: run.sites.map(\.defaultParameters), runs: outcomes), context: run)
        var table = MetricsTable()
        table.rows = results.metrics.rows.filter { $0.model == "default" }
        try AtomicFile.write(table.csv, to: directory.file("metrics/default.csv"))
    }
}
