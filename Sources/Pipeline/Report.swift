import Evaluation
import FluxData
import Foundation
import MdPLSupport

/// The run's HTML report (`report.html`): one self-contained page — inline SVG figures, no scripts,
/// no network — with the headline comparison, Taylor diagrams, ΔRMSE per site, the objective and the
/// share of the attainable improvement each method reaches, convergence and refinement, learned
/// parameters, surrogate fidelity, sensitivity, and per-site time series and diurnal cycles.
/// Everything comes from the run's results and the files its stages wrote, so `mdpl report` can
/// rebuild it from a run directory.
public struct Report {
    let context: RunContext
    let metrics: MetricsTable
    let learned: LearnedParameters?
    let objectives: ObjectiveTable?
    let fidelity: String?
    /// Flux series of every model (default, calibrations, benchmarks), per site.
    let series: [(name: String, fluxes: [[FluxVariable: [Double]]])]

    /// The report of a run's results.
    public init(context: RunContext, results: RunResults) {
        self.context = context
        metrics = results.metrics
        learned = results.learned(context)
        objectives = results.objectives
        fidelity = results.surrogate?.fidelity ?? results.storedFidelity
        func fluxes(_ runs: ModelRuns) -> [[FluxVariable: [Double]]] {
            runs.runs.map { [.Qle: $0[.Qle], .Qh: $0[.Qh], .NEE: $0[.NEE]] }
        }
        series = ([results.defaults].compactMap { $0 } + results.calibrations).map { ($0.name, fluxes($0)) }
            + results.benchmarks.map { ($0.name, $0.fluxes) }
    }

