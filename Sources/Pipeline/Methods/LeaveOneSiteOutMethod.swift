import Calibration
import Foundation
import LandModel
import Logging
import MdPLSupport

/// MdPL transfer (leave one site out; ARCHITECTURE.md experiment 4): each site's parameters come
/// from a generator trained through the multi-task surrogate on the other sites — all of them
/// (`mdpl-loso`), or those of the site's plant functional type (`mdpl-loso-pft`; a site alone in its
/// PFT falls back to all others, noted in the loss file) — from the site's descriptor alone: its own
/// observations are never used. Writes `<name>/loss.csv` (training sites and final loss per
/// held-out site).
public struct LeaveOneSiteOutMethod: CalibrationMethod {
    /// Train each site's generator on the sites of its PFT only.
    public let withinPFT: Bool
    private let logger = Logger(label: "mdpl.calibration")

    public init(withinPFT: Bool = false) {
        self.withinPFT = withinPFT
    }

    public var name: String { withinPFT ? "mdpl-loso-pft" : "mdpl-loso" }
    public var summary: String {
        "MdPL transfer: each site from a generator trained on the other sites" + (withinPFT ? " of its plant functional type" : "")
    }
    public var usesSurrogate: Bool { true }
    public var scope: MethodScope { .allSites }

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
        var loss = TextTable(header: ["held_out_site", "training_sites", "final_loss"])
        let pfts = indices.map { context.run.sites[$0].model.pft }
        for (s, site) in sites.enumerated() {
            var others = sites.enumerated().filter { $0.offset != s }.map(\.element)
            if withinPFT {
                let same = sites.enumerated().filter { $0.offset != s && pfts[$0.offset] == pfts[s] }.map(\.element)
                if same.isEmpty {
                    logger.notice("\(name): \(site.inputs.site) is the only \(pfts[s].rawValue) site; its generator is trained on all other sites")
                } else {
                    others = same
                }
            }
            let (generator, history) = training.calibrate(model, decoder: decoder, sites: others, calibrated: context.config.calibration.calibrated)
            parameters.append(generator.parameters([site.descriptor], defaults: [site.defaults])[0])
            loss.append([site.inputs.site, others.map(\.inputs.site).joined(separator: " "), String(format: "%.6f", history.last ?? .nan)])
        }
        try AtomicFile.write(loss.csv, to: context.file("loss.csv"))
        return parameters
    }
}
