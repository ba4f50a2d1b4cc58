import FluxData
import Testing

@Suite struct QualityPolicyTests {
    let series = Series(values: [1, 2, .nan, 4, 5, 6], qc: [0, 1, 0, QualityFlag.unknown, 5, 101])

    @Test func measuredOnlyWithUnknown() {
        #expect(QualityPolicy(maxQC: 0, includeUnknown: true).mask(series) == [true, false, false, true, false, false])
    }

    @Test func gapFilledAllowedWithoutUnknown() {
        #expect(QualityPolicy(maxQC: 3, includeUnknown: false).mask(series) == [true, true, false, false, false, false])
    }

    @Test func countsByClass() {
        let c = QualityCounts(series)
        #expect(c.measured == 1 && c.gapFilled == 1 && c.unknown == 1 && c.synthesised == 1 && c.other == 1)
        #expect(c.total == 5)
    }
}

@Suite struct AggregationTests {
    let axis = TimeAxis(start: CivilDateTime(year: 2004, month: 12, day: 31), stepSeconds: 1800, count: 96)

    @Test func dailyGroupsFollowTheCalendar() {
        let groups = TimeGroups(axis, scale: .daily)
        #expect(groups.count == 2)
        #expect(groups.labels == [CivilDateTime(year: 2004, month: 12, day: 31), CivilDateTime(year: 2005, month: 1, day: 1)])
        #expect(groups.ranges == [0..<48, 48..<96])
    }

    @Test func meanRespectsMaskAndValidFraction() {
        let groups = TimeGroups(axis, scale: .daily)
        var values = (0..<96).map(Double.init)
        for i in 48..<80 { values[i] = .nan }          // 16 of 48 valid on day 2
        let means = groups.mean(values, minValidFraction: 0.5)
        #expect(means[0] == 23.5)
        #expect(means[1].isNaN)
        let lenient = groups.mean(values, minValidFraction: 0.3)
        #expect(lenient[1] == (80.0 + 95.0) / 2)
    }

    @Test func monthlyGroupsOfAYear() {
        let year = TimeAxis(start: CivilDateTime(year: 2004, month: 1, day: 1), stepSeconds: 86400, count: 366)
        let groups = TimeGroups(year, scale: .monthly)
        #expect(groups.count == 12)
        #expect(groups.expectedCounts[1] == 29)
        #expect(groups.ranges.map(\.count) == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    }

    @Test func totalsConvertRatesToAmounts() {
        let groups = TimeGroups(axis, scale: .daily)
        let rates = [Double](repeating: 1.0 / 1800, count: 96)  // 1 mm per half hour
        #expect(groups.total(rates, stepSeconds: 1800) == [48, 48])
    }
}

@Suite struct SplitTests {
    @Test func multiYearRecordsHoldOutTheLastYear() {
        let axis = TimeAxis(start: CivilDateTime(year: 2008, month: 1, day: 1), stepSeconds: 1800, count: 3 * 17520 + 48)
        let split = TemporalSplit(site: "FI-Hyy", time: axis)
        #expect(split.rule == .holdOutLastYears && split.firstTestYear == 2010)
        #expect(split.isTraining(CivilDateTime(year: 2009, month: 12, day: 31, hour: 23, minute: 30)))
        #expect(!split.isTraining(CivilDateTime(year: 2010, month: 1, day: 1)))
    }

    @Test func shortRecordsAlternateMonths() {
        // 2017-05-11 .. 2018-06-04 holds no complete calendar year.
        let axis = TimeAxis(start: CivilDateTime(year: 2017, month: 5, day: 11), stepSeconds: 1800, count: 18720)
        let split = TemporalSplit(site: "US-Tw3", time: axis)
        #expect(split.rule == .alternateMonths)
        let mask = split.trainingMask(axis)
        #expect(mask[0])   // May trains
        #expect(!mask[axis.index(of: CivilDateTime(year: 2017, month: 6, day: 1))!])
    }

    @Test func leaveOneSiteOutFolds() {
        let groups = ["A": "ENF", "B": "ENF", "C": "CRO", "D": "ENF"]
        let within = SiteFolds.withinGroups(groups)
        #expect(within.count == 3)   // CRO has a single site: no fold
        #expect(within.allSatisfy { $0.group == "ENF" && !$0.trainSites.contains($0.testSite) && $0.trainSites.count == 2 })
        let all = SiteFolds.acrossAll(Array(groups.keys))
        #expect(all.count == 4 && all.allSatisfy { $0.trainSites.count == 3 })
    }
}
