import Foundation

/// A regular time axis: `count` steps of `stepSeconds`, the first starting at `start`.
///
/// Stamps are in local standard time and mark the *start* of each averaging interval
/// (FLUXNET/PLUMBER2 convention, ARCHITECTURE.md "Data conventions").
public struct TimeAxis: Hashable, Sendable {
    public var start: CivilDateTime
    public var stepSeconds: Int
    public var count: Int

    public init(start: CivilDateTime, stepSeconds: Int, count: Int) {
        precondition(stepSeconds > 0 && count >= 0)
        self.start = start
        self.stepSeconds = stepSeconds
        self.count = count
    }

    /// The start of interval `index`.
    public func time(at index: Int) -> CivilDateTime {
        start.adding(seconds: index * stepSeconds)
    }

    /// The end (exclusive) of the axis.
    public var end: CivilDateTime { time(at: count) }

    /// Steps per day (1 for daily data).
    public var stepsPerDay: Int { max(86400 / stepSeconds, 1) }

    /// The time resolution, named.
    public var resolution: TimeResolution { TimeResolution(stepSeconds: stepSeconds) }

    /// The index of the interval that starts at `time`, if it lies on the axis.
    public func index(of time: CivilDateTime) -> Int? {
        let offset = time.secondsSinceEpoch - start.secondsSinceEpoch
        guard offset >= 0, offset % stepSeconds == 0 else { return nil }
        let i = offset / stepSeconds
        return i < count ? i : nil
    }

    /// Calendar years touched by the axis, in order.
    public var years: [Int] {
        count == 0 ? [] : Array(start.year...time(at: count - 1).year)
    }

    /// The length of the record in years of 365.25 days.
    public var lengthInYears: Double { Double(count * stepSeconds) / (365.25 * 86400) }

    /// The sub-axis of steps `range`.
    public func slice(_ range: Range<Int>) -> TimeAxis {
        TimeAxis(start: time(at: range.lowerBound), stepSeconds: stepSeconds, count: range.count)
    }

    /// Decodes a CF time coordinate (`<unit> since <date>`) into a regular axis.
    ///
    /// - Throws: `DataError` if the units cannot be read, the axis has fewer than two steps with
    ///   an unknown step, or the spacing is irregular (the first irregular step is named).
    public static func decode(values: [Double], units: String?, file: String,
                              variable: String = "time") throws -> TimeAxis {
        guard let units, let (unitSeconds, origin) = parseUnits(units) else {
            throw DataError(file: file, variable: variable,
                            "cannot read the time units '\(units ?? "(none)")'; expected e.g. 'seconds since 2005-01-01 00:00:00'")
        }
        guard !values.isEmpty else {
            throw DataError(file: file, variable: variable, "the time axis is empty")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataError(file: file, variable: variable, "time value \(bad) is missing or not finite")
        }
        let seconds = values.map { ($0 * unitSeconds).rounded() }
        guard seconds.count > 1 else {
            throw DataError(file: file, variable: variable, "a single time step does not define the step length")
        }
        let step = seconds[1] - seconds[0]
        guard step > 0 else {
            throw DataError(file: file, variable: variable, "time does not increase (step \(step) s at index 1)")
        }
        for i in 2..<seconds.count where seconds[i] - seconds[i - 1] != step {
            let at = origin.adding(seconds: Int(seconds[i - 1]))
            throw DataError(file: file, variable: variable,
                            "irregular time axis: step \(Int(seconds[i] - seconds[i - 1])) s after \(at) (index \(i - 1)), expected \(Int(step)) s")
        }
        return TimeAxis(start: origin.adding(seconds: Int(seconds[0])), stepSeconds: Int(step),
                        count: seconds.count)
    }

    /// Parses `seconds|minutes|hours|days since <date>` into seconds per unit and the origin.
    static func parseUnits(_ text: String) -> (Double, CivilDateTime)? {
        let lower = text.lowercased()
        guard let range = lower.range(of: " since ") else { return nil }
        let unit = lower[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let perUnit: Double
        switch unit {
        case "seconds", "second", "secs", "sec", "s": perUnit = 1
        case "minutes", "minute", "mins", "min": perUnit = 60
        case "hours", "hour", "hrs", "hr", "h": perUnit = 3600
        case "days", "day", "d": perUnit = 86400
        default: return nil
        }
        guard let origin = CivilCalendar.parse(String(text[range.upperBound...])) else { return nil }
        return (perUnit, origin)
    }
}

/// The named time resolutions MdPL works with.
public enum TimeResolution: String, Codable, Sendable, CaseIterable {
    case halfHourly = "half-hourly"
    case hourly
    case daily
    case monthly
    case other

    public init(stepSeconds: Int) {
        switch stepSeconds {
        case 1800: self = .halfHourly
        case 3600: self = .hourly
        case 86400: self = .daily
        default: self = .other
        }
    }
}
