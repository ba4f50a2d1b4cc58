import Foundation

/// Imports a flux-tower CSV file (FLUXNET2015 FULLSET or AmeriFlux BASE) into a `SiteDataset`
/// with gap-free forcing and never-filled fluxes, following the curation rules of the shared
/// data (data README, "Processing"):
///
/// 1. time axis from the interval-start stamps (local standard time), checked for order and
///    regularity; the period is chosen in whole days (`ImportPeriod`);
/// 2. units converted (`TowerVariable.convert`), forcing range-screened (`MetRangeScreening`)
///    and gap-filled (`ForcingGapFiller`), every filled value qc = 5;
/// 3. humidity as a consistent triple: the measured one of RH/VPD is filled first, the others
///    derived with `Humidity` (FluxnetLSM formulas) and carrying the combined qc of humidity and Tair;
/// 4. absent variables synthesised with qc = 5: LWdown (`LongwaveSynthesis`), Psurf from the site
///    elevation (`SurfacePressureSynthesis`), CO2air as the global annual mean (`GlobalCO2`), and
///    LAI from a table (`LAITable`) or a climatology (`LAIClimatology`);
/// 5. fluxes: source flags mapped to qc (`SourceQuality`), values the site's own QC rejected
///    removed (AmeriFlux), physical range checks (values removed and counted), never filled.
public struct FluxTowerImporter: Sendable {
    public var format: FluxTowerFormat
    public var options: ImportOptions
    public var gapFiller: ForcingGapFiller

    public init(format: FluxTowerFormat, options: ImportOptions, gapFiller: ForcingGapFiller = ForcingGapFiller()) {
        self.format = format
        self.options = options
        self.gapFiller = gapFiller
    }

    /// How forcing gaps are filled, in words (for file attributes).
    public static let gapFillingDescription = "gaps <= 2 h: linear interpolation; longer gaps: mean diurnal cycle of the same time of day within +-7 days (widened to +-15/30/60/120 days or the whole record only where the window had no data); filled steps qc=5"

    /// Fluxes in the order they are written.
    static let fluxOrder: [TowerVariable] = [.Ustar, .Rnet, .Qg, .Qle, .Qle_cor, .Qh, .Qh_cor, .NEE, .GPP]

    /// Reads and imports the file at `url`.
    public func importFile(at url: URL) throws -> ImportedSite {
        try importTable(try CSVTable(contentsOf: url), from: url)
    }

