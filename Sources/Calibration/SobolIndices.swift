import Foundation
import NeuralKit
import Surrogate

/// Why a sensitivity analysis (Saltelli's Sobol' indices or Morris screening) could not be planned
/// or evaluated.
public enum SensitivityAnalysisError: Error, Equatable, CustomStringConvertible {
    case noDimensions
    case tooFewBaseSamples(Int, minimum: Int)
    case tooFewResamples(Int, minimum: Int)
    case tooFewTrajectories(Int, minimum: Int)
    case tooFewCandidates(Int, minimum: Int)
    case oddLevels(Int)
    /// The caller returned `given` values for a plan of `expected` points.
    case valueCount(given: Int, expected: Int)
    /// The value of point `index` (in the plan's order) is NaN or infinite.
    case nonFiniteValue(index: Int)
    /// f(A) and f(B) are all equal: no variance to apportion.
    case constantOutput

    public var description: String {
        switch self {
        case .noDimensions: "sensitivity analysis needs at least 1 dimension"
        case let .tooFewBaseSamples(n, minimum): "Sobol' indices need a base sample of at least \(minimum) points (got \(n))"
        case let .tooFewResamples(n, minimum): "bootstrap confidence intervals need at least \(minimum) resamples (got \(n))"
        case let .tooFewTrajectories(r, minimum): "Morris screening needs at least \(minimum) trajectories (got \(r))"
        case let .tooFewCandidates(m, minimum): "Morris screening needs at least \(minimum) candidate trajectories, one per trajectory kept (got \(m))"
        case let .oddLevels(p): "Morris screening needs an even number of levels p ≥ 2 (got \(p))"
        case let .valueCount(given, expected): "the plan has \(expected) points but \(given) values were given"
        case let .nonFiniteValue(index): "the function value of point \(index) is not finite"
        case .constantOutput: "the function is constant on the sample: Sobol' indices are undefined"
        }
    }
}

