/// Smooth primitives of LSM_SPEC.md 5.1 (their widths, 5.2, are part of the specification).
public enum Smooth {
    /// log(1 + y) for y ≥ 0 with the rounding of 1 + y corrected: log u − ((u − 1) − y)/u, u = 1 + y.
    @inline(__always)
    static func log1p<S: ModelScalar>(_ y: S) -> S {
        let u = 1 + y
        return ModelMath.log(u) - ((u - 1) - y) / u
    }

    /// softplus(x; w) = max(x, 0) + w log(1 + e^{−|x|/w}); C∞, derivative sigmoid(x/w) (5.1).
    @inline(__always)
    public static func softplus<S: ModelScalar>(_ x: S, width w: Double) -> S {
        S.maximum(x, S(0)) + w * log1p(ModelMath.exp(S.magnitude(x) * (-1 / w)))
    }

    /// softplus with a lane-wise width (the relative widths of 2.10).
    @inline(__always)
    public static func softplus<S: ModelScalar>(_ x: S, laneWidth w: S) -> S {
        S.maximum(x, S(0)) + w * log1p(ModelMath.exp(-S.magnitude(x) / w))
    }

    /// smin(a, b; w) = a − softplus(a − b; w) ≤ min(a, b), error ≤ w ln 2 (5.1).
    @inline(__always)
    public static func smin<S: ModelScalar>(_ a: S, _ b: Double, width w: Double) -> S {
        a - softplus(a - b, width: w)
    }

    /// smax(a, b; w) = a + softplus(b − a; w) ≥ max(a, b) (5.1).
    @inline(__always)
    public static func smax<S: ModelScalar>(_ a: S, _ b: Double, width w: Double) -> S {
        a + softplus(b - a, width: w)
    }

    /// The p-norm water limiter sminP(E, A) of LSM_SPEC.md 2.9: E where E < 0, otherwise
    /// E·A′ / (A′⁸ + E⁸ + 1e-96)^{1/8} with A′ = max(A, 0); 0 ≤ result ≤ min(E, A′) for E ≥ 0.
    /// At E = 0 both branches give 0; the limited branch is taken there so that derivatives follow
    /// it: a dry canopy sits at E = 0 with ∂E/∂W large, and the other branch's derivative 1 would
    /// let ∂W/∂W grow step after step (docs/gradients.md).
    @inline(__always)
    public static func limit<S: ModelScalar>(_ e: S, available a: S) -> S {
        let ap = S.maximum(a, S(0))
        let a2 = ap * ap, a4 = a2 * a2
        let e2 = e * e, e4 = e2 * e2
        let norm = S.squareRoot(S.squareRoot(S.squareRoot(a4 * a4 + e4 * e4 + 1e-96)))
        return S.select(S.less(e, S(0)), e, e * ap / norm)
    }
}
