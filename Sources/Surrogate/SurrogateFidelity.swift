import Evaluation
import FluxData
import Foundation
import MdPLSupport

/// How well the surrogate reproduces the land model (not the observations): daily and monthly
/// skill of surrogate fluxes against the land model's, per site, member and task.
public struct SurrogateFidelity: Sendable {
    /// One member's scores.
    public struct Record: Sendable {
        public var site: String
        public var member: Int
        public var task: FluxTask
        /// `daily` or `monthly`.
        public var scale: TimeScale
        public var scores: SkillScores
    }

    public var records: [Record] = []

    public init() {}

    /// Scores the surrogate on `members` of `site` at daily and monthly scale.
    public mutating func add(model: SurrogateModel, site: SurrogateSiteData, members: [Int], batchSize: Int = 32) {
        let time = TimeAxis(start: site.inputs.firstDay, stepSeconds: 86400, count: site.inputs.days)
        let months = TimeGroups(time, scale: .monthly)
        for start in stride(from: 0, to: members.count, by: batchSize) {
            let batch = Array(members[start..<min(start + batchSize, members.count)])
            let predictions = model.predict(site.inputs, unitParameters: site.unitParameters(batch))
            for task in model.tasks {
                for (b, m) in batch.enumerated() {
                    let simulated = predictions[task]![b].map(Double.init)
                    let reference = site.ensemble.values[task]![m].map(Double.init)
                    records.append(Record(site: site.inputs.site, member: m, task: task, scale: .daily,
                                          scores: Metrics.scores(simulated: simulated, observed: reference)))
                    records.append(Record(site: site.inputs.site, member: m, task: task, scale: .monthly,
                                          scores: Metrics.scores(simulated: months.mean(simulated), observed: months.mean(reference))))
                }
            }
        }
    }

    /// Scores the surrogate with its sub-daily decoder at every model step on `members` (which
    /// must exist in the step ensemble of `steps`).
    public mutating func addSteps(model: SurrogateModel, decoder: DiurnalDecoder, site: SurrogateSiteData, steps: StepSiteData,
                                  members: [Int]) {
        for m in members {
            let unit = site.unitParameters([m])
            let daily = model.predict(site.inputs, unitParameters: unit)
            let perStep = decoder.predict(steps.steps, site: site.inputs, siteScaling: model.scaling,
                                          daily: decoder.tasks.map { daily[$0]![0] }, unit: unit[0])
            for (k, task) in decoder.tasks.enumerated() {
                records.append(Record(site: site.inputs.site, member: m, task: task, scale: .native,
                                      scores: Metrics.scores(simulated: perStep[k].map(Double.init),
                                                             observed: steps.ensemble.values[task]![m].map(Double.init))))
            }
        }
    }

    /// Median of a score over the records of `sites` (all if nil), `task` and `scale`.
    public func median(_ score: (SkillScores) -> Double, task: FluxTask, scale: TimeScale, sites: Set<String>? = nil) -> Double {
        records.filter { $0.task == task && $0.scale == scale && (sites?.contains($0.site) ?? true) }.map { score($0.scores) }.finiteMedian
    }

    /// Per site and task: members, median daily KGE, RMSE, r and bias, median monthly KGE, worst
    /// daily KGE, and (where scored) the median KGE and RMSE at the model step.
    public func table(tasks: [FluxTask]) -> TextTable {
        var t = TextTable(header: ["site", "task", "members", "KGE daily", "RMSE daily", "r daily", "bias daily",
                                   "KGE monthly", "worst KGE daily", "KGE 30 min", "RMSE 30 min"])
        for site in Array(Set(records.map(\.site))).sorted() {
            for task in tasks {
                let daily = records.filter { $0.site == site && $0.task == task && $0.scale == .daily }
                let monthly = records.filter { $0.site == site && $0.task == task && $0.scale == .monthly }
                guard !daily.isEmpty else { continue }
                t.append([site, task.rawValue, "\(daily.count)", Format.fixed(daily.map(\.scores.kge).finiteMedian, 3),
                          Format.fixed(daily.map(\.scores.rmse).finiteMedian, 2), Format.fixed(daily.map(\.scores.r).finiteMedian, 3),
                          Format.fixed(daily.map(\.scores.bias).finiteMedian, 2),
                          Format.fixed(monthly.map(\.scores.kge).finiteMedian, 3),
                          Format.fixed(daily.map(\.scores.kge).min() ?? .nan, 3)]
                         + { steps in steps.isEmpty ? ["-", "-"] : [Format.fixed(steps.map(\.scores.kge).finiteMedian, 3),
                                                                     Format.fixed(steps.map(\.scores.rmse).finiteMedian, 2)] }(
                            records.filter { $0.site == site && $0.task == task && $0.scale == .native }))
            }
        }
        return t
    }

    /// The `count` members with the lowest daily KGE.
    public func worst(_ count: Int) -> [Record] {
        Array(records.filter { $0.scale == .daily }.sorted { $0.scores.kge < $1.scores.kge }.prefix(count))
    }
}
