/// The physical constants that FluxData's unit conversions share with the land model, written once.
///
/// The land model's table (`LandModel.PhysicalConstants`, LSM_SPEC.md 2.1) cannot live here whole,
/// and FluxData cannot import LandModel (LandModel depends on FluxData), so the constants both
/// modules need are defined here and `PhysicalConstants` forwards to them. They are inlinable
/// computed properties so that the model's inner loops see the literal value, exactly as before.
public enum SharedPhysicalConstants {
    /// Freezing point of water T_f = 273.15 K (LSM_SPEC.md 2.1), which is also the offset between
    /// °C and K (ITS-90).
    @inlinable public static var freezingPoint: Double { 273.15 }

    /// ε = M_w/M_d ≈ R_d/R_v = 0.622, the ratio of the molecular weights of water vapour and dry air
    /// (LSM_SPEC.md 2.2 e_a and q_s, CLM eq 5.9; FluxnetLSM `Rel2SpecHum`).
    @inlinable public static var molecularWeightRatio: Double { 0.622 }
}
