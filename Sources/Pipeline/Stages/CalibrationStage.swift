import Calibration
import FluxData
import Foundation
import LandModel
import Logging
import MdPLSupport

/// Runs the methods of `calibration.methods` (`CalibrationMethods`), each into its own folder:
/// learned parameters `<method>/<SITE>.yaml` (a `--params` file for `mdpl simulate`), then the real
/// land model with them over the whole record, `<method>/<SITE>.nc`, scored. Parameters are reused
/// when the method's manifest matches (per site for per-site methods, all sites at once for the
/// others), land-model runs when their parameters and forcing are unchanged.
public struct CalibrationStage: Stage {
    public var name: StageName { .calibration }
    public var writes: [String] { ["<method>/<SITE>.yaml", "<method>/<SITE>.nc", "<method>/…"] }
    private let logger = Logger(label: "mdpl.calibration")

    public init() {}

    public func dependencies(_ config: RunConfig) -> [StageName] {
        // The defaults' runs are every method's reference (J_default, ΔRMSE).
        [.default] + (config.calibration.registeredMethods.contains(where: \.usesSurrogate) ? [.surrogate] : [])
    }

    public func run(_ run: RunContext, results: inout RunResults) throws {
        for method in run.config.calibration.registeredMethods {
            let context = MethodContext(run: run, surrogate: method.usesSurrogate ? results.surrogate : nil,
                                        earlier: results.calibrations, folder: method.name, scales: method.objectiveScales)
            let start = Date()
            let manifest = StageManifest(run.directory, folder: method.name)
            let parameters = try WallTimes(run.directory).measure(method.name, sites: run.sites.count, manifests: [manifest]) {
                let parameters = try learn(method, context: context, manifest: manifest)
                try method.finish(context: context)
                return parameters
            }
            let runs = try landModelRuns(parameters, context: context)
            logger.notice("\(method.name): \(run.sites.count) sites in \(ProgressBar.formatDuration(Date().timeIntervalSince(start)))")
            results.add(ModelRuns(name: method.name, parameters: parameters, runs: runs), context: run)
            for variant in try method.variants(context: context) {
                let variantContext = MethodContext(run: run, surrogate: nil, earlier: results.calibrations, folder: variant.name)
                for (p, code) in zip(variant.parameters, run.codes) {
                    try AtomicFile.update(ParameterFile.yaml(p, comment: "\(variant.name), from the search of \(method.name) (run \(run.config.name))"),
                                          at: variantContext.file("\(code).yaml"))
                }
                results.add(ModelRuns(name: variant.name, parameters: variant.parameters,
                                      runs: try landModelRuns(variant.parameters, context: variantContext)), context: run)
            }
        }
        let table = ObjectiveTable(context: run, runs: [results.defaults].compactMap { $0 } + results.calibrations)
        try AtomicFile.write(table.csv, to: run.directory.file("metrics/objective.csv"))
        for (model, sites) in table.worseThanDefault {
            logger.warning("\(model): the real land model fits worse than with the default parameters (higher J on the training period) at \(sites.joined(separator: ", "))")
        }
        results.objectives = table
    }

    /// The fingerprint of what determines `method`'s parameters at the sites `indices`.
    private func fingerprint(_ method: any CalibrationMethod, indices: [Int], context: MethodContext) -> String {
        let run = context.run, config = run.config
        var f = Fingerprint("calibration \(method.name)", version: 1)
        f.add("calibrated", config.calibration.calibrated)
        f.add("tasks", config.calibration.tasks)
        f.add("weights", config.calibration.weights(taskCount: config.calibration.tasks.count))
        f.add("prior", config.calibration.priorWeight)
        f.add("objective", config.calibration.objective)
        f.add("generator", [config.calibration.iterations, config.calibration.hidden])
        f.add("learning rate", config.calibration.learningRate)
        f.add("model", config.model)
        f.add("quality", config.data.quality)
        f.add("minimum valid fraction", config.data.minValidFraction)
        f.add("seed", config.seed)
        if let surrogate = context.surrogate { f.add(surrogate.fingerprint) }
        for i in indices {
            f.add(run.codes[i])
            f.add(run.forcingFingerprints[i])
            f.add(run.observationFingerprints[i])
            f.add("split", run.splits.temporal[i])
            for earlier in context.earlier where method.reads.contains(earlier.name) {
                f.add(ParameterFile.yaml(earlier.parameters[i]))
            }
        }
        method.describe(&f, context: context)
        return f.hex
    }

    /// The method's parameters at every site: reused where current, else learned and written.
    private func learn(_ method: any CalibrationMethod, context: MethodContext, manifest: StageManifest) throws -> [LandParameters] {
        let run = context.run
        let files = run.codes.map { context.file("\($0).yaml") }
        let comment = "learned by \(method.name) (run \(run.config.name))"
        func load(_ i: Int) throws -> LandParameters { try ParameterFile.load(files[i], over: run.sites[i].defaultParameters) }
        func write(_ p: LandParameters, _ i: Int) throws {
            if let bad = ParameterID.allCases.first(where: { !p[$0].isFinite }) {
                throw DataError(file: files[i].path, variable: bad.rawValue,
                                "\(method.name) produced a non-finite parameter at \(run.codes[i]) (its objective or derivatives were not finite)")
            }
            try AtomicFile.write(ParameterFile.yaml(p, comment: comment), to: files[i])
        }
        switch method.scope {
        case .allSites:
            let all = Array(run.sites.indices)
            // Adopted from another run directory with everything else the method wrote there.
            return try manifest.reuseOrCompute(StageManifest.wholeStage, fingerprint: fingerprint(method, indices: all, context: context),
                                               outputs: files, companions: { !$0.hasSuffix(".nc") }, load: { try all.map(load) }) {
                let parameters = try method.learn(all, context: context)
                for (i, p) in parameters.enumerated() { try write(p, i) }
            }
        case .perSite:
            // One site per core: each method run is single-threaded (a SIMD ensemble per batch).
            return try Array(run.sites.indices).parallelMap { _, i in
                try manifest.reuseOrCompute(run.codes[i], fingerprint: fingerprint(method, indices: [i], context: context),
                                            outputs: [files[i]], companions: { path in
                                                let name = path.split(separator: "/").last.map(String.init) ?? path
                                                return (name.hasPrefix(run.codes[i] + "-") || name == run.codes[i] + ".yaml") && !name.hasSuffix(".nc")
                                            }, load: { try load(i) }) {
                    try write(try method.learn([i], context: context)[0], i)
                }
            }
        }
    }

    /// The real land model with each site's parameters, reused where parameters and forcing match.
    private func landModelRuns(_ parameters: [LandParameters], context: MethodContext) throws -> [SimulationResult] {
        let run = context.run
        let manifest = StageManifest(run.directory, folder: context.folder)
        return try run.sites.enumerated().map { i, site in
            let file = context.file("\(site.data.info.code).nc")
            var f = Fingerprint("land model run", version: 1)
            f.add(run.forcingFingerprints[i])
            f.add("model", run.config.model)
            f.add(ParameterFile.yaml(parameters[i]))
            return try manifest.reuseOrCompute("\(site.data.info.code).nc", fingerprint: f.hex, outputs: [file],
                                               load: { try ModelOutputFile.read(file, expecting: site.data.time) }) {
                let result = Simulation.run(site.forcing, parameters: parameters[i], options: run.config.model.options)
                try ModelOutputFile.write(result, site: site.data.info, parameters: parameters[i], to: file)
            }
        }
    }
}
