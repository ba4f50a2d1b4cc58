/// Root-zone water stress, LSM_SPEC.md 2.5 (FAO-56 depletion concept, smoothed).
public enum WaterStress {
    /// Stress of one layer, β_i = smin(smax((θ − θ_w)/(θ_c − θ_w), 0; 0.02), 1; 0.02).
    @inline(__always)
    public static func layer<S: ModelScalar>(theta: S, wilting: Double, critical: S) -> S {
        let relative = (theta - wilting) / (critical - wilting)
        let floored = relative + Smooth.softplus(0 - relative, width: 0.02)
        return floored - Smooth.softplus(floored - 1, width: 0.02)
    }

    /// Root-zone stress β = r1 β1 + r2 β2 with uniform roots (r1 = z1/z_root) and the extraction
    /// weight of layer 1, x1 = r1 β1/(β + 1e-12) (CLM btran weighting).
    @inline(__always)
    public static func rootZone<S: ModelScalar>(beta1: S, beta2: S, rootFraction1 r1: S) -> (beta: S, extraction1: S) {
        let beta = r1 * beta1 + (1 - r1) * beta2
        return (beta, r1 * beta1 / (beta + 1e-12))
    }
}
