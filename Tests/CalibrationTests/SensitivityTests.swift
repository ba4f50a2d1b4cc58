@testable import Calibration
import Foundation
import Surrogate
import Testing

/// Saltelli's Sobol' indices on test functions whose indices are known analytically.
@Suite struct SobolIndicesTests {
    /// Ishigami & Homma's function on x_i = −π + 2π u_i.
    static func ishigami(_ u: [Double], a: Double, b: Double) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        let s = sin(x[1])
        return sin(x[0]) + a * s * s + b * pow(x[2], 4) * sin(x[0])
    }

    /// Sobol's G function Π (|4u_i − 2| + a_i)/(1 + a_i).
    static func g(_ u: [Double], a: [Double]) -> Double {
        zip(u, a).reduce(1) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) }
    }

    /// The estimates lie within `tolerance` of the analytic indices, and the analytic indices within
    /// (or `slack` of) the bootstrap intervals, which hold the estimates.
    static func check(_ result: SobolIndices, first: [Double], total: [Double], tolerance: Double, slack: Double = 0.005) {
        #expect(result.factors.count == first.count)
        for (i, f) in result.factors.enumerated() {
            #expect(abs(f.first - first[i]) < tolerance, "S_\(i + 1) = \(f.first), analytic \(first[i])")
            #expect(abs(f.total - total[i]) < tolerance, "ST_\(i + 1) = \(f.total), analytic \(total[i])")
            #expect(f.firstLow - slack <= first[i] && first[i] <= f.firstHigh + slack,
                    "S_\(i + 1) = \(first[i]) outside [\(f.firstLow), \(f.firstHigh)]")
            #expect(f.totalLow - slack <= total[i] && total[i] <= f.totalHigh + slack,
                    "ST_\(i + 1) = \(total[i]) outside [\(f.totalLow), \(f.totalHigh)]")
            #expect(f.firstLow <= f.first && f.first <= f.firstHigh)
            #expect(f.totalLow <= f.total && f.total <= f.totalHigh)
        }
    }

    @Test func ishigamiIndicesMatchTheAnalyticValues() throws {
        let a = 7.0, b = 0.1, pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = pow(1 + b * pi4 / 5, 2) / 2, v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50)
        let first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v]
        // The formulas give the values of the literature.
        #expect(zip(first, [0.3139, 0.4424, 0]).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(zip(total, [0.5576, 0.4424, 0.2437]).allSatisfy { abs($0 - $1) < 1e-4 })

        let design = try SaltelliDesign(baseSamples: 8192, dimensions: 3)
        let points = design.points
        #expect(points.count == design.evaluationCount && points.count == 8192 * 5)
        let result = try design.indices(values: points.map { Self.ishigami($0, a: a, b: b) }, resamples: 500, seed: 1)
        #expect(result.baseSamples == 8192 && result.resamples == 500)
        #expect(abs(result.variance - v) / v < 0.02)
        Self.check(result, first: first, total: total, tolerance: 0.02)
        #expect(result.first == result.factors.map(\.first) && result.total == result.factors.map(\.total))
    }

    @Test func gFunctionIndicesMatchTheAnalyticValues() throws {
        let a = [0, 1, 4.5, 9, 99, 99]
        let partial = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }                  // V_i
        let v = partial.reduce(1) { $0 * (1 + $1) } - 1
        let first = partial.map { $0 / v }
        let total = partial.indices.map { i in
            partial.indices.filter { $0 != i }.reduce(partial[i]) { $0 * (1 + partial[$1]) } / v
        }
        let design = try SaltelliDesign(baseSamples: 4096, dimensions: 6)
        let result = try design.indices(values: design.points.map { Self.g($0, a: a) }, seed: 2)
        Self.check(result, first: first, total: total, tolerance: 0.02)
        // The important inputs come out in the order of a.
        #expect(result.total[0] > result.total[1] && result.total[1] > result.total[2] && result.total[2] > result.total[3])
    }

    @Test func pointsComeInTheDocumentedOrder() throws {
        let n = 16, k = 3
        let design = try SaltelliDesign(baseSamples: n, dimensions: k)
        let sobol = SobolSequence(dimensions: 2 * k).points(n)
        #expect(design.a == sobol.map { Array($0[0..<k]) } && design.b == sobol.map { Array($0[k...]) })
        let points = design.points
        #expect(points.count == n * (k + 2))
        #expect(Array(points[0..<n]) == design.a && Array(points[n..<(2 * n)]) == design.b)
        for i in 0..<k {
            for j in 0..<n {
                let row = points[(2 + i) * n + j]
                #expect(row[i] == design.b[j][i])
                #expect((0..<k).filter { $0 != i }.allSatisfy { row[$0] == design.a[j][$0] })
            }
        }
    }

    /// Beyond the dimensions of the Sobol' sequence the plan is seeded uniform draws. An additive
    /// f = Σ c_i u_i has S_i = ST_i = c_i² / Σ c_j².
    @Test func manyDimensionsUseSeededDraws() throws {
        let k = SobolSequence.maximumDimensions / 2 + 1
        let c = [4.0, 2, 1] + [Double](repeating: 0, count: k - 3)
        let design = try SaltelliDesign(baseSamples: 2048, dimensions: k, seed: 9)
        #expect(design.points.allSatisfy { $0.count == k && $0.allSatisfy { $0 >= 0 && $0 < 1 } })
        #expect(try SaltelliDesign(baseSamples: 2048, dimensions: k, seed: 9).points == design.points)
        #expect(try SaltelliDesign(baseSamples: 2048, dimensions: k, seed: 10).points != design.points)
        let values = design.points.map { u in zip(u, c).reduce(0) { $0 + $1.0 * $1.1 } }
        let result = try design.indices(values: values, resamples: 100, seed: 3)
        let sum = c.reduce(0) { $0 + $1 * $1 }
        for (i, f) in result.factors.enumerated() {
            #expect(abs(f.first - c[i] * c[i] / sum) < 0.1 && abs(f.total - c[i] * c[i] / sum) < 0.1)
        }
    }

    @Test func invalidPlansAndValuesAreErrors() throws {
        let small = #expect(throws: SensitivityAnalysisError.self) { _ = try SaltelliDesign(baseSamples: 8, dimensions: 3) }
        #expect(small == .tooFewBaseSamples(8, minimum: 16))
        #expect(small?.description.contains("at least \(SaltelliDesign.minimumBaseSamples)") == true)
        #expect(throws: SensitivityAnalysisError.noDimensions) { _ = try SaltelliDesign(baseSamples: 64, dimensions: 0) }

        let design = try SaltelliDesign(baseSamples: 16, dimensions: 2)
        var values = design.points.map { $0[0] + 2 * $0[1] }
        #expect(throws: SensitivityAnalysisError.valueCount(given: 63, expected: 64)) {
            _ = try design.indices(values: Array(values.dropLast()))
        }
        #expect(throws: SensitivityAnalysisError.tooFewResamples(5, minimum: SaltelliDesign.minimumResamples)) {
            _ = try design.indices(values: values, resamples: 5)
        }
        values[40] = .nan
        let nan = #expect(throws: SensitivityAnalysisError.self) { _ = try design.indices(values: values) }
        #expect(nan == .nonFiniteValue(index: 40) && nan?.description.contains("40") == true)
        values[40] = .infinity
        #expect(throws: SensitivityAnalysisError.nonFiniteValue(index: 40)) { _ = try design.indices(values: values) }
        #expect(throws: SensitivityAnalysisError.constantOutput) {
            _ = try design.indices(values: [Double](repeating: 1, count: 64))
        }
    }
}

