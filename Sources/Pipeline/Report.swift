import FluxData
import Foundation
import MdPLSupport

/// The run's HTML report: a self-contained page with the tables of every stage that has run.
public struct Report {
    public var title: String
    public var sites: [SiteDataset]
    public var splits: Splits

    public init(title: String, sites: [SiteDataset], splits: Splits) {
        self.title = title
        self.sites = sites
        self.splits = splits
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
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}
        td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}th{background:#eee}</style></head>
        <body>
        \(body)</body></html>

        """
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
