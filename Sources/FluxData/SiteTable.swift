import Foundation

/// One row of a `sites.csv` table (the shared data's site list): metadata used where a file
/// lacks it, and the file names of the site's Met and Flux files.
public struct SiteTableEntry: Sendable, Hashable {
    public var code: String
    public var igbp: String?
    public var latitude: Double?
    public var longitude: Double?
    public var elevation: Double?
    public var referenceHeight: Double?
    public var canopyHeight: Double?
    public var utcOffsetHours: Double?
    /// Whether the site is irrigated (`irrigated` column: true/false, yes/no or 1/0), if stated.
    public var irrigated: Bool?
    public var metFile: String?
    public var fluxFile: String?
}

/// Reads `sites.csv` tables (`site_code,igbp,lat,lon,elevation,reference_height,canopy_height,
/// utc_offset_hours,...,met_file,flux_file`).
public enum SiteTable {
    /// Parses the table at `url`; unknown columns are ignored, empty cells are nil.
    public static func read(_ url: URL) throws -> [SiteTableEntry] {
        let table = try CSVTable(contentsOf: url)
        guard table.header.contains("site_code") else {
            throw DataError(file: url.path, variable: "site_code", "the site table has no 'site_code' column")
        }
        return try table.rows.indices.map { r in
            func text(_ column: String) -> String? {
                guard let v = table.value(row: r, column: column), !v.isEmpty else { return nil }
                return v
            }
            func number(_ column: String) -> Double? { text(column).flatMap(Double.init) }
            var irrigated: Bool?
            if let cell = text("irrigated") {
                guard let value = flag(cell) else {
                    throw DataError(file: url.path, variable: "irrigated",
                                    "row \(r + 1) (\(text("site_code") ?? "?")): '\(cell)' is not true/false, yes/no or 1/0")
                }
                irrigated = value
            }
            return SiteTableEntry(
                code: text("site_code") ?? "", igbp: text("igbp"), latitude: number("lat"),
                longitude: number("lon"), elevation: number("elevation"),
                referenceHeight: number("reference_height"), canopyHeight: number("canopy_height"),
                utcOffsetHours: number("utc_offset_hours"), irrigated: irrigated,
                metFile: text("met_file"),
                fluxFile: text("flux_file"))
        }
    }

    /// A yes/no cell: true/false, yes/no, 1/0 (any case); nil for anything else.
    public static func flag(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }
}
