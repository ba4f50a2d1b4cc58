import Evaluation
import Foundation

/// ΔRMSE % of every model against the default land model, per site (one row each) and model (one
/// marker each), for one flux and time scale on the test period: 100 (RMSE_model − RMSE_default) /
/// RMSE_default, negative is better.
enum DeltaRMSEFigure {
    static func figure(_ metrics: MetricsTable, flux: String, scale: TimeScale, models: [String]) -> Figure? {
        func rmse(_ model: String, _ site: String) -> Double? {
            metrics.rows.first { $0.model == model && $0.site == site && $0.flux == flux && $0.period == "test" && $0.skill.scale == scale }?
                .skill.scores.rmse
        }
        let sites = Array(Set(metrics.rows.filter { $0.flux == flux }.map(\.site))).sorted()
        var values: [(site: Int, model: Int, delta: Double)] = []
        for (s, site) in sites.enumerated() {
            guard let base = rmse("default", site), base > 0 else { continue }
            for (m, model) in models.enumerated() {
                if let r = rmse(model, site), r.isFinite { values.append((s, m, 100 * (r - base) / base)) }
            }
        }
        guard !values.isEmpty else { return nil }
        let rowHeight = 22.0
        var canvas = SVGCanvas(width: 640, height: Double(sites.count) * rowHeight + 70, margin: (70, 170, 10, 44))
        let lowest = min(values.map(\.delta).min()!, -5), highest = max(values.map(\.delta).max()!, 5)
        let clipped = (max(lowest, -100) - 5)...(min(highest, 150) + 5)
        canvas.setRanges(x: clipped, y: -0.5...(Double(sites.count) - 0.5))
        let label = scale == .native ? "half-hourly" : scale.rawValue
        canvas.axes(xTitle: "ΔRMSE % of \(flux), \(label) (negative = better than default)", yTitle: "", xTicks: nil, grid: true,
                    yLabels: false)
        for s in sites.indices { canvas.line([(clipped.lowerBound, Double(s)), (clipped.upperBound, Double(s))], colour: "#f0f0f0") }
        for (s, site) in sites.enumerated() {
            canvas.text(site, at: (canvas.margin.left - 6, canvas.py(Double(sites.count - 1 - s)) + 4), anchor: "end", size: 11)
        }
        canvas.line([(0, -0.5), (0, Double(sites.count) - 0.5)], colour: "#555", width: 1.5)
        let shapes = ["circle", "square", "triangle", "diamond"]
        for v in values {
            let jitter = (Double(v.model) - Double(models.count - 1) / 2) * 0.09
            let x = min(max(v.delta, clipped.lowerBound), clipped.upperBound)
            canvas.marker((x, Double(sites.count - 1 - v.site) + jitter), colour: SVGCanvas.colour(v.model + 1),
                          shape: shapes[v.model % shapes.count], size: 3.5,
                          title: "\(models[v.model]) at \(sites[v.site]): \(String(format: "%+.1f", v.delta)) %")
        }
        canvas.legend(models.enumerated().map { ($0.element, SVGCanvas.colour($0.offset + 1), shapes[$0.offset % shapes.count]) },
                      origin: (canvas.width - canvas.margin.right + 8, canvas.margin.top))
        return Figure(svg: canvas.svg, caption: "ΔRMSE % = 100 (RMSE_model − RMSE_default) / RMSE_default of \(flux) at \(label) scale on each site's test period, one marker per model; negative values are improvements over the land model with default parameters. Values beyond the axis are drawn at its edge.")
    }
}
