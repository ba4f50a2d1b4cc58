/// Coverage statistics of a loaded site, for catalogs and reports.
public struct VariableCoverage: Sendable {
    public var name: String
    public var units: String
    /// Present (non-missing) values.
    public var present: Int
    public var total: Int
    public var quality: QualityCounts
    public var minimum: Double
    public var mean: Double
    public var maximum: Double

    public init(name: String, units: String, series: Series) {
        self.name = name
        self.units = units
        total = series.count
        quality = QualityCounts(series)
        present = quality.total
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
        for v in series.values where !v.isNaN {
            lo = min(lo, v); hi = max(hi, v); sum += v
        }
        minimum = present > 0 ? lo : .nan
        maximum = present > 0 ? hi : .nan
        mean = present > 0 ? sum / Double(present) : .nan
    }

    /// Fraction of all steps that hold a measured (qc = 0) value.
    public var measuredFraction: Double { total > 0 ? Double(quality.measured) / Double(total) : 0 }
    /// Fraction of all steps that hold any value.
    public var presentFraction: Double { total > 0 ? Double(present) / Double(total) : 0 }
}

extension SiteDataset {
    /// Coverage of every forcing and flux variable, forcing first.
    public var coverage: [VariableCoverage] {
        ForcingVariable.allCases.compactMap { v in
            forcing[v].map { VariableCoverage(name: v.rawValue, units: v.info.units, series: $0) }
        } + FluxVariable.allCases.compactMap { v in
            fluxes[v].map { VariableCoverage(name: v.rawValue, units: v.info.units, series: $0) }
        }
    }

    /// The record's years as text, `2005` or `2008-2010`.
    public var yearsText: String {
        let y = time.years
        guard let first = y.first, let last = y.last else { return "-" }
        return first == last ? "\(first)" : "\(first)-\(last)"
    }

    /// The step length as text, `30 min`, `1 h` or `1 d`.
    public var stepText: String {
        switch time.stepSeconds {
        case 86400: return "1 d"
        case 3600: return "1 h"
        case let s where s % 60 == 0: return "\(s / 60) min"
        case let s: return "\(s) s"
        }
    }
}
