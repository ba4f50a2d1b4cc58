import FluxData
import Foundation
import LandModel

extension RunResults {
    /// The results of a run as its files hold them — default runs, benchmarks, every calibration
    /// method and its variants, the surrogate's fidelity — scored again (`mdpl report`). What a
    /// stage did not write is absent.
    public static func stored(_ context: RunContext) throws -> RunResults {
        let directory = context.directory
        var results = RunResults()
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: directory.file(path).path) }
        func runs(_ folder: String, parameters: Bool) throws -> ModelRuns? {
            guard context.codes.allSatisfy({ exists("\(folder)/\($0).nc") }) else { return nil }
            let outputs = try context.sites.map { try ModelOutputFile.read(directory.file("\(folder)/\($0.data.info.code).nc"), expecting: $0.data.time) }
            let sets = try context.sites.map { site in
                parameters ? try ParameterFile.load(directory.file("\(folder)/\(site.data.info.code).yaml"), over: site.defaultParameters)
                    : site.defaultParameters
            }
            return ModelRuns(name: folder, parameters: sets, runs: outputs)
        }
        if let defaults = try runs("default", parameters: false) { results.add(defaults, context: context) }
        for model in ["1lin", "2lin", "3km27", BenchmarkStage.lstmName]
        where context.codes.allSatisfy({ exists("benchmarks/\(model)_\($0).nc") }) {
            let fluxes = try context.sites.map {
                try BenchmarkStage.read(directory.file("benchmarks/\(model)_\($0.data.info.code).nc"), fluxes: [.Qle, .Qh, .NEE], time: $0.data.time)
            }
            results.add(FluxPredictions(name: model, fluxes: fluxes), context: context)
        }
        for method in context.config.calibration.registeredMethods {
            guard let learned = try runs(method.name, parameters: true) else { continue }
            results.add(learned, context: context)
            let methodContext = MethodContext(run: context, surrogate: nil, earlier: results.calibrations, folder: method.name)
            for variant in (try? method.variants(context: methodContext)) ?? [] {
                if let stored = try runs(variant.name, parameters: true) { results.add(stored, context: context) }
            }
        }
        if !results.calibrations.isEmpty {
            results.objectives = ObjectiveTable(context: context, runs: [results.defaults].compactMap { $0 } + results.calibrations)
        }
        results.storedFidelity = try? String(contentsOf: directory.file("surrogate/fidelity.txt"), encoding: .utf8)
        return results
    }
}
