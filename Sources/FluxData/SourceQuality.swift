/// How a source column's quality information maps onto MdPL's `_qc` codes (data README,
/// "Processing" 7–8; QC meanings of FLUXNET2015 from Pastorello et al. 2020, Sci. Data 7, 225,
/// and the FLUXNET2015 FULLSET variable list).
public enum SourceQuality: Sendable, Hashable {
    /// The source documents the column as not gap-filled (AmeriFlux BASE; FLUXNET2015 `NETRAD`,
    /// `USTAR`, `RH`): every value present is measured, qc 0.
    case measured
    /// FLUXNET2015 consolidated `*_F` flag in `flagColumn`: 0 measured → 0, 1 good-quality MDS
    /// gap-fill → 1, 2 downscaled from ERA-Interim → 4 (reanalysis).
    case consolidated(flagColumn: String)
    /// FLUXNET2015 MDS flag in `flagColumn` (`*_F_MDS_QC`, `NEE_*_REF_QC`, `NEE_*_USTAR50_QC`):
    /// 0 measured, 1/2/3 good/medium/poor gap-fill, kept as they are.
    case mds(flagColumn: String)
    /// The values may be gap-filled or model-derived but the source gives no per-record flag
    /// (e.g. `NEE_VUT_MEAN`, whose `_QC` is a 0–1 fraction, and partitioned GPP): qc unknown.
    case unknown

    /// The flag column read, if any.
    public var flagColumn: String? {
        switch self {
        case .consolidated(let c), .mds(let c): c
        case .measured, .unknown: nil
        }
    }

    /// MdPL codes for `values`, given the flag column's numbers (nil if the file lacks it, in which
    /// case flagged source values are of unknown quality). Missing values get `unknown` too.
    public func codes(values: [Double], flags: [Double]?) -> [Int8] {
        values.indices.map { i in
            guard !values[i].isNaN else { return QualityFlag.unknown }
            switch self {
            case .measured: return QualityFlag.measured
            case .unknown: return QualityFlag.unknown
            case .consolidated:
                guard let f = flags?[i] else { return QualityFlag.unknown }
                switch f {
                case 0: return 0
                case 1: return 1
                case 2: return QualityFlag.reanalysis
                default: return QualityFlag.unknown
                }
            case .mds:
                guard let f = flags?[i], [0, 1, 2, 3].contains(f) else { return QualityFlag.unknown }
                return Int8(f)
            }
        }
    }
}
