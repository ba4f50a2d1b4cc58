import FluxData

/// The time scales every metric is reported at (ARCHITECTURE.md "Experiments" 3).
public enum TimeScale: String, CaseIterable, Codable, Sendable {
    case native, daily, monthly

    /// Column label, e.g. `30min` for half-hourly native data.
    public func label(stepSeconds: Int) -> String {
        switch self {
        case .native: return stepSeconds == 1800 ? "30min" : stepSeconds == 3600 ? "1h" : stepSeconds == 86400 ? "daily" : "\(stepSeconds)s"
        case .daily: return "daily"
        case .monthly: return "monthly"
        }
    }
}

/// Skill of one simulated flux against observations at one time scale, with the observations used.
public struct FluxSkill: Codable, Sendable {
    public var scale: TimeScale
    public var scores: SkillScores
    /// Quality classes of the native-resolution observations that entered (for aggregates: those
    /// inside the aggregates that passed the valid-fraction test).
    public var quality: QualityCounts

    /// Scores `simulated` against `observed` on `time`. Only observations accepted by `policy`
    /// count; an aggregate (daily, monthly) is formed over the accepted steps of a period with at
    /// least `minValidFraction` of its steps accepted, and the simulation is aggregated over
    /// exactly the same steps, so every model compared sees the same masked observations.
    public static func evaluate(simulated: [Double], observed: Series, time: TimeAxis, policy: QualityPolicy,
                                minValidFraction: Double, scale: TimeScale, mask extra: [Bool]? = nil) -> FluxSkill {
        precondition(simulated.count == observed.count && observed.count == time.count)
        var mask = policy.mask(observed)
        if let extra { for i in mask.indices { mask[i] = mask[i] && extra[i] } }
        switch scale {
        case .native:
            return FluxSkill(scale: scale, scores: Metrics.scores(simulated: simulated, observed: observed.values, mask: mask),
                             quality: QualityCounts(observed, mask: mask))
        case .daily, .monthly:
            let groups = TimeGroups(time, scale: scale == .daily ? .daily : .monthly)
            let obs = groups.mean(observed.values, mask: mask, minValidFraction: minValidFraction)
            let sim = groups.mean(simulated, mask: mask, minValidFraction: minValidFraction)
            var used = [Bool](repeating: false, count: time.count)
            for (g, r) in groups.ranges.enumerated() where !obs[g].isNaN { for i in r { used[i] = mask[i] } }
            return FluxSkill(scale: scale, scores: Metrics.scores(simulated: sim, observed: obs),
                             quality: QualityCounts(observed, mask: used))
        }
    }
}
