import FluxData
import Foundation
import LandModel

/// Deterministic synthetic forcing for tests that must not depend on real data: a mid-latitude
/// year with diurnal and seasonal cycles and rain events from a fixed linear congruential sequence.
public enum SyntheticForcing {
    /// A linear congruential sequence of uniform numbers in [0, 1) (Knuth's MMIX constants).
    public struct Generator {
        public var state: UInt64

        public init(state: UInt64) {
            self.state = state
        }

        public mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// The default synthetic site: a deciduous broadleaf forest at 45° N.
    public static let site = ModelSite(code: "SYN", latitude: 45, longitude: 7, referenceHeight: 30, canopyHeight: 20, pft: .DBF)

    /// The climate of a synthetic site: shifts of the default year.
    public struct Climate: Sendable {
        /// Added to the annual mean air temperature [K].
        public var warming: Double
        /// Multiplies the chance of rain starting in a step.
        public var wetness: Double
        /// Cloudiness shift (0: default; positive: fewer clear skies).
        public var cloudiness: Double

        public init(warming: Double = 0, wetness: Double = 1, cloudiness: Double = 0) {
            self.warming = warming
            self.wetness = wetness
            self.cloudiness = cloudiness
        }
    }

    /// `days` days of half-hourly forcing starting 1 January 2005 for `site`, as a data set.
    public static func dataset(days: Int = 365, lai: Double? = nil, precipitation: Bool = true, seed: UInt64 = 7,
                               site: ModelSite = SyntheticForcing.site, igbp: String = "DBF",
                               climate: Climate = Climate()) -> SiteDataset {
        var g = Generator(state: seed)
        let n = days * 48
        var sw = [Double](), lw = [Double](), ta = [Double](), qa = [Double](), ps = [Double](), u = [Double]()
        var pr = [Double](), co2 = [Double](), leaf = [Double]()
        var raining = 0
        for i in 0..<n {
            let day = Double(i / 48), hour = Double(i % 48) / 2 + 0.25
            let season = -cos(2 * Double.pi * (day + 10) / 365)             // −1 in winter, +1 in summer
            let tMean = 283 + climate.warming + 10 * season, tAmp = 5 + 2 * season
            let t = tMean + tAmp * sin(Double.pi * (hour - 9) / 12)
            let cloud = min(0.95, 0.3 + climate.cloudiness + 0.5 * g.next())
            let sun = max(0, sin(Double.pi * (hour - 6 + 2 * season) / (12 + 4 * season)))
            sw.append((550 + 350 * season) * sun * (1 - 0.6 * cloud))
            ta.append(t)
            // A rough clear-sky emissivity 0.75 with σ rounded to 5.67e-8 (the synthetic climate's own numbers,
            // kept so that its forcing stays the same), and q ≈ ε e/P at 70 % relative humidity and 1000 hPa,
            // with the model's e_s (LSM_SPEC 2.2) evaluated with Foundation's exp.
            lw.append(0.75 * 5.67e-8 * pow(t, 4) * (1 + 0.2 * cloud))
            let es = Atmosphere.saturationAtFreezing
                * exp(Atmosphere.magnusSlope * (t - PhysicalConstants.freezing) / (t - Atmosphere.magnusOffsetKelvin))
            qa.append(PhysicalConstants.molecularWeightRatio * 0.7 * es / 100_000)
            ps.append(100_000)
            u.append(0.5 + 4 * g.next())
            if raining == 0 && g.next() < 0.004 * climate.wetness { raining = 4 + Int(g.next() * 12) }
            pr.append(precipitation && raining > 0 ? (1 + 4 * g.next()) / 3600 : 0)
            if raining > 0 { raining -= 1 }
            co2.append(390)
            leaf.append(lai ?? max(0.2, 2.5 + 2.5 * season))
        }
        let forcing: [ForcingVariable: [Double]] = [.SWdown: sw, .LWdown: lw, .Tair: ta, .Qair: qa, .Psurf: ps,
                                                    .Wind: u, .Precip: pr, .CO2air: co2, .LAI: leaf]
        let info = SiteInfo(code: site.code, latitude: site.latitude, longitude: site.longitude,
                            referenceHeight: site.referenceHeight, canopyHeight: site.canopyHeight, igbp: igbp,
                            utcOffsetHours: 0, utcOffsetSource: "file", irrigated: site.irrigated)
        return SiteDataset(info: info, time: TimeAxis(start: CivilDateTime(year: 2005, month: 1, day: 1), stepSeconds: 1800, count: n),
                           forcing: forcing.mapValues { Series(values: $0) }, fluxes: [:])
    }

    /// The default site's forcing, prepared for the land model.
    public static func prepared(days: Int = 365, lai: Double? = nil, precipitation: Bool = true,
                                site: ModelSite = SyntheticForcing.site) -> PreparedForcing {
        PreparedForcing(site: site, dataset: dataset(days: days, lai: lai, precipitation: precipitation, site: site))
    }
}
