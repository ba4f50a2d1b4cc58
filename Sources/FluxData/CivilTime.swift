/// A calendar date and time of day in the proleptic Gregorian calendar, without a time zone.
///
/// MdPL keeps all site time stamps in local standard time (the FLUXNET convention); conversions
/// to UTC and solar time go through `SiteClock`.
public struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Seconds since midnight, 0 ..< 86400.
    public var secondOfDay: Int

    public init(year: Int, month: Int, day: Int, secondOfDay: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.secondOfDay = secondOfDay
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        self.init(year: year, month: month, day: day, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// The date-time `seconds` seconds after 1970-01-01 00:00.
    public init(secondsSinceEpoch seconds: Int) {
        let days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400)
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        self.init(year: y, month: m, day: d, secondOfDay: seconds - days * 86400)
    }

    /// Seconds since 1970-01-01 00:00 (in the same, unspecified, time zone).
    public var secondsSinceEpoch: Int {
        CivilCalendar.days(year: year, month: month, day: day) * 86400 + secondOfDay
    }

    /// Day of the year, 1 on 1 January.
    public var dayOfYear: Int {
        CivilCalendar.days(year: year, month: month, day: day)
            - CivilCalendar.days(year: year, month: 1, day: 1) + 1
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { (secondOfDay % 3600) / 60 }

    /// The same instant shifted by `seconds`.
    public func adding(seconds: Int) -> CivilDateTime {
        CivilDateTime(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    public static func < (a: CivilDateTime, b: CivilDateTime) -> Bool {
        a.secondsSinceEpoch < b.secondsSinceEpoch
    }

    /// ISO-like text, `2005-01-01 00:30`.
    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let s = secondOfDay % 60
        return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute))" + (s == 0 ? "" : ":\(two(s))")
    }

    /// The date part as `2005-01-01`.
    public var dateText: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}

/// Day-count arithmetic for the proleptic Gregorian calendar (days relative to 1970-01-01),
/// using 400-year eras so that it is exact for any year.
public enum CivilCalendar {
    /// Days from 1970-01-01 to the given date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9   // March = 0
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The date that lies `days` days after 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD hh:mm[:ss]` or `YYYY-MM-DDThh:mm[:ss]`, optionally with
    /// fractional seconds or a trailing `Z`; returns nil if the text is not such a date.
    public static func parse(_ text: String) -> CivilDateTime? {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("Z") { s.removeLast() }
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard let datePart = parts.first else { return nil }
        let dateFields = datePart.split(separator: "-").compactMap { Int($0) }
        guard dateFields.count == 3 else { return nil }
        var second = 0
        if parts.count > 1 {
            let timeFields = parts[1].split(separator: ":").map(String.init)
            guard timeFields.count >= 2, let h = Int(timeFields[0]), let m = Int(timeFields[1]) else {
                return nil
            }
            let sec = timeFields.count > 2 ? Double(timeFields[2]) ?? -1 : 0
            guard (0..<24).contains(h), (0..<60).contains(m), sec >= 0, sec < 61 else { return nil }
            second = h * 3600 + m * 60 + Int(sec.rounded())
        }
        let (y, mo, d) = (dateFields[0], dateFields[1], dateFields[2])
        guard (1...12).contains(mo), d >= 1, d <= daysInMonth(year: y, month: mo) else { return nil }
        return CivilDateTime(year: y, month: mo, day: d, secondOfDay: second)
    }
}

import Foundation
