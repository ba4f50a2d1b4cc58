import Foundation
import LandModel
import NeuralKit
import Surrogate

/// The parameter generator g of dPL/MdPL: an MLP from a site's descriptor (attributes, climate
/// summaries, PFT) to its calibrated parameters. A sigmoid output maps to the unit interval of each
/// parameter's transformed space (log or linear, table 3A), so every output is a valid parameter.
public final class ParameterGenerator {
    public let network: MLP
    public let calibrated: [ParameterID]
    /// Descriptor scaling (mean and standard deviation over the training sites).
    public let featureMean: [Float]
    public let featureScale: [Float]
    /// The range of each descriptor feature over the training sites (what the generator has seen).
    public let featureMinimum: [Float]
    public let featureMaximum: [Float]

    public init(calibrated: [ParameterID], descriptors: [SiteDescriptor], hidden: Int, seed: UInt64) {
        self.calibrated = calibrated
        let width = SiteDescriptor.width
        var mean = [Double](repeating: 0, count: width), square = mean
        for d in descriptors { for j in 0..<width { mean[j] += Double(d.features[j]); square[j] += Double(d.features[j] * d.features[j]) } }
        let n = Double(max(descriptors.count, 1))
        featureMean = mean.map { Float($0 / n) }
        featureScale = zip(square, mean).map { s, m in
            let sd = (s / n - (m / n) * (m / n)).squareRoot()
            return sd > 1e-6 ? Float(sd) : 1
        }
        featureMinimum = (0..<width).map { j in descriptors.map { $0.features[j] }.min() ?? 0 }
        featureMaximum = (0..<width).map { j in descriptors.map { $0.features[j] }.max() ?? 0 }
        var generator = SeededGenerator(seed: seed)
        network = MLP(name: "generator", sizes: [width, hidden, hidden, calibrated.count], activation: .gelu,
                      outputActivation: .sigmoid, using: &generator)
    }

    /// Writes the generator (weights, descriptor scaling and ranges, calibrated parameters) atomically.
    public func save(to url: URL) throws {
        func t(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], scalars: v) }
        try Checkpoint(parameters: network.parameters,
                       arrays: ["generator.featureMean": t(featureMean), "generator.featureScale": t(featureScale),
                                "generator.featureMinimum": t(featureMinimum), "generator.featureMaximum": t(featureMaximum)],
                       metadata: [Self.calibratedKey: calibrated.map(\.rawValue).joined(separator: ","),
                                  Self.hiddenKey: "\(network.layers[0].outputs)",
                                  "mdpl.generator.descriptor": SiteDescriptor.climateNames.joined(separator: ",") + ",PFT one-hot"])
            .write(to: url)
    }

    static let calibratedKey = "mdpl.generator.calibrated", hiddenKey = "mdpl.generator.hidden"

    private init(calibrated: [ParameterID], network: MLP, mean: [Float], scale: [Float], minimum: [Float], maximum: [Float]) {
        self.calibrated = calibrated
        self.network = network
        featureMean = mean
        featureScale = scale
        featureMinimum = minimum
        featureMaximum = maximum
    }

    /// Reads a generator written by `save(to:)`.
    public static func load(_ url: URL) throws -> ParameterGenerator {
        let c = try Checkpoint.read(from: url)
        let width = SiteDescriptor.width
        guard let names = c.metadata[calibratedKey], let mean = c.arrays["generator.featureMean"]?.scalars,
              let scale = c.arrays["generator.featureScale"]?.scalars, mean.count == width else {
            throw CheckpointError.mismatch(["\(url.path): not a parameter generator of this MdPL (calibrated parameters or descriptor scaling missing)"])
        }
        let calibrated = names.split(separator: ",").compactMap { ParameterID(rawValue: String($0)) }
        // Generators saved before the width and ranges were recorded: the width from the first
        // layer's weight, and no range (every descriptor counts as inside).
        let hidden = c.metadata[hiddenKey].flatMap(Int.init) ?? c.parameters["generator.layer0.weight"]?.shape.first ?? 32
        let minimum = c.arrays["generator.featureMinimum"]?.scalars ?? [Float](repeating: -.infinity, count: width)
        let maximum = c.arrays["generator.featureMaximum"]?.scalars ?? [Float](repeating: .infinity, count: width)
        var seed = SeededGenerator(seed: 0)
        let network = MLP(name: "generator", sizes: [width, hidden, hidden, calibrated.count], activation: .gelu,
                          outputActivation: .sigmoid, using: &seed)
        try c.restore(into: network.parameters)
        return ParameterGenerator(calibrated: calibrated, network: network, mean: mean, scale: scale, minimum: minimum, maximum: maximum)
    }

    /// Whether the generator knows its training sites' descriptor range (generators saved before
    /// the range was recorded do not, and `novelty` then finds nothing).
    public var knowsTrainingRange: Bool { featureMinimum.allSatisfy(\.isFinite) }

    /// What about `descriptor` lies outside the training sites' range (feature names; a PFT the
    /// generator never saw is named as such).
    public func novelty(_ descriptor: SiteDescriptor) -> [String] {
        let names = SiteDescriptor.climateNames + PlantFunctionalType.allCases.map { "PFT \($0.rawValue)" }
        var out: [String] = []
        for j in descriptor.features.indices {
            let v = descriptor.features[j]
            guard v < featureMinimum[j] - 1e-6 || v > featureMaximum[j] + 1e-6 else { continue }
            if j >= SiteDescriptor.climateNames.count {
                if v > 0.5 { out.append("\(names[j]) (no training site had it)") }
            } else {
                out.append("\(names[j]) = \(String(format: "%.3g", v)) outside \(String(format: "%.3g", featureMinimum[j]))…\(String(format: "%.3g", featureMaximum[j]))")
            }
        }
        return out
    }

    /// Scaled descriptors `[sites, width]`.
    func inputs(_ descriptors: [SiteDescriptor]) -> Tensor {
        let width = SiteDescriptor.width
        var t = Tensor(shape: [descriptors.count, width])
        for (s, d) in descriptors.enumerated() {
            for j in 0..<width { t.scalars[s * width + j] = (d.features[j] - featureMean[j]) / featureScale[j] }
        }
        return t
    }

    /// Unit-cube values of the calibrated parameters, `[sites, calibrated]`.
    public func forward(_ descriptors: [SiteDescriptor]) -> Tensor {
        network.forward(inputs(descriptors))
    }

    /// Backpropagates ∂loss/∂(unit values) `[sites, calibrated]` into the weights' gradients.
    public func backward(_ gradient: Tensor) {
        _ = network.backward(gradient)
    }

    /// Parameter sets for `descriptors`: the generated values over each site's `defaults`.
    public func parameters(_ descriptors: [SiteDescriptor], defaults: [LandParameters]) -> [LandParameters] {
        let unit = forward(descriptors)
        return descriptors.indices.map { s in
            CalibratedParameters.parameterSets(points: [(0..<calibrated.count).map { Double(unit.scalars[s * calibrated.count + $0]) }],
                                               calibrated: calibrated, base: defaults[s])[0]
        }
    }
}
