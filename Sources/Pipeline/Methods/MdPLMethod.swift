import Calibration
import Foundation
import LandModel
import MdPLSupport

/// MdPL (Xie et al. 2025): one parameter generator for every site, trained through the run's
/// frozen multi-task surrogate on all its tasks. Writes `mdpl/generator.ckpt` and `mdpl/loss.csv`.
public struct MdPLMethod: CalibrationMethod {
    public var name: String { "mdpl" }
    public var summary: String { "parameter generator trained through the multi-task surrogate (all tasks)" }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }

    public init() {}

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        let model = try context.requireSurrogate().model
        let sites = try indices.map { try context.calibrationSite($0, tasks: model.tasks) }
        let training = context.generatorTraining(taskWeights: context.config.calibration.weights(taskCount: model.tasks.count))
        let (generator, history) = training.calibrate(model, sites: sites, calibrated: context.config.calibration.calibrated)
        try GeneratorOutputs.write(generator, history: history, context: context)
        return generator.parameters(sites.map(\.descriptor), defaults: sites.map(\.defaults))
    }
}

/// The files every generator-based method writes: the generator and its loss per iteration.
enum GeneratorOutputs {
    static func write(_ generator: ParameterGenerator, history: [Double], context: MethodContext) throws {
        var loss = TextTable(header: ["iteration", "loss"])
        for (i, value) in history.enumerated() { loss.append(["\(i + 1)", String(format: "%.6f", value)]) }
        try AtomicFile.write(loss.csv, to: context.file("loss.csv"))
        try generator.save(to: context.file("generator.ckpt"))
    }
}