    /// Imports an already read table (`url` names the file in errors and attributes).
    public func importTable(_ table: CSVTable, from url: URL) throws -> ImportedSite {
        let file = url.path
        let columns = format.columns(table)
        let fullTime = try FluxTowerTimeStamps.axis(table, column: columns.timeColumn, endColumn: columns.endColumn)

        var source: [TowerVariable: SourceSeries] = [:]
        for variable in TowerVariable.allCases {
            if let series = columns.series(variable) { source[variable] = series }
        }
        func required(_ variable: TowerVariable, _ what: String) throws -> SourceSeries {
            guard let series = source[variable] else {
                throw DataError(file: file, variable: columns.candidates(variable).joined(separator: " or "),
                                "required \(format.title) column for \(what) is missing or has no value")
            }
            return series
        }
        let tair = try required(.Tair, "air temperature")
        let swdown = try required(.SWdown, "incoming shortwave radiation")
        let wind = try required(.Wind, "wind speed")
        let precip = try required(.Precip, "precipitation")
        guard let humidityVariable = columns.humidityPreference.first(where: { source[$0] != nil }),
              let humidity = source[humidityVariable] else {
            throw DataError(file: file,
                            variable: columns.humidityPreference.flatMap { columns.candidates($0) }.joined(separator: " or "),
                            "required \(format.title) column for humidity (relative humidity or VPD) is missing or has no value")
        }

        let (info, metadataSource) = try site(columns: columns, url: url)

        let core = [tair, swdown, humidity, wind, precip]
        let range = try ImportPeriod.select(time: fullTime, core: core.map { ($0.column, $0.values) },
                                            firstDay: options.firstDay, lastDay: options.lastDay, file: file)
        let time = fullTime.slice(range)
        let step = time.stepSeconds

        // Forcing: measured ones first, then derived and synthesised ones that depend on them.
        var removals: [String: Int] = [:]
        func forcing(_ variable: TowerVariable, _ series: SourceSeries) -> ImportedVariable? {
            let sliced = series.slice(range)
            var values = sliced.values.map { $0.isNaN ? Double.nan : variable.convert($0, stepSeconds: step) }
            let removed = MetRangeScreening.screen(variable, values: &values, stepSeconds: step)
            if removed > 0 { removals[variable.rawValue] = removed }
            var result = Series(values: values, qc: sliced.qc)
            guard result.validCount > 0 else { return nil }
            gapFiller.fill(&result, time: time)
            return ImportedVariable(
                name: variable.rawValue, units: variable.units, longName: Self.longName(variable), series: result,
                source: series.column,
                processing: "source value (\(variable.conversionNote)); \(MetRangeScreening.description(variable)); \(Self.gapFillingDescription)",
                qualityNote: series.qualityNote, rangeRemoved: removed)
        }
        func measured(_ variable: TowerVariable, _ series: SourceSeries) throws -> ImportedVariable {
            guard let result = forcing(variable, series) else {
                throw DataError(file: file, variable: series.column,
                                "no valid value from \(time.start.dateText) to \(time.time(at: time.count - 1).dateText) after the range check (\(MetRangeScreening.description(variable)))")
            }
            return result
        }
        let tairVariable = try measured(.Tair, tair)
        let swdownVariable = try measured(.SWdown, swdown)
        let windVariable = try measured(.Wind, wind)
        let precipVariable = try measured(.Precip, precip)
        let humidityMeasured = try measured(humidityVariable, humidity)
        let tk = tairVariable.series.values

        let psurfVariable: ImportedVariable
        if let measuredPressure = source[.Psurf].flatMap({ forcing(.Psurf, $0) }) {
            psurfVariable = measuredPressure
        } else {
            guard let elevation = info.elevation else {
                throw DataError(file: file, variable: columns.candidates(.Psurf).joined(separator: " or "),
                                "no valid air pressure in the file for the period and no site elevation to synthesise it from; give --elevation or a site table with elevation")
            }
            psurfVariable = Self.synthesised(
                .Psurf, values: tk.map { SurfacePressureSynthesis.barometric(tairK: $0, elevation: elevation) },
                processing: "synthesised (no valid pressure in the source for the period): FluxnetLSM SynthesizePSurf, P = 101325 (T/(T + 0.0065 z))^(9.80665/(287.04 x 0.0065)) Pa with z = elevation \(elevation) m")
        }
        let pa = psurfVariable.series.values

        let (rh, vpd, qair) = Self.humidityTriple(measured: humidityMeasured, tair: tairVariable, psurf: pa)
        let lwdownVariable: ImportedVariable
        if let measuredLongwave = source[.LWdown].flatMap({ forcing(.LWdown, $0) }) {
            lwdownVariable = measuredLongwave
        } else {
            lwdownVariable = Self.synthesised(
                .LWdown,
                values: tk.indices.map { LongwaveSynthesis.abramowitz2012(tairK: tk[$0], relativeHumidity: rh.series.values[$0]) },
                processing: "synthesised (no valid longwave in the source for the period): FluxnetLSM SynthesizeLWdown (Abramowitz, Pouyanne & Ajami 2012, GRL 39, L04808): e = max(5, RH)/100 x 611.2 exp(17.67 (T - 273.15)/(T - 29.65)) Pa; LWdown = 2.648 T + 0.0346 e - 474 W/m2")
        }
        let co2Variable: ImportedVariable
        if let measuredCO2 = source[.CO2air].flatMap({ forcing(.CO2air, $0) }) {
            co2Variable = measuredCO2
        } else {
            co2Variable = Self.synthesised(
                .CO2air, values: (0..<time.count).map { GlobalCO2.annualMean(year: time.time(at: $0).year) },
                processing: "synthesised (no valid CO2 in the source for the period): NOAA/GML global annual mean for the calendar year (GlobalCO2)")
        }
        let laiVariable = try lai(time: time, info: info, file: file)

        let met = [tairVariable, swdownVariable, lwdownVariable, vpd, qair, psurfVariable, precipVariable,
                   windVariable, rh, co2Variable, laiVariable]

        let observed = fluxes(source: source, columns: columns, range: range)
        for v in observed.variables where v.rangeRemoved > 0 { removals[v.name] = v.rangeRemoved }

        var forcingSeries: [ForcingVariable: Series] = [:]
        for v in met { if let f = ForcingVariable(rawValue: v.name) { forcingSeries[f] = v.series } }
        var fluxSeries: [FluxVariable: Series] = [:]
        for v in observed.variables { if let f = FluxVariable(rawValue: v.name) { fluxSeries[f] = v.series } }
        let dataset = SiteDataset(info: info, time: time, forcing: forcingSeries, fluxes: fluxSeries,
                                  auxiliary: ["VPD": vpd.series, "RH": rh.series], sources: [file],
                                  rangeRemovals: removals)
        return ImportedSite(dataset: dataset, met: met, fluxes: observed.variables, format: format, sourceFile: url,
                            siteMetadataSource: metadataSource, sourceRejections: observed.rejections,
                            sourceRejectionRule: observed.rejectionRule, emptyFluxColumns: observed.emptyColumns)
    }

