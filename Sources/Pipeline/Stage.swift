import Foundation

/// The stages of `mdpl run`, as named in a config's `stages:`.
public enum StageName: String, Codable, Sendable, CaseIterable, Comparable {
    /// The land model with PFT default parameters at every site, scored.
    case `default`
    /// PLUMBER empirical benchmarks (1lin, 2lin, 3km27, trained on the other sites) and the LSTM
    /// flux model (trained on every site's training period), scored.
    case benchmarks
    /// Land-model ensembles, the surrogate, its sub-daily decoder and their fidelity.
    case surrogate
    /// The methods of `calibration.methods`: learned parameters, then the real land model with
    /// them, scored.
    case calibration

    /// The stage that does the work.
    public var stage: any Stage {
        switch self {
        case .default: DefaultModelStage()
        case .benchmarks: BenchmarkStage()
        case .surrogate: SurrogateStage()
        case .calibration: CalibrationStage()
        }
    }

    public static func < (a: StageName, b: StageName) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One step of an experiment. A stage reads the run's sites and the results of the stages it
/// depends on, writes its files into the run directory (atomically) and hands its results on by
/// name. It reuses what an earlier run of the same directory wrote only where the stage's
/// manifest (`StageManifest`) shows that the outputs were made from the same inputs.
public protocol Stage {
    /// The name in `stages:`.
    var name: StageName { get }
    /// The stages whose results this stage reads, given the config (e.g. calibration needs the
    /// surrogate only when one of its methods goes through it).
    func dependencies(_ config: RunConfig) -> [StageName]
    /// What it writes, relative to the run directory (for logs and documentation).
    var writes: [String] { get }
    /// Runs (or reuses) the stage and records its results.
    func run(_ run: RunContext, results: inout RunResults) throws
}

extension StageName {
    /// `requested` and every stage they need, in the order they run (dependencies first).
    public static func order(_ requested: [StageName], config: RunConfig) -> [StageName] {
        var included = Set<StageName>()
        func include(_ name: StageName) {
            guard included.insert(name).inserted else { return }
            for dependency in name.stage.dependencies(config) { include(dependency) }
        }
        requested.forEach(include)
        // Every dependency precedes its dependents in the declaration order of the cases.
        return included.sorted()
    }
}
