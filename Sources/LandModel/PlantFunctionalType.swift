/// The land model's plant functional types (LSM_SPEC.md section 3A columns).
public enum PlantFunctionalType: String, CaseIterable, Codable, Sendable {
    /// Evergreen needleleaf forest.
    case ENF
    /// Evergreen broadleaf forest.
    case EBF
    /// Deciduous broadleaf forest.
    case DBF
    /// Mixed forest.
    case MF
    /// C3 grassland.
    case GRA
    /// C3 cropland.
    case CRO
    /// Savanna and woody savanna.
    case SAV
    /// Shrubland (closed and open).
    case SHR
    /// Herbaceous wetland.
    case WET

    /// The PFT for an IGBP class (LSM_SPEC.md 2.15): ENF, DNF→ENF; EBF; DBF; MF; CSH, OSH→SHR;
    /// WSA, SAV→SAV; GRA; WET; CRO, CVM→CRO. Nil for classes without vegetation to model
    /// (water, urban, snow, barren).
    public init?(igbp: String) {
        switch igbp.uppercased() {
        case "ENF", "DNF": self = .ENF
        case "EBF": self = .EBF
        case "DBF": self = .DBF
        case "MF": self = .MF
        case "CSH", "OSH": self = .SHR
        case "WSA", "SAV": self = .SAV
        case "GRA": self = .GRA
        case "WET": self = .WET
        case "CRO", "CVM": self = .CRO
        default: return nil
        }
    }

    /// Long name for tables.
    public var longName: String {
        switch self {
        case .ENF: "evergreen needleleaf forest"
        case .EBF: "evergreen broadleaf forest"
        case .DBF: "deciduous broadleaf forest"
        case .MF: "mixed forest"
        case .GRA: "C3 grassland"
        case .CRO: "C3 cropland"
        case .SAV: "savanna"
        case .SHR: "shrubland"
        case .WET: "herbaceous wetland"
        }
    }
}
