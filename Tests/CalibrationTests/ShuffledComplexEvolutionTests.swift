@testable import Calibration
import Foundation
import NeuralKit
import Testing

/// SCE-UA on functions whose minima are known.
@Suite struct ShuffledComplexEvolutionTests {
    /// Hartmann's 6-dimensional function (Dixon & Szegő 1978): global minimum −3.32237 at
    /// (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573), with several local minima.
    static func hartmann6(_ x: [Double]) -> Double {
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                             [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                             [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
        var sum = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in 0..<6 { exponent += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            sum += alpha[i] * exp(-exponent)
        }
        return -sum
    }

    @Test func findsTheGlobalMinimumOfHartmann6() {
        let outcome = ShuffledComplexEvolution(complexes: 8, budget: 6000, seed: 11)
            .minimize(dimensions: 6) { $0.map(Self.hartmann6) }
        #expect(abs(outcome.value - -3.32237) < 1e-3)
        let known = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]
        #expect(zip(outcome.best, known).allSatisfy { abs($0 - $1) < 0.01 })
        #expect(outcome.evaluations <= 6000)
    }

    /// Rosenbrock's valley mapped onto the unit cube: minimum 0 at x = 1, i.e. u = 0.75.
    @Test func followsRosenbrocksValley() {
        let outcome = ShuffledComplexEvolution(complexes: 4, budget: 8000, seed: 2).minimize(dimensions: 3) { points in
            points.map { u in
                let x = u.map { 4 * $0 - 2 }
                var sum = 0.0
                for i in 0..<2 {
                    let valley = x[i + 1] - x[i] * x[i], offset = 1 - x[i]
                    sum += 100 * valley * valley + offset * offset
                }
                return sum
            }
        }
        #expect(outcome.value < 1e-4)
        #expect(outcome.best.allSatisfy { abs($0 - 0.75) < 0.01 })
    }

    @Test func respectsTheBudgetAndIsDeterministic() {
        var calls = 0
        func sphere(_ points: [[Double]]) -> [Double] {
            calls += points.count
            #expect(points.allSatisfy { $0.allSatisfy { (0...1).contains($0) } })
            return points.map { $0.reduce(0) { $0 + ($1 - 0.3) * ($1 - 0.3) } }
        }
        let search = ShuffledComplexEvolution(complexes: 3, budget: 200, seed: 5)
        let first = search.minimize(dimensions: 5, objective: sphere)
        #expect(calls == first.evaluations && first.evaluations <= 200 && first.stop == .budget)
        let second = search.minimize(dimensions: 5, objective: sphere)
        #expect(first.best == second.best && first.value == second.value)
        // The best value never gets worse from one shuffle to the next.
        #expect(zip(first.history, first.history.dropFirst()).allSatisfy { $1.best <= $0.best })
    }

    @Test func startPointsJoinTheInitialPopulation() {
        let optimum = [0.123, 0.456]
        let outcome = ShuffledComplexEvolution(complexes: 2, budget: 60, seed: 1).minimize(dimensions: 2, start: [optimum]) { points in
            points.map { u in zip(u, optimum).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        }
        #expect(outcome.best == optimum && outcome.value == 0)
    }

    @Test func nonFiniteValuesRankLast() {
        let outcome = ShuffledComplexEvolution(complexes: 4, budget: 1500, seed: 3).minimize(dimensions: 2) { points in
            points.map { $0[0] > 0.5 ? .nan : pow($0[0] - 0.25, 2) + pow($0[1] - 0.5, 2) }
        }
        #expect(outcome.value.isFinite && abs(outcome.best[0] - 0.25) < 0.01 && abs(outcome.best[1] - 0.5) < 0.01)
    }

    /// The first of the q ranks drawn follows the trapezoidal law P(i) = 2(m − i)/(m(m + 1)).
    @Test func subcomplexRanksFollowTheTrapezoidalLaw() {
        var generator = SeededGenerator(seed: 9)
        let m = 5, draws = 200_000
        var counts = [Int](repeating: 0, count: m)
        var distinct = true
        for _ in 0..<draws {
            let picks = ShuffledComplexEvolution.trapezoidalSample(count: 3, of: m, generator: &generator)
            distinct = distinct && Set(picks).count == 3
            counts[picks[0]] += 1
        }
        #expect(distinct)
        for i in 0..<m {
            let expected = 2 * Double(m - i) / Double(m * (m + 1))
            #expect(abs(Double(counts[i]) / Double(draws) - expected) < 0.005)
        }
    }
}
