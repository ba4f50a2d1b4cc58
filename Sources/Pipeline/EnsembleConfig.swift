import Foundation
import LandModel
import Surrogate

/// The land-model ensemble that trains the surrogate.
public struct EnsembleConfig: Codable, Sendable, Equatable {
    /// Members per site.
    public var members: Int
    /// Space-filling design: `lhs` (Latin hypercube, maximin) or `sobol`.
    public var design: DesignKind
    /// Calibrated parameters; empty = the default subset for the tasks (LSM_SPEC.md 4.3).
    public var parameters: [ParameterID]
    /// Fluxes the surrogate predicts (multi-task: Qle and Qh, optionally NEE).
    public var tasks: [FluxTask]

    public init(members: Int = 256, design: DesignKind = .latinHypercube, parameters: [ParameterID] = [],
                tasks: [FluxTask] = [.Qle, .Qh]) {
        self.members = members
        self.design = design
        self.parameters = parameters
        self.tasks = tasks
    }

    enum CodingKeys: String, CodingKey { case members, design, parameters, tasks }

    public init(from decoder: Decoder) throws {
        let d = EnsembleConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        members = try c.decodeIfPresent(Int.self, forKey: .members) ?? d.members
        design = try c.decodeIfPresent(DesignKind.self, forKey: .design) ?? d.design
        parameters = try c.decodeIfPresent([ParameterID].self, forKey: .parameters) ?? d.parameters
        tasks = try c.decodeIfPresent([FluxTask].self, forKey: .tasks) ?? d.tasks
    }

    /// The calibrated parameters this config means.
    public var calibrated: [ParameterID] {
        parameters.isEmpty ? CalibratedParameters.defaults(for: tasks) : parameters.sorted()
    }

    func validate(file: String) throws {
        guard (8...100_000).contains(members) else {
            throw ConfigError(file: file, key: "ensemble.members", value: "\(members)", "must be 8 to 100000")
        }
        guard !tasks.isEmpty, Set(tasks).count == tasks.count else {
            throw ConfigError(file: file, key: "ensemble.tasks", value: tasks.map(\.rawValue).joined(separator: ", "),
                              "list one or more distinct fluxes of Qle, Qh, NEE")
        }
        guard calibrated.count <= SobolSequence.maximumDimensions, Set(parameters).count == parameters.count else {
            throw ConfigError(file: file, key: "ensemble.parameters", value: parameters.map(\.rawValue).joined(separator: ", "),
                              "list distinct parameters of `mdpl params` (at most \(SobolSequence.maximumDimensions))")
        }
    }
}
