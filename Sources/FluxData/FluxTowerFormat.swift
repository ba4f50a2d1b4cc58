/// The flux-tower CSV formats MdPL imports.
public enum FluxTowerFormat: String, CaseIterable, Sendable {
    /// FLUXNET2015 FULLSET, half-hourly/hourly or daily (Pastorello et al. 2020, Sci. Data 7, 225).
    case fluxnet2015
    /// AmeriFlux BASE half-hourly/hourly (not gap-filled).
    case ameriflux

    /// The SOURCE token of PLUMBER2 file names (`<SITE>_<Y0>-<Y1>_<SOURCE>_Met.nc`).
    public var sourceToken: String {
        switch self {
        case .fluxnet2015: "FLUXNET2015"
        case .ameriflux: "AmeriFlux"
        }
    }

    /// A description for file attributes and messages.
    public var title: String {
        switch self {
        case .fluxnet2015: "FLUXNET2015 FULLSET CSV"
        case .ameriflux: "AmeriFlux BASE CSV (not gap-filled)"
        }
    }

    /// The reference describing the format and its quality flags.
    public var reference: String {
        switch self {
        case .fluxnet2015:
            "Pastorello et al. (2020) The FLUXNET2015 dataset and the ONEFlux processing pipeline for eddy covariance data, Sci. Data 7, 225, doi:10.1038/s41597-020-0534-3"
        case .ameriflux:
            "AmeriFlux BASE data product and FP-Standard variable names (ameriflux.lbl.gov, Data Variables)"
        }
    }

    func columns(_ table: CSVTable) -> any FluxTowerColumns {
        switch self {
        case .fluxnet2015: FLUXNET2015Columns(table: table)
        case .ameriflux: AmeriFluxBASEColumns(table: table)
        }
    }
}
