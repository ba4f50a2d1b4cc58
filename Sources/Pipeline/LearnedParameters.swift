import LandModel
import MdPLSupport

/// Parameters learned by each calibration method at each site, beside the PFT defaults and the
/// ranges of table 3A (ARCHITECTURE.md experiment 6, parameter plausibility).
public struct LearnedParameters: Sendable {
    public var calibrated: [ParameterID]
    public var sites: [String]
    public var defaults: [LandParameters]
    /// Per method name, per site (order of `sites`).
    public var methods: [(String, [LandParameters])]

    public init(calibrated: [ParameterID], sites: [String], defaults: [LandParameters]) {
        self.calibrated = calibrated
        self.sites = sites
        self.defaults = defaults
        methods = []
    }

    /// One row per site and method (and the default), one column per calibrated parameter.
    public var table: TextTable {
        var t = TextTable(header: ["site", "set"] + calibrated.map { "\($0.spec.symbol) [\($0.spec.units)]" })
        func format(_ v: Double) -> String { abs(v) < 1e-3 || abs(v) >= 1e4 ? String(format: "%.3g", v) : String(format: "%.3f", v) }
        for (s, site) in sites.enumerated() {
            t.append([site, "default"] + calibrated.map { format(defaults[s][$0]) })
            for (name, sets) in methods { t.append([site, name] + calibrated.map { format(sets[s][$0]) }) }
        }
        return t
    }

    /// A learned value counts as at a range limit within this fraction of its range (in the
    /// transformed, unit-cube space).
    public static let limitMargin = 0.02

    /// Per method: how many of its learned values sit at a limit of their range (table 3A), in
    /// total and per parameter — parameters pushed to their bounds compensate for something else.
    public var limits: TextTable {
        var t = TextTable(header: ["method", "at a limit (%)"] + calibrated.map(\.spec.symbol))
        for (name, sets) in methods {
            let counts = calibrated.map { id in
                sets.filter { p in
                    let u = id.spec.unit(fromValue: p[id])
                    return u < Self.limitMargin || u > 1 - Self.limitMargin
                }.count
            }
            let share = 100 * Double(counts.reduce(0, +)) / Double(max(calibrated.count * sets.count, 1))
            t.append([name, String(format: "%.0f", share)] + counts.map { "\($0)/\(sets.count)" })
        }
        return t
    }

    /// The tables with a line on the ranges, as HTML.
    func html(table render: (TextTable) -> String) -> String {
        let ranges = calibrated.map { "\($0.spec.symbol) \($0.spec.minimum)–\($0.spec.maximum) (\($0.spec.scale.rawValue))" }
        return "<p>Ranges (LSM_SPEC.md 3A): " + ranges.joined(separator: "; ") + ".</p>\n"
            + "<p>Learned values within \(Int(Self.limitMargin * 100)) % of an end of their range (transformed scale), per method and parameter (sites at the limit / sites):</p>\n"
            + render(limits) + render(table)
    }
}
