import Foundation

/// Static facts about a flux-tower site.
public struct SiteInfo: Sendable, Hashable, Codable {
    /// FLUXNET site code, e.g. `DK-Fou`.
    public var code: String
    public var name: String?
    public var country: String?
    /// Degrees north.
    public var latitude: Double
    /// Degrees east.
    public var longitude: Double
    /// Metres above sea level.
    public var elevation: Double?
    /// Measurement (tower) height, m.
    public var referenceHeight: Double?
    /// Canopy height, m.
    public var canopyHeight: Double?
    /// IGBP vegetation class code, e.g. `ENF`, `CRO`.
    public var igbp: String
    /// Local standard time minus UTC, hours.
    public var utcOffsetHours: Double
    /// Where `utcOffsetHours` came from: `file`, `site table` or `longitude`.
    public var utcOffsetSource: String
    /// Whether the site is irrigated (LSM_SPEC.md 2.10b), as the data state it; nil if they do not.
    public var irrigated: Bool?

    public init(code: String, name: String? = nil, country: String? = nil, latitude: Double,
                longitude: Double, elevation: Double? = nil, referenceHeight: Double? = nil,
                canopyHeight: Double? = nil, igbp: String, utcOffsetHours: Double,
                utcOffsetSource: String, irrigated: Bool? = nil) {
        self.code = code
        self.name = name
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
        self.elevation = elevation
        self.referenceHeight = referenceHeight
        self.canopyHeight = canopyHeight
        self.igbp = igbp
        self.utcOffsetHours = utcOffsetHours
        self.utcOffsetSource = utcOffsetSource
        self.irrigated = irrigated
    }

    /// The clock that converts this site's stamps to UTC and solar time.
    public var clock: SiteClock { SiteClock(utcOffsetHours: utcOffsetHours, longitude: longitude) }
}

/// The rule for a site's code: the FLUXNET form `CC-Xxx` or any name of letters, digits, `-` and
/// `.`, starting with a letter or digit — never empty and never holding path characters, because
/// the code names files and folders of a run.
public enum SiteCode {
    /// Why `code` is not a valid site code, or nil if it is.
    public static func problem(_ code: String) -> String? {
        guard !code.isEmpty else { return "the site code is empty" }
        guard code.count <= 64 else { return "the site code '\(code.prefix(20))…' is longer than 64 characters" }
        guard let first = code.unicodeScalars.first, CharacterSet.alphanumerics.contains(first), first.isASCII else {
            return "the site code '\(code)' must start with a letter or digit"
        }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard code.unicodeScalars.allSatisfy(allowed.contains), !code.contains("..") else {
            return "the site code '\(code)' may hold only letters, digits, '-' and '.' (no path characters)"
        }
        return nil
    }
}
