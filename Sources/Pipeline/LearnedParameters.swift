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

    /// The table with a line on the ranges, as HTML.
    func html(table render: (TextTable) -> String) -> String {
        let ranges = calibrated.map { "\($0.spec.symbol) \($0.spec.minimum)–\($0.spec.maximum) (\($0.spec.scale.rawValue))" }
        return "<p>Ranges (LSM_SPEC.md 3A): " + ranges.joined(separator: "; ") + ".</p>\n" + render(table)
    }
}
