import Foundation

/// A small SVG drawing surface for the report's figures: a plot area with linear axes, ticks and
/// labels, lines, markers, text and a legend, written as inline SVG (no scripts, no network).
struct SVGCanvas {
    let width: Double
    let height: Double
    /// Margins around the plot area: left, right, top, bottom.
    let margin: (left: Double, right: Double, top: Double, bottom: Double)
    private(set) var x: ClosedRange<Double> = 0...1
    private(set) var y: ClosedRange<Double> = 0...1
    private var elements: [String] = []

    init(width: Double = 560, height: Double = 340, margin: (left: Double, right: Double, top: Double, bottom: Double) = (58, 16, 16, 44)) {
        self.width = width
        self.height = height
        self.margin = margin
    }

    /// The categorical colour of series `i` (Okabe–Ito palette, readable by colour-blind readers).
    static func colour(_ i: Int) -> String {
        ["#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999", "#882255",
         "#44AA99", "#117733"][i % 12]
    }

    var plotWidth: Double { width - margin.left - margin.right }
    var plotHeight: Double { height - margin.top - margin.bottom }

    func px(_ value: Double) -> Double { margin.left + (value - x.lowerBound) / (x.upperBound - x.lowerBound) * plotWidth }
    func py(_ value: Double) -> Double { margin.top + (1 - (value - y.lowerBound) / (y.upperBound - y.lowerBound)) * plotHeight }

    /// Sets the data ranges of the axes.
    mutating func setRanges(x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.x = x.lowerBound < x.upperBound ? x : (x.lowerBound - 1)...(x.upperBound + 1)
        self.y = y.lowerBound < y.upperBound ? y : (y.lowerBound - 1)...(y.upperBound + 1)
    }

    /// "Nice" tick values (1, 2, 5 × 10ⁿ) covering `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = ceil(range.lowerBound / step) * step
        while t <= range.upperBound + step * 1e-9 { ticks.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
        return ticks
    }

    static func label(_ v: Double) -> String {
        abs(v) >= 1000 || (abs(v) < 0.01 && v != 0) ? String(format: "%.2g", v) : String(format: "%g", (v * 1000).rounded() / 1000)
    }

    /// Axes with ticks, grid lines and titles; `xLabels` replaces the x tick labels (e.g. months).
    mutating func axes(xTitle: String, yTitle: String, xTicks: [Double]? = nil, xLabels: [String]? = nil, grid: Bool = true,
                       yLabels: Bool = true) {
        let xt = xTicks ?? Self.ticks(x), yt = Self.ticks(y)
        for (i, t) in xt.enumerated() where x.contains(t) {
            if grid { line([(t, y.lowerBound), (t, y.upperBound)], colour: "#e4e4e4") }
            text(xLabels?[i] ?? Self.label(t), at: (px(t), margin.top + plotHeight + 16), anchor: "middle", size: 11)
        }
        for t in yt where y.contains(t) && yLabels {
            if grid { line([(x.lowerBound, t), (x.upperBound, t)], colour: "#e4e4e4") }
            text(Self.label(t), at: (margin.left - 6, py(t) + 4), anchor: "end", size: 11)
        }
        elements.append("<rect x=\"\(f(margin.left))\" y=\"\(f(margin.top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#555\"/>")
        text(xTitle, at: (margin.left + plotWidth / 2, height - 8), anchor: "middle", size: 12)
        elements.append("<text transform=\"translate(14,\(f(margin.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(Self.escape(yTitle))</text>")
    }

