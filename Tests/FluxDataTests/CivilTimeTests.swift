import FluxData
import Testing

@Suite struct CivilTimeTests {
    @Test func epochAndKnownDayCounts() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        // 2000-03-01 is 30 years (7 leap days) + 59 days of 2000 after the epoch: 10950 + 7 + 60.
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11017)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
    }

    @Test func roundTripOverFourCenturies() {
        for days in stride(from: -150_000, through: 150_000, by: 37) {
            let (y, m, d) = CivilCalendar.civil(fromDays: days)
            #expect(CivilCalendar.days(year: y, month: m, day: d) == days)
        }
    }

    @Test func dayOfYearAndLeapYears() {
        #expect(CivilDateTime(year: 2004, month: 2, day: 29).dayOfYear == 60)
        #expect(CivilDateTime(year: 2004, month: 12, day: 31).dayOfYear == 366)
        #expect(CivilDateTime(year: 2005, month: 12, day: 31).dayOfYear == 365)
        #expect(!CivilCalendar.isLeap(1900) && CivilCalendar.isLeap(2000))
    }

    @Test func parsesDateFormats() {
        #expect(CivilCalendar.parse("2005-01-01 00:00:00") == CivilDateTime(year: 2005, month: 1, day: 1))
        #expect(CivilCalendar.parse("2017-05-11T13:30:00Z") == CivilDateTime(year: 2017, month: 5, day: 11, hour: 13, minute: 30))
        #expect(CivilCalendar.parse("2005-02-30") == nil)
        #expect(CivilCalendar.parse("yesterday") == nil)
    }

    @Test func negativeEpochSecondsGiveTheRightDay() {
        let t = CivilDateTime(secondsSinceEpoch: -1800)
        #expect(t == CivilDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 30))
    }
}

@Suite struct TimeAxisTests {
    @Test func decodesRegularAxes() throws {
        let axis = try TimeAxis.decode(values: [0, 1800, 3600], units: "seconds since 2005-01-01 00:00:00", file: "f")
        #expect(axis.stepSeconds == 1800 && axis.count == 3 && axis.resolution == .halfHourly)
        let daily = try TimeAxis.decode(values: [10, 11], units: "days since 2004-01-01", file: "f")
        #expect(daily.start == CivilDateTime(year: 2004, month: 1, day: 11) && daily.resolution == .daily)
        let hourly = try TimeAxis.decode(values: [0, 1, 2], units: "hours since 2010-06-01 00:00", file: "f")
        #expect(hourly.resolution == .hourly)
    }

    @Test func rejectsIrregularAxesNamingTheStep() {
        let e = #expect(throws: DataError.self) {
            _ = try TimeAxis.decode(values: [0, 1800, 3600, 7200], units: "seconds since 2005-01-01", file: "f.nc")
        }
        #expect(e?.variable == "time")
        #expect(e?.problem.contains("irregular") == true)
        #expect(e?.problem.contains("2005-01-01 01:00") == true)
    }

    @Test func rejectsUnreadableUnits() {
        #expect(throws: DataError.self) {
            _ = try TimeAxis.decode(values: [0, 1], units: "fortnights since 2005-01-01", file: "f")
        }
    }
}