    /// The site's attributes (options, then the site table, then rules) and where they came from.
    private func site(columns: any FluxTowerColumns, url: URL) throws -> (SiteInfo, String) {
        guard let code = options.site.code ?? columns.siteCode(fileName: url.lastPathComponent) else {
            throw DataError(file: url.path, variable: "site code",
                            "the site code is neither in the file nor in its name; give --site CODE")
        }
        let tableEntry = options.siteTable[code]
        let givenDirectly = options.site != SiteMetadata(code: options.site.code)
        let metadataSource = tableEntry == nil ? options.siteSource
            : givenDirectly ? "\(options.siteSource), completed from the site table" : "site table"
        let offsetSource = options.site.utcOffsetHours != nil ? options.siteSource : "site table"
        let info = try options.site.completed(from: tableEntry).siteInfo(code: code, file: url.path, offsetSource: offsetSource)
        return (info, metadataSource)
    }

    /// Observed fluxes of the period: source flags kept, values the site's QC rejected and values
    /// outside the physical range removed (and counted), never filled. Fluxes without any value
    /// in the period are left out.
    private func fluxes(source: [TowerVariable: SourceSeries], columns: any FluxTowerColumns, range: Range<Int>)
        -> (variables: [ImportedVariable], rejections: [String: Int], rejectionRule: String?, emptyColumns: [String]) {
        var variables: [ImportedVariable] = []
        var rejections: [String: Int] = [:]
        var rejectionRule: String?
        var emptyColumns: [String] = []
        for variable in Self.fluxOrder {
            guard let full = source[variable], let fluxVariable = variable.flux else { continue }
            var screened = full
            if let (rule, rows) = columns.rejectedBySource(variable, source: full) {
                var count = 0
                for i in range where rows[i] { screened.values[i] = .nan; count += 1 }
                if count > 0 { rejections[variable.rawValue] = count; rejectionRule = rule }
            }
            let sliced = screened.slice(range)
            var series = Series(values: sliced.values, qc: sliced.qc)
            let removed = PLUMBER2Reader.screen(&series, range: fluxVariable.info.validRange)
            for i in 0..<series.count where series.values[i].isNaN { series.qc[i] = QualityFlag.unknown }
            guard series.validCount > 0 else { emptyColumns.append(full.column); continue }
            let bounds = fluxVariable.info.validRange
            variables.append(ImportedVariable(
                name: variable.rawValue, units: fluxVariable.info.units, longName: fluxVariable.info.longName,
                series: series, source: full.column,
                processing: "source value (\(variable.sourceUnits)); not gap-filled; values outside \(bounds.lowerBound)..\(bounds.upperBound) \(fluxVariable.info.units) removed",
                qualityNote: full.qualityNote, rangeRemoved: removed))
        }
        return (variables, rejections, rejectionRule, emptyColumns)
    }

