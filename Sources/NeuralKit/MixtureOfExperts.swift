import Foundation

/// A multi-gate mixture of experts (MMoE, Ma et al. 2018, KDD): `experts` expert MLPs share the
/// input x; each task k has a softmax gate gₖ(x) = softmax(x Wₖᵀ + bₖ) over the experts and a tower
/// MLP applied to the gated mixture Σₑ gₖₑ(x) · expertₑ(x). Every row of the input (all leading
/// dimensions) is handled independently, so a `[steps, batch, features]` sequence of LSTM states
/// gives per-task outputs `[steps, batch, outputs]`.
///
/// The first layers of all experts and all gates read the same input, so they are computed as one
/// Linear layer (`input`) whose output columns are [expert 0 | … | expert E−1 | gate 0 | … ]: one
/// large matrix product instead of E + K narrow ones. Deeper expert layers, if any, are separate
/// MLPs (`expertTails`).
public final class MixtureOfExperts: Layer {
    /// The fused first layer of the experts and the gate logits.
    public let input: Linear
    /// The expert layers after the first (one MLP per expert; empty for one-layer experts).
    public let expertTails: [MLP]
    /// One tower per task, from the mixture to the task's outputs.
    public let towers: [MLP]
    /// The activation of the expert layers (the towers use it between their layers).
    public let activation: Activation
    /// The number of experts.
    public let experts: Int
    public var isFrozen = false {
        didSet {
            input.isFrozen = isFrozen
            for tail in expertTails { tail.isFrozen = isFrozen }
            for tower in towers { tower.isFrozen = isFrozen }
        }
    }

    private let firstWidth: Int                 // width of each expert's first layer
    private var preActivation = Tensor(shape: [0])   // fused first-layer output before the activation
    private var fused = Tensor(shape: [0])           // … after it (gate columns: softmax weights)
    private var tailOutputs: [Tensor] = []
    private var inputShape: [Int] = []

    /// An MMoE with input width `inputs`, `experts` experts with layer widths `expertSizes` (the last
    /// is the mixture width; expert layers end with `activation`), and for each entry of
    /// `taskOutputs` a gate and a tower with hidden widths `towerSizes` and that many outputs.
    /// Parameters are named `name.input…`, `name.expert<e>…`, `name.tower<k>…`.
    public init(name: String, inputs: Int, experts: Int, expertSizes: [Int], towerSizes: [Int],
                taskOutputs: [Int], activation: Activation = .relu, using generator: inout SeededGenerator) {
        precondition(experts >= 1 && !expertSizes.isEmpty && !taskOutputs.isEmpty,
                     "MixtureOfExperts \(name): needs experts, expert sizes and tasks")
        self.experts = experts
        self.activation = activation
        firstWidth = expertSizes[0]
        input = Linear(name: "\(name).input", inputs: inputs, outputs: experts * expertSizes[0] + taskOutputs.count * experts,
                       using: &generator)
        expertTails = expertSizes.count == 1 ? [] : (0..<experts).map {
            MLP(name: "\(name).expert\($0)", sizes: expertSizes, activation: activation, outputActivation: activation,
                using: &generator)
        }
        towers = taskOutputs.enumerated().map { k, outputs in
            MLP(name: "\(name).tower\(k)", sizes: [expertSizes.last!] + towerSizes + [outputs],
                activation: activation, using: &generator)
        }
    }

    public var parameters: [Parameter] {
        input.parameters + expertTails.flatMap(\.parameters) + towers.flatMap(\.parameters)
    }

    /// The number of tasks.
    public var tasks: Int { towers.count }

    private var expertColumns: Int { experts * firstWidth }

    /// The gate weights of `task` from the last forward, `[rows, experts]` (each row sums to 1).
    public func gateWeights(task: Int) -> Tensor {
        let rows = fused.rows, columns = fused.columns, start = expertColumns + task * experts
        return Tensor(shape: [rows, experts], scalars: (0..<rows).flatMap { n in
            fused.scalars[(n * columns + start)..<(n * columns + start + experts)]
        })
    }

