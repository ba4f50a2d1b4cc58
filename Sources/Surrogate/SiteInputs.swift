import FluxData
import Foundation
import LandModel

/// The daily inputs of one site that every ensemble member shares: forcing summaries per day,
/// day of year, static site attributes and the unit-cube values of the site's default parameters.
///
/// Days are the calendar days of `TimeGroups(time, scale: .daily)`, the same days the ensemble
/// records, so inputs and targets line up.
public struct SiteInputs: Sendable {
    /// Names of the daily forcing features, in column order.
    public static let forcingNames = ["SWdown", "LWdown", "Tair", "Tair_range", "VPD", "Psurf", "Wind", "log1p_Precip_mm",
                                      "CO2air", "LAI"]
    /// Names of the static attributes, in column order.
    public static let staticNames = ["log_canopy_height", "log_reference_height", "irrigated", "latitude"]

    public var site: String
    public var days: Int
    /// First day of the record.
    public var firstDay: CivilDateTime
    /// Day of year (1…366) of every day.
    public var dayOfYear: [Int32]
    /// days × forcing features, physical units (before scaling).
    public var forcing: [[Float]]
    /// Static attributes (before scaling).
    public var statics: [Float]
    /// The site's PFT default parameters in the unit cube of table 3A, all 14 in table order.
    public var defaultUnitParameters: [Float]

    /// Builds the inputs of `site` from its data and model description.
    public init(site: String, data: SiteDataset, model: ModelSite, defaults: LandParameters) {
        self.site = site
        let groups = TimeGroups(data.time, scale: .daily)
        days = groups.count
        firstDay = groups.labels.first ?? data.time.start
        dayOfYear = groups.labels.map { Int32($0.dayOfYear) }
        let f = { (v: ForcingVariable) in data.forcingValues(v) }
        let (sw, lw, ta, qa, ps, u, pr, co2, lai) = (f(.SWdown), f(.LWdown), f(.Tair), f(.Qair), f(.Psurf), f(.Wind),
                                                       f(.Precip), f(.CO2air), f(.LAI))
        let vpd = (0..<data.time.count).map { Atmosphere.vapourPressureDeficit(tair: ta[$0], specificHumidity: qa[$0], pressure: ps[$0]) }
        let step = Double(data.time.stepSeconds)
        forcing = groups.ranges.map { r in
            let n = Double(r.count)
            func mean(_ x: [Double]) -> Float { Float(r.reduce(0) { $0 + x[$1] } / n) }
            let tMax = r.map { ta[$0] }.max()!, tMin = r.map { ta[$0] }.min()!
            let rain = r.reduce(0) { $0 + pr[$1] * step }
            return [mean(sw), mean(lw), mean(ta), Float(tMax - tMin), mean(vpd), mean(ps) / 1000, mean(u),
                    Float(log1p(rain)), mean(co2), mean(lai)]
        }
        let zRef = model.effectiveReferenceHeight(rz0m: defaults.rz0m, rd: defaults.rd)
        statics = [Float(log(model.canopyHeight)), Float(log(zRef)), model.irrigated ? 1 : 0, Float(model.latitude / 90)]
        defaultUnitParameters = ParameterID.allCases.map { Float($0.spec.unit(fromValue: defaults[$0])) }
    }
}
