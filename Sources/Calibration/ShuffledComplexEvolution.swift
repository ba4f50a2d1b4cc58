import Foundation
import NeuralKit

/// Shuffled complex evolution (SCE-UA; Duan, Sorooshian & Gupta 1992, Water Resour. Res. 28(4);
/// Duan et al. 1994, J. Hydrol. 158): a global minimiser over the unit cube [0, 1]ⁿ that needs
/// only objective values.
///
/// A population of `complexes × pointsPerComplex` points is ranked and dealt into complexes
/// (point i of the ranking to complex i mod p). Each complex evolves by competitive complex
/// evolution (CCE): `evolutionSteps` times, a subcomplex of `subcomplexSize` points is drawn with
/// the trapezoidal probability 2(m + 1 − i)/(m(m + 1)) of rank i, its worst point is reflected
/// through the centroid of the others; if the reflection leaves the cube, or fails to improve on
/// the worst point, the contraction halfway to the centroid is tried; if that fails too, a random
/// point of the smallest box that holds the complex replaces the worst (a reflection outside the
/// cube is replaced by such a random point before it is evaluated). The complexes are then merged
/// and reshuffled, until the budget of evaluations is spent or the search has converged.
///
/// Complexes evolve independently between shuffles, so each CCE step is evaluated as one batch over
/// the complexes (reflections, then the contractions that are needed, then the random points):
/// the same algorithm as evolving them one after another (with the random draws in another order),
/// and the objective is free to evaluate a batch in parallel (e.g. one SIMD ensemble of land-model runs).
public struct ShuffledComplexEvolution: Sendable {
    /// Number of complexes p.
    public var complexes: Int
    /// Maximum number of objective evaluations (the search never exceeds it).
    public var budget: Int
    /// Stop when the best value changed by less than this fraction over `stallShuffles` shuffles.
    public var relativeImprovement: Double = 1e-3
    public var stallShuffles: Int = 5
    /// Stop when the geometric mean of the population's ranges over the dimensions (unit cube)
    /// falls below this.
    public var populationRange: Double = 1e-3
    public var seed: UInt64

    /// Why a search ended.
    public enum Stop: String, Sendable {
        case budget, stalled, converged
    }

    /// The result of a search.
    public struct Outcome: Sendable {
        /// The best point found, in the unit cube.
        public var best: [Double]
        /// Its objective value.
        public var value: Double
        /// Objective evaluations used.
        public var evaluations: Int
        /// After the initial population and after every shuffle: (evaluations so far, best value).
        public var history: [(evaluations: Int, best: Double)]
        /// The best point at each entry of `history` (the search's answer had its budget ended there).
        public var historyPoints: [[Double]]
        public var stop: Stop
    }

    public init(complexes: Int = 8, budget: Int = 1000, seed: UInt64) {
        self.complexes = complexes
        self.budget = budget
        self.seed = seed
    }

    /// Points per complex m = 2n + 1 (Duan et al. 1994).
    public static func pointsPerComplex(dimensions n: Int) -> Int { 2 * n + 1 }

    /// The smallest budget that evaluates the initial population and one evolution step.
    public static func minimumBudget(dimensions n: Int, complexes: Int) -> Int {
        complexes * pointsPerComplex(dimensions: n) + 3 * complexes
    }

    /// Minimises `objective` over [0, 1]ⁿ. `objective` gets a batch of points and returns one value
    /// per point (non-finite values rank as worst). `start` points (e.g. the prior guess) are part
    /// of the initial population; the rest is drawn uniformly.
    public func minimize(dimensions n: Int, start: [[Double]] = [], objective: ([[Double]]) -> [Double]) -> Outcome {
        precondition(n >= 1 && complexes >= 1, "SCE-UA needs dimensions and complexes")
        let m = Self.pointsPerComplex(dimensions: n), q = n + 1, beta = 2 * n + 1
        let size = complexes * m
        precondition(budget >= Self.minimumBudget(dimensions: n, complexes: complexes),
                     "SCE-UA: a budget of \(budget) cannot evaluate the initial population of \(size) and one evolution step")
        var generator = SeededGenerator(seed: seed)
        var evaluations = 0
        func evaluate(_ points: [[Double]]) -> [Double] {
            guard !points.isEmpty else { return [] }
            evaluations += points.count
            return objective(points).map { $0.isFinite ? $0 : .infinity }
        }

        let initial = start.prefix(size).map { $0.map { min(max($0, 0), 1) } }
            + (0..<(size - min(start.count, size))).map { _ in (0..<n).map { _ in generator.nextUnit() } }
        var population = zip(initial, evaluate(initial)).map { Member(point: $0, value: $1) }
        population.sort()
        var history = [(evaluations: evaluations, best: population[0].value)]
        var historyPoints = [population[0].point]
        var stop = Stop.budget

        shuffling: while true {
            var complexMembers = (0..<complexes).map { k in (0..<m).map { population[k + complexes * $0] } }
            for _ in 0..<beta {
                guard evaluations + 3 * complexes <= budget else { break }
                evolve(&complexMembers, q: q, generator: &generator, evaluate: evaluate)
            }
            population = complexMembers.flatMap { $0 }
            population.sort()
            history.append((evaluations, population[0].value))
            historyPoints.append(population[0].point)
            if evaluations + 3 * complexes > budget { stop = .budget; break shuffling }
            if rangeMeasure(population, dimensions: n) < populationRange { stop = .converged; break shuffling }
            if history.count > stallShuffles {
                let then = history[history.count - 1 - stallShuffles].best, now = population[0].value
                if abs(then - now) <= relativeImprovement * max(abs(now), .leastNormalMagnitude) { stop = .stalled; break shuffling }
            }
        }
        return Outcome(best: population[0].point, value: population[0].value, evaluations: evaluations,
                       history: history, historyPoints: historyPoints, stop: stop)
    }

