import FluxData
import Foundation

/// The Qle–Qh trade-off per site (`mdpl-pareto/front.csv`): (1 − NSE) of Qle against (1 − NSE) of Qh
/// on the training period, MdPL's generator over task weightings (a line), SCE-UA at a few
/// weightings and the defaults (markers). Down and to the left is better.
enum ParetoFigure {
    static func figure(directory: RunDirectory, sites: [String]) -> Figure? {
        guard let table = try? CSVTable(contentsOf: directory.file("mdpl-pareto/front.csv")) else { return nil }
        var panels: [String] = []
        for site in sites {
            var mdpl: [(Double, Double)] = [], sce: [(Double, Double, String)] = [], defaults: (Double, Double)?
            for r in 0..<table.rowCount where table.value(row: r, column: "site") == site {
                guard let a = table.value(row: r, column: "misfit_Qle").flatMap(Double.init),
                      let b = table.value(row: r, column: "misfit_Qh").flatMap(Double.init) else { continue }
                switch table.value(row: r, column: "method") {
                case "mdpl": mdpl.append((a, b))
                case "sce-ua": sce.append((a, b, table.value(row: r, column: "weight_Qle") ?? ""))
                default: defaults = (a, b)
                }
            }
            guard !mdpl.isEmpty else { continue }
            let xs = mdpl.map(\.0) + sce.map(\.0) + [defaults?.0].compactMap { $0 }
            let ys = mdpl.map(\.1) + sce.map(\.1) + [defaults?.1].compactMap { $0 }
            var canvas = SVGCanvas(width: 300, height: 230, margin: (50, 10, 22, 40))
            let padX = max((xs.max()! - xs.min()!) * 0.08, 0.01), padY = max((ys.max()! - ys.min()!) * 0.08, 0.01)
            canvas.setRanges(x: (xs.min()! - padX)...(xs.max()! + padX), y: (ys.min()! - padY)...(ys.max()! + padY))
            canvas.axes(xTitle: "1 − NSE of Qle", yTitle: "1 − NSE of Qh")
            canvas.text(site, at: (canvas.margin.left + 4, 15), size: 12)
            canvas.line(mdpl, colour: SVGCanvas.colour(1), width: 1.5)
            for p in mdpl { canvas.marker(p, colour: SVGCanvas.colour(1), size: 2.5) }
            for p in sce { canvas.marker((p.0, p.1), colour: SVGCanvas.colour(2), shape: "square", size: 3.5, title: "SCE-UA, weight of Qle \(p.2)") }
            if let d = defaults { canvas.marker(d, colour: "#000", shape: "diamond", size: 4, title: "default parameters") }
            panels.append(canvas.svg)
        }
        guard !panels.isEmpty else { return nil }
        return Figure(svg: "<div class=\"panels\">" + panels.joined(separator: "\n") + "</div>",
                      caption: "The trade-off between Qle and Qh per site on the training period, each at the objective's time scales: 1 − NSE of Qle against 1 − NSE of Qh of the real land model with MdPL's parameters for task weightings from Qh only (top left) to Qle only (bottom right) (orange line and dots), SCE-UA's at a few weightings (blue squares) and the PFT defaults (black diamond). Lower and further left is better. On a true Pareto front no point improves one flux without worsening the other; a dot beaten on both fluxes by another dot or square shows where the surrogate led the generator astray.")
    }
}
