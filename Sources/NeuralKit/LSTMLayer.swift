/// One LSTM layer over a batch of time-major sequences, with full backpropagation through time.
///
/// Gates are ordered input, forget, cell, output (i, f, g, o) in the `4·hidden` rows of the
/// weights. For step t with input xₜ:
///
///     [aᵢ a_f a_g aₒ] = xₜ W_ihᵀ + hₜ₋₁ W_hhᵀ + b
///     c̃ₜ = σ(a_f) cₜ₋₁ + σ(aᵢ) tanh(a_g),   h̃ₜ = σ(aₒ) tanh(c̃ₜ)
///     cₜ = m c̃ₜ + (1 − m) cₜ₋₁,             hₜ = m h̃ₜ + (1 − m) hₜ₋₁
///
/// where m is the step's mask for that sequence (1 without a mask): a masked step (m = 0) carries
/// the state through unchanged, so padded steps of shorter sequences do not disturb the state.
///
/// The batch is split into lanes (one per `BLAS.threads`) whose recurrences run in parallel; each
/// lane keeps its sequences' rows of every step in one contiguous region of the workspaces. A
/// step is the products xₜ W_ihᵀ and hₜ₋₁ W_hhᵀ, with both weights packed once per pass (see
/// `PanelProduct`), and one fused pass over the gates. The backward pass runs the recurrence in
/// reverse and, every few steps, while the lane's gate gradients of those steps are still in
/// cache, adds their contribution to the lane's weight gradients and computes their input
/// gradients; the lanes' weight gradients are summed at the end.
public final class LSTMLayer: Layer {
    /// W_ih, shape `[4·hidden, inputs]`.
    public let inputWeight: Parameter
    /// W_hh, shape `[4·hidden, hidden]`.
    public let recurrentWeight: Parameter
    /// b, shape `[4·hidden]`.
    public let bias: Parameter
    public var isFrozen = false
    /// When false, `backward` skips the gradient with respect to the input sequence.
    public var computesInputGradient = true
    /// The input features whose gradient `backward` returns (nil for all), e.g. only the columns
    /// of an embedding when the other inputs are data.
    public var inputGradientColumns: Range<Int>?
    /// The number of groups of sequences whose recurrences run in parallel; nil for `BLAS.threads`.
    public var parallelLanes: Int?

    /// The number of input features.
    public let inputs: Int
    /// The width of the hidden and cell states.
    public let hidden: Int

    private var steps = 0, batch = 0, lanes = 1
    private var hasMask = false
    // Lane-major workspaces (see `Workspace`).
    private let gates = ScratchBuffer<Float>()       // activated gates; pre-activation gradients after backward
    private let cells = ScratchBuffer<Float>()       // c₋₁ … c_T−1
    private let hiddens = ScratchBuffer<Float>()     // h₋₁ … h_T−1
    private let tanhCells = ScratchBuffer<Float>()   // tanh c̃ₜ
    private let laneInputs = ScratchBuffer<Float>()  // xₜ
    private let masks = ScratchBuffer<Float>()
    private let hiddenGradient = ScratchBuffer<Float>()
    private let cellGradient = ScratchBuffer<Float>()
    private let packedInputWeight = ScratchBuffer<Float>()
    private let packedRecurrentWeight = ScratchBuffer<Float>()
    private let weightGradients = ScratchBuffer<Float>()
    private let biasGradientSums = ScratchBuffer<Double>()
    private let stepGradientSums = ScratchBuffer<Float>()
    private let laneInputGradient = ScratchBuffer<Float>()

