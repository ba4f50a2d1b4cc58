import Benchmarks
import FluxData
import Foundation
import NeuralKit
import Testing

@Suite struct LinearRegressionTests {
    @Test func recoversAnExactLinearRelation() {
        let rows = (0..<50).map { i in [Double(i), Double(i * i % 7)] }
        let targets = rows.map { 3 + 2 * $0[0] - 0.5 * $0[1] }
        let fit = LinearRegression(rows: rows, targets: targets)
        #expect(abs(fit.coefficients[0] - 3) < 1e-6 && abs(fit.coefficients[1] - 2) < 1e-8 && abs(fit.coefficients[2] + 0.5) < 1e-7)
        #expect(abs(fit.predict([10, 3]) - 21.5) < 1e-6)
    }

    @Test func leastSquaresResidualIsOrthogonalToThePredictors() {
        var g = SeededGenerator(seed: 4)
        let rows = (0..<200).map { _ in [g.nextUnit() * 10, g.nextUnit()] }
        let targets = rows.map { 1 + $0[0] + 5 * $0[1] + (g.nextUnit() - 0.5) }
        let fit = LinearRegression(rows: rows, targets: targets)
        let residuals = zip(rows, targets).map { $1 - fit.predict($0) }
        #expect(abs(residuals.reduce(0, +)) < 1e-6)
        for j in 0..<2 { #expect(abs(zip(rows, residuals).reduce(0) { $0 + $1.0[j] * $1.1 }) < 1e-5) }
    }
}

@Suite struct KMeansTests {
    @Test func findsWellSeparatedClusters() {
        var g = SeededGenerator(seed: 1)
        let centres = [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]]
        var points: [[Double]] = []
        for i in 0..<300 {
            let centre = centres[i % 3]
            points.append([centre[0] + g.nextUnit() - 0.5, centre[1] + g.nextUnit() - 0.5])
        }
        var h = SeededGenerator(seed: 2)
        let k = KMeans(points: points, k: 3, using: &h)
        for c in centres {
            let found = k.centroids.contains { abs($0[0] - c[0]) < 0.2 && abs($0[1] - c[1]) < 0.2 }
            #expect(found, "no centroid near \(c)")
        }
        #expect(k.cluster(of: [9.8, 0.3]) == k.cluster(of: [10.1, -0.2]))
    }
}

@Suite struct EmpiricalBenchmarkTests {
    /// A site whose Qle is an exact function of SWdown and Tair (and gap-filled values that must be ignored).
    static func site(code: String, offset: Double) -> SiteDataset {
        let n = 96
        let time = TimeAxis(start: CivilDateTime(year: 2005, month: 1, day: 1), stepSeconds: 1800, count: n)
        let sw: [Double] = (0..<n).map { i -> Double in
            let hour = Double(i % 48) / 2
            return max(0, 800 * sin(Double.pi * (hour - 6) / 12))
        }
        let ta: [Double] = (0..<n).map { i -> Double in 280 + offset + 5 * Double(i % 48) / 48 }
        let forcing: [ForcingVariable: [Double]] = [.SWdown: sw, .Tair: ta, .Qair: [Double](repeating: 0.006, count: n),
                                                    .Psurf: [Double](repeating: 100_000, count: n)]
        let qle = (0..<n).map { 0.3 * sw[$0] + 2 * (ta[$0] - 280) }
        let qc: [Int8] = (0..<n).map { $0 % 10 == 0 ? 3 : 0 }
        var values = qle
        for i in stride(from: 0, to: n, by: 10) { values[i] = 5000 }          // gap-filled junk
        let info = SiteInfo(code: code, latitude: 45, longitude: 0, igbp: "GRA", utcOffsetHours: 0, utcOffsetSource: "file")
        return SiteDataset(info: info, time: time, forcing: forcing.mapValues { Series(values: $0) },
                           fluxes: [.Qle: Series(values: values, qc: qc)])
    }

