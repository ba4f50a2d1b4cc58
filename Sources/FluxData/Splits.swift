import Foundation

/// How a site's record is divided into a training and a test period (ARCHITECTURE.md
/// "Experiments" 1): multi-year sites hold out whole years at the end; shorter records alternate
/// calendar months (odd months train, even months test).
public struct TemporalSplit: Codable, Sendable, Hashable {
    public enum Rule: String, Codable, Sendable {
        /// The last `testYears` complete calendar years are the test period.
        case holdOutLastYears = "hold-out-last-years"
        /// January, March, ... train; February, April, ... test.
        case alternateMonths = "alternate-months"
    }

    public var site: String
    public var rule: Rule
    /// For `holdOutLastYears`: the first test year; the test period runs from its 1 January to the end.
    public var firstTestYear: Int?

    /// The split for a site's time axis: hold out the last `testYears` complete calendar years if
    /// at least `testYears + 1` complete years exist, else alternate months.
    public init(site: String, time: TimeAxis, testYears: Int = 1) {
        self.site = site
        let complete = Self.completeYears(time)
        if complete.count >= testYears + 1 {
            rule = .holdOutLastYears
            firstTestYear = complete[complete.count - testYears]
        } else {
            rule = .alternateMonths
            firstTestYear = nil
        }
    }

    /// Whether the interval starting at `t` belongs to the training period.
    public func isTraining(_ t: CivilDateTime) -> Bool {
        switch rule {
        case .holdOutLastYears: return t.year < (firstTestYear ?? Int.max)
        case .alternateMonths: return t.month % 2 == 1
        }
    }

    /// Per-step membership of the training period.
    public func trainingMask(_ time: TimeAxis) -> [Bool] {
        (0..<time.count).map { isTraining(time.time(at: $0)) }
    }

    /// A one-line description, e.g. `train 2008-2009, test 2010`.
    public var summary: String {
        switch rule {
        case .holdOutLastYears: return "train before \(firstTestYear ?? 0), test from \(firstTestYear ?? 0)"
        case .alternateMonths: return "train odd months, test even months"
        }
    }

    static func completeYears(_ time: TimeAxis) -> [Int] {
        time.years.filter { year in
            let first = CivilDateTime(year: year, month: 1, day: 1)
            let last = CivilDateTime(year: year + 1, month: 1, day: 1).adding(seconds: -time.stepSeconds)
            return first >= time.start && last < time.end
        }
    }
}

/// One leave-one-site-out fold: the generator learns on `trainSites`, and `testSite` is predicted
/// from the generator alone (ARCHITECTURE.md "Experiments" 4).
public struct SiteFold: Codable, Sendable, Hashable {
    /// `all` for folds across all sites, otherwise the vegetation group.
    public var group: String
    public var testSite: String
    public var trainSites: [String]
}

/// Leave-one-site-out folds.
public enum SiteFolds {
    /// Folds across all `sites`.
    public static func acrossAll(_ sites: [String]) -> [SiteFold] {
        sites.sorted().map { s in SiteFold(group: "all", testSite: s, trainSites: sites.sorted().filter { $0 != s }) }
    }

    /// Folds within each vegetation group (`group[site]`); groups with one site give no fold.
    public static func withinGroups(_ group: [String: String]) -> [SiteFold] {
        let byGroup = Dictionary(grouping: group.keys, by: { group[$0]! })
        return byGroup.keys.sorted().flatMap { g -> [SiteFold] in
            let members = byGroup[g]!.sorted()
            guard members.count > 1 else { return [] }
            return members.map { s in SiteFold(group: g, testSite: s, trainSites: members.filter { $0 != s }) }
        }
    }
}

extension CivilDateTime: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CivilCalendar.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not a date (YYYY-MM-DD[ hh:mm])"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
