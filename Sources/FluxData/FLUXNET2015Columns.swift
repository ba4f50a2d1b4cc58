/// The columns of FLUXNET2015 FULLSET CSV files, half-hourly/hourly (`TIMESTAMP_START`,
/// `TIMESTAMP_END`) or daily (`TIMESTAMP`), as described by Pastorello et al. (2020, Sci. Data 7,
/// 225) and the FLUXNET2015 FULLSET variable list.
///
/// Forcing comes from the consolidated, gap-filled `*_F` columns (MDS, then ERA-Interim
/// downscaling), whose `*_F_QC` flags map to qc 0/1/4; CO2 from `CO2_F_MDS`. Fluxes come from the
/// MDS gap-filled `LE_F_MDS`, `H_F_MDS`, `G_F_MDS` (flags 0–3 kept), the energy-balance-corrected
/// `LE_CORR`/`H_CORR` (flags of `LE_F_MDS`/`H_F_MDS`), `NETRAD` and `USTAR` (not gap-filled,
/// qc 0), NEE from `NEE_VUT_REF` (flags 0–3), else `NEE_VUT_USTAR50`, else `NEE_VUT_MEAN` (whose
/// `_QC` is a 0–1 fraction, so qc unknown), and GPP from night-time then daytime partitioning
/// (model-derived, qc unknown). In daily files every `_QC` is a fraction of good half-hours, so
/// flagged values have unknown quality.
struct FLUXNET2015Columns: FluxTowerColumns {
    let table: CSVTable
    /// Daily (`_DD_`) file: a single `TIMESTAMP` column of `YYYYMMDD`.
    let daily: Bool

    init(table: CSVTable) {
        self.table = table
        daily = !table.has("TIMESTAMP_START") && table.has("TIMESTAMP")
    }

    var timeColumn: String { daily ? "TIMESTAMP" : "TIMESTAMP_START" }
    var endColumn: String? { daily ? nil : "TIMESTAMP_END" }
    /// `VPD_F` is gap-filled and consolidated; `RH` is a plain measurement without gap-filling.
    var humidityPreference: [TowerVariable] { [.VPD, .RH] }

    static let columns: [TowerVariable: [(column: String, quality: SourceQuality)]] = [
        .Tair: [("TA_F", .consolidated(flagColumn: "TA_F_QC"))],
        .SWdown: [("SW_IN_F", .consolidated(flagColumn: "SW_IN_F_QC"))],
        .LWdown: [("LW_IN_F", .consolidated(flagColumn: "LW_IN_F_QC"))],
        .VPD: [("VPD_F", .consolidated(flagColumn: "VPD_F_QC"))],
        .RH: [("RH", .measured)],
        .Psurf: [("PA_F", .consolidated(flagColumn: "PA_F_QC"))],
        .Wind: [("WS_F", .consolidated(flagColumn: "WS_F_QC"))],
        .Precip: [("P_F", .consolidated(flagColumn: "P_F_QC"))],
        .CO2air: [("CO2_F_MDS", .mds(flagColumn: "CO2_F_MDS_QC"))],
        .Qle: [("LE_F_MDS", .mds(flagColumn: "LE_F_MDS_QC"))],
        .Qh: [("H_F_MDS", .mds(flagColumn: "H_F_MDS_QC"))],
        .Qle_cor: [("LE_CORR", .mds(flagColumn: "LE_F_MDS_QC"))],
        .Qh_cor: [("H_CORR", .mds(flagColumn: "H_F_MDS_QC"))],
        .Rnet: [("NETRAD", .measured)],
        .Qg: [("G_F_MDS", .mds(flagColumn: "G_F_MDS_QC"))],
        .NEE: [("NEE_VUT_REF", .mds(flagColumn: "NEE_VUT_REF_QC")),
               ("NEE_VUT_USTAR50", .mds(flagColumn: "NEE_VUT_USTAR50_QC")),
               ("NEE_VUT_MEAN", .unknown),
               ("NEE_CUT_REF", .mds(flagColumn: "NEE_CUT_REF_QC")),
               ("NEE_CUT_USTAR50", .mds(flagColumn: "NEE_CUT_USTAR50_QC")),
               ("NEE_CUT_MEAN", .unknown)],
        .GPP: [("GPP_NT_VUT_REF", .unknown), ("GPP_NT_VUT_USTAR50", .unknown), ("GPP_NT_VUT_MEAN", .unknown),
               ("GPP_DT_VUT_REF", .unknown), ("GPP_DT_VUT_USTAR50", .unknown), ("GPP_DT_VUT_MEAN", .unknown)],
        .Ustar: [("USTAR", .measured)],
    ]

    func candidates(_ variable: TowerVariable) -> [String] {
        (Self.columns[variable] ?? []).map(\.column)
    }

    func series(_ variable: TowerVariable) -> SourceSeries? {
        for (column, stated) in Self.columns[variable] ?? [] {
            guard let values = numbersWithData(column) else { continue }
            let quality: SourceQuality = daily && stated != .measured ? .unknown : stated
            let flags = quality.flagColumn.flatMap { table.numbers($0) }
            return SourceSeries(column: column, values: values, qc: quality.codes(values: values, flags: flags),
                                qualityNote: note(stated: stated, used: quality, flagsPresent: flags != nil))
        }
        return nil
    }

    private func note(stated: SourceQuality, used: SourceQuality, flagsPresent: Bool) -> String {
        if daily && stated != used {
            return "daily FLUXNET2015 _QC values are fractions of good-quality half-hours, not per-record classes: qc unknown"
        }
        switch used {
        case .measured:
            return "not gap-filled by the source: qc 0 where a value exists"
        case .unknown:
            return "no per-record measured/gap-filled class in the source (a 0-1 fraction or a model-derived value): qc unknown"
        case .consolidated(let flag):
            return flagsPresent
                ? "\(flag): 0 measured -> 0, 1 good-quality MDS gap-fill -> 1, 2 downscaled from ERA-Interim -> 4"
                : "\(flag) is not in the source file: qc unknown for source values"
        case .mds(let flag):
            return flagsPresent
                ? "\(flag): 0 measured, 1-3 MDS gap-fill of good/medium/poor quality"
                : "\(flag) is not in the source file: qc unknown for source values"
        }
    }

    /// `FLX_<SITE>_FLUXNET2015_FULLSET_<HH|DD>_<Y0>-<Y1>_<version>.csv`.
    func siteCode(fileName: String) -> String? {
        let parts = fileName.split(separator: "_")
        guard parts.count > 2, parts[0] == "FLX" else { return nil }
        return String(parts[1])
    }

    /// FLUXNET2015 values have been through ONEFlux's quality control already.
    func rejectedBySource(_ variable: TowerVariable, source: SourceSeries) -> (rule: String, rows: [Bool])? { nil }
}
