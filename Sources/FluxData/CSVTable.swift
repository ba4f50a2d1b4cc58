import Foundation

/// A comma-separated table with one header row, read into memory as text cells.
///
/// Lines starting with `#` before the header are comments (AmeriFlux BASE files carry two).
/// Quoted cells with embedded commas are supported; empty cells stay empty strings.
public struct CSVTable {
    public var header: [String]
    public var rows: [[Substring]]
    /// The file the table was read from (for error messages).
    public var file: String
    private var columnIndex: [String: Int]

    /// Reads and splits the file at `url`.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: url.path, "file does not exist or cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw DataError(file: url.path, "file is not text")
        }
        try self.init(text: text, file: url.path)
    }

    /// Splits `text` (named `file` in errors).
    public init(text: String, file: String) throws {
        self.file = file
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let first = lines.first, first.hasPrefix("#") || first.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeFirst()
        }
        guard let headerLine = lines.first else {
            throw DataError(file: file, "the file has no header line")
        }
        header = Self.split(headerLine).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\r")) }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        columnIndex = index
        rows = []
        rows.reserveCapacity(lines.count - 1)
        for (n, line) in lines.dropFirst().enumerated() {
            var cells = Self.split(line)
            if let last = cells.last, last.hasSuffix("\r") { cells[cells.count - 1] = last.dropLast() }
            guard cells.count == header.count else {
                throw DataError(file: file, "line \(n + 2) has \(cells.count) cells, the header has \(header.count)")
            }
            rows.append(cells)
        }
    }

    /// Whether the header has a column of this name.
    public func has(_ column: String) -> Bool { columnIndex[column] != nil }

    /// The position of a column in the header.
    public func index(of column: String) -> Int? { columnIndex[column] }

    /// The text of one cell.
    public func value(row: Int, column: String) -> String? {
        guard let c = columnIndex[column] else { return nil }
        return String(rows[row][c])
    }

    /// A numeric column with `missing` (and empty or unparsable cells) read as NaN.
    public func numbers(_ column: String, missing: Double = -9999) -> [Double]? {
        guard let c = columnIndex[column] else { return nil }
        return rows.map { row in
            guard let v = Double(row[c]), v != missing, v.isFinite else { return .nan }
            return v
        }
    }

    static func split(_ line: Substring) -> [Substring] {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false) }
        var cells: [Substring] = []
        var start = line.startIndex
        var inQuotes = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "\"" { inQuotes.toggle() }
            else if c == "," && !inQuotes {
                cells.append(Self.unquote(line[start..<i]))
                start = line.index(after: i)
            }
            i = line.index(after: i)
        }
        cells.append(Self.unquote(line[start..<line.endIndex]))
        return cells
    }

    private static func unquote(_ cell: Substring) -> Substring {
        var c = cell
        if c.hasPrefix("\""), c.hasSuffix("\""), c.count >= 2 { c = c.dropFirst().dropLast() }
        return c
    }
}
