import Calibration
import Foundation
import LandModel
import Surrogate

/// dPL (Tsai et al. 2021) for one flux: a single-task surrogate of that flux, trained on the run's
/// ensembles (`dpl-<FLUX>-surrogate/`), and a parameter generator trained through it on that flux
/// alone — the single-task baseline of MdPL.
public struct DPLMethod: CalibrationMethod {
    public let task: FluxTask

    public init(task: FluxTask) {
        self.task = task
    }

    public var name: String { "dpl-\(task.rawValue)" }
    public var summary: String { "parameter generator trained through a single-task surrogate of \(task.rawValue)" }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }

    public func problem(fitting tasks: [FluxTask]) -> String? {
        tasks.contains(task) ? nil : "dPL of \(task.rawValue) needs \(task.rawValue) among calibration.tasks (its ensemble)"
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        let outcome = try context.requireSurrogate()
        let training = SurrogateTraining(context.run)
        let model = try training.train(outcome.data, tasks: [task], folder: "\(name)-surrogate",
                                       fingerprint: training.fingerprint(tasks: [task], ensembles: outcome.ensembleFingerprints))
        let fingerprint = training.fingerprint(tasks: [task], ensembles: outcome.ensembleFingerprints)
        var decoder: DiurnalDecoder?
        if try context.decoderForObjective() != nil {
            // The run's decoder spreads the day means of every task; dPL's needs its one flux only.
            var f = Fingerprint("decoder", version: 1)
            f.add(fingerprint)
            f.add("decoder", [context.config.surrogate.decoderHidden, context.config.surrogate.decoderEpochs,
                              context.config.surrogate.subDailyMembers])
            decoder = try training.trainDecoder(outcome.steps, model: model, folder: "\(name)-surrogate", fingerprint: f.hex)
        }
        let sites = try indices.map { try context.calibrationSite($0, tasks: [task]) }
        var objective = context.objective
        objective.tasks = [task]
        objective.taskWeights = [1]
        let (generator, history) = context.generatorTraining(objective)
            .calibrate(model, decoder: decoder, sites: sites, calibrated: context.config.calibration.calibrated)
        try GeneratorOutputs.write(generator, history: history, context: context)
        return generator.parameters(sites.map(\.descriptor), defaults: sites.map(\.defaults))
    }
}
