/// One variable as found in a flux-tower file: values in the source's units (NaN = missing),
/// MdPL quality codes per row, and a description of where they came from.
public struct SourceSeries: Sendable, Equatable {
    /// The source column, or how several were combined (e.g. `mean(G_1_1_1, G_2_1_1)`).
    public var column: String
    public var values: [Double]
    public var qc: [Int8]
    /// How the source flags were interpreted, for the file's `_qc` attributes.
    public var qualityNote: String

    public init(column: String, values: [Double], qc: [Int8], qualityNote: String) {
        precondition(values.count == qc.count, "values and qc differ in length")
        self.column = column
        self.values = values
        self.qc = qc
        self.qualityNote = qualityNote
    }

    /// The rows `range`.
    public func slice(_ range: Range<Int>) -> SourceSeries {
        SourceSeries(column: column, values: Array(values[range]), qc: Array(qc[range]), qualityNote: qualityNote)
    }
}
