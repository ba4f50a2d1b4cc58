import FluxData
import Foundation

/// How the searches and the surrogate-based methods converge, from the files the methods wrote.
enum ConvergenceFigures {
    /// A CSV's numeric columns by header name (empty if the file is missing or unreadable).
    static func columns(_ url: URL) -> [String: [Double]] {
        guard let table = try? CSVTable(contentsOf: url) else { return [:] }
        var out: [String: [Double]] = [:]
        for name in table.header {
            out[name] = (0..<table.rowCount).map { table.value(row: $0, column: name).flatMap(Double.init) ?? .nan }
        }
        return out
    }

    /// Best J of each search (SCE-UA / ceiling, mdpl-local) against land-model runs, relative to the
    /// site's J with default parameters, with MdPL's J as a marker at zero runs.
    static func searches(directory: RunDirectory, sites: [String], objectives: ObjectiveTable?) -> Figure? {
        let searches = ["ceiling", "sce-ua", "mdpl-local"].filter { FileManager.default.fileExists(atPath: directory.file($0).path) }
        guard !searches.isEmpty, let objectives, let defaults = objectives.values["default"] else { return nil }
        var canvas = SVGCanvas(width: 640, height: 330, margin: (58, 150, 12, 44))
        var curves: [(site: Int, search: Int, points: [(Double, Double)])] = []
        var maxRuns = 1.0
        for (s, site) in sites.enumerated() where defaults[s] > 0 {
            for (k, search) in searches.enumerated() {
                let c = columns(directory.file("\(search)/\(site)-history.csv"))
                guard let runs = c["evaluations"], let best = c["objective"], !runs.isEmpty else { continue }
                curves.append((s, k, zip(runs, best).map { ($0, $1 / defaults[s]) }))
                maxRuns = max(maxRuns, runs.max() ?? 1)
            }
        }
        guard !curves.isEmpty else { return nil }
        let ratios = curves.flatMap { $0.points.map(\.1) }.filter(\.isFinite)
        canvas.setRanges(x: 0...maxRuns, y: max(0, (ratios.min() ?? 0) - 0.05)...max(1.05, min(ratios.max() ?? 1, 1.5)))
        canvas.axes(xTitle: "land-model runs per site", yTitle: "best J / J with default parameters")
        canvas.line([(0, 1), (maxRuns, 1)], colour: "#777", dash: "4,3")
        for curve in curves {
            canvas.line(curve.points, colour: SVGCanvas.colour(curve.search + 2), width: 1, dash: curve.search == 0 ? nil : "5,2")
        }
        if let mdpl = objectives.values["mdpl"] {
            for (s, value) in mdpl.enumerated() where defaults[s] > 0 {
                canvas.marker((0, value / defaults[s]), colour: SVGCanvas.colour(1), shape: "diamond", size: 4,
                              title: "mdpl at \(sites[s]): J / J_default = \(String(format: "%.3f", value / defaults[s]))")
            }
        }
        canvas.legend([("mdpl (its J, no runs)", SVGCanvas.colour(1), "diamond")] + searches.enumerated().map { ($0.element, SVGCanvas.colour($0.offset + 2), nil) },
                      origin: (canvas.width - canvas.margin.right + 8, canvas.margin.top))
        return Figure(svg: canvas.svg, caption: "Convergence of the searches on the real land model: the best objective J found so far (training period; \(objectives.objective)) divided by J with the PFT default parameters, against the number of land-model runs, one line per site and search (mdpl-local starts from MdPL's parameters). Diamonds: MdPL's J at each site, which costs no land-model runs of its own. Lower is better; 1 (dashed) is the defaults.")
    }

