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
    /// Learned parameters per method and site, with the sites' defaults (parameter plausibility).
    public var learned: LearnedParameters?

    /// The report of a run's results.
    public init(context: RunContext, results: RunResults) {
        title = "MdPL run \(context.config.name)"
        sites = context.sites.map(\.data)
        splits = context.splits
        metrics = results.metrics
        surrogate = results.surrogate?.fidelity
        learned = results.learned(context)
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
        if let learned { body += "<h2>Learned parameters</h2>\n" + learned.html(table: htmlTable) }
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

    /// Every calibrated model against default parameters on the test period: KGE and
    /// ΔRMSE% = 100 (RMSE_calibrated − RMSE_default)/RMSE_default (negative is better) at 30 min, per
    /// site and flux, and the median ΔRMSE% over sites at 30 min and daily scale.
    var comparisonSection: String {
        let calibrated = Array(Set(metrics.rows.map(\.model))).filter { $0 != "default" }.sorted()
        guard metrics.rows.contains(where: { $0.model == "default" }), !calibrated.isEmpty else { return "" }
        func scores(_ model: String, _ site: String, _ flux: String, _ scale: TimeScale) -> SkillScores {
            metrics.rows.first { $0.model == model && $0.site == site && $0.flux == flux && $0.period == "test" && $0.skill.scale == scale }?
                .skill.scores ?? .empty
        }
        var header = ["site", "flux", "KGE default"]
        for m in calibrated { header += ["KGE \(m)", "ΔRMSE% \(m)"] }
        var t = TextTable(header: header)
        var deltas: [String: [Double]] = [:]
        let sites = Array(Set(metrics.rows.map(\.site))).sorted()
        for site in sites {
            for flux in ["Qle", "Qh", "NEE"] {
                let d = scores("default", site, flux, .native)
                guard d.count > 0 else { continue }
                var row = [site, flux, Format.fixed(d.kge, 2)]
                for m in calibrated {
                    let c = scores(m, site, flux, .native)
                    let change = 100 * (c.rmse - d.rmse) / d.rmse
                    row += [Format.fixed(c.kge, 2), Format.fixed(change, 1)]
                    deltas["\(m)|\(flux)|30 min", default: []].append(change)
                    let dd = scores("default", site, flux, .daily), cd = scores(m, site, flux, .daily)
                    deltas["\(m)|\(flux)|daily", default: []].append(100 * (cd.rmse - dd.rmse) / dd.rmse)
                }
                t.append(row)
            }
        }
        var summary = TextTable(header: ["model", "flux", "median ΔRMSE% 30 min", "median ΔRMSE% daily"])
        for m in calibrated {
            for flux in ["Qle", "Qh", "NEE"] where deltas["\(m)|\(flux)|30 min"] != nil {
                func median(_ key: String) -> String {
                    let v = (deltas[key] ?? []).filter(\.isFinite).sorted()
                    guard !v.isEmpty else { return "-" }
                    return Format.fixed(v.count % 2 == 1 ? v[v.count / 2] : 0.5 * (v[v.count / 2 - 1] + v[v.count / 2]), 1)
                }
                summary.append([m, flux, median("\(m)|\(flux)|30 min"), median("\(m)|\(flux)|daily")])
            }
        }
        return "<h2>Models against the land model with default parameters (test period)</h2>\n"
            + "<p>Calibrated land models (mdpl, dpl-…, mdpl-loso, sce-ua), the PLUMBER empirical benchmarks (1lin, 2lin, "
            + "3km27, trained on the other sites) and the LSTM flux model (lstm, trained on every site's training period). "
            + "ΔRMSE% = 100 (RMSE_model − RMSE_default)/RMSE_default; negative is better.</p>\n"
            + htmlTable(summary) + htmlTable(t)
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
