/// One time step of the land model, in the order of LSM_SPEC.md 1.3: (irrigation), forcing
/// pre-processing and radiation (prepared in `ForcingStep`), water stress, photosynthesis and
/// canopy conductance, roughness and fixed resistances, the surface-energy-balance Newton loop
/// with stability updates, final fluxes with water limiters and closure, canopy and soil water,
/// respiration and NEE.
public enum LandSurface {
    /// Newton iterations of the SEB solve (spec v1.1: N = 6; robust mode 8, 2.8 (iv)).
    public static let defaultIterations = 6

    /// Advances `state` by one step of `dt` seconds and returns the step's fluxes.
    @inline(__always)
    public static func step<S: ModelScalar>(_ state: inout ModelState<S>, forcing f: ForcingStep,
                                            member m: MemberConstants<S>, irrigated: Bool, dt: Double,
                                            iterations: Int = defaultIterations) -> StepOutput<S> {
        let p = m.parameters
        let h = m.hydraulics
        let z1 = ModelConstants.z1
        let sigma = PhysicalConstants.stefanBoltzmann
        let cp = PhysicalConstants.cp
        let k = PhysicalConstants.vonKarman
        let rhoW = PhysicalConstants.waterDensity                  // mm of water per m of layer at θ = 1
        let epsilon = m.emissivity

        // 2.10b Irrigation top-up to the stress-onset content, before everything else.
        var irrigation = S(0)
        if irrigated {
            let added1 = Hydrology.irrigation(water: state.soilWater1, target: (rhoW * z1) * m.criticalTheta)
            let added2 = Hydrology.irrigation(water: state.soilWater2, target: rhoW * m.thickness2 * m.criticalTheta)
            state.soilWater1 = state.soilWater1 + added1
            state.soilWater2 = state.soilWater2 + added2
            irrigation = added1 + added2
        }

        // 2.5 Root-zone water stress.
        let theta1 = state.soilWater1 * (1 / (rhoW * z1))
        let theta2 = state.soilWater2 / (rhoW * m.thickness2)
        let beta1 = WaterStress.layer(theta: theta1, wilting: h.thetaWilting, critical: m.criticalTheta)
        let beta2 = WaterStress.layer(theta: theta2, wilting: h.thetaWilting, critical: m.criticalTheta)
        let (beta, extraction1) = WaterStress.rootZone(beta1: beta1, beta2: beta2, rootFraction1: m.rootFraction1)

        // 2.6 Two-leaf photosynthesis and canopy conductance.
        let ci = Photosynthesis.intercellularCO2(ca: f.co2, g1: p.g1, sqrtD: f.sqrtVPD, gammaStar: f.response.gammaStar)
        let medlyn = Photosynthesis.medlynFactor(g1: p.g1, sqrtD: f.sqrtVPD)
        let sunlit = Photosynthesis.leaf(capacity25: p.vcmax25 * f.capacitySunlit, par: f.leaves.sunlit,
                                         area: f.leaves.sunlitArea, floorWidth: f.floorWidthSunlit, beta: beta, alphaJ: p.alphaJ, ci: ci,
                                         medlynFactor: medlyn, ca: f.co2, response: f.response)
        let shaded = Photosynthesis.leaf(capacity25: p.vcmax25 * f.capacityShaded, par: f.leaves.shaded,
                                         area: f.leaves.shadedArea, floorWidth: f.floorWidthShaded, beta: beta, alphaJ: p.alphaJ, ci: ci,
                                         medlynFactor: medlyn, ca: f.co2, response: f.response)
        let gpp = sunlit.assimilation + shaded.assimilation
        let leafRespiration = sunlit.darkRespiration + shaded.darkRespiration
        let canopyConductance = (sunlit.conductance + shaded.conductance)
            * (PhysicalConstants.gasConstant * f.tair / f.psurf)

        // 2.7 Roughness and the resistances that do not depend on stability.
        let displacement = m.displacementScale * f.roughnessWeight
        let logZ0m = Aerodynamics.logRoughness(weight: f.roughnessWeight, logCanopyRoughness: m.logCanopyRoughness)
        let z0m = ModelMath.exp(logZ0m)
        let height = m.referenceHeight - displacement
        let logHeightOverZ0m = ModelMath.log(height) - logZ0m
        let thetaAir = f.tair + PhysicalConstants.dryAdiabaticLapseRate * height
        let soilResistance = Aerodynamics.soilSurface(multiplier: p.fRss, relativeWetness: theta1 * (1 / h.thetaSat))
        let canopyCapacity = p.sInt * (f.lai + 0.05)
        let wetFraction = Aerodynamics.wetFraction(canopyWater: state.canopyWater, capacity: canopyCapacity)
        let stomatalResistance = 1 / S.maximum(canopyConductance, S(1e-9))

        // 2.4 Radiation absorbed before longwave emission.
        let albedo = SolarRadiation.albedo(canopy: p.albC, soilExposure: f.soilExposure)
        let radiationIn = (1 - albedo) * f.swdown + epsilon * f.lwdown
        let ground = GroundHeat.Step(coefficient: m.groundCoefficient, vegetationCover: f.vegetationCover,
                                     t2: state.deepTemperature, previousTs: state.skinTemperature, dt: dt)
        let rho = f.density, lambda = f.latentHeat

        // 2.8 Surface energy balance: damped Newton on Ts with under-relaxed stability.
        var ts = f.tair + 20 * ModelMath.tanh((state.skinTemperature - f.tair) * (1.0 / 20))
        var zeta = S(0)
        var saturation = Atmosphere.saturationSpecificHumidity(ts, pressure: f.psurf)
        var rah = S(0), rb = S(0), evaporationSwitch = S(0), logMomentum = S(1)
        // ζ_new = −z k g H_v / (ρ cp θ_a u*³) with u* = k u_e / lnM: the lnM-free factor once per step.
        let kue = k * f.effectiveWind
        let stabilityScale = -(height * (k * PhysicalConstants.gravity)) / ((rho * cp) * thetaAir * (kue * kue * kue))
        var gTranspiration = S(0), gWet = S(0), gSoil = S(0)
        for _ in 0..<iterations {
            let r = Aerodynamics.resistances(zeta: zeta, height: height, logHeightOverZ0m: logHeightOverZ0m,
                                             z0m: z0m, windEffective: f.effectiveWind)
            rah = r.heat
            logMomentum = r.logMomentum
            rb = f.boundaryLayerScale * S.squareRoot(logMomentum)
            let gHeat = 1 / rah
            let canopyPath = 1 / (rah + rb)
            gTranspiration = (1 - wetFraction) / (rah + rb + stomatalResistance)
            gWet = wetFraction * f.vegetationCover * canopyPath
            gSoil = f.soilCover / (rah + soilResistance)
            let gDew = f.vegetationCover * canopyPath + f.soilCover * gHeat
            let dq = saturation.q - f.qair
            evaporationSwitch = ModelMath.sigmoid(dq * 1e5)
            let gE = evaporationSwitch * (gTranspiration + gWet + gSoil) + (1 - evaporationSwitch) * gDew
            let ts3 = ts * ts * ts
            let residual = radiationIn - (epsilon * sigma) * ts3 * ts - (rho * cp) * gHeat * (ts - thetaAir)
                - (lambda * rho) * gE * dq - ground.flux(ts)
            let slope = (-4 * epsilon * sigma) * ts3 - (rho * cp) * gHeat - (lambda * rho) * gE * saturation.dqdT
                - ground.derivative
            ts = ts + 20 * ModelMath.tanh(-residual / slope * (1.0 / 20))
            saturation = Atmosphere.saturationSpecificHumidity(ts, pressure: f.psurf)
            let sensible = (rho * cp) * gHeat * (ts - thetaAir)
            let evaporation = rho * gE * (saturation.q - f.qair)
            let virtualHeat = sensible + (PhysicalConstants.virtualHeatFluxFactor * cp * f.tair) * evaporation
            let zetaNew = stabilityScale * virtualHeat * (logMomentum * logMomentum * logMomentum)
            zeta = zeta + 0.5 * (zetaNew - zeta)
        }

        // 2.9 Final fluxes at Ts_N with the last iteration's conductances; water limiters; closure.
        let rnet = radiationIn - SolarRadiation.longwaveEmission(ts, emissivity: epsilon)
        let qg = ground.flux(ts)
        let t2New = ground.restored(ts)
        let dq = saturation.q - f.qair
        let dew = 1 - evaporationSwitch
        let transpirationRaw = rho * evaporationSwitch * gTranspiration * dq
        let wetRaw = rho * (evaporationSwitch * gWet + dew * f.vegetationCover / (rah + rb)) * dq
        let soilRaw = rho * (evaporationSwitch * gSoil + dew * f.soilCover / rah) * dq
        let sensibleBulk = (rho * cp) * (ts - thetaAir) / rah
        let sebResidual = rnet - sensibleBulk - lambda * (transpirationRaw + wetRaw + soilRaw) - qg
        let interception = f.precip * f.interceptedFraction
        let canopyEvaporation = Smooth.limit(wetRaw, available: (state.canopyWater + interception * dt) * (1 / dt))
        let soilEvaporation = Smooth.limit(soilRaw, available: S.maximum(state.soilWater1 - m.residual1, S(0)) * (1 / dt))
        let rootWater = S.maximum(state.soilWater1 - m.wilting1, S(0)) + S.maximum(state.soilWater2 - m.wilting2, S(0))
        let transpiration = Smooth.limit(transpirationRaw, available: rootWater * (1 / dt))
        let evaporation = transpiration + canopyEvaporation + soilEvaporation
        let qle = lambda * evaporation
        let qh = rnet - qle - qg
        let limiterEnergy = lambda * ((transpirationRaw + wetRaw + soilRaw) - evaporation)

        // 2.10 Canopy and soil water, in an exactly conservative sequence.
        var canopyWater = state.canopyWater + (interception - canopyEvaporation) * dt
        let drip = Smooth.softplus(canopyWater - canopyCapacity, laneWidth: 0.01 * canopyCapacity)
        canopyWater = canopyWater - drip
        let groundInput = (f.precip - interception) + drip * (1 / dt)
        var water1 = state.soilWater1 + (groundInput - soilEvaporation - extraction1 * transpiration) * dt
        let runoff1 = Smooth.softplus(water1 - m.saturated1, width: 0.01 * m.saturated1)
        water1 = water1 - runoff1
        let percolation = Hydrology.gravityDrainage(water: water1, capacity: S(m.saturated1),
                                                    exponent: m.drainageExponent, rate: m.drainageRate1)
        water1 = water1 - percolation
        var water2 = state.soilWater2 + percolation - (1 - extraction1) * transpiration * dt
        let drainage = Hydrology.gravityDrainage(water: water2, capacity: m.saturated2,
                                                 exponent: m.drainageExponent, rate: m.drainageRate2)
        water2 = water2 - drainage
        let runoff2 = Smooth.softplus(water2 - m.saturated2, laneWidth: 0.01 * m.saturated2)
        water2 = water2 - runoff2
        let exchange = Hydrology.diffusiveExchange(
            theta1: water1 * (1 / (rhoW * z1)), theta2: water2 / (rhoW * m.thickness2), thetaSat: h.thetaSat, b: h.b,
            diffusivityScale: m.diffusivityScale, inverseThicknessSum: m.inverseThicknessSum,
            halfRootDepth: m.halfRootDepth, dt: dt)
        water1 = water1 - exchange
        water2 = water2 + exchange

        // 2.11 Respiration and NEE.
        let wetness = (water1 + water2) / (rhoW * h.thetaSat * p.zRoot)
        let soilRespiration = p.r10 * Respiration.lloydTaylor(temperature: t2New, activation: p.e0)
            * Respiration.moistureFactor(relativeWetness: wetness)
        let reco = leafRespiration + soilRespiration

        state = ModelState(canopyWater: canopyWater, soilWater1: water1, soilWater2: water2,
                           skinTemperature: ts, deepTemperature: t2New)
        return StepOutput(
            rnet: rnet, qle: qle, qh: qh, qg: qg, gpp: gpp, reco: reco, nee: reco - gpp, leafRespiration: leafRespiration,
            evap: evaporation, transpiration: transpiration, canopyEvaporation: canopyEvaporation,
            soilEvaporation: soilEvaporation, surfaceRunoff: (runoff1 + runoff2) * (1 / dt),
            drainage: drainage * (1 / dt), irrigation: irrigation, sebResidual: sebResidual,
            limiterEnergy: limiterEnergy, beta: beta, canopyConductance: canopyConductance,
            aerodynamicResistance: rah, stability: zeta, frictionVelocity: kue / logMomentum)
    }
}