    /// A point of the search with its objective value; ranks by value.
    struct Member: Comparable {
        var point: [Double]
        var value: Double
        static func < (a: Member, b: Member) -> Bool { a.value < b.value }
        static func == (a: Member, b: Member) -> Bool { a.value == b.value && a.point == b.point }
    }

    /// One CCE step in every complex (each kept sorted, best first), evaluated as batches.
    private func evolve(_ complexMembers: inout [[Member]], q: Int, generator: inout SeededGenerator,
                        evaluate: ([[Double]]) -> [Double]) {
        let m = complexMembers[0].count, n = complexMembers[0][0].point.count
        var chosen: [[Int]] = [], worst: [Int] = [], centroids: [[Double]] = [], boxes: [([Double], [Double])] = []
        var candidates: [[Double]] = []
        for members in complexMembers {
            let picks = Self.trapezoidalSample(count: q, of: m, generator: &generator).sorted()   // by rank = by value
            let w = picks.last!
            var g = [Double](repeating: 0, count: n)
            for i in picks.dropLast() { for d in 0..<n { g[d] += members[i].point[d] / Double(q - 1) } }
            let box = (0..<n).map { d in members.map { $0.point[d] }.min()! }
            let top = (0..<n).map { d in members.map { $0.point[d] }.max()! }
            var reflection = (0..<n).map { 2 * g[$0] - members[w].point[$0] }
            if reflection.contains(where: { $0 < 0 || $0 > 1 }) {
                reflection = (0..<n).map { box[$0] + (top[$0] - box[$0]) * generator.nextUnit() }
            }
            chosen.append(picks); worst.append(w); centroids.append(g); boxes.append((box, top))
            candidates.append(reflection)
        }
        // Reflections; then contractions where they failed; then random points where those failed.
        var accepted = [Member?](repeating: nil, count: complexMembers.count)
        for (k, value) in evaluate(candidates).enumerated() where value < complexMembers[k][worst[k]].value {
            accepted[k] = Member(point: candidates[k], value: value)
        }
        let needContraction = accepted.indices.filter { accepted[$0] == nil }
        let contractions = needContraction.map { k in
            (0..<centroids[k].count).map { (centroids[k][$0] + complexMembers[k][worst[k]].point[$0]) / 2 }
        }
        var needRandom: [Int] = []
        for (j, value) in evaluate(contractions).enumerated() {
            let k = needContraction[j]
            if value < complexMembers[k][worst[k]].value { accepted[k] = Member(point: contractions[j], value: value) }
            else { needRandom.append(k) }
        }
        let randoms = needRandom.map { k in
            (0..<boxes[k].0.count).map { boxes[k].0[$0] + (boxes[k].1[$0] - boxes[k].0[$0]) * generator.nextUnit() }
        }
        for (j, value) in evaluate(randoms).enumerated() {
            accepted[needRandom[j]] = Member(point: randoms[j], value: value)
        }
        for k in complexMembers.indices {
            complexMembers[k][worst[k]] = accepted[k]!
            complexMembers[k].sort()
        }
    }

    /// `count` distinct ranks of 0..<m, rank i drawn with probability ∝ m − i (the trapezoidal
    /// distribution of Duan et al. 1992), renormalised over the ranks not yet drawn.
    static func trapezoidalSample(count: Int, of m: Int, generator: inout SeededGenerator) -> [Int] {
        var remaining = Array(0..<m)
        var picks: [Int] = []
        for _ in 0..<count {
            let total = remaining.reduce(0) { $0 + (m - $1) }
            var u = generator.nextUnit() * Double(total)
            var j = 0
            while j < remaining.count - 1 {
                u -= Double(m - remaining[j])
                if u < 0 { break }
                j += 1
            }
            picks.append(remaining.remove(at: j))
        }
        return picks
    }

    /// Geometric mean over dimensions of the population's range (each dimension spans [0, 1]).
    private func rangeMeasure(_ population: [Member], dimensions n: Int) -> Double {
        var logSum = 0.0
        for d in 0..<n {
            let values = population.map { $0.point[d] }
            logSum += Foundation.log(max(values.max()! - values.min()!, 1e-300))
        }
        return Foundation.exp(logSum / Double(n))
    }
}
