import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// The stages of one experiment, run in order into the run directory. Each stage writes its
/// outputs atomically; a stage whose outputs already exist is skipped when the run resumes.
public struct Experiment {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.run")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Runs every stage.
    public func run() throws {
        let config = directory.config
        logger.notice("run '\(config.name)' in \(directory.url.path)")
        let sites = try SiteSelection.load(config.data)
        try writeSiteTable(sites)
        let splits = try writeSplits(sites)
        let modelled = try sites.map {
            try ModelledSite($0, irrigatedSites: config.data.irrigatedSites, soil: config.model.soil)
        }
        var metrics = MetricsTable()
        if config.stages.contains(.default) {
            let defaults = try DefaultModelStage(directory: directory).run(modelled)
            for (i, site) in sites.enumerated() {
                metrics.add(model: "default", result: defaults[i], site: site, split: splits.temporal[i],
                            policy: config.data.quality, minValidFraction: config.data.minValidFraction)
            }
            try AtomicFile.write(metrics.csv, to: directory.file("metrics/default.csv"))
        }
        if config.stages.contains(.benchmarks) {
            for (model, predictions) in try BenchmarkStage(directory: directory).run(sites, splits: splits.temporal) {
                for (i, site) in sites.enumerated() {
                    metrics.add(model: model, simulated: predictions[i], site: site, split: splits.temporal[i],
                                policy: config.data.quality, minValidFraction: config.data.minValidFraction)
                }
            }
            try AtomicFile.write(metrics.csv, to: directory.file("metrics/all.csv"))
        }
        var surrogate: String?
        var learned = LearnedParameters(calibrated: config.ensemble.calibrated, sites: sites.map(\.info.code),
                                        defaults: modelled.map(\.defaultParameters))
        if config.stages.contains(.surrogate) || config.stages.contains(.mdpl) {
            let outcome = try SurrogateStage(directory: directory).run(modelled)
            surrogate = outcome.summary
            if config.stages.contains(.mdpl) {
                for method in config.calibration.methods {
                    let runs = try CalibrationStage(directory: directory).run(method, sites: modelled, splits: splits.temporal,
                                                                              surrogate: outcome)
                    learned.methods.append((method.description, runs.map(\.0)))
                    for (i, site) in sites.enumerated() {
                        metrics.add(model: method.description, result: runs[i].1, site: site, split: splits.temporal[i],
                                    policy: config.data.quality, minValidFraction: config.data.minValidFraction)
                    }
                }
            }
        }
        if config.stages.contains(.sceUA) {
            let mdpl = learned.methods.first { $0.0 == CalibrationConfig.Method.mdpl.description }?.1
            let runs = try SCEUAStage(directory: directory).run(modelled, splits: splits.temporal, mdpl: mdpl)
            learned.methods.append((SCEUAStage.name, runs.map(\.0)))
            for (i, site) in sites.enumerated() {
                metrics.add(model: SCEUAStage.name, result: runs[i].1, site: site, split: splits.temporal[i],
                            policy: config.data.quality, minValidFraction: config.data.minValidFraction)
            }
        }
        if !learned.methods.isEmpty {
            try AtomicFile.write(learned.table.csv, to: directory.file("metrics/learned-parameters.csv"))
            try AtomicFile.write(learned.limits.csv, to: directory.file("metrics/parameter-limits.csv"))
            try AtomicFile.write(metrics.csv, to: directory.file("metrics/all.csv"))
        }
        try Report(title: "MdPL run \(config.name)", sites: sites, splits: splits, metrics: metrics, surrogate: surrogate,
                   learned: learned.methods.isEmpty ? nil : learned)
            .write(to: directory.file("report.html"))
        logger.notice("report: \(directory.file("report.html").path)")
    }

    private func writeSiteTable(_ sites: [SiteDataset]) throws {
        try AtomicFile.write(SiteCatalogTable.make(sites).csv, to: directory.file("sites.csv"))
    }

    /// Temporal splits per site and leave-one-site-out folds, saved as `splits.json`.
    private func writeSplits(_ sites: [SiteDataset]) throws -> Splits {
        let temporal = sites.map { TemporalSplit(site: $0.info.code, time: $0.time, testYears: directory.config.data.testYears) }
        var groups: [String: String] = [:]
        for s in sites { groups[s.info.code] = PlantFunctionalType(igbp: s.info.igbp)?.rawValue ?? s.info.igbp }
        let splits = Splits(temporal: temporal, leaveOneSiteOutWithinPFT: SiteFolds.withinGroups(groups),
                            leaveOneSiteOutAll: SiteFolds.acrossAll(sites.map(\.info.code)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(splits), to: directory.file("splits.json"))
        return splits
    }
}

/// The train/test divisions of a run.
public struct Splits: Codable, Sendable {
    public var temporal: [TemporalSplit]
    public var leaveOneSiteOutWithinPFT: [SiteFold]
    public var leaveOneSiteOutAll: [SiteFold]
}
