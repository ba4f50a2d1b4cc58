import Evaluation
import FluxData
import Surrogate

/// The observations a calibration fits at one site, at every time scale its objective uses, on the
/// steps of the calibration period. A scale's values are formed exactly as the metrics form them
/// (`FluxSkill`): native values are the steps whose observation counts (quality policy); a daily or
/// monthly value is the mean over the counting steps of a day or month with at least
/// `minValidFraction` of its steps counting, and a simulation is averaged over exactly those steps.
public struct ObservedTargets: Sendable {
    /// One task's observations at one scale: groups of steps (a single step at native scale), the
    /// observed mean of each group and the variance of those means.
    public struct Aggregate: Sendable {
        /// Group g holds the steps `steps[offsets[g]..<offsets[g + 1]]`.
        public var offsets: [Int]
        public var steps: [Int]
        public var observed: [Double]
        public var variance: Double

        public var count: Int { observed.count }

        /// The mean of `series` over each group's steps.
        public func means(_ series: [Double]) -> [Double] {
            (0..<count).map { g in
                var sum = 0.0
                for i in offsets[g]..<offsets[g + 1] { sum += series[steps[i]] }
                return sum / Double(offsets[g + 1] - offsets[g])
            }
        }

        /// 1 − NSE of `series` (per step) against the observations: Σ_g (sim_g − obs_g)² / (n var).
        public func misfit(_ series: [Double]) -> Double {
            zip(means(series), observed).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (Double(count) * variance)
        }

        /// The misfit's gradient with respect to each step's simulated value, added into `gradient`
        /// (scaled by `weight`): ∂/∂s_t = 2 (sim_g − obs_g) / (|g| n var) for t in g.
        public func addGradient(_ series: [Double], weight: Double, into gradient: inout [Double]) {
            let sim = means(series)
            for g in 0..<count {
                let size = Double(offsets[g + 1] - offsets[g])
                let d = weight * 2 * (sim[g] - observed[g]) / (size * Double(count) * variance)
                for i in offsets[g]..<offsets[g + 1] { gradient[steps[i]] += d }
            }
        }

        /// Whether there is something to fit: two groups and some variance.
        public var isUsable: Bool { count >= 2 && variance > 0 }
    }

    /// Per scale, per task (only tasks with a usable aggregate).
    public var aggregates: [TimeScale: [FluxTask: Aggregate]]
    /// Per task, per day of the record (the days of `SiteInputs`): the observed daily mean where the
    /// day counts, NaN elsewhere.
    public var daily: [FluxTask: [Float]]
    /// The day (index of `TimeGroups(time, scale: .daily)`) of every step.
    public var dayOfStep: [Int]
    public var steps: Int

    /// - Parameters:
    ///   - period: per-step membership of the calibration period (nil: the whole record).
    public init(site: SiteDataset, tasks: [FluxTask], policy: QualityPolicy, minValidFraction: Double, period: [Bool]?) {
        let days = TimeGroups(site.time, scale: .daily), months = TimeGroups(site.time, scale: .monthly)
        steps = site.time.count
        var dayOfStep = [Int](repeating: 0, count: steps)
        for (d, r) in days.ranges.enumerated() { for t in r { dayOfStep[t] = d } }
        self.dayOfStep = dayOfStep
        var aggregates: [TimeScale: [FluxTask: Aggregate]] = [:]
        var daily: [FluxTask: [Float]] = [:]
        for task in tasks {
            guard let series = site.fluxes[FluxVariable(rawValue: task.rawValue)!] else {
                daily[task] = [Float](repeating: .nan, count: days.count)
                continue
            }
            var mask = policy.mask(series)
            if let period { for i in mask.indices { mask[i] = mask[i] && period[i] } }
            daily[task] = days.mean(series.values, mask: mask, minValidFraction: minValidFraction).map(Float.init)
            for scale in TimeScale.allCases {
                let groups: [[Int]]
                switch scale {
                case .native:
                    groups = mask.indices.filter { mask[$0] && !series.values[$0].isNaN }.map { [$0] }
                case .daily, .monthly:
                    let grouping = scale == .daily ? days : months
                    groups = grouping.ranges.indices.compactMap { g in
                        let used = grouping.ranges[g].filter { mask[$0] && !series.values[$0].isNaN }
                        guard !used.isEmpty, Double(used.count) >= minValidFraction * Double(grouping.expectedCounts[g]) - 1e-9 else { return nil }
                        return used
                    }
                }
                var offsets = [0], members: [Int] = [], observed: [Double] = []
                for group in groups {
                    members += group
                    offsets.append(members.count)
                    observed.append(group.reduce(0) { $0 + series.values[$1] } / Double(group.count))
                }
                let mean = observed.reduce(0, +) / Double(max(observed.count, 1))
                let variance = observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(observed.count, 1))
                let aggregate = Aggregate(offsets: offsets, steps: members, observed: observed, variance: variance)
                if aggregate.isUsable { aggregates[scale, default: [:]][task] = aggregate }
            }
        }
        self.aggregates = aggregates
        self.daily = daily
    }

    /// Days that count for `task`.
    public func count(_ task: FluxTask) -> Int { daily[task]?.filter(\.isFinite).count ?? 0 }
}
