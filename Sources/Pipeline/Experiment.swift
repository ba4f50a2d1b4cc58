import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// One experiment: its config's stages, run in dependency order into the run directory, then the
/// metrics tables and the report. Every stage reuses what a matching earlier run wrote, so an
/// interrupted experiment resumes where it stopped.
public struct Experiment {
    public let context: RunContext
    /// Called after each stage with its name (tests use it to interrupt a run at a stage boundary).
    public var afterStage: (StageName) throws -> Void = { _ in }
    private let logger = Logger(label: "mdpl.run")

    public init(context: RunContext) {
        self.context = context
    }

    /// The stages this run runs, in order.
    public var stages: [StageName] { StageName.order(context.config.stages, config: context.config) }

    /// Runs every stage and writes the metrics and the report; returns the results.
    @discardableResult
    public func run() throws -> RunResults {
        let config = context.config, directory = context.directory
        let order = stages
        let added = order.filter { !config.stages.contains($0) }
        let note = added.isEmpty ? "" : " (\(added.map(\.rawValue).joined(separator: ", ")) needed by the others)"
        logger.notice("run '\(config.name)' in \(directory.url.path): stages \(order.map(\.rawValue).joined(separator: " → "))\(note)")
        try AtomicFile.write(SiteCatalogTable.make(context.sites.map(\.data)).csv, to: directory.file("sites.csv"))
        try writeSplits()
        var results = RunResults()
        for name in order {
            try name.stage.run(context, results: &results)
            try writeTables(results)
            try afterStage(name)
        }
        try Report(context: context, results: results).write(to: directory.file("report.html"))
        logger.notice("report: \(directory.file("report.html").path)")
        return results
    }

    /// `metrics/all.csv` and the learned-parameter tables, as far as the run has got.
    private func writeTables(_ results: RunResults) throws {
        let directory = context.directory
        try AtomicFile.write(results.metrics.csv, to: directory.file("metrics/all.csv"))
        if let learned = results.learned(context) {
            try AtomicFile.write(learned.table.csv, to: directory.file("metrics/learned-parameters.csv"))
            try AtomicFile.write(learned.limits.csv, to: directory.file("metrics/parameter-limits.csv"))
        }
    }

    private func writeSplits() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(context.splits), to: context.directory.file("splits.json"))
    }
}

/// The train/test divisions of a run.
public struct Splits: Codable, Sendable {
    public var temporal: [TemporalSplit]
    public var leaveOneSiteOutWithinPFT: [SiteFold]
    public var leaveOneSiteOutAll: [SiteFold]

    /// Temporal splits per site (`testYears` held out where possible) and leave-one-site-out folds
    /// within plant functional types and across all sites.
    public init(_ sites: [SiteDataset], testYears: Int) {
        temporal = sites.map { TemporalSplit(site: $0.info.code, time: $0.time, testYears: testYears) }
        var groups: [String: String] = [:]
        for s in sites { groups[s.info.code] = PlantFunctionalType(igbp: s.info.igbp)?.rawValue ?? s.info.igbp }
        leaveOneSiteOutWithinPFT = SiteFolds.withinGroups(groups)
        leaveOneSiteOutAll = SiteFolds.acrossAll(sites.map(\.info.code))
    }
}
