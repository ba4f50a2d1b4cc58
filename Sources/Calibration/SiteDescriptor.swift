import FluxData
import Foundation
import LandModel
import Surrogate

/// What the parameter generator knows about a site: its static attributes, its plant functional
/// type and climate summaries of its forcing (ARCHITECTURE.md "Calibration"): mean Tair, SWdown,
/// VPD, precipitation (mm per year) and an aridity index (Priestley–Taylor potential evaporation
/// over precipitation), LAI mean, minimum and maximum, canopy and reference height.
public struct SiteDescriptor: Sendable {
    public static let climateNames = ["mean_Tair", "mean_SWdown", "mean_VPD", "log_precip_mm_per_year", "log_aridity",
                                      "LAI_mean", "LAI_min", "LAI_max", "log_canopy_height", "log_reference_height",
                                      "irrigated", "latitude"]
    /// Climate and attribute features followed by a PFT one-hot.
    public static var width: Int { climateNames.count + PlantFunctionalType.allCases.count }

    public var site: String
    /// Raw features (before scaling across sites).
    public var features: [Float]

    /// Summaries over the steps of `period` (the whole record if nil).
    public init(site data: SiteDataset, model: ModelSite, forcing: PreparedForcing, defaults: LandParameters, period: [Bool]?) {
        site = data.info.code
        let steps = (0..<data.time.count).filter { period?[$0] ?? true }
        func mean(_ v: [Double]) -> Double { steps.reduce(0) { $0 + v[$1] } / Double(max(steps.count, 1)) }
        let tair = data.forcingValues(.Tair), sw = data.forcingValues(.SWdown), lai = data.forcingValues(.LAI)
        let vpd = forcing.steps.map { Atmosphere.vapourPressureDeficit(tair: $0.tair, specificHumidity: $0.qair, pressure: $0.psurf) }
        let seconds = Double(data.time.stepSeconds)
        let years = Double(steps.count) * seconds / (365.25 * 86400)
        let precipitation = steps.reduce(0) { $0 + data.forcingValues(.Precip)[$1] * seconds } / max(years, 1e-9)
        // Priestley–Taylor potential evaporation (α = 1.26) from net radiation ≈ 0.77·SWdown
        // (FAO-56 albedo 0.23), ground heat neglected over a year.
        var pet = 0.0
        for t in steps {
            let f = forcing.steps[t]
            let es = Atmosphere.saturationVapourPressure(f.tair)
            let slope = Atmosphere.saturationSlope(f.tair, saturation: es)
            let gamma = PenmanMonteith.psychrometricConstant(pressure: f.psurf, latentHeat: f.latentHeat)
            pet += max(1.26 * slope / (slope + gamma) * 0.77 * f.swdown, 0) / f.latentHeat * seconds
        }
        pet /= max(years, 1e-9)
        let zRef = model.effectiveReferenceHeight(rz0m: defaults.rz0m, rd: defaults.rd)
        let laiValues = steps.map { lai[$0] }
        var f: [Double] = [mean(tair), mean(sw), mean(vpd), log(max(precipitation, 1)), log(max(pet, 1) / max(precipitation, 1)),
                           mean(lai), laiValues.min() ?? 0, laiValues.max() ?? 0, log(model.canopyHeight), log(zRef),
                           model.irrigated ? 1 : 0, model.latitude / 90]
        f += PlantFunctionalType.allCases.map { $0 == model.pft ? 1 : 0 }
        features = f.map(Float.init)
    }
}
