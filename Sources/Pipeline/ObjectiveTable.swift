import Calibration
import Foundation
import LandModel
import MdPLSupport
import Surrogate

/// The objective J of every model's parameters at every site on its training period, from the real
/// land model's runs (`metrics/objective.csv`): the yardstick on which methods are compared. With a
/// `ceiling` in the run, each method's share of the attainable improvement,
/// (J_default − J_method) / (J_default − J_ceiling), is given too.
public struct ObjectiveTable: Sendable {
    public var sites: [String]
    /// Per model name (default and every method), per site.
    public var values: [String: [Double]]
    /// The objective, in words.
    public var objective: String

    public static let ceiling = "ceiling"

    /// J of each land-model run of `runs` at the sites of `context`.
    public init(context: RunContext, runs: [ModelRuns]) {
        let config = context.config
        let objective = config.calibration.calibrationObjective
        self.objective = objective.description
        sites = context.codes
        var values: [String: [Double]] = [:]
        for model in runs {
            values[model.name] = context.sites.indices.map { i in
                let site = context.sites[i]
                let targets = ObservedTargets(site: site.data, tasks: objective.tasks, policy: config.data.quality,
                                              minValidFraction: config.data.minValidFraction, period: context.trainingMask(i))
                guard objective.isUsable(targets) else { return .nan }
                var series: [FluxTask: [Double]] = [:]
                for task in objective.tasks { series[task] = model.runs[i][task.field] }
                let unit = config.calibration.calibrated.map { $0.spec.unit(fromValue: model.parameters[i][$0]) }
                let defaults = config.calibration.calibrated.map { $0.spec.unit(fromValue: site.defaultParameters[$0]) }
                return objective.misfit(series, targets: targets) + objective.prior(unit, defaults: defaults)
            }
        }
        self.values = values
    }

    /// (J_default − J_method) / (J_default − J_ceiling) at site `s`, if the run has both.
    public func share(_ model: String, site s: Int) -> Double? {
        guard let d = values["default"]?[s], let c = values[Self.ceiling]?[s], let m = values[model]?[s], d - c > 1e-12 else { return nil }
        return (d - m) / (d - c)
    }

    /// Models whose J is above the defaults' at some site, with those sites.
    public var worseThanDefault: [(model: String, sites: [String])] {
        guard let d = values["default"] else { return [] }
        return values.keys.sorted().filter { $0 != "default" }.compactMap { model in
            let worse = sites.indices.filter { values[model]![$0] > d[$0] + 1e-9 }.map { sites[$0] }
            return worse.isEmpty ? nil : (model, worse)
        }
    }

    /// One row per site and model.
    public var csv: String {
        var t = TextTable(header: ["site", "model", "objective", "objective_default", "share_of_attainable", "worse_than_default"])
        for (s, site) in sites.enumerated() {
            for model in values.keys.sorted() {
                let v = values[model]![s], d = values["default"]?[s] ?? .nan
                t.append([site, model, String(format: "%.6f", v), String(format: "%.6f", d),
                          share(model, site: s).map { String(format: "%.3f", $0) } ?? "", v > d + 1e-9 ? "yes" : "no"])
            }
        }
        return "# \(objective), training period, real land model\n" + t.csv
    }
}
