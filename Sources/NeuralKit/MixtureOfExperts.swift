import Foundation

/// A multi-gate mixture of experts (MMoE, Ma et al. 2018, KDD): `experts` expert MLPs share the
/// input x; each task k has a softmax gate gₖ(x) = softmax(x Wₖᵀ + bₖ) over the experts and a tower
/// MLP applied to the gated mixture Σₑ gₖₑ(x) · expertₑ(x). Every row of the input (all leading
/// dimensions) is handled independently, so a `[steps, batch, features]` sequence of LSTM states
/// gives per-task outputs `[steps, batch, outputs]`.
public final class MixtureOfExperts: Layer {
    /// The expert networks (all with the same output width).
    public let experts: [MLP]
    /// One gate per task: a Linear layer from the input to one logit per expert.
    public let gates: [Linear]
    /// One tower per task, from the mixture to the task's outputs.
    public let towers: [MLP]
    public var isFrozen = false {
        didSet {
            for expert in experts { expert.isFrozen = isFrozen }
            for gate in gates { gate.isFrozen = isFrozen }
            for tower in towers { tower.isFrozen = isFrozen }
        }
    }

    private var gateWeights: [Tensor] = []      // softmax outputs per task, [rows, experts]
    private var expertOutputs: [Tensor] = []    // [rows, expert width] per expert
    private var inputShape: [Int] = []

    /// An MMoE with input width `inputs`, `experts` experts with hidden widths `expertSizes` (the
    /// last is the mixture width; experts end with `activation`), and for each entry of
    /// `taskOutputs` a gate and a tower with hidden widths `towerSizes` and that many outputs.
    /// Parameters are named `name.expert0…`, `name.gate0…`, `name.tower0…`.
    public init(name: String, inputs: Int, experts: Int, expertSizes: [Int], towerSizes: [Int],
                taskOutputs: [Int], activation: Activation = .relu, using generator: inout SeededGenerator) {
        precondition(experts >= 1 && !expertSizes.isEmpty && !taskOutputs.isEmpty,
                     "MixtureOfExperts \(name): needs experts, expert sizes and tasks")
        self.experts = (0..<experts).map {
            MLP(name: "\(name).expert\($0)", sizes: [inputs] + expertSizes, activation: activation,
                outputActivation: activation, using: &generator)
        }
        gates = taskOutputs.indices.map {
            Linear(name: "\(name).gate\($0)", inputs: inputs, outputs: experts, using: &generator)
        }
        towers = taskOutputs.enumerated().map { k, outputs in
            MLP(name: "\(name).tower\(k)", sizes: [expertSizes.last!] + towerSizes + [outputs],
                activation: activation, using: &generator)
        }
    }

    public var parameters: [Parameter] {
        experts.flatMap(\.parameters) + gates.flatMap(\.parameters) + towers.flatMap(\.parameters)
    }

    /// The number of tasks.
    public var tasks: Int { towers.count }

    /// The gate weights of task `task` from the last forward, `[rows, experts]` (rows sum to 1).
    public func gateWeights(task: Int) -> Tensor { gateWeights[task] }

    /// The per-task outputs for `input` (`[..., inputs]`), each `[..., outputs of that task]`.
    public func forward(_ input: Tensor, training: Bool = false) -> [Tensor] {
        inputShape = input.shape
        let rows = input.rows, count = experts.count
        expertOutputs = experts.map { $0.forward(input, training: training).reshaped([rows, $0.outputs]) }
        let width = expertOutputs[0].columns
        gateWeights = gates.map { gate in
            var g = gate.forward(input).reshaped([rows, count])
            g.withUnsafeMutableBufferPointer { Self.softmaxRows($0.baseAddress!, rows: rows, columns: count) }
            return g
        }
        return towers.indices.map { k in
            let mixture = Tensor(shape: [rows, width]) { m in
                m.update(repeating: 0, count: rows * width)
                gateWeights[k].withUnsafeBufferPointer { g in
                    for e in 0..<count {
                        expertOutputs[e].withUnsafeBufferPointer { y in
                            for n in 0..<rows {
                                Kernels.add(y.baseAddress! + n * width, scaledBy: g[n * count + e],
                                            into: m + n * width, count: width)
                            }
                        }
                    }
                }
            }
            let out = towers[k].forward(mixture, training: training)
            return out.reshaped(Array(inputShape.dropLast()) + [out.columns])
        }
    }

    /// Backpropagates the per-task output gradients (one per task, shaped as the outputs; nil for a
    /// task without loss) and returns ∂loss/∂input.
    public func backward(_ outputGradients: [Tensor?]) -> Tensor {
        precondition(outputGradients.count == tasks, "MixtureOfExperts: \(outputGradients.count) gradients for \(tasks) tasks")
        let rows = expertOutputs[0].rows, width = expertOutputs[0].columns, count = experts.count
        var expertGradients = [Tensor](repeating: Tensor(shape: [rows, width]), count: count)
        var inputGradient = Tensor(shape: inputShape)
        for k in 0..<tasks {
            guard let dy = outputGradients[k] else { continue }
            let mixtureGradient = towers[k].backward(dy.reshaped([rows, dy.count / rows]))
            var gateGradient = Tensor(shape: [rows, count])
            mixtureGradient.withUnsafeBufferPointer { dm in
                gateWeights[k].withUnsafeBufferPointer { g in
                    gateGradient.withUnsafeMutableBufferPointer { dg in
                        for e in 0..<count {
                            expertOutputs[e].withUnsafeBufferPointer { y in
                                expertGradients[e].withUnsafeMutableBufferPointer { de in
                                    for n in 0..<rows {
                                        let dmRow = dm.baseAddress! + n * width
                                        dg[n * count + e] = Kernels.dot(dmRow, y.baseAddress! + n * width, count: width)
                                        Kernels.add(dmRow, scaledBy: g[n * count + e], into: de.baseAddress! + n * width, count: width)
                                    }
                                }
                            }
                        }
                        // Softmax backward: ∂z = g ⊙ (∂g − Σₑ gₑ ∂gₑ).
                        for n in 0..<rows {
                            var inner: Float = 0
                            for e in 0..<count { inner += g[n * count + e] * dg[n * count + e] }
                            for e in 0..<count { dg[n * count + e] = g[n * count + e] * (dg[n * count + e] - inner) }
                        }
                    }
                }
            }
            inputGradient += gates[k].backward(gateGradient)
        }
        for e in 0..<count {
            inputGradient += experts[e].backward(expertGradients[e])
        }
        return inputGradient
    }

    /// Replaces each row of a `rows × columns` matrix by its softmax (shifted by the row maximum).
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for n in 0..<rows {
            let row = x + n * columns
            var largest = -Float.infinity
            for e in 0..<columns { largest = max(largest, row[e]) }
            var total: Float = 0
            for e in 0..<columns {
                row[e] = exp(row[e] - largest)
                total += row[e]
            }
            for e in 0..<columns { row[e] /= total }
        }
    }
}
