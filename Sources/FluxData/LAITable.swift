import Foundation

/// Leaf area index given by the user as a CSV table with columns `date` (`YYYY-MM-DD`) and `LAI`
/// (m2 m-2; header names are case-insensitive), e.g. a site's measured or satellite LAI.
///
/// On the site's time axis a step takes the value of its date where the table lists that date
/// (qc 0: the value as provided, as the shared curation treats LAI products); other dates are
/// linearly interpolated in time between the nearest listed dates, or take the first/last value
/// beyond the table's range (qc 5).
public struct LAITable: Sendable {
    /// Values by day (days since 1970-01-01), sorted by day.
    public var days: [Int]
    public var values: [Double]
    public var file: String

    /// Reads the table at `url`.
    ///
    /// - Throws: `DataError` naming the file, the column and the line for a missing column, an
    ///   unreadable date or value, a value outside 0–12 m2 m-2 (data README range screening),
    ///   or a repeated date.
    public init(contentsOf url: URL) throws {
        let table = try CSVTable(contentsOf: url)
        file = url.path
        func column(_ name: String) throws -> String {
            guard let found = table.header.first(where: { $0.lowercased() == name.lowercased() }) else {
                throw DataError(file: url.path, variable: name,
                                "the LAI table needs columns 'date' and 'LAI' (found: \(table.header.joined(separator: ",")))")
            }
            return found
        }
        let dateColumn = try column("date"), laiColumn = try column("LAI")
        var byDay: [Int: Double] = [:]
        for row in table.rows {
            let line = table.lineNumber(ofRow: row)
            let text = table.value(row: row, column: dateColumn) ?? ""
            guard let date = CivilCalendar.parse(text) else {
                throw DataError(file: url.path, variable: dateColumn, "line \(line): '\(text)' is not a date (YYYY-MM-DD)")
            }
            let raw = table.value(row: row, column: laiColumn) ?? ""
            guard let lai = Double(raw), (0...12).contains(lai) else {
                throw DataError(file: url.path, variable: laiColumn, "line \(line): '\(raw)' is not an LAI in 0-12 m2/m2")
            }
            let day = CivilCalendar.days(year: date.year, month: date.month, day: date.day)
            guard byDay[day] == nil else {
                throw DataError(file: url.path, variable: dateColumn, "line \(line): date \(date.dateText) appears twice")
            }
            byDay[day] = lai
        }
        guard !byDay.isEmpty else { throw DataError(file: url.path, variable: laiColumn, "the LAI table has no rows") }
        days = byDay.keys.sorted()
        values = days.map { byDay[$0]! }
    }

    /// LAI on every step of `time`.
    public func series(time: TimeAxis) -> Series {
        var values: [Double] = [], qc: [Int8] = []
        values.reserveCapacity(time.count)
        qc.reserveCapacity(time.count)
        var next = 0   // index of the first listed day >= the current day
        for i in 0..<time.count {
            let t = time.time(at: i)
            let day = CivilCalendar.days(year: t.year, month: t.month, day: t.day)
            while next < days.count && days[next] < day { next += 1 }
            if next < days.count && days[next] == day {
                values.append(self.values[next]); qc.append(QualityFlag.measured)
            } else if next == 0 {
                values.append(self.values[0]); qc.append(QualityFlag.synthesised)
            } else if next == days.count {
                values.append(self.values[days.count - 1]); qc.append(QualityFlag.synthesised)
            } else {
                let (d0, d1) = (days[next - 1], days[next])
                let w = Double(day - d0) / Double(d1 - d0)
                values.append(self.values[next - 1] + w * (self.values[next] - self.values[next - 1]))
                qc.append(QualityFlag.synthesised)
            }
        }
        return Series(values: values, qc: qc)
    }
}
