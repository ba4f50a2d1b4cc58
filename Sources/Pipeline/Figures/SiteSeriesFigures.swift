import Evaluation
import FluxData
import Foundation

/// Per site: the monthly time series and the mean diurnal cycle per season of the observations and
/// of each model, every model averaged over exactly the steps where the observation counts (as the
/// metrics are), whole record.
enum SiteSeriesFigures {
    /// A model's flux series at a site.
    struct Series {
        var name: String
        var values: [FluxVariable: [Double]]
    }

    static func monthly(site: SiteDataset, models: [Series], fluxes: [FluxVariable], policy: QualityPolicy,
                        minValidFraction: Double) -> Figure? {
        let groups = TimeGroups(site.time, scale: .monthly)
        var panels: [String] = []
        for flux in fluxes {
            guard let observed = site.fluxes[flux] else { continue }
            let mask = policy.mask(observed)
            let obs = groups.mean(observed.values, mask: mask, minValidFraction: minValidFraction)
            guard obs.contains(where: \.isFinite) else { continue }
            let series = models.compactMap { m in m.values[flux].map { (m.name, groups.mean($0, mask: mask, minValidFraction: minValidFraction)) } }
            let all = (obs + series.flatMap(\.1)).filter(\.isFinite)
            var canvas = SVGCanvas(width: 600, height: 230, margin: (58, 130, 12, 40))
            canvas.setRanges(x: 0...Double(max(groups.count - 1, 1)), y: (all.min()! - 5)...(all.max()! + 5))
            let step = max(1, groups.count / 8)
            let ticks = stride(from: 0, to: groups.count, by: step).map(Double.init)
            let labels = ticks.map { i -> String in let t = groups.labels[Int(i)]; return String(format: "%04d-%02d", t.year, t.month) }
            canvas.axes(xTitle: "month (local standard time)", yTitle: "\(flux.rawValue) [\(flux.info.units)]", xTicks: ticks, xLabels: labels)
            canvas.line(obs.enumerated().map { (Double($0.offset), $0.element) }, colour: "#000", width: 2)
            for (k, s) in series.enumerated() {
                canvas.line(s.1.enumerated().map { (Double($0.offset), $0.element) }, colour: SVGCanvas.colour(k + 1), width: 1.3)
            }
            canvas.legend([("observed", "#000", nil)] + series.enumerated().map { ($0.element.0, SVGCanvas.colour($0.offset + 1), nil) },
                          origin: (canvas.width - canvas.margin.right + 6, canvas.margin.top))
            panels.append(canvas.svg)
        }
        guard !panels.isEmpty else { return nil }
        return Figure(svg: panels.joined(separator: "\n"),
                      caption: "\(site.info.code): monthly means of \(fluxes.map(\.rawValue).joined(separator: " and ")) (W m-2; positive upward), observed (black) and modelled, each model averaged over the steps with a counting observation; months with fewer than \(Int(minValidFraction * 100)) % of their steps observed are left out. Whole record (training and test periods).")
    }

    static func diurnal(site: SiteDataset, models: [Series], fluxes: [FluxVariable], policy: QualityPolicy) -> Figure? {
        let seasons: [(String, Set<Int>)] = [("DJF", [12, 1, 2]), ("MAM", [3, 4, 5]), ("JJA", [6, 7, 8]), ("SON", [9, 10, 11])]
        let slots = max(1, 86400 / site.time.stepSeconds)
        var panels: [String] = []
        for flux in fluxes {
            guard let observed = site.fluxes[flux] else { continue }
            let mask = policy.mask(observed)
            var row: [String] = []
            for (season, months) in seasons {
                func cycle(_ values: [Double]) -> [Double] {
                    var sum = [Double](repeating: 0, count: slots), n = [Int](repeating: 0, count: slots)
                    for i in 0..<site.time.count where mask[i] && !observed.values[i].isNaN && values[i].isFinite {
                        let t = site.time.time(at: i)
                        guard months.contains(t.month) else { continue }
                        let slot = min(t.secondOfDay / site.time.stepSeconds, slots - 1)
                        sum[slot] += values[i]
                        n[slot] += 1
                    }
                    return zip(sum, n).map { $1 >= 3 ? $0 / Double($1) : .nan }
                }
                let obs = cycle(observed.values)
                guard obs.contains(where: \.isFinite) else { continue }
                let series = models.compactMap { m in m.values[flux].map { (m.name, cycle($0)) } }
                let all = (obs + series.flatMap(\.1)).filter(\.isFinite)
                var canvas = SVGCanvas(width: 250, height: 190, margin: (46, 8, 20, 34))
                canvas.setRanges(x: 0...24, y: (all.min()! - 10)...(all.max()! + 10))
                canvas.axes(xTitle: "hour", yTitle: "\(flux.rawValue) [W m-2]", xTicks: [0, 6, 12, 18, 24])
                canvas.text("\(season)", at: (canvas.margin.left + 4, 14), size: 12)
                let hours = (0..<slots).map { (Double($0) + 0.5) * 24 / Double(slots) }
                canvas.line(zip(hours, obs).map { ($0, $1) }, colour: "#000", width: 2)
                for (k, s) in series.enumerated() { canvas.line(zip(hours, s.1).map { ($0, $1) }, colour: SVGCanvas.colour(k + 1)) }
                row.append(canvas.svg)
            }
            if !row.isEmpty { panels.append("<div class=\"panels\">" + row.joined(separator: "\n") + "</div>") }
        }
        guard !panels.isEmpty else { return nil }
        let key = (["observed (black)"] + models.enumerated().map { "\($0.element.name) (\(SVGCanvas.colour($0.offset + 1)))" }).joined(separator: ", ")
        return Figure(svg: panels.joined(separator: "\n"),
                      caption: "\(site.info.code): mean diurnal cycle per season (DJF, MAM, JJA, SON; local standard time) of \(fluxes.map(\.rawValue).joined(separator: " and ")) in W m-2, positive upward, over the steps with a counting observation, whole record. Lines: \(key).")
    }
}
