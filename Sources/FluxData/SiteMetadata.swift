import Foundation

/// Site attributes for an import from a flux-tower CSV, which carries none (an AmeriFlux BASE
/// file names only its site): given on the command line, completed from a `sites.csv`-style
/// table (`SiteTable`). Latitude, longitude and IGBP class are required; the UTC offset falls back
/// to round(longitude / 15).
public struct SiteMetadata: Sendable, Hashable {
    public var code: String?
    public var name: String?
    public var latitude: Double?
    public var longitude: Double?
    public var elevation: Double?
    public var referenceHeight: Double?
    public var canopyHeight: Double?
    public var igbp: String?
    public var utcOffsetHours: Double?

    public init(code: String? = nil, name: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
                elevation: Double? = nil, referenceHeight: Double? = nil, canopyHeight: Double? = nil,
                igbp: String? = nil, utcOffsetHours: Double? = nil) {
        self.code = code
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.elevation = elevation
        self.referenceHeight = referenceHeight
        self.canopyHeight = canopyHeight
        self.igbp = igbp
        self.utcOffsetHours = utcOffsetHours
    }

    /// IGBP vegetation classes (Loveland et al. 2000) accepted as `igbp`.
    public static let igbpClasses: Set<String> = [
        "ENF", "EBF", "DNF", "DBF", "MF", "CSH", "OSH", "WSA", "SAV", "GRA", "WET", "CRO", "URB", "CVM",
        "SNO", "BSV", "WAT",
    ]

    /// These attributes, with the ones not given taken from `entry`.
    public func completed(from entry: SiteTableEntry?) -> SiteMetadata {
        guard let entry else { return self }
        var m = self
        m.latitude = latitude ?? entry.latitude
        m.longitude = longitude ?? entry.longitude
        m.elevation = elevation ?? entry.elevation
        m.referenceHeight = referenceHeight ?? entry.referenceHeight
        m.canopyHeight = canopyHeight ?? entry.canopyHeight
        m.igbp = igbp ?? entry.igbp
        m.utcOffsetHours = utcOffsetHours ?? entry.utcOffsetHours
        return m
    }

    /// The site's `SiteInfo` for code `code`.
    ///
    /// - Throws: `DataError` naming `file` and the attribute if latitude, longitude or the IGBP
    ///   class is missing or implausible.
    /// `offsetSource` says where a given UTC offset comes from (`SiteInfo.utcOffsetSource`).
    public func siteInfo(code: String, file: String, offsetSource: String) throws -> SiteInfo {
        func missing(_ attribute: String, _ option: String) -> DataError {
            DataError(file: file, variable: attribute,
                      "site \(code): \(attribute) is required but the CSV carries no site metadata; give \(option) or --site-table FILE with a row for \(code)")
        }
        guard let latitude else { throw missing("latitude", "--latitude") }
        guard let longitude else { throw missing("longitude", "--longitude") }
        guard let igbp else { throw missing("IGBP", "--igbp") }
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
            throw DataError(file: file, variable: "latitude", "site \(code): implausible position (\(latitude), \(longitude))")
        }
        guard Self.igbpClasses.contains(igbp.uppercased()) else {
            throw DataError(file: file, variable: "IGBP",
                            "site \(code): '\(igbp)' is not an IGBP class (\(Self.igbpClasses.sorted().joined(separator: " ")))")
        }
        if let offset = utcOffsetHours, !(-12...14).contains(offset) {
            throw DataError(file: file, variable: "utc_offset_hours", "site \(code): UTC offset \(offset) h is outside -12..14")
        }
        for (name, value) in [("reference_height", referenceHeight), ("canopy_height", canopyHeight)] {
            if let value, !(value > 0) { throw DataError(file: file, variable: name, "site \(code): \(name) \(value) m must be positive") }
        }
        return SiteInfo(code: code, name: name, latitude: latitude, longitude: longitude, elevation: elevation,
                        referenceHeight: referenceHeight, canopyHeight: canopyHeight, igbp: igbp.uppercased(),
                        utcOffsetHours: utcOffsetHours ?? (longitude / 15).rounded(),
                        utcOffsetSource: utcOffsetHours == nil ? "longitude" : offsetSource)
    }
}