    /// A polyline through data points (NaN points break it into pieces).
    mutating func line(_ points: [(Double, Double)], colour: String, width lineWidth: Double = 1, dash: String? = nil) {
        var pieces: [[(Double, Double)]] = [[]]
        for p in points {
            if p.0.isFinite && p.1.isFinite { pieces[pieces.count - 1].append(p) } else if !pieces[pieces.count - 1].isEmpty { pieces.append([]) }
        }
        for piece in pieces where piece.count >= 2 {
            let d = piece.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
            elements.append("<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(lineWidth)\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
        }
    }

    /// A marker at a data point: `circle`, `square`, `triangle` or `diamond`.
    mutating func marker(_ point: (Double, Double), colour: String, shape: String = "circle", size: Double = 4, title: String? = nil) {
        guard point.0.isFinite, point.1.isFinite else { return }
        let cx = px(point.0), cy = py(point.1)
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        switch shape {
        case "square":
            elements.append("<rect x=\"\(f(cx - size))\" y=\"\(f(cy - size))\" width=\"\(f(2 * size))\" height=\"\(f(2 * size))\" fill=\"\(colour)\">\(tooltip)</rect>")
        case "triangle":
            elements.append("<polygon points=\"\(f(cx)),\(f(cy - size * 1.2)) \(f(cx - size)),\(f(cy + size * 0.8)) \(f(cx + size)),\(f(cy + size * 0.8))\" fill=\"\(colour)\">\(tooltip)</polygon>")
        case "diamond":
            elements.append("<polygon points=\"\(f(cx)),\(f(cy - size * 1.3)) \(f(cx - size)),\(f(cy)) \(f(cx)),\(f(cy + size * 1.3)) \(f(cx + size)),\(f(cy))\" fill=\"\(colour)\">\(tooltip)</polygon>")
        default:
            elements.append("<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(size))\" fill=\"\(colour)\" fill-opacity=\"0.85\">\(tooltip)</circle>")
        }
    }

    /// Text at pixel coordinates.
    mutating func text(_ s: String, at point: (Double, Double), anchor: String = "start", size: Double = 11, colour: String = "#222") {
        elements.append("<text x=\"\(f(point.0))\" y=\"\(f(point.1))\" text-anchor=\"\(anchor)\" font-size=\"\(f(size))\" fill=\"\(colour)\">\(Self.escape(s))</text>")
    }

    /// Raw SVG (in pixel coordinates).
    mutating func raw(_ element: String) { elements.append(element) }

    /// A legend box in the top-right corner of the plot area (or at `origin`).
    mutating func legend(_ entries: [(label: String, colour: String, shape: String?)], origin: (Double, Double)? = nil) {
        guard !entries.isEmpty else { return }
        let longest = entries.map(\.label.count).max() ?? 0
        let boxWidth = Double(longest) * 6.4 + 30, boxHeight = Double(entries.count) * 15 + 6
        let (x0, y0) = origin ?? (margin.left + plotWidth - boxWidth - 6, margin.top + 6)
        elements.append("<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(boxWidth))\" height=\"\(f(boxHeight))\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>")
        for (i, e) in entries.enumerated() {
            let yy = y0 + 14 + Double(i) * 15
            if let shape = e.shape {
                elements.append(Self.pixelMarker((x0 + 11, yy - 4), colour: e.colour, shape: shape))
            } else {
                elements.append("<line x1=\"\(f(x0 + 4))\" y1=\"\(f(yy - 4))\" x2=\"\(f(x0 + 20))\" y2=\"\(f(yy - 4))\" stroke=\"\(e.colour)\" stroke-width=\"2\"/>")
            }
            text(e.label, at: (x0 + 25, yy), size: 11)
        }
    }

    static func pixelMarker(_ p: (Double, Double), colour: String, shape: String) -> String {
        let (cx, cy) = p, s = 4.0
        switch shape {
        case "square": return "<rect x=\"\(f(cx - s))\" y=\"\(f(cy - s))\" width=\"\(f(2 * s))\" height=\"\(f(2 * s))\" fill=\"\(colour)\"/>"
        case "triangle": return "<polygon points=\"\(f(cx)),\(f(cy - s * 1.2)) \(f(cx - s)),\(f(cy + s * 0.8)) \(f(cx + s)),\(f(cy + s * 0.8))\" fill=\"\(colour)\"/>"
        case "diamond": return "<polygon points=\"\(f(cx)),\(f(cy - s * 1.3)) \(f(cx - s)),\(f(cy)) \(f(cx)),\(f(cy + s * 1.3)) \(f(cx + s)),\(f(cy))\" fill=\"\(colour)\"/>"
        default: return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(s))\" fill=\"\(colour)\"/>"
        }
    }

    /// The SVG element (scales to the page width, keeps its aspect ratio).
    var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" style=\"max-width:100%;height:auto\" font-family=\"sans-serif\">\n"
            + elements.joined(separator: "\n") + "\n</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

private func f(_ v: Double) -> String { String(format: "%.1f", v) }

/// A figure of the report: the SVG and a caption that says what is plotted, units and sign.
struct Figure {
    var svg: String
    var caption: String

    var html: String { "<figure>\n\(svg)\n<figcaption>\(SVGCanvas.escape(caption))</figcaption>\n</figure>\n" }
}
