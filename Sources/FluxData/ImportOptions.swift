/// What a flux-tower CSV import needs besides the file: site metadata, the period, and how to
/// obtain LAI.
public struct ImportOptions: Sendable {
    /// Site attributes given directly; they take precedence over `siteTable`.
    public var site: SiteMetadata
    /// Where `site` comes from, in words (e.g. `command-line options`).
    public var siteSource: String
    /// Rows of a `sites.csv`-style table, by site code.
    public var siteTable: [String: SiteTableEntry]
    /// First and last day to import (whole days, inclusive); nil = `ImportPeriod`'s default rule.
    public var firstDay: CivilDateTime?
    public var lastDay: CivilDateTime?
    /// LAI climatology parameters overriding the IGBP defaults of `LAIClimatology`.
    public var laiMaximum: Double?
    public var laiMinimum: Double?
    public var laiGreenUpDay: Double?
    public var laiSenescenceDay: Double?
    /// A table of LAI by date, used instead of the climatology.
    public var laiTable: LAITable?

    public init(site: SiteMetadata = SiteMetadata(), siteSource: String = "command-line options", siteTable: [String: SiteTableEntry] = [:],
                firstDay: CivilDateTime? = nil, lastDay: CivilDateTime? = nil, laiMaximum: Double? = nil,
                laiMinimum: Double? = nil, laiGreenUpDay: Double? = nil, laiSenescenceDay: Double? = nil,
                laiTable: LAITable? = nil) {
        self.site = site
        self.siteSource = siteSource
        self.siteTable = siteTable
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.laiMaximum = laiMaximum
        self.laiMinimum = laiMinimum
        self.laiGreenUpDay = laiGreenUpDay
        self.laiSenescenceDay = laiSenescenceDay
        self.laiTable = laiTable
    }
}
