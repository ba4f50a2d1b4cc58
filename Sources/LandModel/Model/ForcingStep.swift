import FluxData
import Foundation

/// The forcing of one time step with every quantity that depends on forcing and site only
/// (solar geometry, radiation partition, temperature responses, air properties). It is computed
/// once per step and shared by all ensemble members.
public struct ForcingStep: Sendable {
    /// Raw forcing (ALMA units): SWdown, LWdown [W m-2], Tair [K], Qair [kg kg-1], Psurf [Pa],
    /// Wind [m s-1], Precip [kg m-2 s-1], CO2air [ppm], LAI (clamped ≥ 0).
    public var swdown, lwdown, tair, qair, psurf, wind, precip, co2, lai: Double
    /// Effective cosine of the solar zenith angle (2.3) and diffuse fraction (2.4.1).
    public var cosZenith: Double
    public var diffuseFraction: Double
    /// Absorbed PAR and leaf areas of the two big leaves (2.4.3).
    public var leaves: SolarRadiation.TwoLeaf
    /// Widths of the smooth net-assimilation floor of each big leaf (see
    /// `Photosynthesis.assimilationFloorWidth`).
    public var floorWidthSunlit: Double
    public var floorWidthShaded: Double
    /// Canopy nitrogen-profile integrals for the sunlit and shaded leaves (2.6.2).
    public var capacitySunlit: Double
    public var capacityShaded: Double
    /// Temperature responses of photosynthesis at Ta (2.6.1).
    public var response: Photosynthesis.TemperatureResponse
    /// √D with D the floored vapour pressure deficit [kPa^0.5] (2.2).
    public var sqrtVPD: Double
    /// Air density [kg m-3], latent heat λ(Ta) [J kg-1] (2.2).
    public var density: Double
    public var latentHeat: Double
    /// Effective wind u_e (2.7.2) and roughness blending weight V (2.7.1).
    public var effectiveWind: Double
    public var roughnessWeight: Double
    /// r_b / √lnM, the stability-independent part of the leaf boundary-layer resistance (2.7.4).
    public var boundaryLayerScale: Double
    /// Cover fractions f_soil = e^{−0.7 LAI}, f_veg (2.7.6); intercepted share of rain
    /// 1 − e^{−0.5 LAI} (2.9); e^{−1.1 LAI} of the albedo blend (2.4.4).
    public var soilCover: Double
    public var vegetationCover: Double
    public var interceptedFraction: Double
    public var soilExposure: Double

    /// Prepares the step that starts at UTC-referenced geometry `geometry`.
    public init(swdown: Double, lwdown: Double, tair: Double, qair: Double, psurf: Double, wind: Double,
                precip: Double, co2: Double, lai rawLAI: Double, geometry: SolarGeometry) {
        self.swdown = swdown
        self.lwdown = lwdown
        self.tair = tair
        self.qair = qair
        self.psurf = psurf
        self.wind = wind
        self.precip = precip
        self.co2 = co2
        let lai = max(rawLAI, 0)
        self.lai = lai
        cosZenith = geometry.cosZenithEffective
        let kt = SolarRadiation.clearness(swdown: swdown, extraterrestrial: geometry.extraterrestrial)
        diffuseFraction = SolarRadiation.diffuseFraction(clearness: kt)
        let par = PhysicalConstants.parQuanta * PhysicalConstants.parFraction * swdown
        leaves = SolarRadiation.twoLeaf(beam: par * (1 - diffuseFraction), diffuse: par * diffuseFraction,
                                        lai: lai, cosZenithEffective: cosZenith)
        floorWidthSunlit = Photosynthesis.assimilationFloorWidth(area: leaves.sunlitArea)
        floorWidthShaded = Photosynthesis.assimilationFloorWidth(area: leaves.shadedArea)
        (capacitySunlit, capacityShaded) = Photosynthesis.capacityScaling(lai: lai, cosZenithEffective: cosZenith)
        response = Photosynthesis.TemperatureResponse(temperature: tair)
        sqrtVPD = Atmosphere.vapourPressureDeficit(tair: tair, specificHumidity: qair, pressure: psurf).squareRoot()
        density = Atmosphere.density(tair: tair, specificHumidity: qair, pressure: psurf)
        latentHeat = Atmosphere.latentHeat(tair)
        effectiveWind = Aerodynamics.effectiveWind(wind)
        roughnessWeight = Aerodynamics.roughnessWeight(lai: lai)
        boundaryLayerScale = Aerodynamics.boundaryLayerScale(windEffective: effectiveWind, lai: lai)
        (soilCover, vegetationCover) = Aerodynamics.coverFractions(lai: lai)
        interceptedFraction = 1 - exp(-0.5 * lai)
        soilExposure = exp(-1.1 * lai)
    }
}

