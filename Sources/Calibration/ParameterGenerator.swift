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
        var generator = SeededGenerator(seed: seed)
        network = MLP(name: "generator", sizes: [width, hidden, hidden, calibrated.count], activation: .gelu,
                      outputActivation: .sigmoid, using: &generator)
    }

    /// Writes the generator (weights, descriptor scaling, calibrated parameters) atomically.
    public func save(to url: URL) throws {
        try Checkpoint(parameters: network.parameters,
                       arrays: ["generator.featureMean": Tensor(shape: [featureMean.count], scalars: featureMean),
                                "generator.featureScale": Tensor(shape: [featureScale.count], scalars: featureScale)],
                       metadata: ["mdpl.generator.calibrated": calibrated.map(\.rawValue).joined(separator: ","),
                                  "mdpl.generator.descriptor": SiteDescriptor.climateNames.joined(separator: ",") + ",PFT one-hot"])
            .write(to: url)
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