/// Morris screening with Campolongo's spread-out trajectories.
@Suite struct MorrisScreeningTests {
    @Test func trajectoriesStepOneInputByDeltaInsideTheGrid() throws {
        let k = 5, p = 4, r = 20
        let screening = try MorrisScreening(dimensions: k, trajectories: r, levels: p, seed: 3)
        let delta = Double(p) / Double(2 * (p - 1))
        #expect(screening.delta == delta && screening.levels == p && screening.dimensions == k)
        #expect(screening.trajectories.count == r && screening.moves.count == r)
        #expect(screening.points == screening.trajectories.flatMap { $0 } && screening.evaluationCount == r * (k + 1))
        for (t, trajectory) in screening.trajectories.enumerated() {
            #expect(trajectory.count == k + 1)
            #expect(screening.moves[t].sorted() == Array(0..<k))
            for point in trajectory {
                #expect(point.count == k && point.allSatisfy { (0...1).contains($0) })
                #expect(point.allSatisfy { abs(($0 * Double(p - 1)).rounded() - $0 * Double(p - 1)) < 1e-9 })   // on the grid
            }
            for step in 0..<k {
                let changed = (0..<k).filter { trajectory[step + 1][$0] != trajectory[step][$0] }
                #expect(changed == [screening.moves[t][step]])
                for i in changed { #expect(abs(abs(trajectory[step + 1][i] - trajectory[step][i]) - delta) < 1e-12) }
            }
        }
    }

    @Test func linearFunctionHasConstantEffects() throws {
        let c = [3.0, -2, 0.5, 0, 10]
        let screening = try MorrisScreening(dimensions: c.count, trajectories: 12, seed: 7)
        let values = screening.points.map { u in zip(u, c).reduce(0) { $0 + $1.0 * $1.1 } }
        let result = try screening.effects(values: values)
        #expect(result.effects.count == 12)
        #expect(result.effects.allSatisfy { row in zip(row, c).allSatisfy { abs($0 - $1) < 1e-12 } })
        for (i, factor) in result.factors.enumerated() {
            #expect(abs(factor.mu - c[i]) < 1e-12 && abs(factor.muStar - abs(c[i])) < 1e-12 && factor.sigma < 1e-12)
        }
    }

    /// f = u₁ − 2u₂ + 3u₃u₄ + u₅², with u₆ inert: σ > 0 exactly for the interacting u₃, u₄ and the
    /// nonlinear u₅.
    @Test func interactionsAndNonlinearityGiveSpread() throws {
        let screening = try MorrisScreening(dimensions: 6, trajectories: 20, levels: 6, seed: 11)
        let values = screening.points.map { u in u[0] - 2 * u[1] + 3 * u[2] * u[3] + u[4] * u[4] }
        let factors = try screening.effects(values: values).factors
        #expect(abs(factors[0].mu - 1) < 1e-12 && abs(factors[1].mu + 2) < 1e-12 && abs(factors[1].muStar - 2) < 1e-12)
        #expect(factors[0].sigma < 1e-12 && factors[1].sigma < 1e-12)
        #expect(factors[2].sigma > 0.01 && factors[3].sigma > 0.01 && factors[4].sigma > 0.01)
        #expect(factors[5].muStar == 0 && factors[5].sigma == 0)
        // ((x + Δ)² − x²)/Δ = 2x + Δ > 0, so μ = μ*.
        #expect(factors[4].mu > 0 && abs(factors[4].mu - factors[4].muStar) < 1e-12)
    }

    @Test func selectionSpreadsTheTrajectoriesOutDeterministically() throws {
        let plain = try MorrisScreening(dimensions: 4, trajectories: 10, candidates: 10, seed: 5)
        let chosen = try MorrisScreening(dimensions: 4, trajectories: 10, candidates: 100, seed: 5)
        #expect(chosen.spread > plain.spread)
        #expect(try MorrisScreening(dimensions: 4, trajectories: 10, candidates: 100, seed: 5).points == chosen.points)
        #expect(try MorrisScreening(dimensions: 4, trajectories: 10, candidates: 100, seed: 6).points != chosen.points)
        // On one-point "trajectories" in one dimension, the two ends are the most spread-out pair.
        let line = [0, 0.1, 0.5, 0.9, 1].map { [[$0]] }
        #expect(MorrisScreening.mostSpreadOut(line, keeping: 2) == [0, 4])
        #expect(abs(MorrisScreening.distance([[0, 0], [1, 0]], [[0, 1]]) - (1 + 2.0.squareRoot())) < 1e-15)
    }

    @Test func invalidPlansAndValuesAreErrors() throws {
        let one = #expect(throws: SensitivityAnalysisError.self) { _ = try MorrisScreening(dimensions: 3, trajectories: 1, seed: 0) }
        #expect(one == .tooFewTrajectories(1, minimum: 2) && one?.description.contains("at least 2") == true)
        #expect(throws: SensitivityAnalysisError.oddLevels(5)) { _ = try MorrisScreening(dimensions: 3, trajectories: 4, levels: 5, seed: 0) }
        #expect(throws: SensitivityAnalysisError.noDimensions) { _ = try MorrisScreening(dimensions: 0, trajectories: 4, seed: 0) }
        #expect(throws: SensitivityAnalysisError.tooFewCandidates(3, minimum: 4)) {
            _ = try MorrisScreening(dimensions: 3, trajectories: 4, candidates: 3, seed: 0)
        }
        let screening = try MorrisScreening(dimensions: 2, trajectories: 4, seed: 0)
        var values = [Double](repeating: 1, count: 12)
        #expect(throws: SensitivityAnalysisError.valueCount(given: 11, expected: 12)) { _ = try screening.effects(values: Array(values.dropLast())) }
        values[5] = .nan
        #expect(throws: SensitivityAnalysisError.nonFiniteValue(index: 5)) { _ = try screening.effects(values: values) }
    }
}
