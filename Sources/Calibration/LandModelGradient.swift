import FluxData
import LandModel
import Surrogate

/// The objective J of one site and its exact gradient with respect to the calibrated parameters'
/// unit-cube coordinates, from one run of the land model in dual numbers
/// (`ParameterDerivatives`), and the Gauss–Newton normal equations of J's residuals.
///
/// J = Σ_terms w · Σ_g (sim_g − obs_g)² / (n var) + λ Σ (u − u_default)², a sum of squared
/// residuals r_g = √(w / (n var)) (sim_g − obs_g) and √λ (u − u_default), so J = |r|² and
/// ∇J = 2 Jᵣᵀ r with Jᵣ the residuals' Jacobian (sim_g is a mean over steps, so is its derivative).
extension LandModelObjective {
    /// J, ∇J (per calibrated parameter) and the Gauss–Newton matrix Jᵣᵀ Jᵣ at unit point `u`.
    public struct Linearisation: Sendable {
        public var value: Double
        public var gradient: [Double]
        public var gaussNewton: [[Double]]
        public var spinUpCycles: Int
    }

    /// The linearisation of J at `u` (one dual-number run of the whole record).
    public func linearise(_ u: [Double]) -> Linearisation {
        let k = calibrated.count
        let run = ParameterDerivatives.run(forcing, parameters: parameters(u), calibrated: calibrated,
                                           fields: objective.tasks.map(\.field), options: options)
        var value = 0.0
        var gradient = [Double](repeating: 0, count: k)
        var normal = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var row = [Double](repeating: 0, count: k)
        for term in objective.terms(targets) {
            let a = term.aggregate
            let values = run.values[term.task.field]!, partials = run.partials[term.task.field]!
            let scale = (term.weight / (Double(a.count) * a.variance)).squareRoot()
            for g in 0..<a.count {
                let start = a.offsets[g], end = a.offsets[g + 1], size = Double(end - start)
                var sim = 0.0
                for i in start..<end { sim += values[a.steps[i]] }
                let residual = scale * (sim / size - a.observed[g])
                for p in 0..<k {
                    var d = 0.0
                    for i in start..<end { d += partials[p][a.steps[i]] }
                    row[p] = scale * d / size
                }
                value += residual * residual
                for p in 0..<k {
                    gradient[p] += 2 * residual * row[p]
                    for q in 0...p { normal[p][q] += row[p] * row[q] }
                }
            }
        }
        let lambda = objective.priorWeight
        for p in 0..<k {
            let r = u[p] - defaultUnit[p]
            value += lambda * r * r
            gradient[p] += 2 * lambda * r
            normal[p][p] += lambda
            for q in 0..<p { normal[q][p] = normal[p][q] }
        }
        return Linearisation(value: value, gradient: gradient, gaussNewton: normal, spinUpCycles: run.spinUpCycles)
    }
}
