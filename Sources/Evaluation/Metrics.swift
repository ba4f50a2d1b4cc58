import Foundation

/// Skill of a simulated series against observations (ARCHITECTURE.md "Metrics"), computed over
/// the steps where both are present (and `mask`, if given, is true). Sums are accumulated in
/// Double; a score that is undefined for the data (e.g. r with constant observations) is NaN.
public struct SkillScores: Codable, Sendable, Hashable {
    /// Number of paired values used.
    public var count: Int
    public var meanObserved: Double
    public var meanSimulated: Double
    /// Mean bias error, mean(sim − obs).
    public var bias: Double
    /// Root-mean-square error.
    public var rmse: Double
    /// Pearson correlation.
    public var r: Double
    /// Nash–Sutcliffe efficiency, 1 − Σ(sim−obs)² / Σ(obs−mean obs)².
    public var nse: Double
    /// Kling–Gupta efficiency, 1 − sqrt((r−1)² + (α−1)² + (β−1)²), α = σ_sim/σ_obs, β = μ_sim/μ_obs.
    public var kge: Double
    /// Normalised mean error, Σ|sim−obs| / Σ|obs−mean obs|.
    public var nme: Double
    /// Standard-deviation ratio σ_sim/σ_obs.
    public var sdRatio: Double
    /// 5th percentile of sim minus 5th percentile of obs.
    public var p5Difference: Double
    /// 95th percentile of sim minus 95th percentile of obs.
    public var p95Difference: Double
    /// Overlap of the two empirical PDFs (Perkins et al. 2007 skill score, 0–1), 100 shared bins.
    public var pdfOverlap: Double

    /// All scores NaN, count 0.
    public static let empty = SkillScores(
        count: 0, meanObserved: .nan, meanSimulated: .nan, bias: .nan, rmse: .nan, r: .nan, nse: .nan,
        kge: .nan, nme: .nan, sdRatio: .nan, p5Difference: .nan, p95Difference: .nan, pdfOverlap: .nan)
}

/// The metric definitions. Every score in MdPL comes from here.
public enum Metrics {
    /// Pairs (sim, obs) where both are finite and `mask` allows.
    public static func pairs(simulated: [Double], observed: [Double], mask: [Bool]? = nil) -> ([Double], [Double]) {
        precondition(simulated.count == observed.count, "simulated and observed differ in length")
        var s: [Double] = [], o: [Double] = []
        s.reserveCapacity(observed.count)
        o.reserveCapacity(observed.count)
        for i in observed.indices where observed[i].isFinite && simulated[i].isFinite && (mask?[i] ?? true) {
            s.append(simulated[i])
            o.append(observed[i])
        }
        return (s, o)
    }

    /// All scores of `simulated` against `observed`.
    public static func scores(simulated: [Double], observed: [Double], mask: [Bool]? = nil) -> SkillScores {
        let (s, o) = pairs(simulated: simulated, observed: observed, mask: mask)
        let n = o.count
        guard n > 0 else { return .empty }
        let count = Double(n)
        let meanS = s.reduce(0, +) / count
        let meanO = o.reduce(0, +) / count
        var sse = 0.0, sae = 0.0, sso = 0.0, sss = 0.0, sso_abs = 0.0, cross = 0.0
        for i in 0..<n {
            let e = s[i] - o[i]
            sse += e * e
            sae += abs(e)
            let dO = o[i] - meanO, dS = s[i] - meanS
            sso += dO * dO
            sss += dS * dS
            sso_abs += abs(dO)
            cross += dO * dS
        }
        let sdO = (sso / count).squareRoot()
        let sdS = (sss / count).squareRoot()
        let r = sso > 0 && sss > 0 ? cross / (sso * sss).squareRoot() : .nan
        let alpha = sdO > 0 ? sdS / sdO : .nan
        let beta = meanO != 0 ? meanS / meanO : .nan
        let kge = 1 - ((r - 1) * (r - 1) + (alpha - 1) * (alpha - 1) + (beta - 1) * (beta - 1)).squareRoot()
        let sortedS = s.sorted(), sortedO = o.sorted()
        return SkillScores(
            count: n, meanObserved: meanO, meanSimulated: meanS, bias: meanS - meanO,
            rmse: (sse / count).squareRoot(), r: r, nse: sso > 0 ? 1 - sse / sso : .nan, kge: kge,
            nme: sso_abs > 0 ? sae / sso_abs : .nan, sdRatio: alpha,
            p5Difference: percentile(sorted: sortedS, 5) - percentile(sorted: sortedO, 5),
            p95Difference: percentile(sorted: sortedS, 95) - percentile(sorted: sortedO, 95),
            pdfOverlap: pdfOverlap(sortedS, sortedO))
    }

    /// Kling–Gupta efficiency alone.
    public static func kge(simulated: [Double], observed: [Double], mask: [Bool]? = nil) -> Double {
        scores(simulated: simulated, observed: observed, mask: mask).kge
    }

    /// Root-mean-square error alone.
    public static func rmse(simulated: [Double], observed: [Double], mask: [Bool]? = nil) -> Double {
        scores(simulated: simulated, observed: observed, mask: mask).rmse
    }

    /// The `p`-th percentile (0–100) of sorted values, linear interpolation between order statistics.
    public static func percentile(sorted values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let position = p / 100 * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let w = position - Double(lower)
        return values[lower] * (1 - w) + values[upper] * w
    }

    /// Perkins skill score: Σ min(f_sim, f_obs) over 100 equal bins spanning both samples.
    static func pdfOverlap(_ sortedS: [Double], _ sortedO: [Double]) -> Double {
        guard let lo = [sortedS.first!, sortedO.first!].min(), let hi = [sortedS.last!, sortedO.last!].max(),
              hi > lo else { return 1 }
        let bins = 100
        func histogram(_ v: [Double]) -> [Double] {
            var h = [Double](repeating: 0, count: bins)
            for x in v { h[min(Int((x - lo) / (hi - lo) * Double(bins)), bins - 1)] += 1 }
            return h.map { $0 / Double(v.count) }
        }
        let a = histogram(sortedS), b = histogram(sortedO)
        return zip(a, b).reduce(0) { $0 + min($1.0, $1.1) }
    }
}
