import Foundation

/// The columns of AmeriFlux BASE half-hourly/hourly CSV files (`AMF_<SITE>_BASE_<HH|HR>_<v>.csv`:
/// two `#` comment lines, then `TIMESTAMP_START,TIMESTAMP_END,...`; AmeriFlux "Data Variables").
///
/// BASE data are not gap-filled, so every value present is measured (qc 0); `*_PI_F` columns
/// (gap-filled by the site team) are used only for GPP, with qc unknown.
///
/// **Position qualifiers.** A variable `B` may come as `B` itself, as layer aggregates `B_<V>`, or
/// at positions `B_<H>_<V>_<R>` (horizontal, vertical, replicate). AmeriFlux treats a name
/// without qualifiers as position `_1_1_1` and numbers vertical positions from the top down
/// (AmeriFlux "Data Variable Qualifier Examples"), so V = 1 is the level nearest the flux
/// measurement above ground and the shallowest in the soil. The rule is:
/// 1. `B` if it holds any value;
/// 2. else the layer aggregate `B_<V>` with the smallest V that holds any value;
/// 3. else the mean, step by step, of all `B_<H>_<V>_<R>` at the smallest V that holds any value
///    (over whichever of them have a value at that step), e.g. `mean(G_1_1_1, G_2_1_1)`.
///
/// **Site-team screening.** Where the file has the site team's gap-filled companion `X_PI_F` of
/// a flux column `X` (`LE_PI_F`, `H_PI_F`, `FC_PI_F`; `NEE_PI_F` for `NEE_PI`), a value of `X` that `X_PI_F` does not
/// reproduce was rejected by the site team's own QC and replaced: it is removed (and counted).
struct AmeriFluxBASEColumns: FluxTowerColumns {
    let table: CSVTable

    var timeColumn: String { "TIMESTAMP_START" }
    var endColumn: String? { "TIMESTAMP_END" }
    /// `RH` is the standard BASE humidity; `VPD_PI` is optional and often empty.
    var humidityPreference: [TowerVariable] { [.RH, .VPD] }

    static let columns: [TowerVariable: [(base: String, quality: SourceQuality)]] = [
        .Tair: [("TA", .measured)],
        .SWdown: [("SW_IN", .measured)],
        .LWdown: [("LW_IN", .measured)],
        .RH: [("RH", .measured)],
        .VPD: [("VPD_PI", .measured), ("VPD", .measured)],
        .Psurf: [("PA", .measured)],
        .Wind: [("WS", .measured)],
        .Precip: [("P", .measured)],
        .CO2air: [("CO2", .measured)],
        .Qle: [("LE", .measured)],
        .Qh: [("H", .measured)],
        .Rnet: [("NETRAD", .measured)],
        .Qg: [("G", .measured)],
        .NEE: [("NEE_PI", .measured), ("FC", .measured)],
        .GPP: [("GPP_PI", .unknown), ("GPP_PI_F", .unknown)],
        .Ustar: [("USTAR", .measured)],
    ]

    func candidates(_ variable: TowerVariable) -> [String] {
        (Self.columns[variable] ?? []).map(\.base)
    }

    func series(_ variable: TowerVariable) -> SourceSeries? {
        for (base, quality) in Self.columns[variable] ?? [] {
            guard let (column, values) = resolve(base) else { continue }
            let note = quality == .measured
                ? "AmeriFlux BASE data are not gap-filled: qc 0 where a value exists"
                : "gap-filled or model-derived by the site team without per-record flags: qc unknown"
            return SourceSeries(column: column, values: values, qc: quality.codes(values: values, flags: nil),
                                qualityNote: note)
        }
        return nil
    }

    /// The column(s) standing for `base` by the position rule, and their values.
    func resolve(_ base: String) -> (column: String, values: [Double])? {
        if let values = numbersWithData(base) { return (base, values) }
        var layers: [(v: Int, name: String)] = []
        var positions: [(v: Int, name: String)] = []
        for name in table.header where name.hasPrefix(base + "_") {
            let indices = name.dropFirst(base.count + 1).split(separator: "_", omittingEmptySubsequences: false)
            guard indices.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { continue }
            if indices.count == 1, let v = Int(indices[0]) { layers.append((v, name)) }
            if indices.count == 3, let v = Int(indices[1]) { positions.append((v, name)) }
        }
        for layer in layers.sorted(by: { $0.v < $1.v }) {
            if let values = numbersWithData(layer.name) { return (layer.name, values) }
        }
        let withData = positions.compactMap { p in numbersWithData(p.name).map { (v: p.v, name: p.name, values: $0) } }
        guard let top = withData.map({ $0.v }).min() else { return nil }
        let chosen = withData.filter { $0.v == top }.sorted { $0.name < $1.name }
        if chosen.count == 1 { return (chosen[0].name, chosen[0].values) }
        let mean = (0..<table.rowCount).map { row -> Double in
            var sum = 0.0, count = 0
            for column in chosen where !column.values[row].isNaN { sum += column.values[row]; count += 1 }
            return count > 0 ? sum / Double(count) : .nan
        }
        return ("mean(" + chosen.map { $0.name }.joined(separator: ", ") + ")", mean)
    }

    /// `# Site: US-CRT` in the comments, else `AMF_<SITE>_BASE_...` in the file name.
    func siteCode(fileName: String) -> String? {
        for comment in table.comments where comment.lowercased().hasPrefix("site:") {
            let code = comment.dropFirst("site:".count).trimmingCharacters(in: .whitespaces)
            if !code.isEmpty { return code }
        }
        let parts = fileName.split(separator: "_")
        guard parts.count > 2, parts[0] == "AMF" else { return nil }
        return String(parts[1])
    }

    func rejectedBySource(_ variable: TowerVariable, source: SourceSeries) -> (rule: String, rows: [Bool])? {
        let companion = source.column.hasSuffix("_PI") ? source.column + "_F" : source.column + "_PI_F"
        guard variable.flux != nil, let filled = table.numbers(companion) else { return nil }
        let rows = source.values.indices.map { i in
            let v = source.values[i], f = filled[i]
            return !v.isNaN && !(abs(v - f) <= 1e-6 * max(1, abs(v)))
        }
        return ("values of X not reproduced by the site team's gap-filled X_PI_F (rejected by the site's own QC)", rows)
    }
}
