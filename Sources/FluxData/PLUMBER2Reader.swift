import Foundation
import Logging
import MdPLSupport

/// Reads a site from a PLUMBER2-format pair of NetCDF files (`*_Met.nc`, `*_Flux.nc`;
/// Ukkola et al. 2022, ESSD 14, 449).
///
/// Checks on the way in, each failing with a `DataError` that names the file and variable:
/// required forcing present, units as expected (Tair in K, not °C), forcing complete and finite,
/// forcing within physical ranges, one grid cell, a regular time axis, identical Met and Flux time
/// axes, and no flux variable that is missing at every step. Out-of-range flux values are removed
/// (set missing) and counted, never filled.
public struct PLUMBER2Reader {
    /// Site-table metadata used where a file lacks an attribute (reference height, UTC offset, ...).
    public var siteTable: [String: SiteTableEntry]
    private let logger = Logger(label: "mdpl.data")

    public init(siteTable: [String: SiteTableEntry] = [:]) {
        self.siteTable = siteTable
    }

    /// Forcing variables without which the land model cannot run. CO2air falls back to the global
    /// annual mean (flagged qc = 5) and Qair can be derived from RH or VPD.
    public static let requiredForcing: [ForcingVariable] = [.SWdown, .LWdown, .Tair, .Psurf, .Wind, .Precip, .LAI]

    /// Reads the Met file at `met` and, if given, the Flux file at `flux`.
    public func read(met: URL, flux: URL?) throws -> SiteDataset {
        let metFile = try NetCDFFile(path: met.path)
        let time = try readTime(metFile)
        try Self.checkPeriod(of: met, against: time)
        let info = try readSiteInfo(metFile, fileName: met.lastPathComponent)
        var forcing: [ForcingVariable: Series] = [:]
        var auxiliary: [String: Series] = [:]
        for variable in ForcingVariable.allCases where metFile.hasVariable(variable.rawValue) {
            forcing[variable] = try readSeries(metFile, variable.rawValue, info: variable.info, count: time.count)
        }
        for name in ["VPD", "RH"] where metFile.hasVariable(name) {
            auxiliary[name] = try readSeries(metFile, name, info: nil, count: time.count)
        }
        for variable in Self.requiredForcing where forcing[variable] == nil {
            throw DataError(file: met.path, variable: variable.rawValue,
                            "required forcing variable is missing (\(variable.info.longName), \(variable.info.units))")
        }
        if forcing[.Qair] == nil {
            forcing[.Qair] = try deriveSpecificHumidity(forcing, auxiliary, file: met.path)
        }
        if forcing[.CO2air] == nil {
            let values = (0..<time.count).map { GlobalCO2.annualMean(year: time.time(at: $0).year) }
            forcing[.CO2air] = Series(values: values, qc: [Int8](repeating: QualityFlag.synthesised, count: values.count))
            logger.warning("\(met.lastPathComponent): no CO2air; using the global annual mean (qc = 5)")
        }
        try validateForcing(forcing, file: met.path, time: time)

        var fluxes: [FluxVariable: Series] = [:]
        var removals: [String: Int] = [:]
        var sources = [met.path]
        if let flux {
            let fluxFile = try NetCDFFile(path: flux.path)
            let fluxTime = try readTime(fluxFile)
            guard fluxTime == time else {
                throw DataError(file: flux.path, variable: "time",
                                "Met and Flux time axes differ: Met \(Self.describe(time)) (\(met.lastPathComponent)), Flux \(Self.describe(fluxTime))")
            }
            for variable in FluxVariable.allCases where fluxFile.hasVariable(variable.rawValue) {
                var series = try readSeries(fluxFile, variable.rawValue, info: variable.info, count: time.count)
                let removed = Self.screen(&series, range: variable.info.validRange)
                if removed > 0 { removals[variable.rawValue] = removed }
                guard series.validCount > 0 else {
                    throw DataError(file: flux.path, variable: variable.rawValue,
                                    "flux is missing at every one of the \(time.count) steps")
                }
                fluxes[variable] = series
            }
            sources.append(flux.path)
        }
        return SiteDataset(info: info, time: time, forcing: forcing, fluxes: fluxes,
                           auxiliary: auxiliary, sources: sources, rangeRemovals: removals)
    }

    /// The years `Y0-Y1` of a PLUMBER2 file name (`<SITE>_<Y0>-<Y1>_<SOURCE>_Met.nc`), if it has them.
    public static func period(fileName: String) -> ClosedRange<Int>? {
        let parts = fileName.split(separator: "_")
        guard parts.count >= 3 else { return nil }
        let years = parts[1].split(separator: "-")
        guard years.count == 2, years.allSatisfy({ $0.count == 4 }), let y0 = Int(years[0]), let y1 = Int(years[1]),
              y0 <= y1 else { return nil }
        return y0...y1
    }