    /// A layer with weights uniform in ±1/√hidden (as PyTorch), zero bias except the forget gate's,
    /// which is `forgetBias` (a positive value makes the initial LSTM remember, e.g. 1 or 3).
    public init(name: String, inputs: Int, hidden: Int, forgetBias: Float = 1,
                using generator: inout SeededGenerator) {
        self.inputs = inputs
        self.hidden = hidden
        let limit = 1 / Float(hidden).squareRoot()
        inputWeight = Parameter(name: name + ".inputWeight",
                                value: .uniform(shape: [4 * hidden, inputs], in: -limit...limit, using: &generator))
        recurrentWeight = Parameter(name: name + ".recurrentWeight",
                                    value: .uniform(shape: [4 * hidden, hidden], in: -limit...limit, using: &generator))
        var b = Tensor(shape: [4 * hidden])
        for j in hidden..<(2 * hidden) { b.scalars[j] = forgetBias }
        bias = Parameter(name: name + ".bias", value: b)
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, bias] }

    /// The raw pointers and sizes the lanes work with. Lane ℓ holds sequences `rows(ℓ)`; a lane
    /// workspace of row width w and `blocks` steps keeps row (t, i) — step t, the lane's i-th
    /// sequence — at `blocks · rows.lowerBound · w + (t · rows.count + i) · w`.
    private struct Workspace: @unchecked Sendable {
        var steps: Int, batch: Int, hidden: Int, inputs: Int, lanes: Int
        var gates: UnsafeMutablePointer<Float>, cells: UnsafeMutablePointer<Float>
        var hiddens: UnsafeMutablePointer<Float>, tanhCells: UnsafeMutablePointer<Float>
        var laneInputs: UnsafeMutablePointer<Float>
        var inputWeight: UnsafePointer<Float>, recurrentWeight: UnsafePointer<Float>
        var packedInputWeight: UnsafePointer<Float>?, packedRecurrentWeight: UnsafePointer<Float>?
        var mask: UnsafePointer<Float>?
        var hiddenGradient: UnsafeMutablePointer<Float>, cellGradient: UnsafeMutablePointer<Float>
        // Forward only.
        var input: UnsafePointer<Float>? = nil, output: UnsafeMutablePointer<Float>? = nil
        var initialHidden: UnsafePointer<Float>? = nil, initialCell: UnsafePointer<Float>? = nil
        var bias: UnsafePointer<Float>? = nil
        // Backward only.
        var outputGradient: UnsafePointer<Float>? = nil
        var weightGradients: UnsafeMutablePointer<Float>? = nil   // per lane W_hh then W_ih; nil when frozen
        var biasGradientSums: UnsafeMutablePointer<Double>? = nil // per lane; nil when frozen
        var stepGradientSums: UnsafeMutablePointer<Float>? = nil  // per lane, one step's sums
        var inputGradient: UnsafeMutablePointer<Float>? = nil     // lane-major; nil when not computed
        var inputGradientColumns: Range<Int> = 0..<0

        func rows(_ lane: Int) -> Range<Int> { batch * lane / lanes ..< batch * (lane + 1) / lanes }
    }

    private func workspace(steps T: Int, batch B: Int, lanes: Int) -> Workspace {
        let H = hidden, G = 4 * hidden
        return Workspace(
            steps: T, batch: B, hidden: H, inputs: inputs, lanes: lanes,
            gates: gates.reserve(T * B * G), cells: cells.reserve((T + 1) * B * H),
            hiddens: hiddens.reserve((T + 1) * B * H), tanhCells: tanhCells.reserve(T * B * H),
            laneInputs: laneInputs.reserve(T * B * inputs),
            inputWeight: inputWeight.value.withUnsafeBufferPointer { $0.baseAddress! },
            recurrentWeight: recurrentWeight.value.withUnsafeBufferPointer { $0.baseAddress! },
            packedInputWeight: nil, packedRecurrentWeight: nil,
            mask: hasMask ? UnsafePointer(masks.pointer) : nil,
            hiddenGradient: hiddenGradient.reserve(B * H), cellGradient: cellGradient.reserve(B * H))
    }

    /// Runs the layer over `input` (`[steps, batch, inputs]`) from the initial state `initialHidden`,
    /// `initialCell` (`[batch, hidden]` each; zero when nil) with an optional `mask` (`[steps, batch]`,
    /// 1 = step counts, 0 = carry the state). Returns the hidden states `[steps, batch, hidden]`; the
    /// final state is `finalState` afterwards.
    public func forward(_ input: Tensor, initialHidden: Tensor? = nil, initialCell: Tensor? = nil,
                        mask: Tensor? = nil) -> Tensor {
        precondition(input.shape.count == 3 && input.shape[2] == inputs,
                     "LSTMLayer \(bias.name): input shape \(input.shape), expected [steps, batch, \(inputs)]")
        let T = input.shape[0], B = input.shape[1], H = hidden, G = 4 * hidden
        for state in [initialHidden, initialCell] {
            if let state {
                precondition(state.count == B * H, "LSTMLayer \(bias.name): initial state shape \(state.shape), expected [\(B), \(H)]")
            }
        }
        steps = T
        batch = B
        lanes = max(1, min(parallelLanes ?? BLAS.threads, B))
        hasMask = mask != nil
        if let mask {
            precondition(mask.shape == [T, B], "LSTMLayer \(bias.name): mask shape \(mask.shape), expected [\(T), \(B)]")
            mask.withUnsafeBufferPointer { masks.reserve(T * B).update(from: $0.baseAddress!, count: T * B) }
        }
        var w = workspace(steps: T, batch: B, lanes: lanes)
        PanelProduct.pack(w.inputWeight, ldb: inputs, transposed: true, k: inputs, n: G,
                          into: packedInputWeight.reserve(PanelProduct.packedCount(k: inputs, n: G)))
        PanelProduct.pack(w.recurrentWeight, ldb: H, transposed: true, k: H, n: G,
                          into: packedRecurrentWeight.reserve(PanelProduct.packedCount(k: H, n: G)))
        w.packedInputWeight = UnsafePointer(packedInputWeight.pointer)
        w.packedRecurrentWeight = UnsafePointer(packedRecurrentWeight.pointer)
        let biasValue = bias.value, lanes = lanes
        return withExtendedLifetime((inputWeight.value, recurrentWeight.value)) {
            Tensor(shape: [T, B, H]) { output in
                input.withUnsafeBufferPointer { x in
                    biasValue.withUnsafeBufferPointer { b in
                        (initialHidden ?? Tensor(shape: [0])).withUnsafeBufferPointer { h0 in
                            (initialCell ?? Tensor(shape: [0])).withUnsafeBufferPointer { c0 in
                                w.input = x.baseAddress
                                w.output = output
                                w.bias = b.baseAddress
                                w.initialHidden = initialHidden == nil ? nil : h0.baseAddress
                                w.initialCell = initialCell == nil ? nil : c0.baseAddress
                                let shared = w
                                BLAS.inLanes(lanes) { Self.forwardLane($0, shared) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The state after the last step of the last `forward`: hidden and cell, `[batch, hidden]` each.
    public var finalState: (hidden: Tensor, cell: Tensor) {
        let T = steps, H = hidden
        func gather(_ buffer: UnsafeMutablePointer<Float>) -> Tensor {
            Tensor(shape: [batch, H]) { out in
                for lane in 0..<lanes {
                    let rows = batch * lane / lanes ..< batch * (lane + 1) / lanes
                    let region = buffer + (T + 1) * rows.lowerBound * H
                    (out + rows.lowerBound * H).update(from: region + T * rows.count * H, count: rows.count * H)
                }
            }
        }
        return (gather(hiddens.pointer), gather(cells.pointer))
    }

    private static func forwardLane(_ lane: Int, _ w: Workspace) {
        let rows = w.rows(lane), n = rows.count, r0 = rows.lowerBound
        let T = w.steps, B = w.batch, H = w.hidden, G = 4 * H, I = w.inputs
        guard n > 0 else { return }
        let gates = w.gates + T * r0 * G, tanhCells = w.tanhCells + T * r0 * H
        let cells = w.cells + (T + 1) * r0 * H, hiddens = w.hiddens + (T + 1) * r0 * H
        let x = w.laneInputs + T * r0 * I
        let bias = w.bias!
        for t in 0..<T { (x + t * n * I).update(from: w.input! + (t * B + r0) * I, count: n * I) }
        for (state, target) in [(w.initialHidden, hiddens), (w.initialCell, cells)] {
            if let state { target.update(from: state + r0 * H, count: n * H) } else { target.update(repeating: 0, count: n * H) }
        }
        for t in 0..<T {
            let a = gates + t * n * G
            PanelProduct.multiply(m: n, n: G, k: I, a: x + t * n * I, lda: I, packedB: w.packedInputWeight!, beta: 0, c: a, ldc: G)
            PanelProduct.multiply(m: n, n: G, k: H, a: hiddens + t * n * H, lda: H, packedB: w.packedRecurrentWeight!,
                                  beta: 1, c: a, ldc: G)
            for i in 0..<n {
                let row = a + i * G
                let cPrev = cells + (t * n + i) * H, hPrev = hiddens + (t * n + i) * H
                let cNext = cPrev + n * H, hNext = hPrev + n * H
                let tc = tanhCells + (t * n + i) * H
                let m = w.mask.map { $0[t * B + r0 + i] } ?? 1
                Kernels.blocks(H) { j, count in
                    @inline(__always) func load(_ q: UnsafePointer<Float>) -> Kernels.Vector { Kernels.load(q + j, count: count) }
                    @inline(__always) func store(_ v: Kernels.Vector, _ q: UnsafeMutablePointer<Float>) {
                        Kernels.store(v, q + j, count: count)
                    }
                    let ig = Kernels.sigmoid(load(row) + load(bias)), f = Kernels.sigmoid(load(row + H) + load(bias + H))
                    let g = Kernels.tanh(load(row + 2 * H) + load(bias + 2 * H))
                    let o = Kernels.sigmoid(load(row + 3 * H) + load(bias + 3 * H))
                    store(ig, row); store(f, row + H); store(g, row + 2 * H); store(o, row + 3 * H)
                    let cOld = load(cPrev)
                    let c = (f * cOld).addingProduct(ig, g)
                    let tanhC = Kernels.tanh(c)
                    store(tanhC, tc)
                    if m == 1 {
                        store(c, cNext)
                        store(o * tanhC, hNext)
                    } else {
                        store(cOld + m * (c - cOld), cNext)
                        let hOld = load(hPrev)
                        store(hOld + m * (o * tanhC - hOld), hNext)
                    }
                }
            }
        }
        for t in 0..<T {
            (w.output! + (t * B + r0) * H).update(from: hiddens + (t + 1) * n * H, count: n * H)
        }
    }

    /// Backpropagates through all steps of the last `forward`. `outputGradient` is ∂loss/∂hₜ for
    /// every step (`[steps, batch, hidden]`), `finalHiddenGradient` and `finalCellGradient`
    /// (`[batch, hidden]`, zero when nil) are ∂loss/∂ of the final state. Accumulates the weight
    /// gradients (unless frozen) and returns ∂loss/∂input (`[steps, batch, inputs]`, or only the
    /// `inputGradientColumns`; empty when `computesInputGradient` is false); the initial-state
    /// gradients are `initialStateGradient`.
    public func backward(_ outputGradient: Tensor?, finalHiddenGradient: Tensor? = nil,
                         finalCellGradient: Tensor? = nil) -> Tensor {
        let T = steps, B = batch, H = hidden, G = 4 * hidden, I = inputs, lanes = lanes
        precondition(T > 0, "LSTMLayer \(bias.name): backward before forward")
        if let outputGradient {
            precondition(outputGradient.shape == [T, B, H],
                         "LSTMLayer \(bias.name): output gradient shape \(outputGradient.shape), expected [\(T), \(B), \(H)]")
        }
        let columns = inputGradientColumns ?? 0..<I
        precondition(columns.lowerBound >= 0 && columns.upperBound <= I,
                     "LSTMLayer \(bias.name): input gradient columns \(columns) outside 0..<\(I)")
        var w = workspace(steps: T, batch: B, lanes: lanes)
        for (state, target) in [(finalHiddenGradient, w.hiddenGradient), (finalCellGradient, w.cellGradient)] {
            if let state {
                precondition(state.count == B * H, "LSTMLayer \(bias.name): final state gradient shape \(state.shape), expected [\(B), \(H)]")
                state.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: B * H) }
            } else {
                target.update(repeating: 0, count: B * H)
            }
        }
        // (∂ pre-activations) W_hh: B = W_hh, 4H × H.
        PanelProduct.pack(w.recurrentWeight, ldb: H, transposed: false, k: G, n: H,
                          into: packedRecurrentWeight.reserve(PanelProduct.packedCount(k: G, n: H)))
        w.packedRecurrentWeight = UnsafePointer(packedRecurrentWeight.pointer)
        if !isFrozen {
            w.weightGradients = weightGradients.reserve(lanes * G * (H + I))
            w.biasGradientSums = biasGradientSums.reserve(lanes * G)
        }
        w.stepGradientSums = stepGradientSums.reserve(lanes * G)
        if computesInputGradient {
            w.inputGradient = laneInputGradient.reserve(T * B * columns.count)
            w.inputGradientColumns = columns
        }
        withExtendedLifetime((inputWeight.value, recurrentWeight.value)) {
            (outputGradient ?? Tensor(shape: [0])).withUnsafeBufferPointer { dy in
                w.outputGradient = outputGradient == nil ? nil : dy.baseAddress
                let shared = w
                BLAS.inLanes(lanes) { Self.backwardLane($0, shared) }
            }
        }
        if !isFrozen {
            // The lanes' weight and bias gradients, summed in lane order.
            for lane in 0..<lanes {
                let partial = weightGradients.pointer + lane * G * (H + I)
                recurrentWeight.gradient.withUnsafeMutableBufferPointer {
                    Kernels.add(partial, into: $0.baseAddress!, count: G * H)
                }
                inputWeight.gradient.withUnsafeMutableBufferPointer {
                    Kernels.add(partial + G * H, into: $0.baseAddress!, count: G * I)
                }
            }
            let sums = biasGradientSums.pointer
            bias.gradient.withUnsafeMutableBufferPointer { db in
                for j in 0..<G {
                    var total = 0.0
                    for lane in 0..<lanes { total += sums[lane * G + j] }
                    db[j] += Float(total)
                }
            }
        }
        guard computesInputGradient else { return Tensor(shape: [0]) }
        let width = columns.count, laneGradient = laneInputGradient.pointer
        return Tensor(shape: [T, B, width]) { dx in
            for lane in 0..<lanes {
                let rows = w.rows(lane), region = laneGradient + T * rows.lowerBound * width
                for t in 0..<T {
                    (dx + (t * B + rows.lowerBound) * width).update(from: region + t * rows.count * width,
                                                                      count: rows.count * width)
                }
            }
        }
    }

    /// ∂loss/∂ of the initial hidden and cell states (`[batch, hidden]` each) after `backward`.
    public var initialStateGradient: (hidden: Tensor, cell: Tensor) {
        let n = batch * hidden
        return (Tensor(shape: [batch, hidden]) { $0.update(from: hiddenGradient.pointer, count: n) },
                Tensor(shape: [batch, hidden]) { $0.update(from: cellGradient.pointer, count: n) })
    }

    /// Steps whose weight and input gradients are formed together: about 256 rows, a block of
    /// gate gradients that is still in cache.
    private static func chunkSteps(rows: Int) -> Int { max(1, 256 / max(1, rows)) }

    private static func backwardLane(_ lane: Int, _ w: Workspace) {
        let rows = w.rows(lane), n = rows.count, r0 = rows.lowerBound
        let T = w.steps, B = w.batch, H = w.hidden, G = 4 * H, I = w.inputs
        guard n > 0 else { return }
        let gates = w.gates + T * r0 * G, tanhCells = w.tanhCells + T * r0 * H
        let cells = w.cells + (T + 1) * r0 * H, hiddens = w.hiddens + (T + 1) * r0 * H
        let x = w.laneInputs + T * r0 * I
        let dh = w.hiddenGradient + r0 * H, dc = w.cellGradient + r0 * H
        let partialRecurrent = w.weightGradients.map { $0 + lane * G * (H + I) }
        let partialInput = partialRecurrent.map { $0 + G * H }
        partialRecurrent?.update(repeating: 0, count: G * (H + I))
        let biasSums = w.biasGradientSums.map { $0 + lane * G }
        biasSums?.update(repeating: 0, count: G)
        let stepSums = w.stepGradientSums! + lane * G
        stepSums.update(repeating: 0, count: G)
        let width = w.inputGradientColumns.count
        let dx = w.inputGradient.map { $0 + T * r0 * width }
        let chunk = chunkSteps(rows: n)
        var chunkEnd = T
        for t in stride(from: T - 1, through: 0, by: -1) {
            let a = gates + t * n * G
            for i in 0..<n {
                let row = a + i * G
                let cPrev = cells + (t * n + i) * H
                let tc = tanhCells + (t * n + i) * H
                let dhRow = dh + i * H, dcRow = dc + i * H
                let dy = w.outputGradient.map { $0 + (t * B + r0 + i) * H }
                let m = w.mask.map { $0[t * B + r0 + i] } ?? 1
                Kernels.blocks(H) { j, count in
                    @inline(__always) func load(_ q: UnsafePointer<Float>) -> Kernels.Vector { Kernels.load(q + j, count: count) }
                    @inline(__always) func store(_ v: Kernels.Vector, _ q: UnsafeMutablePointer<Float>) {
                        Kernels.store(v, q + j, count: count)
                    }
                    var dhTotal = load(dhRow)
                    if let dy { dhTotal += load(dy) }
                    let dcCarried = load(dcRow)
                    let ig = load(row), f = load(row + H), g = load(row + 2 * H), o = load(row + 3 * H)
                    let tanhC = load(tc)
                    let dhStep = m * dhTotal
                    let dcStep = (m * dcCarried).addingProduct(dhStep * o, 1 - tanhC * tanhC)
                    let di = dcStep * g * ig * (1 - ig), df = dcStep * load(cPrev) * f * (1 - f)
                    let dg = dcStep * ig * (1 - g * g), dO = dhStep * tanhC * o * (1 - o)
                    store(di, row); store(df, row + H); store(dg, row + 2 * H); store(dO, row + 3 * H)
                    if biasSums != nil {
                        store(load(stepSums) + di, stepSums); store(load(stepSums + H) + df, stepSums + H)
                        store(load(stepSums + 2 * H) + dg, stepSums + 2 * H); store(load(stepSums + 3 * H) + dO, stepSums + 3 * H)
                    }
                    store((dcStep * f).addingProduct(1 - m, dcCarried), dcRow)
                    store((1 - m) * dhTotal, dhRow)
                }
            }
            // The bias gradient: Σ over steps (in Double) of this step's sums over the lane's sequences.
            if let biasSums {
                for j in 0..<G { biasSums[j] += Double(stepSums[j]) }
                stepSums.update(repeating: 0, count: G)
            }
            // dhₜ₋₁ = (1 − m) dhₜ (already in dh) + (∂/∂ pre-activations) W_hh.
            let beta: Float = w.mask == nil ? 0 : 1
            PanelProduct.multiply(m: n, n: H, k: G, a: a, lda: G, packedB: w.packedRecurrentWeight!, beta: beta, c: dh, ldc: H)
            // Steps t ..< chunkEnd: weight gradients and input gradients from their gate gradients.
            if t % chunk == 0 {
                let k = (chunkEnd - t) * n
                if let partialRecurrent, let partialInput {
                    BLAS.gemm(transposeA: true, m: G, n: H, k: k, a: a, lda: G, b: hiddens + t * n * H, ldb: H,
                              beta: 1, c: partialRecurrent, ldc: H, parallel: false)
                    BLAS.gemm(transposeA: true, m: G, n: I, k: k, a: a, lda: G, b: x + t * n * I, ldb: I,
                              beta: 1, c: partialInput, ldc: I, parallel: false)
                }
                if let dx {
                    BLAS.gemm(m: k, n: width, k: G, a: a, lda: G, b: w.inputWeight + w.inputGradientColumns.lowerBound,
                              ldb: I, beta: 0, c: dx + t * n * width, ldc: width, parallel: false)
                }
                chunkEnd = t
            }
        }
    }
}
