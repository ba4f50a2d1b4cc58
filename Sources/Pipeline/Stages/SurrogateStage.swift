import Foundation

/// Land-model ensembles at every site, the multi-task surrogate trained on them, its sub-daily
/// decoder and their fidelity to the land model (`SurrogateTraining` does the work).
public struct SurrogateStage: Stage {
    public var name: StageName { .surrogate }
    public func dependencies(_ config: RunConfig) -> [StageName] { [] }
    public var writes: [String] {
        ["ensemble/<SITE>.ens", "ensemble/<SITE>.steps.ens", "surrogate/model.ckpt", "surrogate/decoder.ckpt",
         "surrogate/training.csv", "surrogate/fidelity.csv", "surrogate/fidelity.txt"]
    }

    public init() {}

    public func run(_ run: RunContext, results: inout RunResults) throws {
        results.surrogate = try SurrogateTraining(run).outcome()
    }
}
