import ArgumentParser
import Calibration
import FluxData
import Foundation
import LandModel
import MdPLSupport
import Pipeline

/// `mdpl apply`: parameters for sites without flux observations, from a run's trained generator.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Give the sites of a data directory parameters from a run's trained parameter generator (their attributes and forcing alone).",
        discussion: "Writes <OUT>/<SITE>.yaml, a --params file for `mdpl simulate`. Flux files are not needed. A site whose PFT or climate lies outside what the generator was trained on gets a warning naming what is new.")

    @Option(name: .customLong("run"), help: "The run directory with the trained generator (runs/<name>).") var runDirectory: String
    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Output directory for the parameter files.") var out: String
    @Option(help: "The generator-based method whose generator to use (\(Self.generatorMethods.joined(separator: ", "))).")
    var method = "mdpl"
    @Option(name: .customLong("site"), parsing: .upToNextOption, help: "Site codes (default: every site of the data directory).")
    var sites: [String] = []
    @Option(name: .customLong("irrigated"), help: "Sites to treat as irrigated, comma-separated (overrides the data).") var irrigated = ""

    static let generatorMethods = ["mdpl", "dpl-Qle", "dpl-Qh", "dpl-NEE", "dpl-physics"]

    func run() throws {
        let run = URL(fileURLWithPath: runDirectory)
        let configFile = run.appendingPathComponent("config.yaml")
        guard FileManager.default.fileExists(atPath: configFile.path) else {
            throw ValidationError("\(runDirectory) is not a run directory (no config.yaml)")
        }
        let config = try ConfigLoader.load(configFile)
        let generatorFile = run.appendingPathComponent("\(method)/generator.ckpt")
        guard FileManager.default.fileExists(atPath: generatorFile.path) else {
            throw DataError(file: generatorFile.path, "the run has no trained generator for '\(method)'; run its calibration with that method first (generator methods: \(Self.generatorMethods.joined(separator: ", ")))")
        }
        let generator = try ParameterGenerator.load(generatorFile)
        if !generator.knowsTrainingRange {
            FileHandle.standardError.write(Data("warning: \(generatorFile.path) was saved without its training sites' range: sites outside it cannot be detected\n".utf8))
        }
        let catalog = try SiteCatalog(directory: data.url)
        let codes = try (sites.isEmpty ? catalog.codes : sites).map { try catalog.entry($0).code }
        let forced = Set(irrigated.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        let output = URL(fileURLWithPath: out)
        for code in codes {
            let entry = try catalog.entry(code)
            let dataset = try PLUMBER2Reader(siteTable: catalog.table).read(met: entry.met, flux: nil)
            let site = try ModelledSite(dataset, irrigated: forced.contains(code) || (dataset.info.irrigated ?? false), soil: config.model.soil)
            let descriptor = SiteDescriptor(site: site.data, model: site.model, forcing: site.forcing, defaults: site.defaultParameters, period: nil)
            let novel = generator.novelty(descriptor)
            if !novel.isEmpty {
                FileHandle.standardError.write(Data("warning: \(code): outside what the generator was trained on: \(novel.joined(separator: "; "))\n".utf8))
            }
            let parameters = generator.parameters([descriptor], defaults: [site.defaultParameters])[0]
            let file = output.appendingPathComponent("\(code).yaml")
            try AtomicFile.write(ParameterFile.yaml(parameters, comment: "\(method) generator of \(runDirectory) applied to \(code) (attributes and forcing only)"), to: file)
            print("\(code): \(file.path)" + (novel.isEmpty ? "" : " (extrapolated: \(novel.count) features)"))
        }
    }
}
