import Benchmarks
import FluxData
import Foundation
import Logging
import MdPLSupport

/// The PLUMBER empirical benchmarks of every site, each trained on all the other sites' observations
/// (out of sample) for Qle, Qh and NEE, written as `benchmarks/<MODEL>_<SITE>.nc` and reused when present.
public struct BenchmarkStage {
    public let directory: RunDirectory
    private let logger = Logger(label: "mdpl.benchmarks")

    public init(directory: RunDirectory) {
        self.directory = directory
    }

    /// Per model, per site (input order), the predicted fluxes.
    public func run(_ sites: [SiteDataset]) throws -> [(EmpiricalModel, [[FluxVariable: [Double]]])] {
        let config = directory.config
        let fluxes: [FluxVariable] = [.Qle, .Qh, .NEE]
        return try EmpiricalModel.allCases.map { model in
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
                try ALMAWriter.write(to: file, site: site.info, time: site.time,
                                     variables: predicted.keys.sorted { $0.rawValue < $1.rawValue }.map { flux in
                                         OutputVariable(name: flux.rawValue, units: flux.info.units,
                                                        longName: "\(flux.info.longName), PLUMBER \(model.rawValue) benchmark",
                                                        values: predicted[flux]!)
                                     },
                                     title: "PLUMBER \(model.rawValue) benchmark for \(site.info.code), trained on the other sites")
                return predicted
            }
            logger.info("benchmark \(model.rawValue) done")
            return (model, predictions)
        }
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
