import Benchmarks
import FluxData
import Foundation
import Logging
import MdPLSupport

/// The benchmarks of every site: the PLUMBER empirical models, each trained on all the other sites'
/// observations (out of sample), and the LSTM flux model, trained once on every site's training
/// period; Qle, Qh and NEE written as `benchmarks/<MODEL>_<SITE>.nc` and scored. Every output
/// depends on every site's data, so the manifest's fingerprints cover all of them.
public struct BenchmarkStage: Stage {
    public var name: StageName { .benchmarks }
    public func dependencies(_ config: RunConfig) -> [StageName] { [] }
    public var writes: [String] { ["benchmarks/<MODEL>_<SITE>.nc"] }
    private let logger = Logger(label: "mdpl.benchmarks")

    public init() {}

    /// The LSTM benchmark's name in metrics and file names.
    public static let lstmName = "lstm"

    public func run(_ run: RunContext, results: inout RunResults) throws {
        let manifest = StageManifest(run.directory, folder: "benchmarks")
        var inputs = Fingerprint("benchmarks", version: 1)
        inputs.add("seed", run.config.seed)
        inputs.add("quality", run.config.data.quality)
        inputs.add("splits", run.splits.temporal)
        for (forcing, observations) in zip(run.forcingFingerprints, run.observationFingerprints) {
            inputs.add(forcing)
            inputs.add(observations)
        }
        for model in EmpiricalModel.allCases {
            results.add(FluxPredictions(name: model.rawValue, fluxes: try empirical(model, run, manifest, inputs.hex)), context: run)
        }
        results.add(FluxPredictions(name: Self.lstmName, fluxes: try lstm(run, manifest, inputs.hex)), context: run)
    }

    /// One PLUMBER model at every site, trained on the other sites.
    private func empirical(_ model: EmpiricalModel, _ run: RunContext, _ manifest: StageManifest,
                           _ fingerprint: String) throws -> [[FluxVariable: [Double]]] {
        let config = run.config
        let fluxes: [FluxVariable] = [.Qle, .Qh, .NEE]
        let sites = run.sites.map(\.data)
        // Sites in parallel: each fit (3km27's k-means above all) is single-threaded.
        let predictions = try sites.parallelMap { s, site -> [FluxVariable: [Double]] in
            let file = run.directory.file("benchmarks/\(model.rawValue)_\(site.info.code).nc")
            return try manifest.reuseOrCompute("\(model.rawValue)_\(site.info.code)", fingerprint: fingerprint, outputs: [file],
                                               load: { try Self.read(file, fluxes: fluxes, time: site.time) }) {
                let others = sites.enumerated().filter { $0.offset != s }.map(\.element)
                var predicted: [FluxVariable: [Double]] = [:]
                for flux in fluxes where site.fluxes[flux] != nil && others.contains(where: { $0.fluxes[flux] != nil }) {
                    predicted[flux] = EmpiricalBenchmark(model, flux: flux, sites: others, policy: config.data.quality,
                                                         seed: config.seed).predict(site)
                }
                try Self.write(predicted, of: site, to: file, model: "PLUMBER \(model.rawValue)", trainedOn: "the other sites")
            }
        }
        logger.info("benchmark \(model.rawValue) done")
        return predictions
    }

    /// The LSTM flux model at every site: trained once, on every site's training period.
    private func lstm(_ run: RunContext, _ manifest: StageManifest, _ fingerprint: String) throws -> [[FluxVariable: [Double]]] {
        let sites = run.sites.map(\.data)
        let files = sites.map { run.directory.file("benchmarks/\(Self.lstmName)_\($0.info.code).nc") }
        return try manifest.reuseOrCompute(Self.lstmName, fingerprint: fingerprint, outputs: files, load: {
            try zip(sites, files).map { try Self.read($1, fluxes: LSTMFluxBenchmark.fluxes, time: $0.time) }
        }) {
            let config = run.config
            let start = Date()
            let lstm = LSTMFluxBenchmark(sites: sites, trainingMasks: sites.indices.map(run.trainingMask),
                                         policy: config.data.quality, seed: config.seed &+ 404)
            for (site, file) in zip(sites, files) {
                var predicted = lstm.predict(site)
                for flux in LSTMFluxBenchmark.fluxes where site.fluxes[flux] == nil { predicted[flux] = nil }
                try Self.write(predicted, of: site, to: file, model: "LSTM", trainedOn: "the training periods of all sites")
            }
            logger.info("benchmark lstm trained and run in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }

    /// Writes one benchmark's fluxes at one site as ALMA NetCDF.
    private static func write(_ predicted: [FluxVariable: [Double]], of site: SiteDataset, to file: URL, model: String,
                              trainedOn training: String) throws {
        try ALMAWriter.write(to: file, site: site.info, time: site.time,
                             variables: predicted.keys.sorted { $0.rawValue < $1.rawValue }.map { flux in
                                 OutputVariable(name: flux.rawValue, units: flux.info.units,
                                                longName: "\(flux.info.longName), \(model) benchmark", values: predicted[flux]!)
                             },
                             title: "\(model) benchmark for \(site.info.code), trained on \(training)")
    }

    /// Reads the fluxes a stored benchmark file holds (all of `fluxes` present in it).
    static func read(_ url: URL, fluxes: [FluxVariable], time: TimeAxis) throws -> [FluxVariable: [Double]] {
        let file = try NetCDFFile(path: url.path)
        let axis = try TimeAxis.decode(values: try file.readDoubles("time"), units: file.textAttribute("time", "units"), file: url.path)
        guard axis == time else { throw DataError(file: url.path, variable: "time", "differs from the site's time axis") }
        var out: [FluxVariable: [Double]] = [:]
        for flux in fluxes where file.hasVariable(flux.rawValue) { out[flux] = try file.readDoubles(flux.rawValue) }
        return out
    }
}
