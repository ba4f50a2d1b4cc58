import Foundation

/// A comma-separated table with one header row, held in memory as the file's bytes plus the
/// position of every cell.
///
/// Lines starting with `#` before the header are comments (AmeriFlux BASE files carry two, e.g.
/// `# Site: US-CRT`); they are kept in `comments`. Blank lines are skipped, `\r\n` line ends are
/// accepted, quoted cells may contain commas, and empty cells read as empty text.
///
/// The file is split in one pass over its bytes and numbers are parsed straight from them, so a
/// 21 MB AmeriFlux BASE file (52 608 rows × 53 columns) is read in a fraction of a second.
public struct CSVTable: Sendable {
    public var header: [String]
    /// The text of the `#` lines before the header, without the `#` and surrounding blanks.
    public var comments: [String]
    /// The file the table was read from (for error messages).
    public var file: String
    /// Number of data rows.
    public private(set) var rowCount: Int
    private var columnIndex: [String: Int]
    private var bytes: [UInt8]
    /// For row r, `cellStarts[r * (columns + 1) + c]` is the byte offset where cell c starts; the
    /// entry after the last cell is one past the end of the row's last cell plus its separator.
    private var cellStarts: [UInt32]
    /// The 1-based line number of each row in the file (for error messages).
    private var lineNumbers: [UInt32]

