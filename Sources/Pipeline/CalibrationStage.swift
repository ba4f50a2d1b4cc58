import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// Parameter learning on the run's sites: a parameter generator trained through a frozen surrogate
/// on each site's training period — the multi-task surrogate for MdPL, a single-task surrogate of
/// one flux (trained on the same ensembles, in `dpl-<FLUX>-surrogate/`) for dPL; for MdPL transfer
/// (`mdpl-loso`) one generator per site trained on all the others — then the real land model with
/// the learned parameters over the whole record. Writes, per method, `<method>/<SITE>.yaml`
/// (parameters), `<method>/<SITE>.nc` (land-model output), `<method>/generator.ckpt` and
/// `<method>/loss.csv`; reuses them when present.
public struct CalibrationStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.calibration")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Learned parameters and land-model runs of `method`, per site in input order.
    public func run(_ method: CalibrationConfig.Method, sites: [ModelledSite], splits: [TemporalSplit],
                    surrogate: SurrogateStage.Outcome) throws -> [(LandParameters, SimulationResult)] {
        let config = directory.config
        let folder = method.description
        let files = sites.map { directory.file("\(folder)/\($0.data.info.code).yaml") }
        var parameters: [LandParameters]
        if files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            parameters = try zip(sites, files).map { try ParameterFile.load($1, over: $0.defaultParameters) }
        } else {
            let model: SurrogateModel
            let weights: [Double]
            switch method {
            case .mdpl, .mdplLeaveOneOut:
                model = surrogate.model
                weights = config.calibration.weights(taskCount: model.tasks.count)
            case .dpl(let task):
                model = try SurrogateStage(directory: directory).train(surrogate.data, tasks: [task], folder: "\(folder)-surrogate")
                weights = [1]
            }
            let calibrationSites = zip(sites, zip(splits, surrogate.data)).map { site, pair in
                let period = pair.0.trainingMask(site.data.time)
                return CalibrationSite(
                    inputs: pair.1.inputs,
                    descriptor: SiteDescriptor(site: site.data, model: site.model, forcing: site.forcing,
                                               defaults: site.defaultParameters, period: period),
                    targets: ObservedTargets(site: site.data, tasks: model.tasks, policy: config.data.quality,
                                             minValidFraction: config.data.minValidFraction, period: period),
                    defaults: site.defaultParameters)
            }
            let calibration = SurrogateCalibration(iterations: config.calibration.iterations, learningRate: config.calibration.learningRate,
                                                   hidden: config.calibration.hidden, taskWeights: weights,
                                                   priorWeight: config.calibration.priorWeight, seed: config.seed &+ 202)
            let start = Date()
            let calibrated = config.ensemble.calibrated
            if method == .mdplLeaveOneOut {
                // One generator per held-out site, trained on every other site; the held-out site's
                // parameters come from its descriptor alone.
                parameters = []
                var loss = TextTable(header: ["held_out_site", "final_loss"])
                for (s, site) in calibrationSites.enumerated() {
                    let others = calibrationSites.enumerated().filter { $0.offset != s }.map(\.element)
                    let (generator, history) = calibration.calibrate(model, sites: others, calibrated: calibrated)
                    parameters.append(generator.parameters([site.descriptor], defaults: [site.defaults])[0])
                    loss.append([site.inputs.site, String(format: "%.6f", history.last ?? .nan)])
                }
                try AtomicFile.write(loss.csv, to: directory.file("\(folder)/loss.csv"))
            } else {
                let (generator, history) = calibration.calibrate(model, sites: calibrationSites, calibrated: calibrated)
                parameters = generator.parameters(calibrationSites.map(\.descriptor), defaults: sites.map(\.defaultParameters))
                var loss = TextTable(header: ["iteration", "loss"])
                for (i, value) in history.enumerated() { loss.append(["\(i + 1)", String(format: "%.6f", value)]) }
                try AtomicFile.write(loss.csv, to: directory.file("\(folder)/loss.csv"))
                try generator.save(to: directory.file("\(folder)/generator.ckpt"))
            }
            logger.notice("\(folder): parameters learned in \(ProgressBar.formatDuration(Date().timeIntervalSince(start)))")
            for (p, file) in zip(parameters, files) {
                try AtomicFile.write(ParameterFile.yaml(p, comment: "learned by \(folder) (run \(config.name))"), to: file)
            }
        }
        return try zip(sites, parameters).map { site, p in
            (p, try ModelOutputFile.reusingOrRunning(site, parameters: p, options: config.model.options,
                                                     at: directory.file("\(folder)/\(site.data.info.code).nc")))
        }
    }
}
