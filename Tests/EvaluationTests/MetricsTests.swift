import Evaluation
import Testing

@Suite struct MetricsTests {
    let obs: [Double] = [1, 2, 3, 4, 5]

    @Test func perfectSimulation() {
        let s = Metrics.scores(simulated: obs, observed: obs)
        #expect(s.kge == 1 && s.nse == 1 && s.rmse == 0 && s.bias == 0 && s.r == 1 && s.nme == 0)
        #expect(abs(s.pdfOverlap - 1) < 1e-12)
    }

    @Test func handComputedValues() {
        // sim = obs + 1: bias 1, RMSE 1, r 1, α 1, β = 4/3 → KGE = 1 − 1/3; NSE = 1 − 5/10.
        let sim = obs.map { $0 + 1 }
        let s = Metrics.scores(simulated: sim, observed: obs)
        #expect(abs(s.bias - 1) < 1e-12 && abs(s.rmse - 1) < 1e-12)
        #expect(abs(s.kge - (1 - 1.0 / 3)) < 1e-12)
        #expect(abs(s.nse - 0.5) < 1e-12)
        // NME = Σ|e| / Σ|obs − 3| = 5 / 6.
        #expect(abs(s.nme - 5.0 / 6) < 1e-12)
        // Doubling the anomalies: α = 2, r = 1, β = 1 → KGE = 0.
        let doubled = obs.map { 3 + 2 * ($0 - 3) }
        #expect(abs(Metrics.kge(simulated: doubled, observed: obs)) < 1e-12)
    }

    @Test func missingValuesAndMaskAreSkipped() {
        let sim: [Double] = [1, .nan, 3, 100, 5]
        let o: [Double] = [1, 2, 3, 4, .nan]
        let s = Metrics.scores(simulated: sim, observed: o, mask: [true, true, true, false, true])
        #expect(s.count == 2 && s.rmse == 0)
    }

    @Test func percentilesInterpolate() {
        #expect(Metrics.percentile(sorted: [0, 10], 50) == 5)
        #expect(Metrics.percentile(sorted: [0, 10, 20, 30, 40], 95) == 38)
    }

    @Test func emptyInputGivesNaN() {
        #expect(Metrics.scores(simulated: [.nan], observed: [1]).rmse.isNaN)
    }
}