    /// A file name's period must be the years its time axis covers.
    static func checkPeriod(of url: URL, against time: TimeAxis) throws {
        guard let named = period(fileName: url.lastPathComponent), time.count > 0 else { return }
        let first = time.time(at: 0).year, last = time.time(at: time.count - 1).year
        guard named == first...last else {
            throw DataError(file: url.path, variable: "time",
                            "the file name says \(named.lowerBound)-\(named.upperBound), but its time axis covers \(first)-\(last)")
        }
    }

    static func describe(_ t: TimeAxis) -> String {
        "\(t.start) + \(t.count) × \(t.stepSeconds) s"
    }

    private func readTime(_ file: NetCDFFile) throws -> TimeAxis {
        guard file.hasVariable("time") else {
            throw DataError(file: file.path, variable: "time", "the file has no time coordinate")
        }
        let values = try file.readDoubles("time")
        return try TimeAxis.decode(values: values, units: file.textAttribute("time", "units"), file: file.path)
    }

    /// Site attributes from the file, then the site table, then rules (UTC offset from longitude).
    /// The site code is the file name's (`<SITE>_<Y0>-<Y1>_<SOURCE>_Met.nc`); a `site_code`
    /// attribute must agree with it.
    private func readSiteInfo(_ file: NetCDFFile, fileName: String) throws -> SiteInfo {
        let code = String(fileName.prefix { $0 != "_" })
        if let problem = SiteCode.problem(code) {
            throw DataError(file: file.path, "\(problem) (the code is the file name up to the first '_')")
        }
        if let attribute = file.textAttribute(nil, "site_code")?.trimmingCharacters(in: .whitespaces),
           attribute.caseInsensitiveCompare(code) != .orderedSame {
            throw DataError(file: file.path, variable: "site_code",
                            "the global attribute site_code = '\(attribute)' contradicts the file name's site code '\(code)'; rename the file or correct the attribute")
        }
        let table = siteTable[code]
        func scalar(_ name: String) throws -> Double? {
            guard file.hasVariable(name) else { return nil }
            let v = try file.readDoubles(name).first ?? .nan
            return v.isFinite ? v : nil
        }
        guard let latitude = try scalar("latitude") ?? table?.latitude,
              let longitude = try scalar("longitude") ?? table?.longitude else {
            throw DataError(file: file.path, variable: "latitude",
                            "site latitude/longitude are missing from the file and the site table")
        }
        guard (-90...90).contains(latitude), (-180...360).contains(longitude) else {
            throw DataError(file: file.path, variable: "latitude",
                            "implausible site position (\(latitude), \(longitude))")
        }
        var igbp = file.hasVariable("IGBP_veg_short") ? try file.readText("IGBP_veg_short") : ""
        if igbp.isEmpty { igbp = table?.igbp ?? "" }
        guard !igbp.isEmpty else {
            throw DataError(file: file.path, variable: "IGBP_veg_short",
                            "vegetation type is missing from the file and the site table")
        }
        let offset: Double
        let offsetSource: String
        if let v = file.numericAttribute(nil, "utc_offset_hours"), v.isFinite {
            (offset, offsetSource) = (v, "file")
        } else if let v = table?.utcOffsetHours {
            (offset, offsetSource) = (v, "site table")
        } else {
            (offset, offsetSource) = ((longitude / 15).rounded(), "longitude")
        }
        return SiteInfo(
            code: code, name: file.textAttribute(nil, "site_name"),
            country: file.textAttribute(nil, "country"),
            latitude: latitude, longitude: longitude > 180 ? longitude - 360 : longitude,
            elevation: try scalar("elevation") ?? table?.elevation,
            referenceHeight: try scalar("reference_height") ?? table?.referenceHeight,
            canopyHeight: try scalar("canopy_height") ?? table?.canopyHeight,
            igbp: igbp.uppercased(), utcOffsetHours: offset, utcOffsetSource: offsetSource,
            irrigated: try irrigation(file) ?? table?.irrigated)
    }

    /// The global attribute `irrigated` (text true/false, yes/no, 1/0, or a number), if present.
    private func irrigation(_ file: NetCDFFile) throws -> Bool? {
        if let text = file.textAttribute(nil, "irrigated") {
            guard let value = SiteTable.flag(text) else {
                throw DataError(file: file.path, variable: "irrigated",
                                "the global attribute irrigated = '\(text)' is not true/false, yes/no or 1/0")
            }
            return value
        }
        return file.numericAttribute(nil, "irrigated").map { $0 != 0 }
    }

