import FluxData
import Foundation
import Testing

/// Forcing gap-filling and synthesis (ForcingGapFiller, LongwaveSynthesis, SurfacePressureSynthesis,
/// LAIClimatology, LAITable, MetRangeScreening).
@Suite struct GapFillingTests {
    let halfHourly = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 48 * 30)

    /// value = 100 × day + slot, so every time of day differs from day to day.
    func dayAndSlotSeries(_ time: TimeAxis) -> Series {
        Series(values: (0..<time.count).map { Double(100 * ($0 / 48) + $0 % 48) },
               qc: [Int8](repeating: QualityFlag.measured, count: time.count))
    }

    @Test func oneHourGapIsFilledWithTheExactLinearInterpolant() {
        var series = Series(values: [4, 10, .nan, .nan, 16, 3], qc: [0, 0, -1, -1, 0, 0])
        let time = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 6)
        let filled = ForcingGapFiller().fill(&series, time: time)
        #expect(filled == 2)
        // 10 → 16 over three half-hour intervals: 12 and 14, exactly.
        #expect(series.values == [4, 10, 12, 14, 16, 3])
        #expect(series.qc == [0, 0, 5, 5, 0, 0])
    }

    @Test func twoHourGapsAreInterpolatedLongerOnesUseTheDiurnalCycle() {
        var series = dayAndSlotSeries(halfHourly)
        let day = 3 * 48
        for i in (day + 20)..<(day + 24) { series.values[i] = .nan }   // 4 steps = 2 h
        for i in (day + 30)..<(day + 35) { series.values[i] = .nan }   // 5 steps = 2.5 h
        _ = ForcingGapFiller().fill(&series, time: halfHourly)
        // Linear between 319 (slot 19) and 324 (slot 24): 320 ... 323.
        for slot in 20..<24 { #expect(abs(series.values[day + slot] - Double(300 + slot)) < 1e-9) }
        // Diurnal cycle: days 0 ... 10 without day 3 at the same slot, mean day 5.2 (a linear
        // interpolation would give 300 + slot).
        for slot in 30..<35 { #expect(abs(series.values[day + slot] - Double(520 + slot)) < 1e-9) }
    }

    @Test func longGapIsFilledWithTheDiurnalMeanOfNeighbouringDays() {
        var series = dayAndSlotSeries(halfHourly)
        for i in (3 * 48)..<(4 * 48) { series.values[i] = .nan }       // all of day 3
        let filled = ForcingGapFiller().fill(&series, time: halfHourly)
        #expect(filled == 48)
        // ±7 days around day 3, clipped to the record: days 0 ... 10 without 3, mean day 52/10 = 5.2.
        for slot in 0..<48 {
            #expect(abs(series.values[3 * 48 + slot] - (520 + Double(slot))) < 1e-9)
            #expect(series.qc[3 * 48 + slot] == QualityFlag.synthesised)
        }
    }

    @Test func windowWidensWhereSevenDaysHoldNoValue() {
        let time = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 48 * 60)
        var series = dayAndSlotSeries(time)
        for i in (10 * 48)..<(31 * 48) { series.values[i] = .nan }     // days 10 ... 30
        _ = ForcingGapFiller().fill(&series, time: time)
        // Day 20: ±7 (13 ... 27) is empty; ±15 (5 ... 35) holds days 5-9 and 31-35, mean day 20.
        #expect(abs(series.values[20 * 48 + 7] - 2007) < 1e-9)
        // Day 12: ±7 (5 ... 19) holds days 5-9 only, mean day 7.
        #expect(abs(series.values[12 * 48 + 7] - 707) < 1e-9)
    }

    @Test func shortGapsAtTheEdgesTakeTheNearestValue() {
        var series = Series(values: [.nan, 7, 8, .nan, .nan], qc: [-1, 0, 0, -1, -1])
        let time = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 5)
        _ = ForcingGapFiller().fill(&series, time: time)
        #expect(series.values == [7, 7, 8, 8, 8])
        #expect(series.qc == [5, 0, 0, 5, 5])
    }

    @Test func onlyFilledValuesGetQC5AndTheRestKeepTheirFlags() {
        var series = dayAndSlotSeries(halfHourly)
        for i in stride(from: 0, to: series.count, by: 7) { series.qc[i] = Int8(i % 4) }
        var gaps = Set<Int>()
        for i in [5, 6, 100, 101, 102, 103, 104, 105, 106, 900] { series.values[i] = .nan; gaps.insert(i) }
        let before = series
        let filled = ForcingGapFiller().fill(&series, time: halfHourly)
        #expect(filled == gaps.count)
        #expect(series.values.allSatisfy { $0.isFinite })
        for i in 0..<series.count {
            if gaps.contains(i) { #expect(series.qc[i] == QualityFlag.synthesised) }
            else { #expect(series.qc[i] == before.qc[i] && series.values[i] == before.values[i]) }
        }
    }

    @Test func dailySeriesFillWithARunningMean() {
        let daily = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 86400, count: 40)
        var series = Series(values: (0..<40).map(Double.init), qc: [Int8](repeating: 0, count: 40))
        series.values[20] = .nan
        _ = ForcingGapFiller().fill(&series, time: daily)
        #expect(abs(series.values[20] - 20) < 1e-9)   // mean of days 13 ... 27 without 20
    }

    @Test func longwaveSynthesisMatchesAHandComputedValue() {
        // T = 293.15 K, RH = 50 %: e = 0.5 · 611.2 · exp(17.67 · 20 / 263.5) = 305.6 · 3.823605 = 1168.47 Pa;
        // LWdown = 2.648 · 293.15 + 0.0346 · 1168.47 − 474 = 776.2612 + 40.4292 − 474 = 342.690 W m-2.
        #expect(abs(LongwaveSynthesis.abramowitz2012(tairK: 293.15, relativeHumidity: 50) - 342.690) < 1e-3)
        // RH below 5 % counts as 5 %: T = 263.15 K gives e = 14.338 Pa, LWdown = 223.317 W m-2.
        #expect(abs(LongwaveSynthesis.abramowitz2012(tairK: 263.15, relativeHumidity: 2) - 223.317) < 1e-3)
    }

    @Test func pressureSynthesisIsTheBarometricFormula() {
        #expect(abs(SurfacePressureSynthesis.barometric(tairK: 288.15, elevation: 0) - 101325) < 1e-9)
        // (288.15 / 294.65)^5.2559 · 101325 = 90114.8 Pa at 1000 m.
        #expect(abs(SurfacePressureSynthesis.barometric(tairK: 288.15, elevation: 1000) - 90114.84) < 0.01)
    }

    @Test func laiClimatologyIsADoubleLogistic() throws {
        let lai = try LAIClimatology.forSite(igbp: "DBF", maximum: 5, minimum: 0.5, greenUpDay: 115,
                                             senescenceDay: 290, file: "test")
        // At half green-up, the rising logistic is 1/2 and the falling one ≈ 1: LAI ≈ (max + min)/2.
        #expect(abs(lai.value(dayOfYear: 115, latitude: 50) - 2.75) < 0.01)
        #expect(abs(lai.value(dayOfYear: 200, latitude: 50) - 5) < 0.01)
        #expect(abs(lai.value(dayOfYear: 1, latitude: 50) - 0.5) < 0.01)
        // Southern hemisphere: half a year later.
        #expect(abs(lai.value(dayOfYear: 1, latitude: -35) - lai.value(dayOfYear: 183, latitude: 50)) < 1e-9)
        let time = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 48 * 365)
        let series = lai.series(time: time, latitude: 50)
        #expect(series.qc.allSatisfy { $0 == QualityFlag.synthesised })
        #expect(series.values.allSatisfy { (0.5...5).contains($0) })
    }

    @Test func laiDefaultsExistForVegetatedClassesOnly() throws {
        let crops = try LAIClimatology.forSite(igbp: "CRO", maximum: nil, minimum: nil, greenUpDay: nil,
                                               senescenceDay: nil, file: "f.csv")
        #expect(crops.maximum == 5 && abs(crops.minimum - 0.1) < 1e-12)
        #expect(throws: DataError.self) {
            _ = try LAIClimatology.forSite(igbp: "BSV", maximum: nil, minimum: nil, greenUpDay: nil,
                                           senescenceDay: nil, file: "f.csv")
        }
        #expect(throws: DataError.self) {
            _ = try LAIClimatology.forSite(igbp: "GRA", maximum: 2, minimum: 3, greenUpDay: nil,
                                           senescenceDay: nil, file: "f.csv")
        }
    }

    @Test func laiTableIsInterpolatedBetweenListedDates() throws {
        let url = Fixture.directory().appendingPathComponent("lai.csv")
        try "date,LAI\n2014-01-02,1.0\n2014-01-04,2.0\n".write(to: url, atomically: true, encoding: .utf8)
        let table = try LAITable(contentsOf: url)
        let time = TimeAxis(start: CivilDateTime(year: 2014, month: 1, day: 1), stepSeconds: 1800, count: 48 * 5)
        let series = table.series(time: time)
        #expect(series.values[0] == 1 && series.qc[0] == 5)            // before the table: first value
        #expect(series.values[48] == 1 && series.qc[48] == 0)          // listed
        #expect(series.values[96] == 1.5 && series.qc[96] == 5)        // between
        #expect(series.values[4 * 48] == 2 && series.qc[4 * 48] == 5)  // after the table: last value
        try "date,LAI\n2014-01-02,15\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { _ = try LAITable(contentsOf: url) }
    }

    @Test func rangeScreeningClampsNoiseAndRemovesImplausibleValues() {
        var sw = [-3.0, 500, 1500]
        #expect(MetRangeScreening.screen(.SWdown, values: &sw, stepSeconds: 1800) == 1)
        #expect(sw[0] == 0 && sw[1] == 500 && sw[2].isNaN)
        var rh = [101.0, 106, -1, 50]
        #expect(MetRangeScreening.screen(.RH, values: &rh, stepSeconds: 1800) == 2)
        #expect(rh[0] == 100 && rh[1].isNaN && rh[2].isNaN && rh[3] == 50)
        var tair = [200.0, 290, 340]
        #expect(MetRangeScreening.screen(.Tair, values: &tair, stepSeconds: 1800) == 2)
        // 100 mm per half-hour is the limit: 100 / 1800 kg m-2 s-1.
        var precip = [100.0 / 1800, 101.0 / 1800]
        #expect(MetRangeScreening.screen(.Precip, values: &precip, stepSeconds: 1800) == 1)
        var co2 = [700.0, 410]
        #expect(MetRangeScreening.screen(.CO2air, values: &co2, stepSeconds: 1800) == 1 && co2[1] == 410)
    }
}
