/// Which observations count in losses and metrics (ARCHITECTURE.md "QC").
///
/// A value counts when it is present and either its flag is known and `<= maxQC`, or its flag is
/// unknown and `includeUnknown` is set. The default uses measured values only (`maxQC = 0`) plus
/// values of unknown quality, which is the only way to use sites whose source gives no flags.
public struct QualityPolicy: Codable, Sendable, Hashable {
    /// Highest accepted flag (0 measured, 1–3 gap-filled, 4 reanalysis, 5 synthesised).
    public var maxQC: Int
    /// Whether values whose source gives no flag count.
    public var includeUnknown: Bool

    public init(maxQC: Int = 0, includeUnknown: Bool = true) {
        self.maxQC = maxQC
        self.includeUnknown = includeUnknown
    }

    enum CodingKeys: String, CodingKey { case maxQC, includeUnknown }

    /// Decodes with defaults for absent keys (`maxQC` 0, `includeUnknown` true).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxQC = try c.decodeIfPresent(Int.self, forKey: .maxQC) ?? 0
        includeUnknown = try c.decodeIfPresent(Bool.self, forKey: .includeUnknown) ?? true
    }

    /// Whether step `i` of `series` counts.
    @inlinable
    public func accepts(_ series: Series, at i: Int) -> Bool {
        guard !series.values[i].isNaN else { return false }
        let flag = series.qc[i]
        return flag == QualityFlag.unknown ? includeUnknown : Int(flag) <= maxQC
    }

    /// The mask of steps that count.
    public func mask(_ series: Series) -> [Bool] {
        (0..<series.count).map { accepts(series, at: $0) }
    }
}

/// How many present values of a series fall in each quality class. Every score reports these.
public struct QualityCounts: Sendable, Hashable, Codable {
    public var measured = 0
    public var gapFilled = 0
    public var reanalysis = 0
    public var synthesised = 0
    public var unknown = 0
    public var other = 0

    public init() {}

    /// Counts the present values of `series`, optionally only where `mask` is true.
    public init(_ series: Series, mask: [Bool]? = nil) {
        for i in 0..<series.count where !series.values[i].isNaN && (mask?[i] ?? true) {
            switch series.qc[i] {
            case QualityFlag.unknown: unknown += 1
            case 0: measured += 1
            case 1...3: gapFilled += 1
            case 4: reanalysis += 1
            case 5: synthesised += 1
            default: other += 1
            }
        }
    }

    public var total: Int { measured + gapFilled + reanalysis + synthesised + unknown + other }

    /// Compact text, e.g. `qc0 8123, unknown 0`.
    public var summary: String {
        var parts = ["qc0 \(measured)"]
        if gapFilled > 0 { parts.append("qc1-3 \(gapFilled)") }
        if reanalysis > 0 { parts.append("qc4 \(reanalysis)") }
        if synthesised > 0 { parts.append("qc5 \(synthesised)") }
        if unknown > 0 { parts.append("unknown \(unknown)") }
        if other > 0 { parts.append("other \(other)") }
        return parts.joined(separator: ", ")
    }
}
