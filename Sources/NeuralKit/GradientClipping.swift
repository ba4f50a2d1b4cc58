/// Global-norm gradient clipping (Pascanu et al. 2013), as PyTorch's `clip_grad_norm_`.
public enum GradientClipping {
    /// The Euclidean norm of all gradients together, accumulated in Double.
    public static func globalNorm(_ parameters: [Parameter]) -> Double {
        parameters.reduce(0.0) { total, parameter in
            total + parameter.gradient.withUnsafeBufferPointer { g in
                g.isEmpty ? 0 : Kernels.sumOfSquares(g.baseAddress!, count: g.count)
            }
        }.squareRoot()
    }

    /// Scales all gradients by `maxNorm / norm` when their global norm exceeds `maxNorm`.
    /// Returns the norm before clipping.
    @discardableResult
    public static func clipGlobalNorm(_ parameters: [Parameter], maxNorm: Double) -> Double {
        let norm = globalNorm(parameters)
        guard norm > maxNorm, norm.isFinite else { return norm }
        let factor = Float(maxNorm / norm)
        for parameter in parameters where parameter.gradient.count > 0 {
            parameter.gradient.withUnsafeMutableBufferPointer { g in
                Kernels.map(g.baseAddress!, g.baseAddress!, count: g.count) { $0 * factor }
            }
        }
        return norm
    }
}
