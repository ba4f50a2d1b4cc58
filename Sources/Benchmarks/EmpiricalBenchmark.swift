import FluxData
import Foundation
import NeuralKit

/// The PLUMBER empirical benchmarks (Best et al. 2015, J. Hydrometeorol. 16, 1425; Abramowitz 2012):
/// statistical models of a flux from the meteorology of the same half-hour, trained out of sample
/// (on other sites) — what a land model should beat.
public enum EmpiricalModel: String, CaseIterable, Codable, Sendable {
    /// Linear regression on SWdown.
    case oneLinear = "1lin"
    /// Linear regression on SWdown and Tair.
    case twoLinear = "2lin"
    /// k-means with 27 clusters on (SWdown, Tair, RH), one linear regression on the three per cluster.
    case threeKMeans27 = "3km27"

    /// Predictors of one step: SWdown [W m-2], Tair [K], RH [%].
    static func predictors(_ sw: Double, _ tair: Double, _ rh: Double, model: EmpiricalModel) -> [Double] {
        switch model {
        case .oneLinear: [sw]
        case .twoLinear: [sw, tair]
        case .threeKMeans27: [sw, tair, rh]
        }
    }
}

/// One fitted empirical benchmark of one flux.
public struct EmpiricalBenchmark: Sendable {
    public var model: EmpiricalModel
    /// One regression (1lin, 2lin) or one per cluster (3km27).
    public var regressions: [LinearRegression]
    /// 3km27: standardisation of (SWdown, Tair, RH) and the clusters.
    var mean: [Double] = []
    var scale: [Double] = []
    var clusters: KMeans?

    /// The meteorology of a site's steps: SWdown, Tair and RH (from Qair, Tair, Psurf).
    public static func meteorology(_ site: SiteDataset) -> [[Double]] {
        let sw = site.forcingValues(.SWdown), ta = site.forcingValues(.Tair)
        let qa = site.forcingValues(.Qair), ps = site.forcingValues(.Psurf)
        return (0..<site.time.count).map { i in
            [sw[i], ta[i], min(max(Humidity.relativeHumidity(specificHumidity: qa[i], tairK: ta[i], pressure: ps[i]), 0), 100)]
        }
    }

    /// Fits `model` to the observed `flux` of `sites` (the steps the quality policy accepts).
    public init(_ model: EmpiricalModel, flux: FluxVariable, sites: [SiteDataset], policy: QualityPolicy, seed: UInt64) {
        self.model = model
        var rows: [[Double]] = [], targets: [Double] = []
        for site in sites {
            guard let series = site.fluxes[flux] else { continue }
            let met = Self.meteorology(site)
            for i in 0..<site.time.count where policy.accepts(series, at: i) {
                rows.append(met[i])
                targets.append(series.values[i])
            }
        }
        switch model {
        case .oneLinear, .twoLinear:
            regressions = [LinearRegression(rows: rows.map { EmpiricalModel.predictors($0[0], $0[1], $0[2], model: model) },
                                            targets: targets)]
        case .threeKMeans27:
            let n = Double(max(rows.count, 1))
            let means = (0..<3).map { j in rows.reduce(0) { $0 + $1[j] } / n }
            let scales = (0..<3).map { j in
                let sd = (rows.reduce(0) { $0 + ($1[j] - means[j]) * ($1[j] - means[j]) } / n).squareRoot()
                return sd > 0 ? sd : 1
            }
            let standardised = rows.map { r in (0..<3).map { (r[$0] - means[$0]) / scales[$0] } }
            var generator = SeededGenerator(seed: seed)
            let kmeans = KMeans(points: standardised, k: 27, using: &generator)
            mean = means
            scale = scales
            clusters = kmeans
            var groups = [[Int]](repeating: [], count: kmeans.centroids.count)
            for (i, p) in standardised.enumerated() { groups[kmeans.cluster(of: p)].append(i) }
            let overall = LinearRegression(rows: rows, targets: targets)
            regressions = groups.map { members in
                // A cluster with fewer samples than coefficients falls back to the pooled regression.
                members.count > 8 ? LinearRegression(rows: members.map { rows[$0] }, targets: members.map { targets[$0] }) : overall
            }
        }
    }

    /// Predictions for every step of `site`.
    public func predict(_ site: SiteDataset) -> [Double] {
        Self.meteorology(site).map { m in
            switch model {
            case .oneLinear, .twoLinear:
                return regressions[0].predict(EmpiricalModel.predictors(m[0], m[1], m[2], model: model))
            case .threeKMeans27:
                let c = clusters!.cluster(of: (0..<3).map { (m[$0] - mean[$0]) / scale[$0] })
                return regressions[c].predict(m)
            }
        }
    }
}
