/// A plain-text table with aligned columns (numbers right-aligned), and its Markdown form.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "row has \(row.count) cells, header has \(header.count)")
        rows.append(row)
    }

    /// Whether a cell reads as a number (`-1.5`, `3e-06`, `87%`, `2.4×`), not a name such as `e0`.
    static func isNumeric(_ s: String) -> Bool {
        guard let first = s.first, "0123456789.-+".contains(first) else { return false }
        return s.contains(where: \.isNumber) && s.allSatisfy { "0123456789.-+e%×".contains($0) }
    }

    /// Aligned text, one line per row, two spaces between columns.
    public var text: String {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                let pad = String(repeating: " ", count: widths[c] - s.count)
                return Self.isNumeric(s) ? pad + s : s + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured Markdown table.
    public var markdown: String {
        let head = "| " + header.joined(separator: " | ") + " |"
        let rule = "|" + header.map { _ in "---|" }.joined()
        let body = rows.map { "| " + $0.joined(separator: " | ") + " |" }
        return ([head, rule] + body).joined(separator: "\n") + "\n"
    }

    /// Comma-separated values (cells containing commas or quotes are quoted).
    public var csv: String {
        func cell(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// Number formatting used in tables.
public enum Format {
    /// `value` with `digits` decimals, or `-` for NaN.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "-"
    }

    /// A fraction as a whole percentage, `87%`.
    public static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.0f%%", 100 * fraction) : "-"
    }
}
