import Foundation
import NeuralKit

/// Dynamically dimensioned search (DDS; Tolson & Shoemaker 2007, Water Resour. Res. 43, W01413): a
/// greedy local-to-global search over the unit cube [0, 1]ⁿ for small budgets, started from a
/// good point (here: MdPL's parameters).
///
/// At evaluation i of a budget m, each dimension is perturbed with probability
/// P(i) = 1 − ln(i)/ln(m) (at least one dimension always), by r·N(0, 1) with r = 0.2 of the
/// range, reflected at the bounds; the candidate replaces the best point if it is better. The
/// search starts global and becomes local as P shrinks. Here `batch` candidates are drawn from the
/// current best at once and evaluated together (one SIMD ensemble of land-model runs), and the best
/// of them is kept — the same schedule, evaluated in parallel.
public struct DynamicallyDimensionedSearch: Sendable {
    /// Maximum number of objective evaluations (the start point included).
    public var budget: Int
    /// Candidates evaluated together.
    public var batch: Int
    /// Perturbation size as a fraction of each dimension's range.
    public var perturbation: Double = 0.2
    public var seed: UInt64

    public init(budget: Int, batch: Int = 8, seed: UInt64) {
        self.budget = budget
        self.batch = batch
        self.seed = seed
    }

    /// The result of a search.
    public struct Outcome: Sendable {
        public var best: [Double]
        public var value: Double
        public var evaluations: Int
        /// (evaluations so far, best value) after the start point and after every batch.
        public var history: [(evaluations: Int, best: Double)]
    }

    /// Minimises `objective` from `start`; `objective` gets a batch of points and returns one value
    /// per point (non-finite values never win).
    public func minimize(start: [Double], objective: ([[Double]]) -> [Double]) -> Outcome {
        precondition(budget >= 1 && batch >= 1 && !start.isEmpty, "DDS needs a budget, a batch and a start point")
        let n = start.count
        var generator = SeededGenerator(seed: seed)
        var best = start.map { min(max($0, 0), 1) }
        var value = objective([best])[0]
        if !value.isFinite { value = .infinity }
        var evaluations = 1
        var history = [(evaluations: evaluations, best: value)]
        while evaluations < budget {
            let count = min(batch, budget - evaluations)
            let candidates = (0..<count).map { j -> [Double] in
                let i = Double(evaluations + j + 1)
                let probability = budget > 1 ? 1 - log(i) / log(Double(budget)) : 1
                var chosen = (0..<n).filter { _ in generator.nextUnit() < probability }
                if chosen.isEmpty { chosen = [Int(generator.nextUnit() * Double(n)) % n] }
                var x = best
                for d in chosen {
                    var v = x[d] + perturbation * gaussian(&generator)
                    // Reflect at the bounds; if still outside, take the bound (Tolson & Shoemaker 2007).
                    if v < 0 { v = -v; if v > 1 { v = 0 } }
                    if v > 1 { v = 2 - v; if v < 0 { v = 1 } }
                    x[d] = v
                }
                return x
            }
            let values = objective(candidates)
            evaluations += count
            for (x, v) in zip(candidates, values) where v.isFinite && v < value {
                value = v
                best = x
            }
            history.append((evaluations, value))
        }
        return Outcome(best: best, value: value, evaluations: evaluations, history: history)
    }

    private func gaussian(_ generator: inout SeededGenerator) -> Double {
        // Box–Muller.
        let u1 = max(generator.nextUnit(), 1e-300), u2 = generator.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
