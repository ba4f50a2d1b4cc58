import Evaluation
import FluxData
import Surrogate

/// Weights of the time scales in a calibration objective (`calibration.objective`).
public struct ObjectiveScales: Codable, Sendable, Equatable {
    /// The model step (half-hourly at the shared sites).
    public var native: Double
    public var daily: Double
    public var monthly: Double

    public init(native: Double = 1, daily: Double = 0, monthly: Double = 0) {
        self.native = native
        self.daily = daily
        self.monthly = monthly
    }

    enum CodingKeys: String, CodingKey { case native, daily, monthly }

    /// A scale not named in the mapping has weight 0 (`{daily: 1}` is a daily objective).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        native = try c.decodeIfPresent(Double.self, forKey: .native) ?? 0
        daily = try c.decodeIfPresent(Double.self, forKey: .daily) ?? 0
        monthly = try c.decodeIfPresent(Double.self, forKey: .monthly) ?? 0
    }

    public func weight(_ scale: TimeScale) -> Double {
        switch scale {
        case .native: native
        case .daily: daily
        case .monthly: monthly
        }
    }

    /// `half-hourly`, `0.5 daily + 0.5 monthly`, ...: the scales with a weight.
    public var description: String {
        let used = TimeScale.allCases.filter { weight($0) > 0 }
        func name(_ s: TimeScale) -> String { s == .native ? "half-hourly" : s.rawValue }
        if used.count == 1 { return name(used[0]) }
        return used.map { "\(String(format: "%g", weight($0))) \(name($0))" }.joined(separator: " + ")
    }
}

/// The calibration objective of every method (MdPL, dPL, SCE-UA, ...), for one site:
///
///     J(u) = Σ_s W_s Σ_k w_k (1 − NSE_k,s) + λ Σ_p (u_p − u_default,p)²
///
/// over time scales s (half-hourly, daily, monthly; weights W_s) and fitted fluxes k (weights w_k),
/// where NSE_k,s is the Nash–Sutcliffe efficiency of the simulation against the observations of
/// the calibration period at that scale, formed as the metrics form them (`ObservedTargets`), and
/// the prior pulls the calibrated parameters (unit cube u) towards the PFT defaults. A (task,
/// scale) pair without usable observations at the site does not count.
public struct CalibrationObjective: Sendable {
    public var tasks: [FluxTask]
    public var taskWeights: [Double]
    public var scales: ObjectiveScales
    public var priorWeight: Double

    public init(tasks: [FluxTask], taskWeights: [Double], scales: ObjectiveScales = ObjectiveScales(), priorWeight: Double) {
        precondition(tasks.count == taskWeights.count, "one weight per task")
        self.tasks = tasks
        self.taskWeights = taskWeights
        self.scales = scales
        self.priorWeight = priorWeight
    }

    /// The weighted (task, scale) pairs with observations at a site.
    public func terms(_ targets: ObservedTargets) -> [(task: FluxTask, weight: Double, aggregate: ObservedTargets.Aggregate)] {
        var out: [(FluxTask, Double, ObservedTargets.Aggregate)] = []
        for scale in TimeScale.allCases where scales.weight(scale) > 0 {
            for (k, task) in tasks.enumerated() where taskWeights[k] > 0 {
                if let aggregate = targets.aggregates[scale]?[task] { out.append((task, scales.weight(scale) * taskWeights[k], aggregate)) }
            }
        }
        return out
    }

    /// Whether the site has anything to fit.
    public func isUsable(_ targets: ObservedTargets) -> Bool { !terms(targets).isEmpty }

    /// Σ W_s w_k (1 − NSE_k,s) of per-step simulated series (per task, every step of the record).
    public func misfit(_ series: [FluxTask: [Double]], targets: ObservedTargets) -> Double {
        terms(targets).reduce(0) { $0 + $1.weight * $1.aggregate.misfit(series[$1.task]!) }
    }

    /// The misfit's gradient with respect to every step's simulated value, per task.
    public func misfitGradient(_ series: [FluxTask: [Double]], targets: ObservedTargets) -> [FluxTask: [Double]] {
        var gradient: [FluxTask: [Double]] = [:]
        for task in tasks { gradient[task] = [Double](repeating: 0, count: targets.steps) }
        for term in terms(targets) {
            term.aggregate.addGradient(series[term.task]!, weight: term.weight, into: &gradient[term.task]!)
        }
        return gradient
    }

    /// λ Σ (u − u_default)².
    public func prior(_ unit: [Double], defaults: [Double]) -> Double {
        priorWeight * zip(unit, defaults).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    /// One line stating the objective (for logs, files and the report).
    public var description: String {
        let fluxes = zip(tasks, taskWeights).map { "\(String(format: "%.2g", $1)) \($0.rawValue)" }.joined(separator: " + ")
        return "J = Σ (1 − NSE) of \(fluxes) at \(scales.description) scale, prior λ = \(priorWeight)"
    }
}