extension SensitivityAnalysisError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Saltelli's sampling plan for the Sobol' indices of f: [0, 1]^k → ℝ (Saltelli 2002, Comput. Phys.
/// Commun. 145, 280; Saltelli et al. 2010, Comput. Phys. Commun. 181, 259).
///
/// Two independent N × k matrices A and B are the first and last k coordinates of the points 1…N of a
/// 2k-dimensional Sobol' sequence (the origin skipped; N a power of two balances the sequence best),
/// or of uniform draws of `SeededGenerator(seed:)` when 2k exceeds `SobolSequence.maximumDimensions`.
/// A_B^(i) is A with its column i taken from B. The N(k + 2) points of `points` are, in this order,
/// the rows of A, the rows of B, then the rows of A_B^(1), …, A_B^(k): row j of A_B^(i) (i, j from 0)
/// is point (2 + i)N + j.
public struct SaltelliDesign: Sendable {
    /// The smallest base sample N accepted.
    public static let minimumBaseSamples = 16
    /// The smallest number of bootstrap resamples accepted.
    public static let minimumResamples = 20

    /// Base sample size N.
    public let baseSamples: Int
    /// Number of inputs k.
    public let dimensions: Int
    /// Matrix A (N rows of k coordinates).
    public let a: [[Double]]
    /// Matrix B (N rows of k coordinates).
    public let b: [[Double]]

    /// Plans N(k + 2) evaluations; throws if N < `minimumBaseSamples` or k < 1. `seed` is used only
    /// when 2k > `SobolSequence.maximumDimensions` (the Sobol' points are deterministic).
    public init(baseSamples n: Int, dimensions k: Int, seed: UInt64 = 0) throws {
        guard k >= 1 else { throw SensitivityAnalysisError.noDimensions }
        guard n >= Self.minimumBaseSamples else {
            throw SensitivityAnalysisError.tooFewBaseSamples(n, minimum: Self.minimumBaseSamples)
        }
        var rows: [[Double]]
        if 2 * k <= SobolSequence.maximumDimensions {
            rows = SobolSequence(dimensions: 2 * k).points(n)
        } else {
            var generator = SeededGenerator(seed: seed)
            rows = []
            rows.reserveCapacity(n)
            for _ in 0..<n { rows.append((0..<(2 * k)).map { _ in generator.nextUnit() }) }
        }
        baseSamples = n
        dimensions = k
        a = rows.map { Array($0[0..<k]) }
        b = rows.map { Array($0[k..<(2 * k)]) }
    }

    /// N(k + 2), the number of function values `indices` expects.
    public var evaluationCount: Int { baseSamples * (dimensions + 2) }

    /// A_B^(i): A with column i (from 0) taken from B.
    public func mixed(_ i: Int) -> [[Double]] {
        precondition((0..<dimensions).contains(i), "A_B^(i) exists for i in 0..<\(dimensions)")
        var rows = a
        for j in 0..<baseSamples { rows[j][i] = b[j][i] }
        return rows
    }

    /// All N(k + 2) points to evaluate: A, B, A_B^(1), …, A_B^(k), N rows each.
    public var points: [[Double]] { a + b + (0..<dimensions).flatMap { mixed($0) } }

    /// Sobol' indices from the values f(`points`), in the order of `points`.
    ///
    /// With V the variance of the 2N values f(A) and f(B) (all values are first centred on their
    /// mean, which leaves the estimators unbiased and reduces their error), per input i:
    ///
    ///     S_i  = (1/N) Σ_j f(B)_j (f(A_B^(i))_j − f(A)_j) / V          (Saltelli et al. 2010, Table 2 (b))
    ///     ST_i = (1/(2N)) Σ_j (f(A)_j − f(A_B^(i))_j)² / V             (Jansen 1999; Table 2 (f))
    ///
    /// The confidence intervals are bootstrap percentiles: the N rows (A_j, B_j, A_B^(i)_j) are
    /// resampled with replacement `resamples` times (seeded), S_i and ST_i recomputed, and the
    /// (1 − confidence)/2 and (1 + confidence)/2 percentiles taken (2.5 % and 97.5 % by default).
    public func indices(values: [Double], resamples: Int = 500, confidence: Double = 0.95,
                        seed: UInt64 = 0) throws -> SobolIndices {
        let n = baseSamples, k = dimensions
        guard values.count == evaluationCount else {
            throw SensitivityAnalysisError.valueCount(given: values.count, expected: evaluationCount)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw SensitivityAnalysisError.nonFiniteValue(index: bad) }
        guard resamples >= Self.minimumResamples else {
            throw SensitivityAnalysisError.tooFewResamples(resamples, minimum: Self.minimumResamples)
        }
        precondition(confidence > 0 && confidence < 1, "the confidence level must lie in (0, 1)")

        let mean = values[0..<(2 * n)].reduce(0, +) / Double(2 * n)
        let fA = values[0..<n].map { $0 - mean }, fB = values[n..<(2 * n)].map { $0 - mean }
        let fAB = (0..<k).map { i in values[((2 + i) * n)..<((3 + i) * n)].map { $0 - mean } }
        let all = Self.estimate(fA: fA, fB: fB, fAB: fAB, rows: Array(0..<n))
        guard all.variance > 0 else { throw SensitivityAnalysisError.constantOutput }

        var generator = SeededGenerator(seed: seed)
        var firstDraws = [[Double]](repeating: [], count: k), totalDraws = [[Double]](repeating: [], count: k)
        var rows = [Int](repeating: 0, count: n)
        for _ in 0..<resamples {
            for j in 0..<n { rows[j] = min(Int(generator.nextUnit() * Double(n)), n - 1) }
            let draw = Self.estimate(fA: fA, fB: fB, fAB: fAB, rows: rows)
            for i in 0..<k {
                firstDraws[i].append(draw.first[i])
                totalDraws[i].append(draw.total[i])
            }
        }
        let lowLevel = (1 - confidence) / 2, highLevel = (1 + confidence) / 2
        let factors = (0..<k).map { i in
            let first = firstDraws[i].sorted(), total = totalDraws[i].sorted()
            return SobolIndices.Factor(
                first: all.first[i], total: all.total[i],
                firstLow: Self.quantile(sorted: first, lowLevel), firstHigh: Self.quantile(sorted: first, highLevel),
                totalLow: Self.quantile(sorted: total, lowLevel), totalHigh: Self.quantile(sorted: total, highLevel))
        }
        return SobolIndices(factors: factors, variance: all.variance, baseSamples: n, resamples: resamples)
    }

    /// S_i, ST_i and V over the given rows (each row index from 0..<N, repeats allowed). A resample
    /// without variance (all values equal) explains nothing: its indices are 0.
    static func estimate(fA: [Double], fB: [Double], fAB: [[Double]], rows: [Int])
        -> (first: [Double], total: [Double], variance: Double) {
        let count = Double(rows.count)
        var sum = 0.0
        for j in rows { sum += fA[j] + fB[j] }
        let mean = sum / (2 * count)
        var squares = 0.0
        for j in rows { squares += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean) }
        let variance = squares / (2 * count)
        var first = [Double](repeating: 0, count: fAB.count), total = first
        guard variance > 0 else { return (first, total, variance) }
        for i in fAB.indices {
            let mixed = fAB[i]
            var firstSum = 0.0, totalSum = 0.0
            for j in rows {
                let change = mixed[j] - fA[j]
                firstSum += fB[j] * change
                totalSum += change * change
            }
            first[i] = firstSum / count / variance
            total[i] = totalSum / (2 * count) / variance
        }
        return (first, total, variance)
    }

    /// The `level` quantile (0…1) of sorted values, linear interpolation between order statistics.
    static func quantile(sorted values: [Double], _ level: Double) -> Double {
        let position = level * Double(values.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, values.count - 1)
        return values[below] + (position - Double(below)) * (values[above] - values[below])
    }
}

/// First-order and total Sobol' indices of each input, with bootstrap confidence intervals.
public struct SobolIndices: Sendable, Equatable {
    /// The indices of one input i.
    public struct Factor: Sendable, Equatable {
        /// First-order index S_i = V[E(Y | X_i)] / V(Y).
        public var first: Double
        /// Total index ST_i = E[V(Y | X_~i)] / V(Y): S_i plus every interaction that involves X_i.
        public var total: Double
        /// Bootstrap confidence interval of S_i.
        public var firstLow: Double
        public var firstHigh: Double
        /// Bootstrap confidence interval of ST_i.
        public var totalLow: Double
        public var totalHigh: Double
    }

    /// Per input, in the order of the coordinates.
    public var factors: [Factor]
    /// V(Y), estimated from f(A) and f(B).
    public var variance: Double
    /// The base sample size N.
    public var baseSamples: Int
    /// The number of bootstrap resamples behind the intervals.
    public var resamples: Int

    /// S_i of every input.
    public var first: [Double] { factors.map(\.first) }
    /// ST_i of every input.
    public var total: [Double] { factors.map(\.total) }
}
