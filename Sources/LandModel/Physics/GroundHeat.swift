import Foundation

/// Implicit force–restore ground heat flux (Noilhan & Planton 1989 as coded in Tethys–Chloris)
/// with Noah canopy attenuation, LSM_SPEC.md 2.8 (amendment C1).
public enum GroundHeat {
    static let tau = ModelConstants.restorePeriod
    static let omega = 2 * Double.pi / ModelConstants.restorePeriod

    /// C_G = 2 sqrt(π / (Γ² τ)) [K m2 J-1] for soil thermal inertia Γ.
    @inline(__always)
    public static func coefficient<S: ModelScalar>(thermalInertia gamma: S) -> S {
        (2 * (Double.pi / tau).squareRoot()) / gamma
    }

    /// The force–restore terms for one step of length Δt at given C_T = C_G e^{−s_β f_veg}.
    public struct Step<S: ModelScalar> {
        /// 1 / C_T [J m-2 K-1].
        public var inverseCoefficient: S
        public var t2: S
        public var previousTs: S
        public let dt: Double
        /// a = (Δt/τ)/(1 + Δt/τ).
        let a: Double

        public init(coefficient cg: S, vegetationCover fVeg: Double, t2: S, previousTs: S, dt: Double) {
            // 1/C_T = (1/C_G) e^{s_β f_veg}, s_β = −2.
            inverseCoefficient = ModelMath.exp(S(ModelConstants.sBeta * fVeg)) / cg
            self.t2 = t2
            self.previousTs = previousTs
            self.dt = dt
            a = (dt / tau) / (1 + dt / tau)
        }

        /// Restore temperature after the step, T2' = (T2 + (Δt/τ) Ts) / (1 + Δt/τ).
        @inline(__always)
        public func restored(_ ts: S) -> S {
            (t2 + (dt / tau) * ts) * (1 / (1 + dt / tau))
        }

        /// G(Ts) = (1/C_T)[ω (Ts − T2'(Ts)) + (Ts − Ts_prev)/Δt] [W m-2, positive into the ground],
        /// with Ts − T2'(Ts) = (Ts − T2)/(1 + Δt/τ) written so that G is exactly 0 when
        /// Ts = Ts_prev = T2.
        @inline(__always)
        public func flux(_ ts: S) -> S {
            inverseCoefficient * ((ts - t2) * (omega / (1 + dt / tau)) + (ts - previousTs) * (1 / dt))
        }

        /// dG/dTs = (1/C_T)[1/Δt + ω(1 − a)].
        @inline(__always)
        public var derivative: S { inverseCoefficient * (1 / dt + omega * (1 - a)) }
    }
}
