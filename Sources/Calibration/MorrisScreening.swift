import Foundation
import NeuralKit

/// Morris's elementary-effects screening of f: [0, 1]^k → ℝ (Morris 1991, Technometrics 33, 161),
/// with the trajectories spread out as Campolongo, Cariboni & Saltelli (2007, Environ. Model. Softw.
/// 22, 1509) propose and μ* as their measure of importance.
///
/// Inputs take the p levels {0, 1/(p − 1), …, 1} (p even) and steps are Δ = p / (2(p − 1)). A
/// trajectory is k + 1 points: a random base point, then k steps that each move one input, in a random
/// order, by +Δ or −Δ. It is drawn as Morris's B* = (J x* + (Δ/2)[(2B − J) D* + J]) P*: every input i
/// has a random low level x*_i ∈ {0, …, 1 − Δ} and a random direction; an input that moves up
/// starts at x*_i and ends at x*_i + Δ, one that moves down the reverse, so every point stays in the grid.
///
/// `candidates` trajectories (10 r by default) are drawn and r of them kept to maximise Campolongo's
/// spread D = √(Σ_{pairs m < l} d_ml²), with d_ml the sum of the Euclidean distances between the
/// points of trajectories m and l. The search over all subsets is infeasible, so trajectories are
/// dropped one at a time, each time the one whose removal leaves the largest D (the one of least
/// Σ_l d_ml² over those left), as in Ge & Menendez (2014, Int. J. Transp. 2(2), 49). Everything is
/// seeded and deterministic.
public struct MorrisScreening: Sendable {
    /// The smallest number of trajectories r accepted (σ needs two elementary effects).
    public static let minimumTrajectories = 2

    /// Number of inputs k.
    public let dimensions: Int
    /// Number of grid levels p.
    public let levels: Int
    /// Step Δ = p / (2(p − 1)).
    public let delta: Double
    /// The r trajectories kept, each k + 1 points.
    public let trajectories: [[[Double]]]
    /// Per trajectory, the input moved by each of its k steps (a permutation of 0..<k).
    public let moves: [[Int]]

    /// Plans r(k + 1) evaluations. Throws if k < 1, r < `minimumTrajectories`, p is odd or below 2,
    /// or fewer than r candidates are asked for.
    public init(dimensions k: Int, trajectories r: Int, levels p: Int = 4, candidates: Int? = nil, seed: UInt64) throws {
        guard k >= 1 else { throw SensitivityAnalysisError.noDimensions }
        guard r >= Self.minimumTrajectories else {
            throw SensitivityAnalysisError.tooFewTrajectories(r, minimum: Self.minimumTrajectories)
        }
        guard p >= 2 && p % 2 == 0 else { throw SensitivityAnalysisError.oddLevels(p) }
        let m = candidates ?? 10 * r
        guard m >= r else { throw SensitivityAnalysisError.tooFewCandidates(m, minimum: r) }
        var generator = SeededGenerator(seed: seed)
        var pool: [(points: [[Double]], order: [Int])] = []
        for _ in 0..<m { pool.append(Self.trajectory(dimensions: k, levels: p, generator: &generator)) }
        let kept = Self.mostSpreadOut(pool.map { $0.points }, keeping: r)
        dimensions = k
        levels = p
        delta = Double(p) / Double(2 * (p - 1))
        trajectories = kept.map { pool[$0].points }
        moves = kept.map { pool[$0].order }
    }

    /// All r(k + 1) points to evaluate: the trajectories one after another.
    public var points: [[Double]] { trajectories.flatMap { $0 } }

    /// r(k + 1), the number of function values `effects` expects.
    public var evaluationCount: Int { trajectories.count * (dimensions + 1) }

    /// Campolongo's spread D of the trajectories kept.
    public var spread: Double { Self.campolongoSpread(trajectories) }

