import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// The land-model ensembles of the surrogate stage: per site `ensemble/<SITE>.ens` (daily means of
/// every member) and, for the sub-daily decoder, `ensemble/<SITE>.steps.ens` (every step of the
/// first members). Works per site: a site whose forcing, design and calibrated set are unchanged is
/// read back, so an interrupted run resumes at the next site.
public struct EnsembleRunner {
    public let run: RunContext
    private let logger = Logger(label: "mdpl.ensemble")

    public init(_ run: RunContext) {
        self.run = run
    }

    /// The generator this run's config describes.
    public var generator: EnsembleGenerator {
        let c = run.config
        return EnsembleGenerator(calibrated: c.calibration.calibrated, tasks: c.calibration.tasks, members: c.ensemble.members,
                                 design: c.ensemble.design, seed: c.seed, options: c.model.options)
    }

    /// The fingerprint of site `i`'s ensemble (`firstMembers` for a step ensemble).
    public func fingerprint(_ i: Int, firstMembers: Int? = nil) -> String {
        var f = Fingerprint(firstMembers == nil ? "ensemble" : "step ensemble", version: 1)
        f.add(run.forcingFingerprints[i])
        f.add("ensemble", run.config.ensemble)
        f.add("calibrated", run.config.calibration.calibrated)
        f.add("tasks", run.config.calibration.tasks)
        f.add("model", run.config.model)
        f.add("seed", run.config.seed)
        f.add("first members", firstMembers ?? 0)
        return f.hex
    }

    /// Runs (or reloads) the daily ensembles of every site, in site order.
    public func daily() throws -> [EnsembleData] {
        try ensembles(firstMembers: nil)
    }

    /// Every step of the first `members` members of each site's design, for the sub-daily decoder.
    public func steps(members: Int) throws -> [EnsembleData] {
        try ensembles(firstMembers: members)
    }

    private func ensembles(firstMembers: Int?) throws -> [EnsembleData] {
        let generator = self.generator
        let manifest = StageManifest(run.directory, folder: "ensemble")
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let start = Date()
        var computedMemberYears = 0.0
        let label = firstMembers == nil ? "ensemble" : "step ensemble"
        let results = try WallTimes(run.directory).measure(label, sites: run.sites.count, manifests: [manifest]) {
            try run.sites.enumerated().map { i, site -> EnsembleData in
                let code = site.data.info.code
                let suffix = firstMembers == nil ? "ens" : "steps.ens"
                let file = run.directory.file("ensemble/\(code).\(suffix)")
                return try manifest.reuseOrCompute("\(code).\(suffix)", fingerprint: fingerprint(i, firstMembers: firstMembers),
                                                   outputs: [file], load: { try EnsembleData.read(file) }) {
                    let count = min(firstMembers ?? generator.members, generator.members)
                    let bar = ProgressBar("\(label) \(code)", total: count, unit: "members")
                    let data = try generator.run(site.forcing, base: site.defaultParameters, threads: threads,
                                                 resolution: firstMembers == nil ? .daily : .native, firstMembers: firstMembers) {
                        bar.advance(by: $0)
                    }
                    bar.finish()
                    try data.write(to: file)
                    computedMemberYears += Double(count) * site.data.time.lengthInYears
                }
            }
        }
        if computedMemberYears > 0 {
            let seconds = Date().timeIntervalSince(start)
            logger.notice("ensemble: \(String(format: "%.0f", computedMemberYears)) member-site-years in \(String(format: "%.1f", seconds)) s (\(String(format: "%.0f", computedMemberYears / seconds)) member-site-years/s incl. spin-up, \(threads) threads)")
        }
        return results
    }
}
