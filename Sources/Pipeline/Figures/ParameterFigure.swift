import Foundation
import LandModel

/// Learned parameters on their ranges: one strip per calibrated parameter, the position of each
/// site's value in the transformed range of LSM_SPEC.md 3A (0 = lower bound, 1 = upper bound; log
/// scale for log parameters), one row of markers per method, the sites' PFT defaults as grey bars.
enum ParameterFigure {
    static func figure(_ learned: LearnedParameters) -> Figure? {
        guard !learned.methods.isEmpty, !learned.calibrated.isEmpty else { return nil }
        let methods = learned.methods.map(\.0)
        let strip = 14.0 * Double(methods.count) + 14
        var canvas = SVGCanvas(width: 640, height: strip * Double(learned.calibrated.count) + 60, margin: (90, 150, 10, 44))
        canvas.setRanges(x: 0...1, y: 0...Double(learned.calibrated.count))
        canvas.axes(xTitle: "position in the parameter's range (0 = minimum, 1 = maximum; transformed scale)", yTitle: "",
                    xTicks: [0, 0.25, 0.5, 0.75, 1], grid: true)
        let shapes = ["circle", "square", "triangle", "diamond"]
        for (p, id) in learned.calibrated.enumerated() {
            let top = Double(learned.calibrated.count - p)
            canvas.text("\(id.spec.symbol)", at: (canvas.margin.left - 6, canvas.py(top - 0.5) + 4), anchor: "end", size: 11)
            if p > 0 { canvas.line([(0, top), (1, top)], colour: "#999") }
            for defaults in learned.defaults {
                let u = id.spec.unit(fromValue: defaults[id])
                canvas.line([(u, top - 0.05), (u, top - 0.95)], colour: "#bbb", width: 3)
            }
            for (m, (name, sets)) in learned.methods.enumerated() {
                let y = top - (Double(m) + 1) / Double(methods.count + 1)
                for (s, set) in sets.enumerated() {
                    canvas.marker((id.spec.unit(fromValue: set[id]), y), colour: SVGCanvas.colour(m + 1), shape: shapes[m % shapes.count],
                                  size: 3, title: "\(name) at \(learned.sites[s]): \(id.spec.symbol) = \(String(format: "%.4g", set[id])) \(id.spec.units)")
                }
            }
        }
        canvas.legend([("PFT default", "#bbb", "square")] + methods.enumerated().map { ($0.element, SVGCanvas.colour($0.offset + 1), shapes[$0.offset % shapes.count]) },
                      origin: (canvas.width - canvas.margin.right + 8, canvas.margin.top))
        let ranges = learned.calibrated.map { "\($0.spec.symbol) \($0.spec.minimum)–\($0.spec.maximum) \($0.spec.units) (\($0.spec.scale.rawValue))" }
        return Figure(svg: canvas.svg, caption: "Learned parameters of every site, per method (markers), on each parameter's range in its transformed space (LSM_SPEC.md table 3A); grey bars are the sites' PFT defaults. Values at 0 or 1 sit at a range limit. Ranges: " + ranges.joined(separator: "; ") + ".")
    }
}