    /// The real land model's and the surrogate's J at the generator's parameters per refinement
    /// round, relative to J with default parameters.
    static func refinement(directory: RunDirectory, sites: [String], objectives: ObjectiveTable?) -> Figure? {
        guard let table = try? CSVTable(contentsOf: directory.file("mdpl/refinement.csv")), let defaults = objectives?.values["default"] else { return nil }
        var canvas = SVGCanvas(width: 600, height: 300, margin: (58, 150, 12, 44))
        var rows: [(round: Double, site: Int, real: Double, surrogate: Double, best: Double)] = []
        for r in 0..<table.rowCount {
            guard let site = table.value(row: r, column: "site"), let s = sites.firstIndex(of: site), defaults[s] > 0,
                  let round = table.value(row: r, column: "round").flatMap(Double.init),
                  let real = table.value(row: r, column: "objective_generator").flatMap(Double.init),
                  let surrogate = table.value(row: r, column: "objective_surrogate").flatMap(Double.init),
                  let best = table.value(row: r, column: "objective_best").flatMap(Double.init) else { continue }
            rows.append((round, s, real / defaults[s], surrogate / defaults[s], best / defaults[s]))
        }
        guard !rows.isEmpty else { return nil }
        let values = rows.flatMap { [$0.real, $0.surrogate, $0.best] }.filter(\.isFinite)
        canvas.setRanges(x: -0.2...(rows.map(\.round).max()! + 0.2), y: max(0, values.min()! - 0.05)...min(values.max()! + 0.05, 2))
        canvas.axes(xTitle: "refinement round", yTitle: "J / J with default parameters", xTicks: Array(Set(rows.map(\.round))).sorted())
        for s in Set(rows.map(\.site)).sorted() {
            let mine = rows.filter { $0.site == s }.sorted { $0.round < $1.round }
            canvas.line(mine.map { ($0.round, $0.real) }, colour: SVGCanvas.colour(2))
            canvas.line(mine.map { ($0.round, $0.surrogate) }, colour: SVGCanvas.colour(4), dash: "4,3")
            canvas.line(mine.map { ($0.round, $0.best) }, colour: SVGCanvas.colour(3), width: 1.5)
        }
        canvas.legend([("land model at generator's parameters", SVGCanvas.colour(2), nil), ("surrogate at the same parameters", SVGCanvas.colour(4), nil),
                       ("best land-model J so far", SVGCanvas.colour(3), nil)], origin: (canvas.width - canvas.margin.right - 90, canvas.margin.top))
        return Figure(svg: canvas.svg, caption: "MdPL's sequential refinement, one set of lines per site: J of the real land model at the generator's parameters (solid), J the surrogate predicts there (dashed; the distance between the two is the surrogate's error where calibration needs it), and the best real-model J among all points evaluated so far, which MdPL returns (thick), each divided by J with default parameters.")
    }

    /// The surrogate's fidelity on unseen parameter sets: median daily KGE per site and task.
    static func fidelity(directory: RunDirectory) -> Figure? {
        guard let table = try? CSVTable(contentsOf: directory.file("surrogate/fidelity.csv")) else { return nil }
        var kge: [String: [String: [Double]]] = [:]     // task → site → values
        for r in 0..<table.rowCount where table.value(row: r, column: "set") == "unseen-parameters" && table.value(row: r, column: "scale") == "daily" {
            guard let site = table.value(row: r, column: "site"), let task = table.value(row: r, column: "task"),
                  let v = table.value(row: r, column: "KGE").flatMap(Double.init), v.isFinite else { continue }
            kge[task, default: [:]][site, default: []].append(v)
        }
        guard !kge.isEmpty else { return nil }
        let sites = Array(Set(kge.values.flatMap(\.keys))).sorted(), tasks = kge.keys.sorted()
        var canvas = SVGCanvas(width: 600, height: 290, margin: (58, 110, 12, 60))
        canvas.setRanges(x: -0.5...(Double(sites.count) - 0.5), y: 0.5...1)
        canvas.axes(xTitle: "", yTitle: "daily KGE, surrogate vs land model", xTicks: sites.indices.map(Double.init), xLabels: sites)
        for (k, task) in tasks.enumerated() {
            for (s, site) in sites.enumerated() {
                guard let values = kge[task]?[site], !values.isEmpty else { continue }
                let sorted = values.sorted(), x = Double(s) + (Double(k) - Double(tasks.count - 1) / 2) * 0.22
                let q1 = sorted[sorted.count / 4], q3 = sorted[(3 * sorted.count) / 4], median = sorted[sorted.count / 2]
                canvas.line([(x, max(q1, 0.5)), (x, q3)], colour: SVGCanvas.colour(k + 1), width: 4)
                canvas.marker((x, max(median, 0.5)), colour: "#000", size: 2.5, title: "\(task) at \(site): median KGE \(String(format: "%.3f", median)) over \(values.count) members")
            }
        }
        canvas.legend(tasks.enumerated().map { ($0.element, SVGCanvas.colour($0.offset + 1), "square") },
                      origin: (canvas.width - canvas.margin.right + 8, canvas.margin.top))
        return Figure(svg: canvas.svg, caption: "Surrogate fidelity on parameter sets it never saw (held-out ensemble members): Kling–Gupta efficiency of the surrogate's daily fluxes against the land model's, per site and flux — median (dot) and interquartile range (bar) over the held-out members; 1 is perfect, values below 0.5 are drawn at 0.5.")
    }
}
