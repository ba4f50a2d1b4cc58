/// A loss value with its gradient with respect to the predictions.
public struct LossResult: Sendable {
    /// The loss.
    public var value: Double
    /// ∂loss/∂prediction, shaped as the prediction (zero where an observation is missing).
    public var gradient: Tensor
    /// The number of observations that counted.
    public var count: Int
}

/// Losses for predictions against observations with gaps. An observation counts where the target is
/// finite (missing values are NaN) and, when a mask is given, the mask is nonzero. Sums are
/// accumulated in Double. Sequences are time-major, so in a `[steps, batch, ...]` prediction the
/// batch index — one site (or one site-period) per sequence — is dimension 1.
public enum Loss {
    /// Mean squared error over the observations that count.
    public static func meanSquaredError(prediction: Tensor, target: Tensor, mask: Tensor? = nil) -> LossResult {
        weightedSquaredError(prediction: prediction, target: target, mask: mask) { _ in 1 }
    }

    /// Root mean squared error over the observations that count.
    public static func rootMeanSquaredError(prediction: Tensor, target: Tensor, mask: Tensor? = nil) -> LossResult {
        var mse = meanSquaredError(prediction: prediction, target: target, mask: mask)
        let rmse = mse.value.squareRoot()
        let scale = rmse > 0 ? Float(1 / (2 * rmse)) : 0
        mse.gradient.withUnsafeMutableBufferPointer { g in
            Kernels.map(g.baseAddress!, g.baseAddress!, count: g.count) { $0 * scale }
        }
        return LossResult(value: rmse, gradient: mse.gradient, count: mse.count)
    }

    /// The per-site normalised squared error of Kratzert et al. (2019, HESS 23, 5089), "NSE*":
    /// Σ (ŷ − y)² / (σ_b + ε)² / n, where σ_b is the standard deviation of the observations of the
    /// sequence's site (`siteStandardDeviations[b]`, one per batch index, computed on the training
    /// data). It weights sites equally whatever their flux variance, like an average of 1 − NSE.
    public static func normalizedSquaredError(prediction: Tensor, target: Tensor, mask: Tensor? = nil,
                                              siteStandardDeviations: [Float], epsilon: Float = 0.1) -> LossResult {
        precondition(prediction.shape.count >= 2 && siteStandardDeviations.count == prediction.shape[1],
                     "Loss.normalizedSquaredError: \(siteStandardDeviations.count) site deviations for prediction shape \(prediction.shape)")
        let batch = prediction.shape[1], inner = prediction.count / max(1, prediction.shape[0] * batch)
        let weights = siteStandardDeviations.map { 1 / (Double($0) + Double(epsilon)) / (Double($0) + Double(epsilon)) }
        return weightedSquaredError(prediction: prediction, target: target, mask: mask) { i in weights[(i / inner) % batch] }
    }

    /// One minus the Kling–Gupta efficiency (Gupta et al. 2009), computed per sequence (batch index)
    /// and averaged over the sequences with at least two observations and a nonzero observed mean
    /// and spread: 1 − KGE = √((r − 1)² + (α − 1)² + (β − 1)²), α = σ_sim/σ_obs, β = μ_sim/μ_obs.
    public static func klingGupta(prediction: Tensor, target: Tensor, mask: Tensor? = nil) -> LossResult {
        check(prediction, target, mask, "klingGupta")
        precondition(prediction.shape.count >= 2, "Loss.klingGupta: prediction shape \(prediction.shape) needs [steps, batch, ...]")
        let steps = prediction.shape[0], batch = prediction.shape[1]
        let inner = prediction.count / max(1, steps * batch)
        let p = prediction.scalars, y = target.scalars, m = mask?.scalars
        var gradient = [Double](repeating: 0, count: prediction.count)
        var total = 0.0, sites = 0, used = 0
        for b in 0..<batch {
            for o in 0..<inner {
                let indices = (0..<steps).map { ($0 * batch + b) * inner + o }.filter { i in
                    y[i].isFinite && (m?[i] ?? 1) != 0
                }
                let n = Double(indices.count)
                guard indices.count >= 2 else { continue }
                let muS = indices.reduce(0.0) { $0 + Double(p[$1]) } / n
                let muO = indices.reduce(0.0) { $0 + Double(y[$1]) } / n
                var varS = 0.0, varO = 0.0, cov = 0.0
                for i in indices {
                    let ds = Double(p[i]) - muS, dobs = Double(y[i]) - muO
                    varS += ds * ds; varO += dobs * dobs; cov += ds * dobs
                }
                varS /= n; varO /= n; cov /= n
                guard varO > 0, muO != 0 else { continue }
                let sigmaS = (varS + 1e-12).squareRoot(), sigmaO = varO.squareRoot()
                let r = cov / (sigmaS * sigmaO), alpha = sigmaS / sigmaO, beta = muS / muO
                let distance = ((r - 1) * (r - 1) + (alpha - 1) * (alpha - 1) + (beta - 1) * (beta - 1)).squareRoot()
                total += distance
                sites += 1
                used += indices.count
                guard distance > 0 else { continue }
                for i in indices {
                    let ds = Double(p[i]) - muS, dobs = Double(y[i]) - muO
                    let dr = dobs / (n * sigmaS * sigmaO) - r * ds / (n * sigmaS * sigmaS)
                    let dAlpha = ds / (n * sigmaS * sigmaO)
                    let dBeta = 1 / (n * muO)
                    gradient[i] = ((r - 1) * dr + (alpha - 1) * dAlpha + (beta - 1) * dBeta) / distance
                }
            }
        }
        let scale = sites > 0 ? 1 / Double(sites) : 0
        return LossResult(value: total * scale,
                          gradient: Tensor(shape: prediction.shape, scalars: gradient.map { Float($0 * scale) }),
                          count: used)
    }

    /// Σ wᵢ (ŷᵢ − yᵢ)² / n over the observations that count, with per-element weights.
    private static func weightedSquaredError(prediction: Tensor, target: Tensor, mask: Tensor?,
                                             weight: (Int) -> Double) -> LossResult {
        check(prediction, target, mask, "squared error")
        let p = prediction.scalars, y = target.scalars, m = mask?.scalars
        var total = 0.0, n = 0
        for i in 0..<p.count where y[i].isFinite && (m?[i] ?? 1) != 0 {
            let d = Double(p[i]) - Double(y[i])
            total += weight(i) * d * d
            n += 1
        }
        guard n > 0 else { return LossResult(value: 0, gradient: Tensor(shape: prediction.shape), count: 0) }
        let scale = 2 / Double(n)
        var gradient = Tensor(shape: prediction.shape)
        for i in 0..<p.count where y[i].isFinite && (m?[i] ?? 1) != 0 {
            gradient.scalars[i] = Float(scale * weight(i) * (Double(p[i]) - Double(y[i])))
        }
        return LossResult(value: total / Double(n), gradient: gradient, count: n)
    }

    private static func check(_ prediction: Tensor, _ target: Tensor, _ mask: Tensor?, _ name: String) {
        precondition(prediction.count == target.count,
                     "Loss \(name): prediction shape \(prediction.shape) and target shape \(target.shape) differ")
        if let mask {
            precondition(mask.count == target.count, "Loss \(name): mask shape \(mask.shape) does not match target shape \(target.shape)")
        }
    }
}
