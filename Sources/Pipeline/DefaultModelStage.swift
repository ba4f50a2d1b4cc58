import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The default-parameter run of every site: PFT defaults of LSM_SPEC.md 3A, real model, written
/// as ALMA NetCDF to `default/<SITE>.nc`. A site whose file exists is read back instead of re-run.
public struct DefaultModelStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.default")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Runs (or reloads) every site.
    public func run(_ sites: [ModelledSite]) throws -> [SimulationResult] {
        let bar = ProgressBar("default model", total: sites.count, unit: "sites")
        defer { bar.finish() }
        return try sites.map { site in
            let file = directory.file("default/\(site.data.info.code).nc")
            defer { bar.advance() }
            if FileManager.default.fileExists(atPath: file.path) {
                logger.info("\(site.data.info.code): reusing \(file.path)")
                return try ModelOutputFile.read(file, expecting: site.data.time)
            }
            let result = Simulation.run(site.forcing, parameters: site.defaultParameters, options: directory.config.model.options)
            if !result.spinUpConverged {
                logger.warning("\(site.data.info.code): spin-up did not converge in \(result.spinUpCycles) cycles")
            }
            try ModelOutputFile.write(result, site: site.data.info, parameters: site.defaultParameters, to: file)
            logger.info("\(site.data.info.code): default run, spin-up \(result.spinUpCycles) cycles")
            return result
        }
    }
}
