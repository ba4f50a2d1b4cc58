import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// MdPL on the run's sites: a parameter generator trained through the frozen multi-task surrogate
/// on each site's training period, then the real land model with the learned parameters over the
/// whole record. Writes `mdpl/<SITE>.yaml` (parameters), `mdpl/<SITE>.nc` (land-model output),
/// `mdpl/generator.ckpt` and `mdpl/loss.csv`; reuses them when present.
public struct CalibrationStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.calibration")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Learned parameters and land-model runs, per site in input order.
    public func run(_ sites: [ModelledSite], splits: [TemporalSplit], surrogate: SurrogateStage.Outcome) throws -> [(LandParameters, SimulationResult)] {
        let config = directory.config
        let calibrated = config.ensemble.calibrated
        var parameters: [LandParameters]
        let files = sites.map { directory.file("mdpl/\($0.data.info.code).yaml") }
        if files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            parameters = try zip(sites, files).map { try ParameterFile.load($1, over: $0.defaultParameters) }
        } else {
            let calibrationSites = zip(sites, zip(splits, surrogate.data)).map { site, pair in
                let period = pair.0.trainingMask(site.data.time)
                return CalibrationSite(
                    inputs: pair.1.inputs,
                    descriptor: SiteDescriptor(site: site.data, model: site.model, forcing: site.forcing,
                                               defaults: site.defaultParameters, period: period),
                    targets: ObservedTargets(site: site.data, tasks: surrogate.model.tasks, policy: config.data.quality,
                                             minValidFraction: config.data.minValidFraction, period: period),
                    defaults: site.defaultParameters)
            }
            let calibration = SurrogateCalibration(iterations: config.calibration.iterations, learningRate: config.calibration.learningRate,
                                                   hidden: config.calibration.hidden,
                                                   taskWeights: config.calibration.weights(taskCount: surrogate.model.tasks.count),
                                                   seed: config.seed &+ 202)
            let start = Date()
            let (generator, history) = calibration.calibrate(surrogate.model, sites: calibrationSites, calibrated: calibrated)
            logger.notice("MdPL generator trained in \(ProgressBar.formatDuration(Date().timeIntervalSince(start)))")
            parameters = generator.parameters(calibrationSites.map(\.descriptor), defaults: sites.map(\.defaultParameters))
            var loss = TextTable(header: ["iteration", "loss"])
            for (i, value) in history.enumerated() { loss.append(["\(i + 1)", String(format: "%.6f", value)]) }
            try AtomicFile.write(loss.csv, to: directory.file("mdpl/loss.csv"))
            for (p, file) in zip(parameters, files) {
                try AtomicFile.write(ParameterFile.yaml(p, comment: "learned by MdPL (run \(config.name))"), to: file)
            }
        }
        return try zip(sites, parameters).map { site, p in
            let file = directory.file("mdpl/\(site.data.info.code).nc")
            if FileManager.default.fileExists(atPath: file.path) {
                return (p, try ModelOutputFile.read(file, expecting: site.data.time))
            }
            let result = Simulation.run(site.forcing, parameters: p, options: config.model.options)
            try ModelOutputFile.write(result, site: site.data.info, parameters: p, to: file)
            return (p, result)
        }
    }
}
