import Evaluation
import FluxData
import Foundation
import MdPLSupport

/// The run's HTML report: a self-contained page with the tables of every stage that has run.
public struct Report {
    public var title: String
    public var sites: [SiteDataset]
    public var splits: Splits
    public var metrics: MetricsTable
    /// The surrogate's fidelity tables (text), if that stage ran.
    public var surrogate: String?

    public init(title: String, sites: [SiteDataset], splits: Splits, metrics: MetricsTable, surrogate: String? = nil) {
        self.title = title
        self.sites = sites
        self.splits = splits
        self.metrics = metrics
        self.surrogate = surrogate
    }

    /// Writes the page atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(html, to: url)
    }

    var html: String {
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<h2>Sites</h2>\n" + htmlTable(SiteCatalogTable.make(sites))
        var split = TextTable(header: ["site", "rule", "training", "test"])
        for s in splits.temporal {
            switch s.rule {
            case .holdOutLastYears:
                split.append([s.site, s.rule.rawValue, "before \(s.firstTestYear ?? 0)", "\(s.firstTestYear ?? 0) onwards"])
            case .alternateMonths:
                split.append([s.site, s.rule.rawValue, "Jan, Mar, May, Jul, Sep, Nov", "Feb, Apr, Jun, Aug, Oct, Dec"])
            }
        }
        body += "<h2>Training and test periods</h2>\n" + htmlTable(split)
        body += "<p>Leave-one-site-out folds: \(splits.leaveOneSiteOutAll.count) across all sites, "
            + "\(splits.leaveOneSiteOutWithinPFT.count) within plant functional types.</p>\n"
        if !metrics.rows.isEmpty { body += comparisonSection + skillSection }
        if let surrogate {
            body += "<h2>Surrogate fidelity (surrogate vs land model)</h2>\n<pre>\(escape(surrogate))</pre>\n"
        }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}
        td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}th{background:#eee}</style></head>
        <body>
        \(body)</body></html>

        """
    }

    /// Calibrated against default parameters on the test period: KGE of both and
    /// ΔRMSE% = 100 (RMSE_calibrated − RMSE_default)/RMSE_default (negative is better), at 30 min
    /// and daily scale, per site and flux, with the median over sites.
    var comparisonSection: String {
        let models = Set(metrics.rows.map(\.model))
        guard models.contains("default"), models.contains("mdpl") else { return "" }
        func scores(_ model: String, _ site: String, _ flux: String, _ scale: TimeScale) -> SkillScores {
            metrics.rows.first { $0.model == model && $0.site == site && $0.flux == flux && $0.period == "test" && $0.skill.scale == scale }?
                .skill.scores ?? .empty
        }
        var t = TextTable(header: ["site", "flux", "KGE default 30 min", "KGE MdPL 30 min", "ΔRMSE% 30 min", "KGE default daily",
                                   "KGE MdPL daily", "ΔRMSE% daily"])
        var deltas: [String: [Double]] = [:]
        for site in Array(Set(metrics.rows.map(\.site))).sorted() {
            for flux in ["Qle", "Qh", "NEE"] {
                let d = scores("default", site, flux, .native), m = scores("mdpl", site, flux, .native)
                guard d.count > 0 else { continue }
                let dd = scores("default", site, flux, .daily), md = scores("mdpl", site, flux, .daily)
                let change = 100 * (m.rmse - d.rmse) / d.rmse, changeDaily = 100 * (md.rmse - dd.rmse) / dd.rmse
                deltas[flux + " 30 min", default: []].append(change)
                deltas[flux + " daily", default: []].append(changeDaily)
                t.append([site, flux, Format.fixed(d.kge, 2), Format.fixed(m.kge, 2), Format.fixed(change, 1),
                          Format.fixed(dd.kge, 2), Format.fixed(md.kge, 2), Format.fixed(changeDaily, 1)])
            }
        }
        let medians = deltas.keys.sorted().map { key -> String in
            let v = deltas[key]!.filter(\.isFinite).sorted()
            let m = v.isEmpty ? Double.nan : (v.count % 2 == 1 ? v[v.count / 2] : 0.5 * (v[v.count / 2 - 1] + v[v.count / 2]))
            return "\(key) \(Format.fixed(m, 1)) %"
        }
        return "<h2>MdPL against default parameters (test period)</h2>\n<p>Median ΔRMSE% over sites (negative is better): "
            + escape(medians.joined(separator: ", ")) + ".</p>\n" + htmlTable(t)
    }

    /// Per-site skill of every model on the test period, at half-hourly and daily scale.
    var skillSection: String {
        var out = "<h2>Skill on the test period</h2>\n<p>Observations with qc ≤ maxQC plus values of unknown quality "
            + "(see metrics/*.csv for every score, period and scale, and the quality classes used).</p>\n"
        for model in Array(Set(metrics.rows.map(\.model))).sorted() {
            var t = TextTable(header: ["site", "flux", "n (30 min)", "KGE 30 min", "RMSE 30 min", "r 30 min", "KGE daily",
                                       "RMSE daily", "KGE monthly"])
            let rows = metrics.rows.filter { $0.model == model && $0.period == "test" }
            for key in Array(Set(rows.map { "\($0.site)|\($0.flux)" })).sorted() {
                let parts = key.split(separator: "|").map(String.init)
                func s(_ scale: TimeScale) -> SkillScores {
                    rows.first { $0.site == parts[0] && $0.flux == parts[1] && $0.skill.scale == scale }?.skill.scores ?? .empty
                }
                t.append([parts[0], parts[1], "\(s(.native).count)", Format.fixed(s(.native).kge, 2),
                          Format.fixed(s(.native).rmse, 1), Format.fixed(s(.native).r, 2), Format.fixed(s(.daily).kge, 2),
                          Format.fixed(s(.daily).rmse, 1), Format.fixed(s(.monthly).kge, 2)])
            }
            out += "<h3>\(escape(model))</h3>\n" + htmlTable(t)
        }
        return out
    }

    func htmlTable(_ t: TextTable) -> String {
        var s = "<table>\n<tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in t.rows { s += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return s + "</table>\n"
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