    /// The per-task outputs for `input` (`[..., inputs]`), each `[..., outputs of that task]`.
    public func forward(_ x: Tensor, training: Bool = false) -> [Tensor] {
        inputShape = x.shape
        preActivation = input.forward(x.reshaped([x.rows, x.columns]))
        let rows = preActivation.rows, columns = preActivation.columns, E = experts, tasks = tasks
        let expertColumns = expertColumns, activation = activation
        fused = Tensor(shape: [rows, columns]) { f in
            preActivation.withUnsafeBufferPointer { z in
                let shared = Shared((z.baseAddress!, f))
                BLAS.inParallel(rows, costPerRow: columns) { range in
                    let (z, f) = shared.value
                    for n in range {
                        let row = n * columns
                        activation.apply(z + row, f + row, count: expertColumns)
                        (f + row + expertColumns).update(from: z + row + expertColumns, count: columns - expertColumns)
                        for k in 0..<tasks { Self.softmax(f + row + expertColumns + k * E, count: E) }
                    }
                }
            }
        }
        tailOutputs = expertTails.enumerated().map { e, tail in
            tail.forward(Self.columns(of: fused, from: e * firstWidth, count: firstWidth), training: training)
        }
        let width = expertTails.last?.outputs ?? firstWidth
        return towers.indices.map { k in
            let mixture = Tensor(shape: [rows, width]) { m in
                withExpertOutputs { outputs, f in
                    let shared = Shared((outputs, f, m))
                    BLAS.inParallel(rows, costPerRow: E * width) { range in
                        let (outputs, f, m) = shared.value
                        (m + range.lowerBound * width).update(repeating: 0, count: range.count * width)
                        for n in range {
                            for (e, (output, stride)) in outputs.enumerated() {
                                let weight = f[n * columns + expertColumns + k * E + e]
                                Kernels.add(output + n * stride, scaledBy: weight, into: m + n * width, count: width)
                            }
                        }
                    }
                }
            }
            let out = towers[k].forward(mixture, training: training)
            return out.reshaped(Array(inputShape.dropLast()) + [out.columns])
        }
    }

    /// Calls `body` with each expert's output rows (base pointer, row stride) and the fused
    /// first-layer output.
    private func withExpertOutputs(_ body: ([(UnsafePointer<Float>, Int)], UnsafePointer<Float>) -> Void) {
        fused.withUnsafeBufferPointer { f in
            if tailOutputs.isEmpty {
                body((0..<experts).map { (f.baseAddress! + $0 * firstWidth, fused.columns) }, f.baseAddress!)
            } else {
                withExtendedLifetime(tailOutputs) {
                    body(tailOutputs.map { t in (t.withUnsafeBufferPointer { $0.baseAddress! }, t.columns) }, f.baseAddress!)
                }
            }
        }
    }

