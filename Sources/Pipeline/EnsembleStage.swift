import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport
import Surrogate

/// Runs the land-model ensemble of every site into `ensemble/<SITE>.ens`. A site whose file
/// exists with the same design is reused, so an interrupted run resumes at the next site.
public struct EnsembleStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.ensemble")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// The generator this run's config describes.
    public var generator: EnsembleGenerator {
        let c = directory.config
        return EnsembleGenerator(calibrated: c.ensemble.calibrated, tasks: c.ensemble.tasks, members: c.ensemble.members,
                                 design: c.ensemble.design, seed: c.seed, options: c.model.options)
    }

    /// Every step of the first `members` members of each site's design (`ensemble/<SITE>.steps.ens`,
    /// reused when present), for the sub-daily decoder.
    public func runSteps(_ sites: [ModelledSite], members: Int) throws -> [EnsembleData] {
        let generator = self.generator
        return try sites.map { site in
            let file = directory.file("ensemble/\(site.data.info.code).steps.ens")
            if let existing = try? EnsembleData.read(file), existing.header.members == min(members, generator.members),
               existing.header.parameters == generator.calibrated, existing.header.tasks == generator.tasks,
               existing.header.seed == generator.seed, existing.header.design == generator.design.rawValue {
                return existing
            }
            let bar = ProgressBar("step ensemble \(site.data.info.code)", total: min(members, generator.members), unit: "members")
            let data = try generator.run(site.forcing, base: site.defaultParameters, threads: ProcessInfo.processInfo.activeProcessorCount,
                                         resolution: .native, firstMembers: members) { bar.advance(by: $0) }
            bar.finish()
            try data.write(to: file)
            return data
        }
    }

    /// Runs (or reloads) the ensembles of `sites`; returns them in the same order.
    public func run(_ sites: [ModelledSite]) throws -> [EnsembleData] {
        let generator = self.generator
        let threads = ProcessInfo.processInfo.activeProcessorCount
        var results: [EnsembleData] = []
        let start = Date()
        var computedMemberYears = 0.0
        for site in sites {
            let file = directory.file("ensemble/\(site.data.info.code).ens")
            if let existing = try? EnsembleData.read(file), existing.header.members == generator.members,
               existing.header.parameters == generator.calibrated, existing.header.tasks == generator.tasks,
               existing.header.design == generator.design.rawValue, existing.header.seed == generator.seed {
                logger.info("\(site.data.info.code): reusing \(file.path)")
                results.append(existing)
                continue
            }
            let bar = ProgressBar("ensemble \(site.data.info.code)", total: generator.members, unit: "members")
            let data = try generator.run(site.forcing, base: site.defaultParameters, threads: threads) { bar.advance(by: $0) }
            bar.finish()
            try data.write(to: file)
            computedMemberYears += Double(generator.members) * site.data.time.lengthInYears
            results.append(data)
        }
        if computedMemberYears > 0 {
            let seconds = Date().timeIntervalSince(start)
            logger.notice("ensemble: \(String(format: "%.0f", computedMemberYears)) member-site-years in \(String(format: "%.1f", seconds)) s (\(String(format: "%.0f", computedMemberYears / seconds)) member-site-years/s incl. spin-up, \(threads) threads)")
        }
        return results
    }
}
