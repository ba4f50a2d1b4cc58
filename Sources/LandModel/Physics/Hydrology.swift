/// Canopy interception and two-layer soil water, LSM_SPEC.md 2.10 and 2.10b. Every update moves
/// water between stores or across the boundary, so the balance of 1.4 holds to round-off.
public enum Hydrology {
    /// Clapp–Hornberger exponent of the hydraulic conductivity, K = K_sat (θ/θ_sat)^c with c = 2b + 3 (2.10).
    @inline(__always)
    public static func drainageExponent(b: Double) -> Double { 2 * b + 3 }

    /// The rate (c − 1) K_sat Δt/(dz θ_sat) of `gravityDrainage` for a layer of thickness `dz` [m] (2.10).
    @inline(__always)
    public static func drainageRate<S: ModelScalar>(ksat: S, exponent c: Double, thickness dz: S, thetaSat: Double,
                                                    dt: Double) -> S {
        (c - 1) * ksat * dt / (dz * thetaSat)
    }

    /// Exact solution over Δt of dθ/dt = −(K_sat/dz)(θ/θ_sat)^c, c = 2b + 3 (Clapp & Hornberger):
    /// s_new = [s^{1−c} + (c − 1) K_sat Δt/(dz θ_sat)]^{1/(1−c)}; returns the drained water [mm]
    /// from a layer holding `water` [mm] with capacity `capacity` = 1000 dz θ_sat [mm].
    /// `rate` is (c − 1) K_sat Δt/(dz θ_sat).
    @inline(__always)
    public static func gravityDrainage<S: ModelScalar>(water: S, capacity: S, exponent c: Double, rate: S) -> S {
        let s = S.maximum(water / capacity, S(1e-6))
        let sNew = ModelMath.exp(ModelMath.log(ModelMath.pow(s, 1 - c) + rate) * (1 / (1 - c)))
        return (s - sNew) * capacity
    }

    /// Water moved from layer 1 to layer 2 [mm] by the exact solution of the linear two-box
    /// diffusion over Δt: M = Δθ (1 − e^{−λ_x Δt}) / (1/z1 + 1/z2) · 1000, with
    /// D_w = b K_sat ψ_sat/θ_sat · θ̄^{b+2} and λ_x = D_w (1/z1 + 1/z2)/(z_root/2).
    @inline(__always)
    public static func diffusiveExchange<S: ModelScalar>(theta1: S, theta2: S, thetaSat: Double, b: Double,
                                                          diffusivityScale: S, inverseThicknessSum: S,
                                                          halfRootDepth: S, dt: Double) -> S {
        let mean = S.maximum(0.5 * (theta1 + theta2) / thetaSat, S(1e-6))
        let diffusivity = diffusivityScale * ModelMath.pow(mean, b + 2)
        let rate = diffusivity * inverseThicknessSum / halfRootDepth
        let difference = theta1 - theta2
        return (difference - difference * ModelMath.exp(-rate * dt)) / inverseThicknessSum * PhysicalConstants.waterDensity
    }

    /// Irrigation top-up of a layer to its stress-onset content (2.10b): returns the added water.
    @inline(__always)
    public static func irrigation<S: ModelScalar>(water: S, target: S) -> S {
        S.maximum(target - water, S(0))
    }
}
