import FluxData
import Surrogate

/// Daily observed fluxes of a site for calibration: means over the steps whose observation counts
/// (quality policy) on days with at least `minValidFraction` of their steps counting, and only on
/// days of the calibration period; NaN elsewhere. The days are those of `SiteInputs`.
public struct ObservedTargets: Sendable {
    /// Per task, per day (NaN where the day does not count).
    public var daily: [FluxTask: [Float]]

    /// - Parameters:
    ///   - period: per-step membership of the calibration period (nil: the whole record).
    public init(site: SiteDataset, tasks: [FluxTask], policy: QualityPolicy, minValidFraction: Double, period: [Bool]?) {
        let groups = TimeGroups(site.time, scale: .daily)
        var daily: [FluxTask: [Float]] = [:]
        for task in tasks {
            guard let series = site.fluxes[FluxVariable(rawValue: task.rawValue)!] else {
                daily[task] = [Float](repeating: .nan, count: groups.count)
                continue
            }
            var mask = policy.mask(series)
            if let period { for i in mask.indices { mask[i] = mask[i] && period[i] } }
            daily[task] = groups.mean(series.values, mask: mask, minValidFraction: minValidFraction).map(Float.init)
        }
        self.daily = daily
    }

    /// Days that count for `task`.
    public func count(_ task: FluxTask) -> Int { daily[task]?.filter(\.isFinite).count ?? 0 }
}
