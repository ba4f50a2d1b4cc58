import FluxData
import Foundation
import LandModel
import MdPLSupport
import NeuralKit

/// How the members of a land-model ensemble are drawn.
public enum DesignKind: String, Codable, Sendable, CaseIterable {
    /// Latin hypercube with maximin improvement.
    case latinHypercube = "lhs"
    /// Sobol' points (Joe–Kuo directions), skipping the origin.
    case sobol
}

/// Runs a site's land-model ensemble for surrogate training: members drawn by a space-filling
/// design over the calibrated parameters (unit cube of their transformed space), the others at
/// the site's PFT defaults; daily means of the task fluxes.
public struct EnsembleGenerator: Sendable {
    public var calibrated: [ParameterID]
    public var tasks: [FluxTask]
    public var members: Int
    public var design: DesignKind
    public var seed: UInt64
    public var options: SimulationOptions

    public init(calibrated: [ParameterID], tasks: [FluxTask], members: Int, design: DesignKind, seed: UInt64,
                options: SimulationOptions = SimulationOptions()) {
        self.calibrated = calibrated
        self.tasks = tasks
        self.members = members
        self.design = design
        self.seed = seed
        self.options = options
    }

    /// The design's unit-cube points for `site` (a site-specific stream of the run's seed).
    public func points(site: String) -> [[Double]] {
        switch design {
        case .sobol:
            // Sites take consecutive blocks of the sequence so their members differ.
            let block = Int(StableHash.of(site) % 64)
            return Array(SobolSequence(dimensions: calibrated.count).points((block + 1) * members).suffix(members))
        case .latinHypercube:
            var generator = SeededGenerator(seed: seed ^ StableHash.of(site))
            return LatinHypercube.design(count: members, dimensions: calibrated.count, using: &generator)
        }
    }

    /// Runs the ensemble of `forcing` with parameters around `base`: daily means of all members,
    /// or (`resolution: .native`) every step of the first `firstMembers` members.
    public func run(_ forcing: PreparedForcing, base: LandParameters, threads: Int,
                    resolution: EnsembleRecording.Resolution = .daily, firstMembers: Int? = nil,
                    progress: (@Sendable (Int) -> Void)? = nil) throws -> EnsembleData {
        let count = min(firstMembers ?? members, members)
        let unit = Array(points(site: forcing.site.code).prefix(count))
        let sets = CalibratedParameters.parameterSets(points: unit, calibrated: calibrated, base: base)
        let result = Ensemble.run(forcing, members: sets, recording: EnsembleRecording(fields: tasks.map(\.field), resolution: resolution),
                                  options: options, threads: threads, progress: progress)
        guard let first = result.periods.first else {
            throw DataError(file: forcing.site.code, "the site has no complete day to record")
        }
        var values: [FluxTask: [[Float]]] = [:]
        for task in tasks { values[task] = result.values[task.field]!.map { $0.map(Float.init) } }
        let header = EnsembleData.Header(formatVersion: EnsembleData.formatVersion, site: forcing.site.code,
                                         parameters: calibrated, tasks: tasks, members: count, firstPeriod: first,
                                         periods: result.periods.count,
                                         periodSeconds: resolution == .daily ? 86400 : forcing.time.stepSeconds,
                                         design: design.rawValue, seed: seed)
        return EnsembleData(header: header, unitParameters: unit.map { $0.map(Float.init) }, values: values)
    }
}