    /// Reads and splits the file at `url`.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: url.path, "file does not exist or cannot be read")
        }
        try self.init(bytes: [UInt8](data), file: url.path)
    }

    /// Splits `text` (named `file` in errors).
    public init(text: String, file: String) throws {
        try self.init(bytes: Array(text.utf8), file: file)
    }

    /// Splits the bytes of a CSV file (named `file` in errors).
    public init(bytes: [UInt8], file: String) throws {
        guard bytes.count < Int(UInt32.max) else {
            throw DataError(file: file, "the file is larger than 4 GB, which CSVTable does not support")
        }
        self.file = file
        self.bytes = bytes
        let lines = Self.lineRanges(bytes)
        var comments: [String] = []
        var next = 0
        while next < lines.count, bytes[lines[next].range.lowerBound] == UInt8(ascii: "#") {
            let text = String(decoding: bytes[lines[next].range.dropFirst()], as: UTF8.self)
            comments.append(text.trimmingCharacters(in: .whitespaces))
            next += 1
        }
        self.comments = comments
        guard next < lines.count else {
            throw DataError(file: file, "the file has no header line")
        }
        let headerLine = lines[next]
        var headerStarts: [UInt32] = []
        Self.split(bytes, headerLine.range, into: &headerStarts)
        let columns = headerStarts.count - 1
        header = (0..<columns).map { c in
            let range = Int(headerStarts[c])..<(Int(headerStarts[c + 1]) - 1)
            return String(decoding: bytes[range], as: UTF8.self)
                .trimmingCharacters(in: CharacterSet(charactersIn: " \"\u{FEFF}"))
        }
        if header.count == 1 {
            let line = bytes[headerLine.range]
            for (delimiter, name) in [(UInt8(ascii: ";"), "semicolon (;)"), (UInt8(ascii: "\t"), "tab"), (UInt8(ascii: "|"), "vertical bar (|)")] {
                let count = line.filter { $0 == delimiter }.count
                if count > 0 {
                    throw DataError(file: file, "the header line has no commas but \(count) of another delimiter, \(name): convert the file to comma-separated values")
                }
            }
        }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        columnIndex = index

        let dataLines = lines[(next + 1)...]
        var starts: [UInt32] = []
        starts.reserveCapacity(dataLines.count * (columns + 1))
        var numbers: [UInt32] = []
        numbers.reserveCapacity(dataLines.count)
        for line in dataLines {
            let before = starts.count
            Self.split(bytes, line.range, into: &starts)
            let cells = starts.count - before - 1
            guard cells == columns else {
                throw DataError(file: file, "line \(line.number) has \(cells) cells, the header has \(columns)")
            }
            numbers.append(UInt32(line.number))
        }
        cellStarts = starts
        lineNumbers = numbers
        rowCount = numbers.count
    }

    /// The row indices, `0 ..< rowCount`.
    public var rows: Range<Int> { 0..<rowCount }

    /// Whether the header has a column of this name.
    public func has(_ column: String) -> Bool { columnIndex[column] != nil }

    /// The position of a column in the header.
    public func index(of column: String) -> Int? { columnIndex[column] }

    /// The 1-based line of the file that holds data row `row`.
    public func lineNumber(ofRow row: Int) -> Int { Int(lineNumbers[row]) }

    /// The text of one cell (quotes and surrounding blanks removed).
    public func value(row: Int, column: String) -> String? {
        guard let c = columnIndex[column] else { return nil }
        return String(decoding: bytes[cellRange(row: row, column: c)], as: UTF8.self)
    }

    /// A numeric column with `missing` (and empty or unparsable cells) read as NaN.
    public func numbers(_ column: String, missing: Double = -9999) -> [Double]? {
        guard let c = columnIndex[column] else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            (0..<rowCount).map { r in
                let v = Self.parseDouble(buffer, cellRange(row: r, column: c))
                return v == missing || !v.isFinite ? .nan : v
            }
        }
    }

    /// The byte range of a cell, without quotes and surrounding blanks.
    private func cellRange(row: Int, column c: Int) -> Range<Int> {
        let base = row * (header.count + 1) + c
        var lower = Int(cellStarts[base])
        var upper = Int(cellStarts[base + 1]) - 1
        while lower < upper, bytes[lower] == 32 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 32 { upper -= 1 }
        if upper - lower >= 2, bytes[lower] == 34, bytes[upper - 1] == 34 { lower += 1; upper -= 1 }
        return lower..<upper
    }

    /// Non-blank lines with their 1-based numbers; `\r` before `\n` is left to the cell trimming.
    private static func lineRanges(_ bytes: [UInt8]) -> [(range: Range<Int>, number: Int)] {
        var lines: [(range: Range<Int>, number: Int)] = []
        var start = 0
        var number = 1
        func add(_ end: Int) {
            var last = end
            if last > start, bytes[last - 1] == 13 { last -= 1 }
            if bytes[start..<last].contains(where: { $0 != 32 && $0 != 9 }) {
                lines.append((start..<last, number))
            }
        }
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == 10 {
                add(i)
                start = i + 1
                number += 1
            }
        }
        if start < bytes.count { add(bytes.count) }
        return lines
    }

    /// Appends the start offset of every cell of `line`, then one past the line's end + 1
    /// (so that cell c spans `starts[c] ..< starts[c + 1] - 1`). Commas inside quotes do not split.
    private static func split(_ bytes: [UInt8], _ line: Range<Int>, into starts: inout [UInt32]) {
        starts.append(UInt32(line.lowerBound))
        var inQuotes = false
        bytes.withUnsafeBufferPointer { buffer in
            for i in line {
                let b = buffer[i]
                if b == 34 { inQuotes.toggle() }
                else if b == 44 && !inQuotes { starts.append(UInt32(i + 1)) }
            }
        }
        starts.append(UInt32(line.upperBound + 1))
    }

    /// Parses a decimal number (`-12.5`, `3e-4`, `NaN`) from `range` of `buffer`; NaN if the cell
    /// is empty or not a number. Up to 15 significant digits with a decimal exponent of at most
    /// 22 are converted exactly (one correctly rounded division, Clinger 1990's fast path); longer
    /// numbers go through `strtod`.
    static func parseDouble(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        guard !range.isEmpty else { return .nan }
        var i = range.lowerBound
        var negative = false
        if buffer[i] == 45 || buffer[i] == 43 { negative = buffer[i] == 45; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        var sawDigit = false, inFraction = false
        var exponent = 0
        while i < range.upperBound {
            let b = buffer[i]
            if b >= 48 && b <= 57 {
                sawDigit = true
                if mantissa == 0 && b == 48 {
                    if inFraction { fractionDigits += 1 }
                } else {
                    digits += 1
                    if digits > 15 { return slowParse(buffer, range) }
                    mantissa = mantissa * 10 + UInt64(b - 48)
                    if inFraction { fractionDigits += 1 }
                }
            } else if b == 46 && !inFraction {
                inFraction = true
            } else if (b == 101 || b == 69) && sawDigit {
                var j = i + 1
                var expNegative = false
                if j < range.upperBound, buffer[j] == 45 || buffer[j] == 43 { expNegative = buffer[j] == 45; j += 1 }
                guard j < range.upperBound else { return .nan }
                var e = 0
                while j < range.upperBound {
                    let d = buffer[j]
                    guard d >= 48 && d <= 57, e < 10_000 else { return slowParse(buffer, range) }
                    e = e * 10 + Int(d - 48)
                    j += 1
                }
                exponent = expNegative ? -e : e
                break
            } else {
                return slowParse(buffer, range)
            }
            i += 1
        }
        guard sawDigit else { return .nan }
        let scale = exponent - fractionDigits
        guard abs(scale) <= 22 else { return slowParse(buffer, range) }
        var value = Double(mantissa)
        if scale < 0 { value /= powersOfTen[-scale] } else if scale > 0 { value *= powersOfTen[scale] }
        return negative ? -value : value
    }

    /// 10^0 … 10^22, all exactly representable (products of exact values stay exact up to 10^22).
    private static let powersOfTen: [Double] = (0...22).reduce(into: []) { table, k in
        table.append(k == 0 ? 1 : table[k - 1] * 10)
    }

    private static func slowParse(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        Double(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)) ?? .nan
    }
}
