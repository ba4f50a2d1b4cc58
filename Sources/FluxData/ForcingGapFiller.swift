/// Fills gaps in a forcing series (never in fluxes), as the shared data were curated
/// (data README, "Processing" 4):
///
/// 1. gaps of at most `maxInterpolatedGapSeconds` (2 h): linear interpolation between the valid
///    values on either side; at either end of the record, where there is only one side, the
///    nearest valid value (as the shared curated files were filled);
/// 2. every other missing step (longer gaps): the mean
///    diurnal cycle, i.e. the mean of the valid source values at the same time of day within
///    ±7 days, the window widened to ±15/30/60/120 days and then the whole record only where it
///    held no value. If a time of day has no value anywhere, the mean of all valid values is used.
///
/// Only values of the source take part in the means (never values filled here). Every filled
/// step gets qc = 5 (`QualityFlag.synthesised`). For daily data the "time of day" is the day
/// itself, so step 2 is a ±7-day running mean.
public struct ForcingGapFiller: Sendable {
    /// Longest gap filled by linear interpolation.
    public var maxInterpolatedGapSeconds: Int
    /// Half-widths of the diurnal-cycle windows tried in turn, days.
    public var windowHalfWidthsDays: [Int]

    public init(maxInterpolatedGapSeconds: Int = 7200, windowHalfWidthsDays: [Int] = [7, 15, 30, 60, 120]) {
        self.maxInterpolatedGapSeconds = maxInterpolatedGapSeconds
        self.windowHalfWidthsDays = windowHalfWidthsDays
    }

    /// Fills the missing values of `series` on `time` and returns how many steps were filled.
    /// A series without any valid value is left as it is (callers synthesise such variables).
    @discardableResult
    public func fill(_ series: inout Series, time: TimeAxis) -> Int {
        let source = series.values
        guard source.contains(where: { !$0.isNaN }) else { return 0 }
        var filled = interpolateShortGaps(&series, source: source, stepSeconds: time.stepSeconds)
        filled += fillFromDiurnalCycle(&series, source: source, time: time)
        return filled
    }

    private func interpolateShortGaps(_ series: inout Series, source: [Double], stepSeconds: Int) -> Int {
        var filled = 0
        var i = 0
        while i < source.count {
            guard source[i].isNaN else { i += 1; continue }
            var j = i
            while j < source.count && source[j].isNaN { j += 1 }
            // Gap = steps i ..< j, bounded by the values at i - 1 and j where those exist.
            if (j - i) * stepSeconds <= maxInterpolatedGapSeconds {
                let before = i > 0 ? source[i - 1] : source[j]
                let after = j < source.count ? source[j] : source[i - 1]
                let span = Double(j - i + 1)
                for k in i..<j {
                    series.values[k] = before + (after - before) * Double(k - i + 1) / span
                    series.qc[k] = QualityFlag.synthesised
                    filled += 1
                }
            }
            i = j
        }
        return filled
    }

    private func fillFromDiurnalCycle(_ series: inout Series, source: [Double], time: TimeAxis) -> Int {
        let perDay = time.stepsPerDay
        let firstSlot = time.stepSeconds < 86400 ? time.start.secondOfDay / time.stepSeconds : 0
        let days = (firstSlot + source.count + perDay - 1) / perDay
        // Prefix sums over days, per time-of-day slot: sums[slot * (days + 1) + d] covers days < d.
        var sums = [Double](repeating: 0, count: perDay * (days + 1))
        var counts = [Int](repeating: 0, count: perDay * (days + 1))
        for k in source.indices where !source[k].isNaN {
            let p = firstSlot + k
            sums[(p % perDay) * (days + 1) + p / perDay + 1] += source[k]
            counts[(p % perDay) * (days + 1) + p / perDay + 1] += 1
        }
        for slot in 0..<perDay {
            let base = slot * (days + 1)
            for d in 1...days {
                sums[base + d] += sums[base + d - 1]
                counts[base + d] += counts[base + d - 1]
            }
        }
        let valid = source.filter { !$0.isNaN }
        let recordMean = valid.reduce(0, +) / Double(valid.count)
        var filled = 0
        for k in source.indices where series.values[k].isNaN {
            let p = firstSlot + k
            let day = p / perDay, base = (p % perDay) * (days + 1)
            func mean(_ lower: Int, _ upper: Int) -> Double? {
                let n = counts[base + upper + 1] - counts[base + lower]
                return n > 0 ? (sums[base + upper + 1] - sums[base + lower]) / Double(n) : nil
            }
            var value: Double?
            for w in windowHalfWidthsDays where value == nil {
                value = mean(max(0, day - w), min(days - 1, day + w))
            }
            series.values[k] = value ?? mean(0, days - 1) ?? recordMean
            series.qc[k] = QualityFlag.synthesised
            filled += 1
        }
        return filled
    }
}
