/// Grouping of a time axis into calendar days or months (local standard time), and averages over
/// those groups that respect missing values.
public enum AggregationScale: String, Codable, Sendable, CaseIterable {
    case daily, monthly
}

/// Consecutive steps that share a calendar day or month.
public struct TimeGroups: Sendable {
    /// First stamp of each group's period (day or month start).
    public var labels: [CivilDateTime]
    /// Step ranges of each group on the original axis.
    public var ranges: [Range<Int>]
    /// Steps a complete group has (a full day or month at the axis' step).
    public var expectedCounts: [Int]

    /// Groups the steps of `time` by `scale`.
    public init(_ time: TimeAxis, scale: AggregationScale) {
        var labels: [CivilDateTime] = []
        var ranges: [Range<Int>] = []
        var expected: [Int] = []
        var start = 0
        func key(_ t: CivilDateTime) -> Int {
            scale == .daily ? CivilCalendar.days(year: t.year, month: t.month, day: t.day) : t.year * 12 + t.month
        }
        var current = time.count > 0 ? key(time.start) : 0
        for i in 0...time.count {
            let k = i < time.count ? key(time.time(at: i)) : Int.min
            if k != current || i == time.count {
                guard i > start else { break }
                let t = time.time(at: start)
                labels.append(scale == .daily ? CivilDateTime(year: t.year, month: t.month, day: t.day)
                                              : CivilDateTime(year: t.year, month: t.month, day: 1))
                ranges.append(start..<i)
                let days = scale == .daily ? 1 : CivilCalendar.daysInMonth(year: t.year, month: t.month)
                expected.append(max(days * 86400 / time.stepSeconds, 1))
                start = i
                current = k
            }
        }
        self.labels = labels
        self.ranges = ranges
        self.expectedCounts = expected
    }

    public var count: Int { ranges.count }

    /// Group means of `values` over the steps where `mask` is true (all non-NaN steps if nil).
    /// A group's mean is NaN unless its used steps reach `minValidFraction` of a complete group.
    public func mean(_ values: [Double], mask: [Bool]? = nil, minValidFraction: Double = 0) -> [Double] {
        ranges.indices.map { g in
            var sum = 0.0
            var n = 0
            for i in ranges[g] where (mask?[i] ?? true) && !values[i].isNaN {
                sum += values[i]
                n += 1
            }
            guard n > 0, Double(n) >= minValidFraction * Double(expectedCounts[g]) - 1e-9 else { return .nan }
            return sum / Double(n)
        }
    }

    /// Group sums of a rate (per second) over complete groups: Σ value·step seconds.
    /// NaN where any step is missing.
    public func total(_ rates: [Double], stepSeconds: Int) -> [Double] {
        ranges.map { r in
            var sum = 0.0
            for i in r {
                guard !rates[i].isNaN else { return .nan }
                sum += rates[i] * Double(stepSeconds)
            }
            return sum
        }
    }
}
