import Calibration
import Foundation
import LandModel
import MdPLSupport

/// MdPL transfer (leave one site out): each site's parameters come from a generator trained
/// through the multi-task surrogate on every other site, from the site's descriptor alone — its
/// own observations are never used. Writes `mdpl-loso/loss.csv` (final loss per held-out site).
public struct LeaveOneSiteOutMethod: CalibrationMethod {
    public var name: String { "mdpl-loso" }
    public var summary: String { "MdPL transfer: each site from a generator trained on all the other sites" }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }

    public init() {}

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        guard indices.count >= 2 else {
            throw ConfigError(file: context.run.directory.file("config.yaml").path, key: "calibration.methods", value: name,
                              "leaving one site out needs at least two sites")
        }
        let model = try context.requireSurrogate().model
        let sites = try indices.map { try context.calibrationSite($0, tasks: model.tasks) }
        let training = context.generatorTraining(context.objective)
        let decoder = try context.decoderForObjective()
        var parameters: [LandParameters] = []
        var loss = TextTable(header: ["held_out_site", "final_loss"])
        for (s, site) in sites.enumerated() {
            let others = sites.enumerated().filter { $0.offset != s }.map(\.element)
            let (generator, history) = training.calibrate(model, decoder: decoder, sites: others, calibrated: context.config.calibration.calibrated)
            parameters.append(generator.parameters([site.descriptor], defaults: [site.defaults])[0])
            loss.append([site.inputs.site, String(format: "%.6f", history.last ?? .nan)])
        }
        try AtomicFile.write(loss.csv, to: context.file("loss.csv"))
        return parameters
    }
}
