import Evaluation
import FluxData
import LandModel
import MdPLSupport

/// Skill of a model run against a site's observations, for the fluxes MdPL calibrates and judges.
public struct SiteSkill: Sendable {
    public var site: String
    /// Per flux name (Qle, Qh, NEE), per time scale.
    public var skill: [String: [TimeScale: FluxSkill]]

    /// Scores a land-model run against the observations of `data` at native and daily scale (and
    /// monthly if asked), using `policy`; `mask` restricts to e.g. the test period.
    public init(result: SimulationResult, data: SiteDataset, policy: QualityPolicy, minValidFraction: Double,
                scales: [TimeScale] = [.native, .daily], mask: [Bool]? = nil) {
        self.init(simulated: [.Qle: result[.Qle], .Qh: result[.Qh], .NEE: result[.NEE]], data: data, policy: policy,
                  minValidFraction: minValidFraction, scales: scales, mask: mask)
    }

    /// Scores any model's flux series (on the site's time axis) against the observations.
    public init(simulated: [FluxVariable: [Double]], data: SiteDataset, policy: QualityPolicy, minValidFraction: Double,
                scales: [TimeScale] = [.native, .daily], mask: [Bool]? = nil) {
        site = data.info.code
        var skill: [String: [TimeScale: FluxSkill]] = [:]
        for flux in [FluxVariable.Qle, .Qh, .NEE] {
            guard let observed = data.fluxes[flux], let series = simulated[flux] else { continue }
            var byScale: [TimeScale: FluxSkill] = [:]
            for scale in scales {
                byScale[scale] = FluxSkill.evaluate(simulated: series, observed: observed, time: data.time,
                                                    policy: policy, minValidFraction: minValidFraction, scale: scale,
                                                    mask: mask)
            }
            skill[flux.rawValue] = byScale
        }
        self.skill = skill
    }

    /// A table with one row per site and flux: KGE, RMSE and r per scale, the number of native
    /// observations used and their quality classes.
    public static func table(_ sites: [SiteSkill], scales: [TimeScale] = [.native, .daily], stepSeconds: Int = 1800) -> TextTable {
        var header = ["site", "flux"]
        for s in scales {
            let l = s.label(stepSeconds: stepSeconds)
            header += ["KGE \(l)", "RMSE \(l)", "r \(l)"]
        }
        header += ["n obs", "quality used"]
        var table = TextTable(header: header)
        for site in sites {
            for flux in ["Qle", "Qh", "NEE"] {
                guard let byScale = site.skill[flux] else { continue }
                var row = [site.site, flux]
                for s in scales {
                    let sc = byScale[s]?.scores ?? .empty
                    row += [Format.fixed(sc.kge, 2), Format.fixed(sc.rmse, 1), Format.fixed(sc.r, 2)]
                }
                let native = byScale[.native]
                row += ["\(native?.scores.count ?? 0)", native?.quality.summary ?? "-"]
                table.append(row)
            }
        }
        return table
    }
}