    /// Elementary effects from the values f(`points`), in the order of `points`. The step of
    /// trajectory t that moves input i from x to x ± Δ e_i gives EE_i = (f(x ± Δ e_i) − f(x)) / (±Δ);
    /// per input, μ is the mean of the r effects, μ* the mean of their absolute values and σ their
    /// standard deviation (divisor r − 1).
    public func effects(values: [Double]) throws -> ElementaryEffects {
        guard values.count == evaluationCount else {
            throw SensitivityAnalysisError.valueCount(given: values.count, expected: evaluationCount)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw SensitivityAnalysisError.nonFiniteValue(index: bad) }
        let k = dimensions, r = trajectories.count
        var effects = [[Double]](repeating: [Double](repeating: 0, count: k), count: r)
        for t in 0..<r {
            for (step, input) in moves[t].enumerated() {
                let before = t * (k + 1) + step
                let up = trajectories[t][step + 1][input] > trajectories[t][step][input]
                effects[t][input] = (values[before + 1] - values[before]) / (up ? delta : -delta)
            }
        }
        let factors = (0..<k).map { i in
            let column = effects.map { $0[i] }
            let mu = column.reduce(0, +) / Double(r)
            let muStar = column.reduce(0) { $0 + abs($1) } / Double(r)
            let sigma = (column.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(r - 1)).squareRoot()
            return ElementaryEffects.Factor(mu: mu, muStar: muStar, sigma: sigma)
        }
        return ElementaryEffects(factors: factors, effects: effects)
    }

    /// One trajectory (Morris's B*) on the p-level grid, and the order in which its inputs move.
    static func trajectory(dimensions k: Int, levels p: Int, generator: inout SeededGenerator)
        -> (points: [[Double]], order: [Int]) {
        let half = p / 2, top = Double(p - 1)
        func draw(_ bound: Int) -> Int { min(Int(generator.nextUnit() * Double(bound)), bound - 1) }
        // Level x*_i ∈ {0, …, p/2 − 1}; a move down starts Δ (p/2 levels) higher.
        var level = [Int](repeating: 0, count: k)
        for i in 0..<k {
            let low = draw(half)
            level[i] = generator.nextUnit() < 0.5 ? low : low + half
        }
        var order = Array(0..<k)
        for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, draw(i + 1)) }     // Fisher–Yates
        var points = [level.map { Double($0) / top }]
        for input in order {
            level[input] += level[input] < half ? half : -half
            points.append(level.map { Double($0) / top })
        }
        return (points, order)
    }

    /// d_ml: the sum of the Euclidean distances between every point of one trajectory and every point
    /// of the other (Campolongo et al. 2007).
    static func distance(_ one: [[Double]], _ other: [[Double]]) -> Double {
        var sum = 0.0
        for x in one {
            for y in other {
                var squares = 0.0
                for d in x.indices { squares += (x[d] - y[d]) * (x[d] - y[d]) }
                sum += squares.squareRoot()
            }
        }
        return sum
    }

    /// Campolongo's spread D = √(Σ_{pairs m < l} d_ml²) of a set of trajectories.
    static func campolongoSpread(_ set: [[[Double]]]) -> Double {
        var sum = 0.0
        for m in set.indices {
            for l in set.indices where l > m {
                let d = distance(set[m], set[l])
                sum += d * d
            }
        }
        return sum.squareRoot()
    }

    /// The indices (ascending) of `r` of the candidates, chosen by dropping, one at a time, the
    /// candidate whose removal keeps D largest (Ge & Menendez 2014); ties drop the earliest.
    static func mostSpreadOut(_ candidates: [[[Double]]], keeping r: Int) -> [Int] {
        let m = candidates.count
        var squared = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for x in 0..<m {
            for y in (x + 1)..<m {
                let d = distance(candidates[x], candidates[y])
                squared[x][y] = d * d
                squared[y][x] = d * d
            }
        }
        // D² of the set without x is D² − contribution[x].
        var contribution = squared.map { $0.reduce(0, +) }
        var kept = Array(0..<m)
        while kept.count > r {
            var position = 0
            for p in kept.indices where contribution[kept[p]] < contribution[kept[position]] { position = p }
            let dropped = kept.remove(at: position)
            for x in kept { contribution[x] -= squared[x][dropped] }
        }
        return kept
    }
}

/// The elementary effects of Morris screening and their statistics per input.
public struct ElementaryEffects: Sendable, Equatable {
    /// The statistics of one input's r elementary effects.
    public struct Factor: Sendable, Equatable {
        /// μ: the mean effect (effects of opposite sign cancel).
        public var mu: Double
        /// μ*: the mean absolute effect, the measure of importance (Campolongo et al. 2007).
        public var muStar: Double
        /// σ: the standard deviation of the effects, large for nonlinear or interacting inputs.
        public var sigma: Double
    }

    /// Per input, in the order of the coordinates.
    public var factors: [Factor]
    /// effects[t][i]: the elementary effect of input i on trajectory t.
    public var effects: [[Double]]
}
