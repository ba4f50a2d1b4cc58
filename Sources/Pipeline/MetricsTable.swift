import Evaluation
import FluxData
import LandModel
import MdPLSupport

/// Every score of every model, site, flux, period and time scale in one long table (`metrics/*.csv`).
public struct MetricsTable {
    public struct Row: Sendable {
        public var model: String
        public var site: String
        public var flux: String
        /// `all` or `test`.
        public var period: String
        public var skill: FluxSkill
    }

    public var rows: [Row] = []

    public init() {}

    /// Scores the flux series of `model` (the land model or a benchmark) at `site` for Qle, Qh and
    /// NEE over the whole record and the test period of `split`, at native, daily and monthly scales.
    public mutating func add(model: String, simulated: [FluxVariable: [Double]], site: SiteDataset, split: TemporalSplit,
                             policy: QualityPolicy, minValidFraction: Double) {
        let test = split.trainingMask(site.time).map { !$0 }
        for (period, mask) in [("all", nil as [Bool]?), ("test", test)] {
            let skill = SiteSkill(simulated: simulated, data: site, policy: policy, minValidFraction: minValidFraction,
                                  scales: TimeScale.allCases, mask: mask)
            for flux in ["Qle", "Qh", "NEE"] {
                guard let byScale = skill.skill[flux] else { continue }
                for scale in TimeScale.allCases {
                    if let s = byScale[scale] {
                        rows.append(Row(model: model, site: site.info.code, flux: flux, period: period, skill: s))
                    }
                }
            }
        }
    }

    /// The CSV text: one row per score set, with the quality classes of the observations used.
    public var csv: String {
        var t = TextTable(header: ["model", "site", "flux", "period", "scale", "n", "KGE", "NSE", "r", "RMSE", "MBE", "NME",
                                   "SD_ratio", "p5_diff", "p95_diff", "PDF_overlap", "mean_obs", "mean_sim",
                                   "n_qc0", "n_qc1_3", "n_qc4", "n_qc5", "n_unknown"])
        for r in rows {
            let s = r.skill.scores, q = r.skill.quality
            func f(_ v: Double) -> String { v.isFinite ? String(format: "%.5g", v) : "NaN" }
            t.append([r.model, r.site, r.flux, r.period, r.skill.scale.rawValue, "\(s.count)", f(s.kge), f(s.nse), f(s.r),
                      f(s.rmse), f(s.bias), f(s.nme), f(s.sdRatio), f(s.p5Difference), f(s.p95Difference), f(s.pdfOverlap),
                      f(s.meanObserved), f(s.meanSimulated), "\(q.measured)", "\(q.gapFilled)", "\(q.reanalysis)",
                      "\(q.synthesised)", "\(q.unknown)"])
        }
        return t.csv
    }

    /// Median of a score over sites for one model, flux, period and scale.
    public func median(_ score: (SkillScores) -> Double, model: String, flux: String, period: String, scale: TimeScale) -> Double {
        rows.filter { $0.model == model && $0.flux == flux && $0.period == period && $0.skill.scale == scale }
            .map { score($0.skill.scores) }.finiteMedian
    }
}
