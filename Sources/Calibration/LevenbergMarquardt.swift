import Foundation

/// Levenberg–Marquardt for a sum of squares over the unit cube [0, 1]ⁿ (Levenberg 1944;
/// Marquardt 1963; Moré 1978's scaling): at a point with J, gradient g = 2 Jᵣᵀ r and Gauss–Newton
/// matrix A = Jᵣᵀ Jᵣ, the step solves (A + μ diag(A)) δ = −g/2 and the trial point is projected
/// into the cube. Several damping values are tried at once (one batch, e.g. one SIMD ensemble of
/// land-model runs); the best trial is taken if it lowers J and μ follows it, otherwise μ grows.
/// The search stops when J's relative change over an accepted step falls below `tolerance`, the
/// step becomes negligible, or the budget of linearisations is spent.
public struct LevenbergMarquardt: Sendable {
    /// Maximum linearisations (each one dual-number run).
    public var iterations: Int
    /// Stop when an accepted step lowers J by less than this fraction.
    public var tolerance: Double
    /// Damping values tried per iteration, as multiples of the current μ.
    public var dampingFactors: [Double] = [0.1, 1, 10, 100]

    public init(iterations: Int = 30, tolerance: Double = 1e-5) {
        self.iterations = iterations
        self.tolerance = tolerance
    }

    public struct Outcome: Sendable {
        public var best: [Double]
        public var value: Double
        /// Linearisations and plain evaluations spent.
        public var linearisations: Int
        public var evaluations: Int
        /// Best J after each iteration (index 0: the start).
        public var history: [Double]
        public var stop: String
    }

    /// Minimises from `start`. `linearise(u)` returns (J, ∇J, JᵣᵀJᵣ); `evaluate(points)` returns J
    /// of each point.
    public func minimize(start: [Double], linearise: ([Double]) -> (Double, [Double], [[Double]]),
                         evaluate: ([[Double]]) -> [Double]) -> Outcome {
        let n = start.count
        var u = start.map { min(max($0, 0), 1) }
        var (value, gradient, normal) = linearise(u)
        var linearisations = 1, evaluations = 0
        var mu = 1e-3
        var history = [value]
        var stop = "iterations"
        for _ in 1..<max(iterations, 1) {
            var trials: [[Double]] = [], dampings: [Double] = []
            for factor in dampingFactors {
                let damping = mu * factor
                var a = normal
                for i in 0..<n { a[i][i] += damping * max(normal[i][i], 1e-12) }
                guard let step = Self.solve(a, gradient.map { -$0 / 2 }) else { continue }
                trials.append(zip(u, step).map { min(max($0 + $1, 0), 1) })
                dampings.append(damping)
            }
            guard !trials.isEmpty else { stop = "singular"; break }
            let values = evaluate(trials)
            evaluations += trials.count
            guard let best = values.indices.filter({ values[$0].isFinite }).min(by: { values[$0] < values[$1] }), values[best] < value else {
                mu *= 100
                if mu > 1e8 { stop = "no-descent"; break }
                continue
            }
            let moved = zip(trials[best], u).map { abs($0 - $1) }.max() ?? 0
            let improvement = (value - values[best]) / max(abs(value), 1e-300)
            u = trials[best]
            mu = max(dampings[best] / 3, 1e-9)
            (value, gradient, normal) = linearise(u)
            linearisations += 1
            history.append(value)
            if improvement < tolerance { stop = "converged"; break }
            if moved < 1e-7 { stop = "step"; break }
        }
        return Outcome(best: u, value: value, linearisations: linearisations, evaluations: evaluations, history: history, stop: stop)
    }

    /// Solves the symmetric positive definite system `a x = b` (Cholesky); nil if it is not.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i][k] * y[k] }
            y[i] = sum / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k][i] * x[k] }
            x[i] = sum / l[i][i]
        }
        return x
    }
}
