/// One variable of an imported site as it goes into a PLUMBER2 file: the final series and where
/// every value came from.
public struct ImportedVariable: Sendable {
    /// ALMA/PLUMBER2 name (`Tair`, `Qair`, `Qle`, ...).
    public var name: String
    public var units: String
    public var longName: String
    public var series: Series
    /// The source column(s), or `derived` / `synthesised` / `climatology` / the LAI file.
    public var source: String
    /// What was done to the values, in words (with formulas and citations).
    public var processing: String
    /// How the `_qc` values were obtained.
    public var qualityNote: String
    /// Values removed by the physical range check (forcing: then filled; fluxes: left missing).
    public var rangeRemoved: Int
    /// Whether the whole series was synthesised (the source has no such variable).
    public var synthesised: Bool

    public init(name: String, units: String, longName: String, series: Series, source: String, processing: String,
                qualityNote: String, rangeRemoved: Int = 0, synthesised: Bool = false) {
        self.name = name
        self.units = units
        self.longName = longName
        self.series = series
        self.source = source
        self.processing = processing
        self.qualityNote = qualityNote
        self.rangeRemoved = rangeRemoved
        self.synthesised = synthesised
    }

    /// Share of steps [%] whose value is present and satisfies `condition` on its flag.
    public func percent(where condition: (Int8) -> Bool) -> Double {
        guard series.count > 0 else { return 0 }
        var n = 0
        for i in 0..<series.count where !series.values[i].isNaN && condition(series.qc[i]) { n += 1 }
        return 100 * Double(n) / Double(series.count)
    }

    /// Steps measured (qc 0), gap-filled or reanalysis by the source (qc 1–4), filled or
    /// synthesised here (qc 5), of unknown quality, and missing, in % of all steps.
    public var measuredPercent: Double { percent { $0 == QualityFlag.measured } }
    public var sourceFilledPercent: Double { percent { (1...4).contains($0) } }
    public var filledHerePercent: Double { percent { $0 == QualityFlag.synthesised } }
    public var unknownPercent: Double { percent { $0 == QualityFlag.unknown } }
    public var missingPercent: Double {
        series.count > 0 ? 100 * Double(series.count - series.validCount) / Double(series.count) : 0
    }
}
