/// What differs between flux-tower CSV formats: the time-stamp columns, which columns hold each
/// variable and what their flags mean, where the site code is written, and the source's own
/// screening of flux values. The rest of an import (`FluxTowerImporter`) is shared.
protocol FluxTowerColumns {
    /// The table being imported.
    var table: CSVTable { get }
    /// The column of interval-start stamps (`TIMESTAMP_START`, or `TIMESTAMP` in daily files).
    var timeColumn: String { get }
    /// The column of interval-end stamps, checked against the start stamps, if the format has one.
    var endColumn: String? { get }
    /// The humidity variables, the one preferred as the measured humidity first.
    var humidityPreference: [TowerVariable] { get }
    /// The columns searched for `variable`, most preferred first (named in error messages).
    func candidates(_ variable: TowerVariable) -> [String]
    /// The first candidate column of `variable` holding any value, or nil.
    func series(_ variable: TowerVariable) -> SourceSeries?
    /// The site code, from the file's comments or name.
    func siteCode(fileName: String) -> String?
    /// Flux rows the source's own quality control rejected, with a description of the rule, or
    /// nil if the format or file has no such information for `source`.
    func rejectedBySource(_ variable: TowerVariable, source: SourceSeries) -> (rule: String, rows: [Bool])?
}

extension FluxTowerColumns {
    /// `column` as numbers, if it exists and holds at least one value.
    func numbersWithData(_ column: String) -> [Double]? {
        guard let values = table.numbers(column), values.contains(where: { !$0.isNaN }) else { return nil }
        return values
    }
}