/// Sun position over one time step (LSM_SPEC.md 1.2, 2.3).
public struct SolarGeometry: Sendable, Equatable {
    /// cosZ_e = smax(cosZ, 0.05; 0.01) at the interval mid-point; for steps longer than an hour,
    /// the irradiance-weighted mean Σcos²Z/ΣcosZ over the daylit part of the interval.
    public var cosZenithEffective: Double
    /// Horizontal extraterrestrial irradiance S0h [W m-2]; for steps longer than an hour, its
    /// interval mean.
    public var extraterrestrial: Double

    /// The geometry of the interval that starts at the local-standard stamp `start` and lasts `dt`
    /// seconds, at a site with `clock` and `latitude`.
    ///
    /// Half-hourly and hourly steps use the interval mid-point, as the spec prescribes. Longer
    /// steps (daily data) are not covered by the spec; there the geometry is averaged over 10-min
    /// samples of the interval, since one mid-point (noon) would overstate the beam path of a
    /// whole day.
    public init(start: CivilDateTime, dt: Int, clock: SiteClock, latitude: Double) {
        func cosZ(at local: CivilDateTime, offset: Int) -> (Double, Int) {
            let (hour, doy) = clock.utcHourAndDayOfYear(local, offsetSeconds: offset)
            let solar = hour + clock.longitude / 15 + SolarPosition.equationOfTime(dayOfYear: doy) / 60
            let c = SolarPosition.cosZenith(latitude: latitude, declination: SolarPosition.declination(dayOfYear: doy),
                                            solarHour: solar)
            return (c, doy)
        }
        let (mid, doy) = cosZ(at: start, offset: dt / 2)
        if dt <= 3600 {
            cosZenithEffective = SolarRadiation.effectiveCosZenith(mid)
            extraterrestrial = SolarRadiation.extraterrestrial(dayOfYear: doy, cosZenithEffective: cosZenithEffective)
        } else {
            let samples = max(dt / 600, 1)
            var sum = 0.0, sumSquares = 0.0, s0h = 0.0
            for k in 0..<samples {
                let (c, d) = cosZ(at: start, offset: (k * dt + dt / 2) / samples)
                guard c > 0 else { continue }
                sum += c
                sumSquares += c * c
                s0h += SolarRadiation.extraterrestrial(dayOfYear: d, cosZenithEffective: c)
            }
            cosZenithEffective = SolarRadiation.effectiveCosZenith(sum > 0 ? sumSquares / sum : 0)
            extraterrestrial = max(s0h / Double(samples), 1e-3)
        }
    }

    /// Geometry given directly (tests).
    public init(cosZenithEffective: Double, extraterrestrial: Double) {
        self.cosZenithEffective = cosZenithEffective
        self.extraterrestrial = extraterrestrial
    }
}

/// A site's forcing, prepared step by step for the model.
public struct PreparedForcing: Sendable {
    public var site: ModelSite
    public var time: TimeAxis
    public var steps: [ForcingStep]
    /// Step length Δt [s].
    public var dt: Double { Double(time.stepSeconds) }

    /// Prepares the forcing of `dataset` for `site`.
    public init(site: ModelSite, dataset: SiteDataset) {
        self.site = site
        time = dataset.time
        let clock = dataset.info.clock
        let f = { (v: ForcingVariable) in dataset.forcingValues(v) }
        let (sw, lw, ta, qa, ps, u, pr, co2, lai) = (f(.SWdown), f(.LWdown), f(.Tair), f(.Qair), f(.Psurf), f(.Wind),
                                                       f(.Precip), f(.CO2air), f(.LAI))
        let stepSeconds = dataset.time.stepSeconds
        steps = (0..<dataset.time.count).map { i in
            ForcingStep(swdown: sw[i], lwdown: lw[i], tair: ta[i], qair: qa[i], psurf: ps[i], wind: u[i],
                        precip: pr[i], co2: co2[i], lai: lai[i],
                        geometry: SolarGeometry(start: dataset.time.time(at: i), dt: stepSeconds, clock: clock,
                                                latitude: site.latitude))
        }
    }

    /// The steps `range`.
    public func slice(_ range: Range<Int>) -> PreparedForcing {
        var copy = self
        copy.time = time.slice(range)
        copy.steps = Array(steps[range])
        return copy
    }
}
