import FluxData

/// What the land model needs to know about a site (LSM_SPEC.md 2.15 `Site`).
public struct ModelSite: Sendable, Hashable, Codable {
    public var code: String
    /// Degrees north / east.
    public var latitude: Double
    public var longitude: Double
    /// Measurement height [m]; nil if the site gives none (then 2.7.1's rule applies).
    public var referenceHeight: Double?
    /// Canopy height [m] (the PFT default of 3B when the site gives none).
    public var canopyHeight: Double
    public var pft: PlantFunctionalType
    public var soil: SoilTexture
    /// Apply the irrigation top-up of 2.10b.
    public var irrigated: Bool

    public init(code: String, latitude: Double, longitude: Double, referenceHeight: Double?, canopyHeight: Double,
                pft: PlantFunctionalType, soil: SoilTexture = .loam, irrigated: Bool = false) {
        self.code = code
        self.latitude = latitude
        self.longitude = longitude
        self.referenceHeight = referenceHeight
        self.canopyHeight = canopyHeight
        self.pft = pft
        self.soil = soil
        self.irrigated = irrigated
    }

    /// The model site for a data set's site; the IGBP class must map to a PFT (2.15).
    public init(_ info: SiteInfo, soil: SoilTexture = .loam, irrigated: Bool = false) throws {
        guard let pft = PlantFunctionalType(igbp: info.igbp) else {
            throw DataError(file: info.code, variable: "IGBP_veg_short",
                            "IGBP class '\(info.igbp)' has no land-model plant functional type")
        }
        let height = info.canopyHeight.flatMap { $0 > 0 ? $0 : nil } ?? PFTConstants.of(pft).defaultCanopyHeight
        self.init(code: info.code, latitude: info.latitude, longitude: info.longitude,
                  referenceHeight: info.referenceHeight.flatMap { $0 > 0 ? $0 : nil }, canopyHeight: height,
                  pft: pft, soil: soil, irrigated: irrigated)
    }

    /// The reference height used with roughness parameters R_z0m, R_d (2.7.1): the site's height,
    /// or d + 5 z0m + 2 m at full canopy when it is missing; raised to that value when the site's
    /// height is not above d + 5 z0m (not differentiated).
    public func effectiveReferenceHeight(rz0m: Double, rd: Double) -> Double {
        let minimum = rd * canopyHeight + 5 * rz0m * canopyHeight
        guard let z = referenceHeight, z > minimum else { return minimum + 2 }
        return z
    }
}