    /// Reads a (time, y, x) variable with one grid cell and its `_qc` companion, checking units.
    private func readSeries(_ file: NetCDFFile, _ name: String, info: VariableInfo?, count: Int) throws -> Series {
        let shape = try file.shape(of: name)
        guard shape.first == count, shape.reduce(1, *) == count else {
            throw DataError(file: file.path, variable: name,
                            "expected dimensions (time, y, x) with one grid cell and \(count) steps, found \(shape)")
        }
        if let info, let units = file.textAttribute(name, "units"), !info.accepts(units: units) {
            let hint = name == "Tair" && ["degc", "c", "°c", "celsius", "deg_c"].contains(VariableInfo.normalise(units))
                ? " (Tair must be in K: add 273.15)" : ""
            throw DataError(file: file.path, variable: name,
                            "units '\(units)' are not \(info.units)\(hint)")
        }
        var values = try file.readDoubles(name)
        if name == "Tair", case let median = values.finiteMedian, median < 150 {
            throw DataError(file: file.path, variable: name,
                            "values look like °C (median \(String(format: "%.1f", median))), but Tair must be in K")
        }
        if name == "VPD" || name == "RH" { values = values.map { $0.isFinite ? $0 : .nan } }
        let qcName = name + "_qc"
        if file.hasVariable(qcName), try file.shape(of: qcName).reduce(1, *) == count {
            return Series(values: values, qc: try file.readDoubles(qcName).map(QualityFlag.code))
        }
        return Series(values: values)
    }

    private func deriveSpecificHumidity(_ forcing: [ForcingVariable: Series], _ aux: [String: Series],
                                        file: String) throws -> Series {
        guard let tair = forcing[.Tair]?.values, let psurf = forcing[.Psurf]?.values else {
            throw DataError(file: file, variable: "Qair", "specific humidity is missing")
        }
        if let rh = aux["RH"] {
            let q = (0..<tair.count).map {
                Humidity.specificHumidity(relativeHumidity: rh.values[$0], tairK: tair[$0], pressure: psurf[$0])
            }
            logger.notice("\(file): Qair derived from RH")
            return Series(values: q, qc: rh.qc)
        }
        if let vpd = aux["VPD"] {
            let q = (0..<tair.count).map { i -> Double in
                let rh = Humidity.relativeHumidity(vpdHPa: vpd.values[i], tairK: tair[i])
                return Humidity.specificHumidity(relativeHumidity: rh, tairK: tair[i], pressure: psurf[i])
            }
            logger.notice("\(file): Qair derived from VPD")
            return Series(values: q, qc: vpd.qc)
        }
        throw DataError(file: file, variable: "Qair",
                        "required forcing variable is missing (specific humidity; no RH or VPD to derive it from)")
    }

    /// Forcing must be complete, finite and physical: the land model runs on every step.
    private func validateForcing(_ forcing: [ForcingVariable: Series], file: String, time: TimeAxis) throws {
        for variable in ForcingVariable.allCases {
            guard let series = forcing[variable] else { continue }
            let range = variable.info.validRange
            var missing = 0, outside = 0
            var firstMissing: Int?, firstOutside: Int?
            for (i, v) in series.values.enumerated() {
                if v.isNaN { missing += 1; if firstMissing == nil { firstMissing = i } }
                else if !range.contains(v) { outside += 1; if firstOutside == nil { firstOutside = i } }
            }
            if let i = firstMissing {
                throw DataError(file: file, variable: variable.rawValue,
                                "forcing must be gap-free, but \(missing) of \(series.count) values are missing or not finite (first at \(time.time(at: i))); gap-fill it first (mdpl data import fills forcing)")
            }
            if let i = firstOutside {
                throw DataError(file: file, variable: variable.rawValue,
                                "\(outside) values lie outside the physical range \(range.lowerBound)...\(range.upperBound) \(variable.info.units) (first: \(series.values[i]) at \(time.time(at: i)))")
            }
        }
    }

    /// Sets values outside `range` to missing and returns how many were removed.
    static func screen(_ series: inout Series, range: ClosedRange<Double>) -> Int {
        var removed = 0
        for i in series.values.indices where !series.values[i].isNaN && !range.contains(series.values[i]) {
            series.values[i] = .nan
            removed += 1
        }
        return removed
    }
}