    /// Backpropagates the per-task output gradients (one per task, shaped as the outputs; nil for a
    /// task without loss) and returns ∂loss/∂input.
    public func backward(_ outputGradients: [Tensor?]) -> Tensor {
        precondition(outputGradients.count == tasks, "MixtureOfExperts: \(outputGradients.count) gradients for \(tasks) tasks")
        let rows = fused.rows, columns = fused.columns, E = experts, expertColumns = expertColumns
        let width = expertTails.last?.outputs ?? firstWidth
        // ∂loss/∂ of the fused first-layer output (after the activation / softmax, for now).
        var fusedGradient = Tensor.zeros(shape: [rows, columns])
        var tailGradients = [Tensor](repeating: Tensor(shape: [rows, width]), count: expertTails.count)
        for k in 0..<tasks {
            guard let dy = outputGradients[k] else { continue }
            let mixtureGradient = towers[k].backward(dy.reshaped([rows, dy.count / rows]))
            let withoutTails = tailGradients.isEmpty
            mixtureGradient.withUnsafeBufferPointer { dmBuffer in
                fusedGradient.withUnsafeMutableBufferPointer { dfBuffer in
                    withExpertOutputs { outputs, f in
                        let shared = Shared((dmBuffer.baseAddress!, dfBuffer.baseAddress!, outputs, f))
                        BLAS.inParallel(rows, costPerRow: 2 * E * width) { range in
                            let (dm, df, outputs, f) = shared.value
                            for n in range {
                                let gates = n * columns + expertColumns + k * E
                                let dmRow = dm + n * width
                                // ∂/∂ gate weight = ⟨∂mixture, expert output⟩; ∂/∂ expert output += g ∂mixture.
                                var inner: Float = 0
                                for (e, (output, stride)) in outputs.enumerated() {
                                    let dg = Kernels.dot(dmRow, output + n * stride, count: width)
                                    df[gates + e] = dg
                                    inner += f[gates + e] * dg
                                    if withoutTails {
                                        Kernels.add(dmRow, scaledBy: f[gates + e], into: df + n * columns + e * width, count: width)
                                    }
                                }
                                // Softmax backward: ∂z = g ⊙ (∂g − Σₑ gₑ ∂gₑ).
                                for e in 0..<E { df[gates + e] = f[gates + e] * (df[gates + e] - inner) }
                            }
                        }
                    }
                }
            }
            if !tailGradients.isEmpty {
                let g = gateWeights(task: k)
                for e in 0..<E {
                    tailGradients[e].withUnsafeMutableBufferPointer { de in
                        mixtureGradient.withUnsafeBufferPointer { dm in
                            for n in 0..<rows {
                                Kernels.add(dm.baseAddress! + n * width, scaledBy: g.scalars[n * E + e],
                                            into: de.baseAddress! + n * width, count: width)
                            }
                        }
                    }
                }
            }
        }
        for (e, tail) in expertTails.enumerated() {
            let firstGradient = tail.backward(tailGradients[e])
            fusedGradient.withUnsafeMutableBufferPointer { df in
                firstGradient.withUnsafeBufferPointer { dt in
                    for n in 0..<rows {
                        (df.baseAddress! + n * columns + e * firstWidth).update(from: dt.baseAddress! + n * firstWidth, count: firstWidth)
                    }
                }
            }
        }
        let activation = activation
        fusedGradient.withUnsafeMutableBufferPointer { df in
            preActivation.withUnsafeBufferPointer { z in
                fused.withUnsafeBufferPointer { f in
                    let shared = Shared((df.baseAddress!, z.baseAddress!, f.baseAddress!))
                    BLAS.inParallel(rows, costPerRow: expertColumns) { range in
                        let (df, z, f) = shared.value
                        for n in range {
                            let row = n * columns
                            activation.multiplyByDerivative(df + row, input: z + row, output: f + row, count: expertColumns)
                        }
                    }
                }
            }
        }
        return input.backward(fusedGradient).reshaped(inputShape)
    }

    /// Columns `from ..< from + count` of a matrix, as a new `[rows, count]` tensor.
    private static func columns(of matrix: Tensor, from start: Int, count: Int) -> Tensor {
        let rows = matrix.rows, columns = matrix.columns
        return Tensor(shape: [rows, count]) { y in
            matrix.withUnsafeBufferPointer { m in
                for n in 0..<rows { (y + n * count).update(from: m.baseAddress! + n * columns + start, count: count) }
            }
        }
    }

    /// Replaces `count` values by their softmax (shifted by the maximum).
    private static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var largest = -Float.infinity
        for e in 0..<count { largest = max(largest, x[e]) }
        var total: Float = 0
        for e in 0..<count {
            x[e] = exp(x[e] - largest)
            total += x[e]
        }
        for e in 0..<count { x[e] /= total }
    }
}
