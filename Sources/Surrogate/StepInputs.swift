import FluxData
import Foundation
import LandModel

/// The per-step (e.g. half-hourly) inputs of one site for the sub-daily decoder: forcing, the
/// sun's position and the time of day, and the day each step belongs to.
public struct StepInputs: Sendable {
    /// Names of the per-step features, in column order.
    public static let featureNames = ["SWdown", "LWdown", "Tair", "VPD", "Wind", "log1p_Precip_mm_per_h", "cosZ",
                                      "sin_hour", "cos_hour"]

    public var site: String
    /// steps × features, physical units (before scaling); the hour features are already in [−1, 1].
    public var features: [[Float]]
    /// Step ranges of each day (the days of `SiteInputs`).
    public var days: [Range<Int>]

    public var steps: Int { features.count }

    /// Builds the inputs of `data` with the solar geometry already prepared in `forcing`.
    public init(site: String, data: SiteDataset, forcing: PreparedForcing) {
        self.site = site
        days = TimeGroups(data.time, scale: .daily).ranges
        let step = data.time.stepSeconds
        features = forcing.steps.enumerated().map { t, f in
            let vpd = Atmosphere.vapourPressureDeficit(tair: f.tair, specificHumidity: f.qair, pressure: f.psurf)
            let local = data.time.time(at: t)
            let hour = (Double(local.secondOfDay) + Double(step) / 2) / 3600
            let angle = 2 * Double.pi * hour / 24
            return [Float(f.swdown), Float(f.lwdown), Float(f.tair), Float(vpd), Float(f.wind),
                    Float(log1p(f.precip * 3600)), Float(f.cosZenith), Float(sin(angle)), Float(cos(angle))]
        }
    }
}
