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
    ///
    /// One pass over the rows applies the activation and the gates' softmax and, for one-layer
    /// experts, forms every task's mixture while the row is in cache.
    public func forward(_ x: Tensor, training: Bool = false) -> [Tensor] {
        inputShape = x.shape
        preActivation = input.forward(x.reshaped([x.rows, x.columns]))
        let rows = preActivation.rows, columns = preActivation.columns, E = experts, tasks = tasks
        let expertColumns = expertColumns, activation = activation, firstWidth = firstWidth
        let width = expertTails.last?.outputs ?? firstWidth, mixesInline = expertTails.isEmpty
        var mixtures = (0..<tasks).map { _ in Tensor(shape: [rows, width], uninitialized: { _ in }) }
        let mixturePointers = mixtures.indices.map { k in mixtures[k].withUnsafeMutableBufferPointer { $0.baseAddress! } }
        fused = Tensor(shape: [rows, columns]) { f in
            preActivation.withUnsafeBufferPointer { z in
                let shared = Shared((z.baseAddress!, f, mixturePointers))
                BLAS.inParallel(rows, costPerRow: columns + tasks * E * width) { range in
                    let (z, f, mixtures) = shared.value
                    for n in range {
                        let row = n * columns
                        activation.applySerially(z + row, f + row, count: expertColumns)
                        (f + row + expertColumns).update(from: z + row + expertColumns, count: columns - expertColumns)
                        for k in 0..<tasks { Self.softmax(f + row + expertColumns + k * E, count: E) }
                        if mixesInline {
                            Self.mix(row: n, gates: f + row + expertColumns, experts: E, tasks: tasks,
                                     output: { e in UnsafePointer(f + row + e * firstWidth) }, width: width, into: mixtures)
                        }
                    }
                }
            }
        }
        if !mixesInline {
            tailOutputs = expertTails.enumerated().map { e, tail in
                tail.forward(Self.columns(of: fused, from: e * firstWidth, count: firstWidth), training: training)
            }
            let outputs = tailOutputs.map { t in t.withUnsafeBufferPointer { $0.baseAddress! } }
            fused.withUnsafeBufferPointer { f in
                let shared = Shared((f.baseAddress!, outputs, mixturePointers))
                BLAS.inParallel(rows, costPerRow: tasks * E * width) { range in
                    let (f, outputs, mixtures) = shared.value
                    for n in range {
                        Self.mix(row: n, gates: f + n * columns + expertColumns, experts: E, tasks: tasks,
                                 output: { e in outputs[e] + n * width }, width: width, into: mixtures)
                    }
                }
            }
        }
        return withExtendedLifetime(tailOutputs) {
            towers.indices.map { k in
                let out = towers[k].forward(mixtures[k], training: training)
                return out.reshaped(Array(inputShape.dropLast()) + [out.columns])
            }
        }
    }

    /// Row `n` of every task's mixture Σₑ gₖₑ · expertₑ, from the row's gate weights (task k's at
    /// `gates + k · experts`) and each expert's output row.
    @inline(__always)
    private static func mix(row n: Int, gates: UnsafePointer<Float>, experts E: Int, tasks: Int,
                            output: (Int) -> UnsafePointer<Float>, width: Int, into mixtures: [UnsafeMutablePointer<Float>]) {
        for k in 0..<tasks {
            let m = mixtures[k] + n * width
            m.update(repeating: 0, count: width)
            for e in 0..<E { Kernels.add(output(e), scaledBy: gates[k * E + e], into: m, count: width) }
        }
    }

    /// Backpropagates the per-task output gradients (one per task, shaped as the outputs; nil for a
    /// task without loss) and returns ∂loss/∂input.
    ///
    /// After the towers, one pass over the rows forms the gate gradients (through the softmax) and
    /// the expert-output gradients Σₖ gₖₑ ∂mixtureₖ and, for one-layer experts, applies the
    /// activation's derivative while the row is in cache.
    public func backward(_ outputGradients: [Tensor?]) -> Tensor {
        precondition(outputGradients.count == tasks, "MixtureOfExperts: \(outputGradients.count) gradients for \(tasks) tasks")
        let rows = fused.rows, columns = fused.columns, E = experts, tasks = tasks, expertColumns = expertColumns
        let width = expertTails.last?.outputs ?? firstWidth, firstWidth = firstWidth, activation = activation
        let mixtureGradients: [Tensor?] = (0..<tasks).map { k in
            outputGradients[k].map { dy in towers[k].backward(dy.reshaped([rows, dy.count / rows])) }
        }
        let dm: [UnsafePointer<Float>?] = mixtureGradients.map { g in g?.withUnsafeBufferPointer { $0.baseAddress! } }
        var tailGradients = expertTails.map { _ in Tensor(shape: [rows, width], uninitialized: { _ in }) }
        let tailPointers = tailGradients.indices.map { e in tailGradients[e].withUnsafeMutableBufferPointer { $0.baseAddress! } }
        let outputs = tailOutputs.map { t in t.withUnsafeBufferPointer { $0.baseAddress! } }
        let inline = expertTails.isEmpty
        var fusedGradient = Tensor(shape: [rows, columns]) { df in
            fused.withUnsafeBufferPointer { f in
                preActivation.withUnsafeBufferPointer { z in
                    let shared = Shared((df, f.baseAddress!, z.baseAddress!, dm, outputs, tailPointers))
                    BLAS.inParallel(rows, costPerRow: 2 * tasks * E * width + columns) { range in
                        let (df, f, z, dm, outputs, tailPointers) = shared.value
                        for n in range {
                            let row = n * columns
                            let output = { (e: Int) in inline ? UnsafePointer(f + row + e * firstWidth) : outputs[e] + n * width }
                            for k in 0..<tasks {
                                let gates = row + expertColumns + k * E
                                guard let dmk = dm[k] else {
                                    (df + gates).update(repeating: 0, count: E)
                                    continue
                                }
                                // ∂/∂ gate weight = ⟨∂mixture, expert output⟩; softmax backward:
                                // ∂z = g ⊙ (∂g − Σₑ gₑ ∂gₑ).
                                var inner: Float = 0
                                for e in 0..<E {
                                    let dg = Kernels.dot(dmk + n * width, output(e), count: width)
                                    df[gates + e] = dg
                                    inner += f[gates + e] * dg
                                }
                                for e in 0..<E { df[gates + e] = f[gates + e] * (df[gates + e] - inner) }
                            }
                            // ∂/∂ expert output = Σₖ gₖₑ ∂mixtureₖ.
                            for e in 0..<E {
                                let target = inline ? df + row + e * firstWidth : tailPointers[e] + n * width
                                target.update(repeating: 0, count: width)
                                for k in 0..<tasks {
                                    guard let dmk = dm[k] else { continue }
                                    Kernels.add(dmk + n * width, scaledBy: f[row + expertColumns + k * E + e], into: target, count: width)
                                }
                            }
                            if inline {
                                activation.multiplyByDerivativeSerially(df + row, input: z + row, output: f + row, count: expertColumns)
                            }
                        }
                    }
                }
            }
        }
        if !inline {
            for (e, tail) in expertTails.enumerated() {
                let firstGradient = withExtendedLifetime(tailGradients) { tail.backward(tailGradients[e]) }
                fusedGradient.withUnsafeMutableBufferPointer { df in
                    firstGradient.withUnsafeBufferPointer { dt in
                        for n in 0..<rows {
                            (df.baseAddress! + n * columns + e * firstWidth).update(from: dt.baseAddress! + n * firstWidth, count: firstWidth)
                        }
                    }
                }
            }
            fusedGradient.withUnsafeMutableBufferPointer { df in
                preActivation.withUnsafeBufferPointer { z in
                    fused.withUnsafeBufferPointer { f in
                        let shared = Shared((df.baseAddress!, z.baseAddress!, f.baseAddress!))
                        BLAS.inParallel(rows, costPerRow: expertColumns) { range in
                            let (df, z, f) = shared.value
                            for n in range {
                                let row = n * columns
                                activation.multiplyByDerivativeSerially(df + row, input: z + row, output: f + row, count: expertColumns)
                            }
                        }
                    }
                }
            }
        }
        return withExtendedLifetime((mixtureGradients, tailOutputs)) {
            input.backward(fusedGradient).reshaped(inputShape)
        }
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
