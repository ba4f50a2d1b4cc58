import Benchmarks
import FluxData
import Foundation
import Logging
import MdPLSupport

/// The benchmarks of every site: the PLUMBER empirical models, each trained on all the other sites'
/// observations (out of sample), and the LSTM flux model, trained once on every site's training
/// period; Qle, Qh and NEE written as `benchmarks/<MODEL>_<SITE>.nc` and reused when present.
public struct BenchmarkStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.benchmarks")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// The LSTM benchmark's name in metrics and file names.
    public static let lstmName = "lstm"

    /// Per model (by name), per site (input order), the predicted fluxes.
    public func run(_ sites: [SiteDataset], splits: [TemporalSplit]) throws -> [(String, [[FluxVariable: [Double]]])] {
        let empirical = try EmpiricalModel.allCases.map { (model: EmpiricalModel) -> (String, [[FluxVariable: [Double]]]) in
            (model.rawValue, try run(model, sites))
        }
        return empirical + [(Self.lstmName, try runLSTM(sites, splits: splits))]
    }

    /// One PLUMBER model at every site, trained on the other sites.
    private func run(_ model: EmpiricalModel, _ sites: [SiteDataset]) throws -> [[FluxVariable: [Double]]] {
        let config = directory.config
        let fluxes: [FluxVariable] = [.Qle, .Qh, .NEE]
        // Sites in parallel: each fit (3km27's k-means above all) is single-threaded.
        let predictions = try sites.parallelMap { s, site -> [FluxVariable: [Double]] in
            let file = directory.file("benchmarks/\(model.rawValue)_\(site.info.code).nc")
            if let stored = try? Self.read(file, fluxes: fluxes, time: site.time) { return stored }
            let others = sites.enumerated().filter { $0.offset != s }.map(\.element)
            var predicted: [FluxVariable: [Double]] = [:]
            for flux in fluxes where site.fluxes[flux] != nil && others.contains(where: { $0.fluxes[flux] != nil }) {
                predicted[flux] = EmpiricalBenchmark(model, flux: flux, sites: others, policy: config.data.quality,
                                                     seed: config.seed).predict(site)
            }
            try Self.write(predicted, of: site, to: file, model: "PLUMBER \(model.rawValue)", trainedOn: "the other sites")
            return predicted
        }
        logger.info("benchmark \(model.rawValue) done")
        return predictions
    }

    /// The LSTM flux model at every site: trained once, on every site's training period.
    private func runLSTM(_ sites: [SiteDataset], splits: [TemporalSplit]) throws -> [[FluxVariable: [Double]]] {
        let files = sites.map { directory.file("benchmarks/\(Self.lstmName)_\($0.info.code).nc") }
        let stored = zip(sites, files).map { site, file in try? Self.read(file, fluxes: LSTMFluxBenchmark.fluxes, time: site.time) }
        if stored.allSatisfy({ $0 != nil }) { return stored.map { $0! } }
        let config = directory.config
        let start = Date()
        let lstm = LSTMFluxBenchmark(sites: sites, trainingMasks: zip(splits, sites).map { $0.trainingMask($1.time) },
                                     policy: config.data.quality, seed: config.seed &+ 404)
        let predictions = try zip(sites, files).map { site, file in
            var predicted = lstm.predict(site)
            for flux in LSTMFluxBenchmark.fluxes where site.fluxes[flux] == nil { predicted[flux] = nil }
            try Self.write(predicted, of: site, to: file, model: "LSTM", trainedOn: "the training periods of all sites")
            return predicted
        }
        logger.info("benchmark lstm trained and run in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        return predictions
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
