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

    public init(code: String, name: String? = nil, country: String? = nil, latitude: Double,
                longitude: Double, elevation: Double? = nil, referenceHeight: Double? = nil,
                canopyHeight: Double? = nil, igbp: String, utcOffsetHours: Double,
                utcOffsetSource: String) {
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
    }

    /// The clock that converts this site's stamps to UTC and solar time.
    public var clock: SiteClock { SiteClock(utcOffsetHours: utcOffsetHours, longitude: longitude) }
}