    /// RH, VPD and Qair from the measured (and filled) humidity variable, Tair and Psurf (data
    /// README "Processing" 5, FluxnetLSM `R/Conversions.R`): from VPD, RH = 100 (1 − VPD/e_sat)
    /// clipped to 0–100 %; from RH, VPD = e_sat (1 − RH/100); Qair = RH/100 · 0.622 e_sat /
    /// (Psurf − e_sat). Derived values carry the combined qc of humidity and Tair.
    static func humidityTriple(measured: ImportedVariable, tair: ImportedVariable, psurf: [Double])
        -> (rh: ImportedVariable, vpd: ImportedVariable, qair: ImportedVariable) {
        let tk = tair.series.values
        let qc = measured.series.qc.indices.map { combined(measured.series.qc[$0], tair.series.qc[$0]) }
        let fromRH = measured.name == TowerVariable.RH.rawValue
        let rhValues = fromRH ? measured.series.values
            : tk.indices.map { Humidity.relativeHumidity(vpdHPa: measured.series.values[$0], tairK: tk[$0]) }
        let qairValues = tk.indices.map {
            Humidity.specificHumidity(relativeHumidity: rhValues[$0], tairK: tk[$0], pressure: psurf[$0])
        }
        let derivedNote = "combined qc of \(measured.name) and Tair (5 if either was filled here, unknown if either is unknown, else the larger)"
        let derived = { (variable: TowerVariable, values: [Double], processing: String) in
            ImportedVariable(name: variable.rawValue, units: variable.units, longName: longName(variable),
                             series: Series(values: values, qc: qc), source: "derived", processing: processing,
                             qualityNote: derivedNote)
        }
        let qair = ImportedVariable(
            name: "Qair", units: ForcingVariable.Qair.info.units, longName: ForcingVariable.Qair.info.longName,
            series: Series(values: qairValues, qc: qc), source: "derived",
            processing: "FluxnetLSM Rel2SpecHum: Qair = RH/100 x 0.622 esat/(Psurf - esat), esat = 613.75 exp(17.502 T/(240.97 + T)) Pa, T in degC (Jones 1992)",
            qualityNote: derivedNote)
        if fromRH {
            let vpd = tk.indices.map { Humidity.vapourPressureDeficit(relativeHumidity: rhValues[$0], tairK: tk[$0]) }
            return (measured, derived(.VPD, vpd, "VPD = esat(Tair) (1 - RH/100), esat of FluxnetLSM calc_esat"), qair)
        }
        return (derived(.RH, rhValues, "RH = 100 (1 - VPD/esat(Tair)) (FluxnetLSM VPD2RelHum), clipped to 0-100"), measured, qair)
    }

    /// The qc of a value derived from two inputs: 5 if either was filled or synthesised here,
    /// unknown if either is of unknown quality, else the larger (worse) flag.
    static func combined(_ a: Int8, _ b: Int8) -> Int8 {
        if a == QualityFlag.synthesised || b == QualityFlag.synthesised { return QualityFlag.synthesised }
        if a == QualityFlag.unknown || b == QualityFlag.unknown { return QualityFlag.unknown }
        return max(a, b)
    }

    /// LAI from the given table, else the climatology for the site's vegetation class.
    private func lai(time: TimeAxis, info: SiteInfo, file: String) throws -> ImportedVariable {
        let catalog = ForcingVariable.LAI.info
        if let table = options.laiTable {
            let description = "LAI table \(URL(fileURLWithPath: table.file).lastPathComponent): values of listed dates (qc 0, as provided), linear interpolation in time between them and the nearest value beyond them (qc 5)"
            return ImportedVariable(name: "LAI", units: catalog.units, longName: catalog.longName,
                                    series: table.series(time: time), source: table.file, processing: description,
                                    qualityNote: "qc 0 on dates listed in the table, 5 elsewhere")
        }
        let climatology = try LAIClimatology.forSite(
            igbp: info.igbp, maximum: options.laiMaximum, minimum: options.laiMinimum,
            greenUpDay: options.laiGreenUpDay, senescenceDay: options.laiSenescenceDay, file: file)
        return ImportedVariable(name: "LAI", units: catalog.units, longName: catalog.longName,
                                series: climatology.series(time: time, latitude: info.latitude), source: "climatology",
                                processing: climatology.source, qualityNote: "synthesised: qc 5", synthesised: true)
    }

    private static func synthesised(_ variable: TowerVariable, values: [Double], processing: String) -> ImportedVariable {
        ImportedVariable(name: variable.rawValue, units: variable.units, longName: longName(variable),
                         series: Series(values: values, qc: [Int8](repeating: QualityFlag.synthesised, count: values.count)),
                         source: "synthesised", processing: processing, qualityNote: "synthesised: qc 5",
                         synthesised: true)
    }

    static func longName(_ variable: TowerVariable) -> String {
        switch variable {
        case .RH: "Near surface relative humidity"
        case .VPD: "Vapour pressure deficit"
        default: ForcingVariable(rawValue: variable.rawValue)?.info.longName
            ?? variable.flux?.info.longName ?? variable.rawValue
        }
    }
}
