import NeuralKit

/// Normalisation of the surrogate's inputs and outputs, computed from the training data only and
/// saved with the model: forcing and static features are centred and scaled by their training mean
/// and standard deviation; unit-cube parameters by the uniform distribution's (0.5, 1/√12); task
/// targets by their training mean and standard deviation.
public struct SurrogateScaling: Sendable, Equatable {
    public var forcingMean: [Float]
    public var forcingScale: [Float]
    public var staticMean: [Float]
    public var staticScale: [Float]
    /// Per task, in the model's task order.
    public var targetMean: [Float]
    public var targetScale: [Float]

    /// Unit-cube parameters enter the network as (u − 0.5)/(1/√12).
    public static let parameterCentre: Float = 0.5
    public static let parameterScale: Float = 0.288_675_13   // 1/√12

    /// Statistics over `sites` (forcing over all their days, statics over sites) and `targets`
    /// (per task, every value given).
    public init(sites: [SiteInputs], targets: [[Float]]) {
        func stats(_ columns: Int, _ rows: [[Float]]) -> ([Float], [Float]) {
            var mean = [Double](repeating: 0, count: columns), square = mean
            for row in rows { for j in 0..<columns { mean[j] += Double(row[j]); square[j] += Double(row[j]) * Double(row[j]) } }
            let n = Double(max(rows.count, 1))
            let m = mean.map { $0 / n }
            let s = zip(square, m).map { (($0 / n - $1 * $1).squareRoot()) }
            return (m.map(Float.init), s.map { $0 > 1e-6 ? Float($0) : 1 })
        }
        (forcingMean, forcingScale) = stats(SiteInputs.forcingNames.count, sites.flatMap(\.forcing))
        (staticMean, staticScale) = stats(SiteInputs.staticNames.count, sites.map(\.statics))
        let taskStats = targets.map { stats(1, $0.filter(\.isFinite).map { [$0] }) }
        targetMean = taskStats.map { $0.0[0] }
        targetScale = taskStats.map { $0.1[0] }
    }

    init(forcingMean: [Float], forcingScale: [Float], staticMean: [Float], staticScale: [Float], targetMean: [Float],
         targetScale: [Float]) {
        self.forcingMean = forcingMean
        self.forcingScale = forcingScale
        self.staticMean = staticMean
        self.staticScale = staticScale
        self.targetMean = targetMean
        self.targetScale = targetScale
    }

    /// The arrays stored in a checkpoint.
    var arrays: [String: Tensor] {
        func t(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], scalars: v) }
        return ["scaling.forcingMean": t(forcingMean), "scaling.forcingScale": t(forcingScale),
                "scaling.staticMean": t(staticMean), "scaling.staticScale": t(staticScale),
                "scaling.targetMean": t(targetMean), "scaling.targetScale": t(targetScale)]
    }

    /// Reads the arrays of `arrays`; nil if one is missing.
    init?(arrays: [String: Tensor]) {
        guard let fm = arrays["scaling.forcingMean"], let fs = arrays["scaling.forcingScale"],
              let sm = arrays["scaling.staticMean"], let ss = arrays["scaling.staticScale"],
              let tm = arrays["scaling.targetMean"], let ts = arrays["scaling.targetScale"] else { return nil }
        self.init(forcingMean: fm.scalars, forcingScale: fs.scalars, staticMean: sm.scalars, staticScale: ss.scalars,
                  targetMean: tm.scalars, targetScale: ts.scalars)
    }
}