    /// Writes the page atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(html, to: url)
    }

    static let benchmarkNames: Set<String> = ["1lin", "2lin", "3km27", "lstm"]

    /// Model names in report order: methods, their variants, then benchmarks (default excluded).
    var models: [String] {
        let all = series.map(\.name).filter { $0 != "default" }
        return all.filter { !Self.benchmarkNames.contains($0) } + all.filter { Self.benchmarkNames.contains($0) }
    }

    /// The main methods (no variants such as `ceiling-300` or `mdpl-r0`) and the best benchmark.
    var featuredModels: [String] {
        let methods = models.filter { !Self.benchmarkNames.contains($0) && !Self.isVariant($0) }
        let benchmarks = models.filter(Self.benchmarkNames.contains)
        let best = benchmarks.min { medianDelta($0, "Qle", .native) + medianDelta($0, "Qh", .native) < medianDelta($1, "Qle", .native) + medianDelta($1, "Qh", .native) }
        return methods + (best.map { [$0] } ?? [])
    }

    /// A method's variant: `<method>-<N>` or `<method>-r<N>` (e.g. `ceiling-300`, `mdpl-r1`).
    static func isVariant(_ name: String) -> Bool {
        guard let last = name.split(separator: "-").last, name.contains("-") else { return false }
        let digits = last.hasPrefix("r") ? last.dropFirst() : last[...]
        return !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    public var html: String {
        let config = context.config
        var body = "<h1>MdPL run \(escape(config.name))</h1>\n"
        body += "<p>\(context.sites.count) sites; objective of every calibration method: \(escape(config.calibration.calibrationObjective.description)), "
            + "on each site's training period, with the calibrated parameters \(escape(config.calibration.calibrated.map(\.spec.symbol).joined(separator: ", "))). "
            + "Scores are on the test period unless stated; ΔRMSE % = 100 (RMSE_model − RMSE_default) / RMSE_default, negative is better.</p>\n"
        if metrics.rows.contains(where: { $0.model == "default" }), !models.isEmpty {
            body += "<h2>Models against the land model with default parameters</h2>\n" + headline
            for flux in ["Qle", "Qh"] {
                if let f = DeltaRMSEFigure.figure(metrics, flux: flux, scale: .native, models: featuredModels) { body += f.html }
            }
            body += "<h2>Taylor diagrams (test period)</h2>\n<div class=\"panels\">\n"
            for flux in ["Qle", "Qh", "NEE"] {
                for scale in TimeScale.allCases {
                    if let f = TaylorDiagram.figure(metrics, flux: flux, scale: scale, models: ["default"] + featuredModels) { body += f.html }
                }
            }
            body += "</div>\n"
        }
        if let objectives { body += objectiveSection(objectives) }
        if let f = ConvergenceFigures.searches(directory: context.directory, sites: context.codes, objectives: objectives) {
            body += "<h2>Convergence</h2>\n" + f.html
        }
        if let f = ParetoFigure.figure(directory: context.directory, sites: context.codes) {
            body += "<h2>Trade-off between Qle and Qh</h2>\n" + f.html
        }
        if let f = ConvergenceFigures.refinement(directory: context.directory, sites: context.codes, objectives: objectives) {
            body += "<h2>Sequential refinement of the surrogate</h2>\n" + f.html
        }
        body += methodFiles
        if let learned {
            body += "<h2>Learned parameters</h2>\n" + (ParameterFigure.figure(learned)?.html ?? "") + learned.html(table: htmlTable)
        }
        if let fidelity {
            body += "<h2>Surrogate fidelity (surrogate against the land model)</h2>\n"
                + (ConvergenceFigures.fidelity(directory: context.directory)?.html ?? "")
                + "<details><summary>Fidelity tables</summary><pre>\(escape(fidelity))</pre></details>\n"
        }
        if let text = try? String(contentsOf: context.directory.file("sensitivity/summary.txt"), encoding: .utf8) {
            body += "<h2>Parameter sensitivity</h2>\n<pre>\(escape(text))</pre>\n"
        }
        body += siteSection + setupSection
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>MdPL run \(escape(config.name))</title>
        <style>
        body{font-family:sans-serif;max-width:1280px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.35}
        h2{border-bottom:1px solid #ccc;padding-bottom:2px;margin-top:1.8em}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;font-size:13px;margin:0.5em 0}
        td,th{border:1px solid #ccc;padding:2px 7px;text-align:right;white-space:nowrap}th{background:#f0f0f0}
        td:first-child,th:first-child{text-align:left}
        figure{margin:1em 0;display:inline-block;vertical-align:top;max-width:100%}
        figcaption{font-size:12px;color:#444;max-width:640px}
        .panels{display:flex;flex-wrap:wrap;gap:8px}.panels figure{max-width:610px}
        details{margin:0.4em 0}summary{cursor:pointer;font-weight:bold}
        pre{font-size:12px;overflow-x:auto}
        </style></head>
        <body>
        \(body)</body></html>

        """
    }

    func scores(_ model: String, _ site: String, _ flux: String, _ scale: TimeScale, period: String = "test") -> SkillScores? {
        metrics.rows.first { $0.model == model && $0.site == site && $0.flux == flux && $0.period == period && $0.skill.scale == scale }?
            .skill.scores
    }

    /// Median over sites of ΔRMSE % of `model` against default.
    func medianDelta(_ model: String, _ flux: String, _ scale: TimeScale) -> Double {
        context.codes.compactMap { site -> Double? in
            guard let d = scores("default", site, flux, scale), let m = scores(model, site, flux, scale), d.rmse > 0 else { return nil }
            return 100 * (m.rmse - d.rmse) / d.rmse
        }.finiteMedian
    }

    /// Median ΔRMSE % per model, flux and scale, and how many sites improve.
    var headline: String {
        var t = TextTable(header: ["model", "Qle 30 min", "Qle daily", "Qle monthly", "Qh 30 min", "Qh daily", "Qh monthly",
                                   "NEE 30 min", "NEE daily", "sites better (Qle, Qh 30 min)"])
        for model in models {
            var row = [model]
            for (flux, scales) in [("Qle", TimeScale.allCases), ("Qh", TimeScale.allCases), ("NEE", [TimeScale.native, .daily])] {
                for scale in scales { row.append(Format.fixed(medianDelta(model, flux, scale), 1)) }
            }
            let better = ["Qle", "Qh"].map { flux in
                context.codes.filter { site in
                    guard let d = scores("default", site, flux, .native), let m = scores(model, site, flux, .native) else { return false }
                    return m.rmse < d.rmse
                }.count
            }
            row.append("\(better[0]), \(better[1]) of \(context.codes.count)")
            t.append(row)
        }
        return "<p>Median over sites of ΔRMSE % on the test period (negative = better than default). Calibration methods first "
            + "(ceiling-N: the ceiling's SCE-UA search after N runs; mdpl-rK: MdPL after K refinement rounds), then the PLUMBER "
            + "benchmarks (1lin, 2lin, 3km27, trained on the other sites) and the LSTM flux model (trained on every site's training period). "
            + "NEE is never fitted unless it is a task.</p>\n" + htmlTable(t)
    }

    func objectiveSection(_ table: ObjectiveTable) -> String {
        let methods = table.values.keys.sorted().filter { $0 != "default" }
        var t = TextTable(header: ["site", "J default"] + methods.map { "J \($0)" } + (table.values[ObjectiveTable.ceiling] != nil ? methods.map { "share \($0)" } : []))
        for (s, site) in table.sites.enumerated() {
            var row = [site, Format.fixed(table.values["default"]?[s] ?? .nan, 3)]
            row += methods.map { Format.fixed(table.values[$0]![s], 3) }
            if table.values[ObjectiveTable.ceiling] != nil {
                row += methods.map { m in table.share(m, site: s).map { Format.fixed(100 * $0, 0) + " %" } ?? "-" }
            }
            t.append(row)
        }
        var text = "<h2>Objective and the attainable improvement (training period, real land model)</h2>\n"
            + "<p>\(escape(table.objective)). J of each method's parameters in the real land model; with a ceiling (a long SCE-UA search per site) "
            + "the share of the attainable improvement, (J_default − J_method) / (J_default − J_ceiling), per site.</p>\n"
        let worse = table.worseThanDefault
        if !worse.isEmpty {
            text += "<p><b>Worse than the defaults</b> (higher J): " + worse.map { "\(escape($0.model)) at \($0.sites.joined(separator: ", "))" }.joined(separator: "; ") + ".</p>\n"
        }
        return text + htmlTable(t)
    }

    /// The tables the methods wrote (wall times, searches' summaries, refinement rounds, gradient fidelity), collapsed.
    var methodFiles: String {
        let files: [(String, String)] = [
            (WallTimes.path, "Wall time of every step this run computed (ensembles, surrogate training, decoder, each method; a method's row includes a surrogate of its own); steps reused from files keep the seconds of the run that computed them"),
            ("sce-ua/summary.csv", "SCE-UA per site: land-model runs, why it stopped, J at the defaults and at its best, seconds, J of MdPL's parameters and the runs SCE-UA needed to match it"),
            ("ceiling/summary.csv", "The ceiling (long SCE-UA) per site, as above"),
            ("gradient/summary.csv", "Levenberg–Marquardt with the exact derivatives per site: trial runs, why it stopped, J at the defaults and at its best, seconds, dual-number runs (linearisations), the winning start of all starts"),
            ("mdpl/refinement.csv", "MdPL's refinement per round and site: J of the land model and of the surrogate at the generator's parameters, their gap, the best land-model J so far, land-model runs, seconds"),
            ("mdpl/gradient-fidelity.csv", "The surrogate's gradient at MdPL's parameters against the land model's exact one: cosine similarity and norm ratio of ∂J/∂u"),
        ]
        var out = ""
        for (path, title) in files {
            guard let table = try? CSVTable(contentsOf: context.directory.file(path)) else { continue }
            var t = TextTable(header: table.header)
            for r in 0..<table.rowCount { t.append(table.header.map { table.value(row: r, column: $0) ?? "" }) }
            out += "<details><summary>\(escape(path))</summary><p>\(escape(title)).</p>\n" + htmlTable(t) + "</details>\n"
        }
        return out.isEmpty ? "" : "<h2>Method details</h2>\n" + out
    }

    /// Per site, collapsed: the skill of every model and the time-series figures.
    var siteSection: String {
        var out = "<h2>Sites</h2>\n<p>Open a site for its skill table (test period), monthly series and mean diurnal cycles (whole record).</p>\n"
        let featured = ["default"] + featuredModels
        for (i, site) in context.sites.enumerated() {
            let code = site.data.info.code
            var t = TextTable(header: ["model", "flux", "n (30 min)", "KGE 30 min", "RMSE 30 min", "r 30 min", "KGE daily", "RMSE daily", "KGE monthly"])
            for model in ["default"] + models {
                for flux in ["Qle", "Qh", "NEE"] {
                    guard let n = scores(model, code, flux, .native) else { continue }
                    let d = scores(model, code, flux, .daily) ?? .empty, m = scores(model, code, flux, .monthly) ?? .empty
                    t.append([model, flux, "\(n.count)", Format.fixed(n.kge, 2), Format.fixed(n.rmse, 1), Format.fixed(n.r, 2),
                              Format.fixed(d.kge, 2), Format.fixed(d.rmse, 1), Format.fixed(m.kge, 2)])
                }
            }
            let shown = featured.compactMap { name in series.first { $0.name == name }.map { SiteSeriesFigures.Series(name: $0.name, values: $0.fluxes[i]) } }
            let quality = context.config.data.quality, fraction = context.config.data.minValidFraction
            out += "<details><summary>\(escape(code)) (\(escape(site.data.info.igbp)), \(escape(site.model.pft.rawValue)))</summary>\n" + htmlTable(t)
            out += SiteSeriesFigures.monthly(site: site.data, models: shown, fluxes: [.Qle, .Qh], policy: quality, minValidFraction: fraction)?.html ?? ""
            out += SiteSeriesFigures.diurnal(site: site.data, models: shown, fluxes: [.Qle, .Qh], policy: quality)?.html ?? ""
            out += "</details>\n"
        }
        return out
    }

    /// The sites and the train/test division.
    var setupSection: String {
        var split = TextTable(header: ["site", "rule", "training", "test"])
        for s in context.splits.temporal {
            switch s.rule {
            case .holdOutLastYears:
                split.append([s.site, s.rule.rawValue, "before \(s.firstTestYear ?? 0)", "\(s.firstTestYear ?? 0) onwards"])
            case .alternateMonths:
                split.append([s.site, s.rule.rawValue, "Jan, Mar, May, Jul, Sep, Nov", "Feb, Apr, Jun, Aug, Oct, Dec"])
            }
        }
        return "<h2>Data and periods</h2>\n" + htmlTable(SiteCatalogTable.make(context.sites.map(\.data))) + htmlTable(split)
            + "<p>Leave-one-site-out folds: \(context.splits.leaveOneSiteOutAll.count) across all sites, "
            + "\(context.splits.leaveOneSiteOutWithinPFT.count) within plant functional types. Observations with qc ≤ "
            + "\(context.config.data.quality.maxQC)\(context.config.data.quality.includeUnknown ? " plus values of unknown quality" : ""); "
            + "metrics/all.csv has every score, period and scale with the quality classes used.</p>\n"
    }

    func htmlTable(_ t: TextTable) -> String {
        var s = "<div class=\"scroll\"><table>\n<tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in t.rows { s += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return s + "</table></div>\n"
    }

    func escape(_ s: String) -> String { SVGCanvas.escape(s) }
}
