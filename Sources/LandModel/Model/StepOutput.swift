/// Everything one step produces (LSM_SPEC.md 2.13), per lane.
public struct StepOutput<S: ModelScalar> {
    /// Net radiation (down), latent and sensible heat (up), ground heat (into the ground) [W m-2].
    public var rnet: S
    public var qle: S
    public var qh: S
    public var qg: S
    /// Gross primary production, ecosystem respiration, net ecosystem exchange [µmol m-2 s-1].
    public var gpp: S
    public var reco: S
    public var nee: S
    /// Leaf dark respiration, part of Reco [µmol m-2 s-1].
    public var leafRespiration: S
    /// Evaporation total and its parts: transpiration, wet-canopy, soil [kg m-2 s-1].
    public var evap: S
    public var transpiration: S
    public var canopyEvaporation: S
    public var soilEvaporation: S
    /// Surface runoff and drainage [kg m-2 s-1].
    public var surfaceRunoff: S
    public var drainage: S
    /// Irrigation added this step [mm] (2.10b).
    public var irrigation: S
    /// Diagnostics: SEB residual F(Ts_N) and water-limiter energy [W m-2], root-zone stress β,
    /// canopy conductance Gc [m s-1], aerodynamic resistance r_ah [s m-1], stability ζ, u* [m s-1].
    public var sebResidual: S
    public var limiterEnergy: S
    public var beta: S
    public var canopyConductance: S
    public var aerodynamicResistance: S
    public var stability: S
    public var frictionVelocity: S
}
