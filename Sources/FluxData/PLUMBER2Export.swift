import Foundation

/// Writes an imported site as a PLUMBER2-format pair of NetCDF files,
/// `<SITE>_<Y0>-<Y1>_<SOURCE>_Met.nc` and `..._Flux.nc` (Ukkola et al. 2022, ESSD 14, 449), with
/// `ALMAWriter` (atomic writes). Every variable carries its `_qc` and the attributes of the shared
/// curated files: `Source_variable`, `Processing`, `QC_source`, and the shares of measured,
/// source-gap-filled, filled-here and quality-unknown steps (plus `Missing_%` and
/// `Removed_by_range_check` for fluxes). The global `provenance` lists what was synthesised,
/// filled and removed.
public enum PLUMBER2Export {
    /// The two file names for `site`.
    public static func fileNames(_ site: ImportedSite) -> (met: String, flux: String) {
        let time = site.dataset.time
        let stem = "\(site.dataset.info.code)_\(time.start.year)-\(time.time(at: time.count - 1).year)_\(site.format.sourceToken)"
        return (stem + "_Met.nc", stem + "_Flux.nc")
    }

    /// Writes both files into `directory` (created if needed) and returns their URLs.
    @discardableResult
    public static func write(_ site: ImportedSite, to directory: URL) throws -> (met: URL, flux: URL) {
        let names = fileNames(site)
        let met = directory.appendingPathComponent(names.met)
        let flux = directory.appendingPathComponent(names.flux)
        let info = site.dataset.info
        var globals = globalAttributes(site)
        globals["LAI_source"] = site.variable("LAI")?.processing
        try ALMAWriter.write(to: met, site: info, time: site.dataset.time, variables: site.met.map(output),
                             title: "\(info.code) Met file in PLUMBER2 format (imported from \(site.format.title) by MdPL)",
                             globalAttributes: globals)
        globals["LAI_source"] = nil
        try ALMAWriter.write(to: flux, site: info, time: site.dataset.time, variables: site.fluxes.map(output),
                             title: "\(info.code) Flux file in PLUMBER2 format (imported from \(site.format.title) by MdPL)",
                             globalAttributes: globals)
        return (met, flux)
    }

    static func output(_ v: ImportedVariable) -> OutputVariable {
        var attributes: [String: String] = [
            "Source_variable": v.source,
            "Processing": v.processing,
            "QC_source": v.qualityNote,
            "Measured_%": percent(v.measuredPercent),
            "Source_gapfilled_%": percent(v.sourceFilledPercent),
            "Filled_or_synthesised_here_%": percent(v.filledHerePercent),
            "QC_unknown_%": percent(v.unknownPercent),
        ]
        if v.missingPercent > 0 { attributes["Missing_%"] = percent(v.missingPercent) }
        if FluxVariable(rawValue: v.name) != nil { attributes["Removed_by_range_check"] = "\(v.rangeRemoved)" }
        return OutputVariable(name: v.name, units: v.units, longName: v.longName, values: v.series.values,
                              qc: v.series.qc, attributes: attributes)
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `{"Tair": 0.01, ...}` for the variables with a non-zero entry.
    static func summary(_ entries: [(String, String)]) -> String {
        "{" + entries.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func globalAttributes(_ site: ImportedSite) -> [String: String] {
        let time = site.dataset.time
        let info = site.dataset.info
        let file = site.sourceFile.lastPathComponent
        let synthesised = site.met.filter(\.synthesised).map(\.name)
        let filled = site.met.filter { !$0.synthesised && $0.source != "derived" && $0.filledHerePercent > 0 }
            .map { ($0.name, percent($0.filledHerePercent)) }
        let metRemoved = site.met.filter { $0.rangeRemoved > 0 }.map { ($0.name, "\($0.rangeRemoved)") }
        let fluxRemoved = site.fluxes.filter { $0.rangeRemoved > 0 }.map { ($0.name, "\($0.rangeRemoved)") }
        var provenance = "Numbers come from: \(site.format.title) \(file). Period \(time.start.dateText) .. "
            + "\(time.time(at: time.count - 1).dateText) (whole days), \(time.count) steps of \(time.stepSeconds / 60) min; "
            + "time stamps = interval starts (TIMESTAMP_START) in local standard time (UTC\(offset(info.utcOffsetHours))). "
            + "Synthesised here (qc=5, no source data): \(synthesised.isEmpty ? "none" : synthesised.joined(separator: ", ")). "
            + "Gap-filled here (% of steps, qc=5): \(summary(filled)). "
            + "Met range screening removed (then filled): \(summary(metRemoved)). "
            + "Fluxes are never gap-filled; range checks removed: \(summary(fluxRemoved))"
        if let rule = site.sourceRejectionRule {
            provenance += "; site-QC screening removed: \(summary(site.sourceRejections.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") })) (\(rule))"
        }
        provenance += ". Produced by mdpl data import."
        return [
            "source": "\(site.format.title) \(file)",
            "Input_file": file,
            "provenance": provenance,
            "Gapfilling_method": FluxTowerImporter.gapFillingDescription,
            "site_metadata_source": site.siteMetadataSource,
            "QC_flag_descriptions": "Measured: 0, Good-quality gapfilling: 1, Medium-quality gapfilling: 2, Poor-quality gapfilling: 3, ERA-Interim/reanalysis gapfilling: 4, Statistical gapfilling or synthesis: 5; -9999 (missing) in a _qc variable next to a valid value = the source did not provide a per-record flag for it (quality unknown)",
            "references": "Ukkola et al. (2022) PLUMBER2 forcing and evaluation datasets, Earth Syst. Sci. Data 14, 449-461, doi:10.5194/essd-14-449-2022; \(site.format.reference); Ukkola et al. (2017) FluxnetLSM, Geosci. Model Dev. 10, 3379-3390 (R/Conversions.R, R/Synthesize_and_gapfill_functions.R); Abramowitz, Pouyanne & Ajami (2012) GRL 39, L04808 (LWdown synthesis); Jones (1992) Plants and Microclimate p.110 (saturation vapour pressure); Beck et al. (2006) Remote Sens. Environ. 100, 321-334 (double-logistic phenology); NOAA/GML global CO2 annual means (Lan, Tans & Thoning)",
            "history": "created by mdpl data import",
        ]
    }

    static func offset(_ hours: Double) -> String {
        let sign = hours < 0 ? "-" : "+"
        let magnitude = abs(hours)
        return sign + (magnitude == magnitude.rounded() ? String(Int(magnitude)) : String(magnitude))
    }
}
