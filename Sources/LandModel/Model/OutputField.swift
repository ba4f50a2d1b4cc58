/// The model outputs that can be recorded (LSM_SPEC.md 2.13), with ALMA names and units.
public enum OutputField: String, CaseIterable, Codable, Sendable {
    case Rnet, Qle, Qh, Qg, NEE, GPP, Reco
    case Evap, TVeg, ECanop, ESoil, Qs, Qsb
    case SoilMoist1, SoilMoist2, CanopInt, AvgSurfT, SoilTemp
    case Irrigation, SEBResidual, LimiterEnergy, Beta, Gc, Rah, Zeta, Ustar

    public var units: String {
        switch self {
        case .Rnet, .Qle, .Qh, .Qg, .SEBResidual, .LimiterEnergy: "W/m2"
        case .NEE, .GPP, .Reco: "umol/m2/s"
        case .Evap, .TVeg, .ECanop, .ESoil, .Qs, .Qsb: "kg/m2/s"
        case .SoilMoist1, .SoilMoist2, .CanopInt, .Irrigation: "kg/m2"
        case .AvgSurfT, .SoilTemp: "K"
        case .Beta, .Zeta: "1"
        case .Gc, .Ustar: "m/s"
        case .Rah: "s/m"
        }
    }

    public var longName: String {
        switch self {
        case .Rnet: "Net radiation (positive downward)"
        case .Qle: "Latent heat flux (positive upward)"
        case .Qh: "Sensible heat flux (positive upward)"
        case .Qg: "Ground heat flux (positive into the ground)"
        case .NEE: "Net ecosystem exchange of CO2 (positive = release)"
        case .GPP: "Gross primary production"
        case .Reco: "Ecosystem respiration"
        case .Evap: "Total evapotranspiration"
        case .TVeg: "Transpiration"
        case .ECanop: "Wet canopy evaporation"
        case .ESoil: "Soil evaporation"
        case .Qs: "Surface runoff"
        case .Qsb: "Drainage below the root zone"
        case .SoilMoist1: "Soil water in the top layer (0-0.1 m)"
        case .SoilMoist2: "Soil water in the rest of the root zone"
        case .CanopInt: "Canopy intercepted water"
        case .AvgSurfT: "Composite skin temperature"
        case .SoilTemp: "Force-restore deep soil temperature"
        case .Irrigation: "Irrigation added in the step (LSM_SPEC 2.10b)"
        case .SEBResidual: "Surface energy balance residual F(Ts_N), put into Qh"
        case .LimiterEnergy: "Latent energy removed by the water limiters, put into Qh"
        case .Beta: "Root-zone water stress factor"
        case .Gc: "Canopy conductance"
        case .Rah: "Aerodynamic resistance to heat"
        case .Zeta: "Monin-Obukhov stability parameter z/L"
        case .Ustar: "Friction velocity"
        }
    }

    /// The value of this field in a step's output and the state after the step.
    @inline(__always)
    public func value<S: ModelScalar>(_ o: StepOutput<S>, _ s: ModelState<S>) -> S {
        switch self {
        case .Rnet: o.rnet
        case .Qle: o.qle
        case .Qh: o.qh
        case .Qg: o.qg
        case .NEE: o.nee
        case .GPP: o.gpp
        case .Reco: o.reco
        case .Evap: o.evap
        case .TVeg: o.transpiration
        case .ECanop: o.canopyEvaporation
        case .ESoil: o.soilEvaporation
        case .Qs: o.surfaceRunoff
        case .Qsb: o.drainage
        case .SoilMoist1: s.soilWater1
        case .SoilMoist2: s.soilWater2
        case .CanopInt: s.canopyWater
        case .AvgSurfT: s.skinTemperature
        case .SoilTemp: s.deepTemperature
        case .Irrigation: o.irrigation
        case .SEBResidual: o.sebResidual
        case .LimiterEnergy: o.limiterEnergy
        case .Beta: o.beta
        case .Gc: o.canopyConductance
        case .Rah: o.aerodynamicResistance
        case .Zeta: o.stability
        case .Ustar: o.frictionVelocity
        }
    }
}
