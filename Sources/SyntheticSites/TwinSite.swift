import FluxData
import Foundation
import LandModel

/// A synthetic flux-tower site for twin experiments and tests without real data: synthetic forcing
/// (`SyntheticForcing`) and "observations" made by the land model itself with known true
/// parameters, plus Gaussian noise, written as a PLUMBER2-format pair of NetCDF files that every
/// MdPL command reads like a real site. Calibration should recover the true parameters
/// (CalibrationTests' `TwinRecoveryTests` checks that SCE-UA does, on a noise-free twin).
public struct TwinSite: Sendable {
    public var code: String
    public var pft: PlantFunctionalType
    public var igbp: String
    public var latitude: Double
    public var climate: SyntheticForcing.Climate
    /// Parameters that differ from the PFT defaults in the model that made the observations.
    public var truth: [ParameterID: Double]
    /// Standard deviation of the noise added to Qle and Qh [W m-2] (NEE: a tenth of it, µmol m-2 s-1).
    public var noise: Double
    public var days: Int
    public var seed: UInt64

    public init(code: String, pft: PlantFunctionalType = .DBF, igbp: String = "DBF", latitude: Double = 45,
                climate: SyntheticForcing.Climate = .init(), truth: [ParameterID: Double] = [:], noise: Double = 5,
                days: Int = 365, seed: UInt64 = 7) {
        self.code = code
        self.pft = pft
        self.igbp = igbp
        self.latitude = latitude
        self.climate = climate
        self.truth = truth
        self.noise = noise
        self.days = days
        self.seed = seed
    }

    /// The land-model site.
    public var modelSite: ModelSite {
        ModelSite(code: code, latitude: latitude, longitude: 7, referenceHeight: 30, canopyHeight: pft == .GRA ? 0.5 : 20, pft: pft)
    }

    /// The true parameter set: PFT defaults with `truth` written in.
    public var trueParameters: LandParameters {
        var p = LandParameters.defaults(for: pft, soil: .loam)
        for (id, value) in truth { p[id] = value }
        return p
    }

    /// The site's data: forcing, and Qle, Qh and NEE of the land model with the true parameters
    /// plus noise (qc 0 everywhere).
    public func dataset(options: SimulationOptions = SimulationOptions()) -> SiteDataset {
        var data = SyntheticForcing.dataset(days: days, seed: seed, site: modelSite, igbp: igbp, climate: climate)
        let run = Simulation.run(PreparedForcing(site: modelSite, dataset: data), parameters: trueParameters, options: options)
        var g = SyntheticForcing.Generator(state: seed &+ 1)
        func gaussian() -> Double {
            // Box–Muller from two uniform numbers.
            let u1 = max(g.next(), 1e-12), u2 = g.next()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        for (flux, field, scale) in [(FluxVariable.Qle, OutputField.Qle, noise), (.Qh, .Qh, noise), (.NEE, .NEE, noise / 10)] {
            let values = run[field].map { $0 + scale * gaussian() }
            data.fluxes[flux] = Series(values: values, qc: [Int8](repeating: QualityFlag.measured, count: values.count))
        }
        return data
    }

    /// Writes `<CODE>_<Y0>-<Y1>_Synthetic_Met.nc` and `..._Flux.nc` into `directory`.
    @discardableResult
    public func write(to directory: URL, options: SimulationOptions = SimulationOptions()) throws -> SiteDataset {
        let data = dataset(options: options)
        let last = data.time.time(at: data.time.count - 1).year
        let stem = "\(code)_\(data.time.start.year)-\(last)_Synthetic"
        let met = data.forcing.keys.sorted { $0.rawValue < $1.rawValue }.map { v in
            OutputVariable(name: v.rawValue, units: v.info.units, longName: v.info.longName, values: data.forcing[v]!.values)
        }
        let fluxes = data.fluxes.keys.sorted { $0.rawValue < $1.rawValue }.map { v in
            OutputVariable(name: v.rawValue, units: v.info.units, longName: v.info.longName, values: data.fluxes[v]!.values,
                           qc: data.fluxes[v]!.qc)
        }
        let attributes = ["site_code": code, "utc_offset_hours": "0"]
        try ALMAWriter.write(to: directory.appendingPathComponent(stem + "_Met.nc"), site: data.info, time: data.time,
                             variables: met, title: "\(code) synthetic forcing (MdPL twin site)", globalAttributes: attributes)
        try ALMAWriter.write(to: directory.appendingPathComponent(stem + "_Flux.nc"), site: data.info, time: data.time,
                             variables: fluxes, title: "\(code) land-model fluxes with known parameters and noise (MdPL twin site)",
                             globalAttributes: attributes)
        return data
    }
}
