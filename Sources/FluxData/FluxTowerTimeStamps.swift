import Foundation

/// The time stamps of FLUXNET-style CSV files (FLUXNET2015, AmeriFlux BASE).
///
/// Half-hourly and hourly files carry `TIMESTAMP_START` and `TIMESTAMP_END` as `YYYYMMDDHHMM` in
/// local standard time; daily files carry `TIMESTAMP` as `YYYYMMDD` (AmeriFlux "Data Variables",
/// section 1; Pastorello et al. 2020, Sci. Data 7, 225). MdPL's axis is built from the interval
/// starts (ARCHITECTURE.md "Data conventions"), and must be strictly increasing and regular.
public enum FluxTowerTimeStamps {
    /// Reads `column` into a regular time axis. If `endColumn` is given, every row's end stamp
    /// must equal its start plus the step (which catches files whose stamps mark interval ends).
    ///
    /// - Throws: `DataError` naming the file, the column and the row (and its line in the file)
    ///   for an unreadable stamp, a stamp that does not increase, an irregular step, or an end
    ///   stamp that does not match.
    public static func axis(_ table: CSVTable, column: String, endColumn: String? = nil) throws -> TimeAxis {
        guard table.has(column) else {
            throw DataError(file: table.file, variable: column,
                            "required time-stamp column is missing (header: \(table.header.prefix(6).joined(separator: ","))...)")
        }
        guard table.rowCount >= 2 else {
            throw DataError(file: table.file, variable: column, "at least two rows are needed to define the time step")
        }
        func stamp(_ row: Int, _ name: String) throws -> CivilDateTime {
            let text = table.value(row: row, column: name) ?? ""
            guard let t = parse(text) else {
                throw DataError(file: table.file, variable: name,
                                "row \(row + 1) (line \(table.lineNumber(ofRow: row))): '\(text)' is not a time stamp (expected YYYYMMDDHHMM or YYYYMMDD)")
            }
            return t
        }
        let seconds = try (0..<table.rowCount).map { try stamp($0, column).secondsSinceEpoch }
        func describe(_ row: Int) -> String {
            "row \(row + 1) (line \(table.lineNumber(ofRow: row))) is \(CivilDateTime(secondsSinceEpoch: seconds[row]))"
        }
        for row in 1..<seconds.count where seconds[row] <= seconds[row - 1] {
            throw DataError(file: table.file, variable: column,
                            "time stamps are not increasing: \(describe(row)), after \(CivilDateTime(secondsSinceEpoch: seconds[row - 1]))")
        }
        let step = seconds[1] - seconds[0]
        guard 86400 % step == 0 || step % 86400 == 0 else {
            throw DataError(file: table.file, variable: column, "a step of \(step) s does not divide a day")
        }
        for row in 2..<max(seconds.count, 2) where seconds[row] - seconds[row - 1] != step {
            throw DataError(file: table.file, variable: column,
                            "irregular time stamps: \(describe(row)), \((seconds[row] - seconds[row - 1]) / 60) min after the previous row; the step is \(step / 60) min")
        }
        if let endColumn, table.has(endColumn) {
            for row in 0..<table.rowCount {
                let start = try stamp(row, column), end = try stamp(row, endColumn)
                guard end.secondsSinceEpoch - start.secondsSinceEpoch == step else {
                    throw DataError(file: table.file, variable: endColumn,
                                    "row \(row + 1) (line \(table.lineNumber(ofRow: row))): interval \(start) to \(end) is not one step (\(step / 60) min) long")
                }
            }
        }
        return TimeAxis(start: CivilDateTime(secondsSinceEpoch: seconds[0]), stepSeconds: step, count: table.rowCount)
    }

    /// Parses `YYYYMMDDHHMM` or `YYYYMMDD`.
    public static func parse(_ text: String) -> CivilDateTime? {
        let digits = Array(text.utf8)
        guard digits.count == 12 || digits.count == 8, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (y, m, d) = (number(0..<4), number(4..<6), number(6..<8))
        guard (1...12).contains(m), d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
        guard digits.count == 12 else { return CivilDateTime(year: y, month: m, day: d) }
        let (hour, minute) = (number(8..<10), number(10..<12))
        // 2400 is not used by FLUXNET files (midnight is 0000 of the next day).
        guard hour < 24, minute < 60 else { return nil }
        return CivilDateTime(year: y, month: m, day: d, hour: hour, minute: minute)
    }
}