    @Test func twoLinearFitsTheRelationOutOfSample() {
        let training = [Self.site(code: "A", offset: 0), Self.site(code: "B", offset: 3)]
        let fit = EmpiricalBenchmark(.twoLinear, flux: .Qle, sites: training, policy: QualityPolicy(maxQC: 0), seed: 1)
        let test = Self.site(code: "C", offset: 6)
        let predicted = fit.predict(test)
        let sw = test.forcingValues(.SWdown), ta = test.forcingValues(.Tair)
        for i in 0..<test.time.count { #expect(abs(predicted[i] - (0.3 * sw[i] + 2 * (ta[i] - 280))) < 1e-6) }
    }

    @Test func oneLinearAndKMeansRun() {
        let training = [Self.site(code: "A", offset: 0), Self.site(code: "B", offset: 3)]
        let one = EmpiricalBenchmark(.oneLinear, flux: .Qle, sites: training, policy: QualityPolicy(maxQC: 0), seed: 1)
        #expect(abs(one.regressions[0].coefficients[1] - 0.3) < 0.05)
        let km = EmpiricalBenchmark(.threeKMeans27, flux: .Qle, sites: training, policy: QualityPolicy(maxQC: 0), seed: 1)
        let predicted = km.predict(Self.site(code: "C", offset: 1.5))
        #expect(predicted.allSatisfy { $0.isFinite })
    }
}

@Suite struct LSTMFluxBenchmarkTests {
    /// A site of `days` half-hourly days with cloudy and clear days, whose Qle follows SWdown at
    /// once and whose Qh is a slow (memory) response to it: Qhₜ = 0.9 Qhₜ₋₁ + 0.05 SWdownₜ.
    static func site(code: String, days: Int, seed: UInt64) -> SiteDataset {
        let n = days * 48
        var generator = SeededGenerator(seed: seed)
        let cloudiness = (0..<days).map { _ in 0.3 + 0.7 * generator.nextUnit() }
        let sw: [Double] = (0..<n).map { i in
            max(0, 800 * cloudiness[i / 48] * sin(Double.pi * (Double(i % 48) / 2 - 6) / 12))
        }
        var qh = [Double](repeating: 0, count: n)
        for i in 1..<n { qh[i] = 0.9 * qh[i - 1] + 0.05 * sw[i] }
        let constant = { (v: Double) in Series(values: [Double](repeating: v, count: n)) }
        let forcing: [ForcingVariable: Series] = [
            .SWdown: Series(values: sw), .LWdown: constant(330), .Tair: Series(values: sw.map { 285 + 0.01 * $0 }),
            .Qair: constant(0.006), .Psurf: constant(100_000), .Wind: constant(3), .Precip: constant(0),
            .CO2air: constant(400), .LAI: constant(2),
        ]
        let info = SiteInfo(code: code, latitude: 45, longitude: 0, igbp: "GRA", utcOffsetHours: 0, utcOffsetSource: "file")
        let qc = [Int8](repeating: 0, count: n)
        return SiteDataset(info: info, time: TimeAxis(start: CivilDateTime(year: 2005, month: 6, day: 1), stepSeconds: 1800, count: n),
                           forcing: forcing, fluxes: [.Qle: Series(values: sw.map { 0.3 * $0 }, qc: qc), .Qh: Series(values: qh, qc: qc)])
    }

    static func nse(_ sim: ArraySlice<Double>, _ obs: ArraySlice<Double>) -> Double {
        let mean = obs.reduce(0, +) / Double(obs.count)
        let error = zip(sim, obs).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return 1 - error / obs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }

    @Test func learnsAnInstantAndAMemoryResponseOnUnseenDays() {
        let sites = [Self.site(code: "A", days: 40, seed: 1), Self.site(code: "B", days: 40, seed: 2)]
        let n = sites[0].time.count, split = n * 3 / 4
        let masks = sites.map { _ in (0..<n).map { $0 < split } }
        var settings = LSTMFluxBenchmark.Settings()
        settings.hidden = 16
        settings.window = 144
        settings.batchSize = 8
        settings.epochs = 60
        settings.learningRate = 0.005
        let model = LSTMFluxBenchmark(sites: sites, trainingMasks: masks, policy: QualityPolicy(maxQC: 0), settings: settings, seed: 3)
        for site in sites {
            let predicted = model.predict(site)
            for flux in [FluxVariable.Qle, .Qh] {
                let skill = Self.nse(predicted[flux]![split...], site.fluxes[flux]!.values[split...])
                #expect(skill > 0.9, "\(site.info.code) \(flux) NSE \(skill) on the held-out days")
            }
            // NEE is not observed anywhere: standardised with no data, it stays finite.
            #expect(predicted[.NEE]!.allSatisfy { $0.isFinite })
        }
        // Same seed, same model.
        let again = LSTMFluxBenchmark(sites: sites, trainingMasks: masks, policy: QualityPolicy(maxQC: 0), settings: settings, seed: 3)
        #expect(again.predict(sites[0])[.Qh] == model.predict(sites[0])[.Qh])
    }
}
