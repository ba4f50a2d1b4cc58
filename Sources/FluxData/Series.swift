/// One variable on a site's time axis: values with NaN for missing, and per-step quality flags.
public struct Series: Sendable, Equatable {
    /// Values in canonical units; NaN where missing.
    public var values: [Double]
    /// Quality flag per step (`QualityFlag` codes); `QualityFlag.unknown` where the source gives none.
    public var qc: [Int8]

    /// A series with the given flags (must have the same length as `values`).
    public init(values: [Double], qc: [Int8]) {
        precondition(values.count == qc.count, "values and qc differ in length")
        self.values = values
        self.qc = qc
    }

    /// A series whose quality is unknown everywhere.
    public init(values: [Double]) {
        self.init(values: values, qc: [Int8](repeating: QualityFlag.unknown, count: values.count))
    }

    public var count: Int { values.count }

    /// Number of non-missing values.
    public var validCount: Int { values.reduce(0) { $1.isNaN ? $0 : $0 + 1 } }

    /// The steps `range` of the series.
    public func slice(_ range: Range<Int>) -> Series {
        Series(values: Array(values[range]), qc: Array(qc[range]))
    }
}

/// Quality-flag codes (ARCHITECTURE.md "QC"): 0 measured, 1–3 gap-filled good→poor, 4 reanalysis,
/// 5 statistical/synthesised, 101 post-processed; `unknown` where the source states none.
public enum QualityFlag {
    public static let measured: Int8 = 0
    public static let reanalysis: Int8 = 4
    public static let synthesised: Int8 = 5
    public static let postProcessed: Int8 = 101
    /// The source gives no per-record flag for this value.
    public static let unknown: Int8 = -1

    /// Converts a flag read from a file (NaN = no flag) to a code.
    public static func code(_ value: Double) -> Int8 {
        guard value.isFinite, value >= 0, value <= 127 else { return unknown }
        return Int8(value.rounded())
    }
}
