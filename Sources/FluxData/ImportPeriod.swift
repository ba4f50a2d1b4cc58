/// The whole days imported from a flux-tower file.
///
/// By default the period runs from the first to the last day on which every core forcing
/// variable (those that cannot be synthesised: air temperature, shortwave radiation, humidity,
/// wind and precipitation) has at least one value; a day only partly covered by the file's rows
/// is dropped. This trims the empty years before an instrument was installed (e.g. US-Tw3's rain
/// gauge, which starts on 2017-05-10). `firstDay`/`lastDay` override either end.
enum ImportPeriod {
    /// The step range of the period on `time`.
    ///
    /// - Parameter core: the core variables' column names and values on `time`.
    /// - Throws: `DataError` if a requested day lies outside the file's whole days, or no day
    ///   qualifies.
    static func select(time: TimeAxis, core: [(column: String, values: [Double])], firstDay: CivilDateTime?,
                       lastDay: CivilDateTime?, file: String) throws -> Range<Int> {
        let perDay = time.stepsPerDay
        func day(_ index: Int) -> Int { time.time(at: index).secondsSinceEpoch.floorDiv(86400) }
        func dayNumber(_ date: CivilDateTime) -> Int { CivilCalendar.days(year: date.year, month: date.month, day: date.day) }
        // Whole days of the file.
        let firstWhole = time.start.secondOfDay == 0 ? day(0) : day(0) + 1
        let lastStepOfDay = time.time(at: time.count - 1).secondOfDay + time.stepSeconds >= 86400
        let lastWhole = lastStepOfDay ? day(time.count - 1) : day(time.count - 1) - 1

        var first = firstWhole, last = lastWhole
        for (column, values) in core {
            guard let i = values.firstIndex(where: { !$0.isNaN }), let j = values.lastIndex(where: { !$0.isNaN }) else {
                throw DataError(file: file, variable: column, "the column has no value")
            }
            first = max(first, day(i))
            last = min(last, day(j))
        }
        if let firstDay {
            let d = dayNumber(firstDay)
            guard d >= firstWhole, d <= lastWhole else {
                throw DataError(file: file, variable: "TIMESTAMP", "first day \(firstDay.dateText) is outside the file's whole days \(describe(firstWhole))..\(describe(lastWhole))")
            }
            first = d
        }
        if let lastDay {
            let d = dayNumber(lastDay)
            guard d >= firstWhole, d <= lastWhole else {
                throw DataError(file: file, variable: "TIMESTAMP", "last day \(lastDay.dateText) is outside the file's whole days \(describe(firstWhole))..\(describe(lastWhole))")
            }
            last = d
        }
        guard first <= last else {
            throw DataError(file: file, variable: core.map { $0.column }.joined(separator: ", "),
                            "no whole day from \(describe(first)) to \(describe(last)) on which every core forcing column (\(core.map { $0.column }.joined(separator: ", "))) has a value")
        }
        let startTime = CivilDateTime(secondsSinceEpoch: first * 86400)
        guard let lower = time.index(of: startTime) else {
            throw DataError(file: file, variable: "TIMESTAMP", "day \(startTime.dateText) does not start on a time step")
        }
        return lower..<(lower + (last - first + 1) * perDay)
    }

    private static func describe(_ day: Int) -> String { CivilDateTime(secondsSinceEpoch: day * 86400).dateText }
}

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
