import FluxData
import LandModel
import MdPLSupport

/// Tables that describe sites: the catalog (one row per site) and one site's details.
public enum SiteCatalogTable {
    /// Code, IGBP, model PFT, years, step, steps and the fraction of steps with measured
    /// (qc = 0) Qle, Qh and NEE.
    public static func make(_ sites: [SiteDataset]) -> TextTable {
        var table = TextTable(header: ["site", "IGBP", "PFT", "years", "step", "steps", "Qle qc0", "Qh qc0", "NEE qc0"])
        for s in sites {
            func measured(_ v: FluxVariable) -> String {
                guard let series = s.fluxes[v] else { return "absent" }
                let c = VariableCoverage(name: v.rawValue, units: "", series: series)
                if c.quality.measured == 0 && c.quality.unknown > 0 {
                    return "0% (" + Format.percent(Double(c.quality.unknown) / Double(c.total)) + " unknown)"
                }
                return Format.percent(c.measuredFraction)
            }
            table.append([s.info.code, s.info.igbp, PlantFunctionalType(igbp: s.info.igbp)?.rawValue ?? "-",
                          s.yearsText, s.stepText, "\(s.time.count)",
                          measured(.Qle), measured(.Qh), measured(.NEE)])
        }
        return table
    }

    /// Attributes and per-variable coverage of one site, as text.
    public static func describe(_ s: SiteDataset) -> String {
        let i = s.info
        func opt(_ v: Double?, _ unit: String) -> String { v.map { Format.fixed($0, 2) + " " + unit } ?? "missing" }
        var out = """
        site             \(i.code)\(i.name.map { " (\($0))" } ?? "")\(i.country.map { ", \($0)" } ?? "")
        position         \(Format.fixed(i.latitude, 4)) N, \(Format.fixed(i.longitude, 4)) E, elevation \(opt(i.elevation, "m"))
        vegetation       IGBP \(i.igbp) -> model PFT \(PlantFunctionalType(igbp: i.igbp)?.rawValue ?? "none")
        heights          reference \(opt(i.referenceHeight, "m")), canopy \(opt(i.canopyHeight, "m"))
        time             \(s.time.start) .. \(s.time.time(at: s.time.count - 1)), \(s.time.count) steps of \(s.stepText) (local standard time, interval start)
        UTC offset       \(i.utcOffsetHours) h (from \(i.utcOffsetSource))
        files            \(s.sources.joined(separator: "\n                 "))

        """
        var table = TextTable(header: ["variable", "units", "present", "qc0", "qc1-3", "qc4", "qc5", "unknown", "min", "mean", "max"])
        for c in s.coverage {
            func share(_ n: Int) -> String { Format.percent(Double(n) / Double(max(c.total, 1))) }
            table.append([c.name, c.units, Format.percent(c.presentFraction), share(c.quality.measured),
                          share(c.quality.gapFilled), share(c.quality.reanalysis), share(c.quality.synthesised),
                          share(c.quality.unknown), Format.fixed(c.minimum, 3), Format.fixed(c.mean, 3),
                          Format.fixed(c.maximum, 3)])
        }
        out += table.text
        if !s.rangeRemovals.isEmpty {
            out += "removed by range checks: " + s.rangeRemovals.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
