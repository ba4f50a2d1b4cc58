import Evaluation
import Foundation
import MdPLSupport

/// Taylor (2001, JGR 106, 7183) diagram of one flux at one time scale: each model's standard
/// deviation normalised by the observations' (radius) against its correlation with them (angle,
/// arccos r); the observations sit at (1, 0), and the distance to them is the normalised centred
/// RMS difference. A large marker per model at the median over sites, small ones per site.
enum TaylorDiagram {
    static func figure(_ metrics: MetricsTable, flux: String, scale: TimeScale, models: [String]) -> Figure? {
        var points: [(model: Int, site: String, sd: Double, r: Double)] = []
        for (m, model) in models.enumerated() {
            for row in metrics.rows where row.model == model && row.flux == flux && row.period == "test" && row.skill.scale == scale {
                let s = row.skill.scores
                if s.sdRatio.isFinite && s.r.isFinite { points.append((m, row.site, s.sdRatio, s.r)) }
            }
        }
        guard !points.isEmpty else { return nil }
        let negative = points.contains { $0.r < 0 }
        let radius = min(max(1.5, (points.map(\.sd).max() ?? 1) * 1.1), 3)
        // The diagram on the left, the legend in a column of its own on the right.
        var canvas = SVGCanvas(width: negative ? 600 : 470, height: 330, margin: (40, 160, 22, 40))
        canvas.setRanges(x: (negative ? -radius : 0)...radius, y: 0...radius)
        // Keep the aspect ratio: the plot area is scaled so a unit is the same in x and y.
        let scaleX = canvas.plotWidth / (negative ? 2 * radius : radius), scaleY = canvas.plotHeight / radius
        let unit = min(scaleX, scaleY)
        let originX = canvas.margin.left + (negative ? radius * unit : 0), originY = canvas.margin.top + radius * unit
        func at(_ sd: Double, _ r: Double) -> (Double, Double) {
            let theta = acos(max(-1, min(1, r)))
            return (originX + sd * cos(theta) * unit, originY - sd * sin(theta) * unit)
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        // Standard-deviation arcs, correlation rays, and centred RMS difference arcs around (1, 0).
        for sd in SVGCanvas.ticks(0...radius, count: 4) where sd > 0 {
            let start = at(sd, negative ? -1 : 0), end = at(sd, 1)
            canvas.raw("<path d=\"M \(f(start.0)) \(f(start.1)) A \(f(sd * unit)) \(f(sd * unit)) 0 0 1 \(f(end.0)) \(f(end.1))\" fill=\"none\" stroke=\"\(abs(sd - 1) < 1e-9 ? "#888" : "#ddd")\"/>")
            canvas.text(SVGCanvas.label(sd), at: (originX + sd * unit, originY + 14), anchor: "middle", size: 10)
        }
        for r in (negative ? [-0.9, -0.6, -0.3] : []) + [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99] {
            let end = at(radius, r)
            canvas.raw("<line x1=\"\(f(originX))\" y1=\"\(f(originY))\" x2=\"\(f(end.0))\" y2=\"\(f(end.1))\" stroke=\"#eee\"/>")
            let label = at(radius * 1.02, r)
            canvas.text(SVGCanvas.label(r), at: label, anchor: r < 0 ? "end" : "start", size: 9, colour: "#666")
        }
        for rmsd in [0.5, 1.0, 1.5] {
            // Points at distance rmsd from (1, 0), inside the diagram.
            var path: [String] = []
            for step in 0...60 {
                let phi = Double.pi * Double(step) / 60
                let px = 1 + rmsd * cos(phi), py = rmsd * sin(phi)
                guard (px * px + py * py).squareRoot() <= radius, negative || px >= 0 else { continue }
                path.append("\(path.isEmpty ? "M" : "L") \(f(originX + px * unit)) \(f(originY - py * unit))")
            }
            if path.count > 1 { canvas.raw("<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#cfe3cf\" stroke-dasharray=\"3,3\"/>") }
        }
        canvas.raw("<text x=\"\(f(originX + (negative ? 0 : radius * unit / 2)))\" y=\"\(f(originY + 30))\" text-anchor=\"middle\" font-size=\"11\">standard deviation / observed standard deviation</text>")
        canvas.raw("<text x=\"\(f(at(radius * 0.78, 0.72).0))\" y=\"\(f(at(radius * 0.78, 0.72).1))\" font-size=\"10\" fill=\"#666\" transform=\"rotate(-42 \(f(at(radius * 0.78, 0.72).0)) \(f(at(radius * 0.78, 0.72).1)))\">correlation</text>")
        let observed = at(1, 1)
        canvas.raw(SVGCanvas.pixelMarker(observed, colour: "#000", shape: "square"))
        for p in points {
            let q = at(p.sd, p.r)
            canvas.raw("<circle cx=\"\(f(q.0))\" cy=\"\(f(q.1))\" r=\"2\" fill=\"\(SVGCanvas.colour(p.model + 1))\" fill-opacity=\"0.45\"><title>\(SVGCanvas.escape("\(models[p.model]) \(p.site): SD ratio \(String(format: "%.2f", p.sd)), r \(String(format: "%.2f", p.r))"))</title></circle>")
        }
        var legend: [(label: String, colour: String, shape: String?)] = [("observations", "#000", "square")]
        for (m, model) in models.enumerated() {
            let mine = points.filter { $0.model == m }
            guard !mine.isEmpty else { continue }
            let sd = mine.map(\.sd).finiteMedian, r = mine.map(\.r).finiteMedian
            canvas.raw(SVGCanvas.pixelMarker(at(sd, r), colour: SVGCanvas.colour(m + 1), shape: "diamond"))
            legend.append((model, SVGCanvas.colour(m + 1), "diamond"))
        }
        canvas.legend(legend, origin: (canvas.width - canvas.margin.right + 12, canvas.margin.top))
        let label = scale == .native ? "half-hourly" : scale.rawValue
        return Figure(svg: canvas.svg, caption: "Taylor diagram of \(flux), \(label), test period: each model's standard deviation divided by the observed one (distance from the origin) against its correlation with the observations (angle; rays labelled with r). The square is the observations; the dashed arcs are normalised centred RMS differences of 0.5, 1 and 1.5 from it. Diamonds: median over sites of each model; small dots: single sites.")
    }

}
