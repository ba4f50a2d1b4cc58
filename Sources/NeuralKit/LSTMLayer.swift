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
/// Each step needs the products xₜ W_ihᵀ and hₜ₋₁ W_hhᵀ, with both weights packed once per pass
/// (see `PanelProduct`), and one fused pass over the gates. (For widths `PanelProduct` does not
/// handle, the input projection of all steps is one BLAS product beforehand.) The batch is split into lanes (one per
/// `BLAS.threads`) whose recurrences run in parallel. The backward pass runs the recurrence in
/// reverse, then forms the weight gradients of all steps with one matrix product each.
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
    /// The result does not depend on it.
    public var parallelLanes: Int?

    /// The number of input features.
    public let inputs: Int
    /// The width of the hidden and cell states.
    public let hidden: Int

    private var input = Tensor(shape: [0])
    private var steps = 0, batch = 0
    private var hasMask = false
    private let gates = ScratchBuffer<Float>()      // activated gates; pre-activation gradients after backward
    private let cells = ScratchBuffer<Float>()      // c₋₁ … c_T−1, (steps + 1) blocks of batch × hidden
    private let hiddens = ScratchBuffer<Float>()    // h₋₁ … h_T−1
    private let tanhCells = ScratchBuffer<Float>()  // tanh c̃ₜ
    private let masks = ScratchBuffer<Float>()
    private let hiddenGradient = ScratchBuffer<Float>()
    private let cellGradient = ScratchBuffer<Float>()
    private let packedWeight = ScratchBuffer<Float>()
    private let packedInputWeight = ScratchBuffer<Float>()
    private let biasGradientSums = ScratchBuffer<Double>()
    private let stepGradientSums = ScratchBuffer<Float>()

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

    /// Runs the layer over `input` (`[steps, batch, inputs]`) from the initial state `initialHidden`,
    /// `initialCell` (`[batch, hidden]` each; zero when nil) with an optional `mask` (`[steps, batch]`,
    /// 1 = step counts, 0 = carry the state). Returns the hidden states `[steps, batch, hidden]`; the
    /// final state is `finalState` afterwards.
    public func forward(_ input: Tensor, initialHidden: Tensor? = nil, initialCell: Tensor? = nil,
                        mask: Tensor? = nil) -> Tensor {
        precondition(input.shape.count == 3 && input.shape[2] == inputs,
                     "LSTMLayer \(bias.name): input shape \(input.shape), expected [steps, batch, \(inputs)]")
        let T = input.shape[0], B = input.shape[1], H = hidden, G = 4 * hidden
        self.input = input
        steps = T
        batch = B
        let gates = self.gates.reserve(T * B * G)
        let cells = self.cells.reserve((T + 1) * B * H)
        let hiddens = self.hiddens.reserve((T + 1) * B * H)
        let tanhCells = self.tanhCells.reserve(T * B * H)
        hasMask = mask != nil
        if let mask {
            precondition(mask.shape == [T, B], "LSTMLayer \(bias.name): mask shape \(mask.shape), expected [\(T), \(B)]")
            mask.withUnsafeBufferPointer { self.masks.reserve(T * B).update(from: $0.baseAddress!, count: T * B) }
        }
        for (state, target) in [(initialHidden, hiddens), (initialCell, cells)] {
            if let state {
                precondition(state.count == B * H, "LSTMLayer \(bias.name): initial state shape \(state.shape), expected [\(B), \(H)]")
                state.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: B * H) }
            } else {
                target.update(repeating: 0, count: B * H)
            }
        }
        // With packed weights the input projection is part of each step's product; otherwise it
        // is one matrix product for all steps beforehand. The bias is added in the fused pass.
        let packs = PanelProduct.supports(columns: G)
        let biasValue = bias.value, recurrentValue = recurrentWeight.value, inputValue = inputWeight.value
        input.withUnsafeBufferPointer { x in inputValue.withUnsafeBufferPointer { wi in
        biasValue.withUnsafeBufferPointer { biasPointer in recurrentValue.withUnsafeBufferPointer { w in
            var packedInput: UnsafePointer<Float>?, packedRecurrent: UnsafePointer<Float>?
            if packs {
                // B = W_ihᵀ (inputs × 4H) and W_hhᵀ (H × 4H).
                PanelProduct.pack(wi.baseAddress!, ldb: inputs, transposed: true, k: inputs, n: G,
                                  into: packedInputWeight.reserve(inputs * G))
                PanelProduct.pack(w.baseAddress!, ldb: H, transposed: true, k: H, n: G, into: packedWeight.reserve(H * G))
                packedInput = UnsafePointer(packedInputWeight.pointer)
                packedRecurrent = UnsafePointer(packedWeight.pointer)
            } else {
                BLAS.gemm(transposeB: true, m: T * B, n: G, k: inputs, a: x.baseAddress!, lda: inputs,
                          b: wi.baseAddress!, ldb: inputs, beta: 0, c: gates, ldc: G)
            }
            let p = LanePointers(gates: gates, cells: cells, hiddens: hiddens, tanhCells: tanhCells,
                                 recurrentWeight: w.baseAddress!, packedRecurrentWeight: packedRecurrent,
                                 input: x.baseAddress!, inputs: inputs, packedInputWeight: packedInput,
                                 bias: biasPointer.baseAddress!, mask: hasMask ? UnsafePointer(masks.pointer) : nil,
                                 biasGradientSums: nil, stepGradientSums: nil,
                                 hiddenGradient: hiddenGradient.pointer, cellGradient: cellGradient.pointer,
                                 outputGradient: nil)
            let lanes = min(parallelLanes ?? BLAS.threads, B)
            BLAS.inLanes(lanes) { lane in
                let rows = B * lane / lanes ..< B * (lane + 1) / lanes
                for t in 0..<T { Self.forwardStep(t, rows: rows, batch: B, hidden: H, p) }
            }
        } } } }
        return Tensor(shape: [T, B, H]) { $0.update(from: hiddens + B * H, count: T * B * H) }
    }

    /// The state after the last step of the last `forward`: hidden and cell, `[batch, hidden]` each.
    public var finalState: (hidden: Tensor, cell: Tensor) {
        let n = batch * hidden, offset = steps * n
        return (Tensor(shape: [batch, hidden]) { $0.update(from: hiddens.pointer + offset, count: n) },
                Tensor(shape: [batch, hidden]) { $0.update(from: cells.pointer + offset, count: n) })
    }

    private static func forwardStep(_ t: Int, rows: Range<Int>, batch B: Int, hidden H: Int, _ p: LanePointers) {
        let G = 4 * H
        let gates = p.gates + t * B * G
        let previousHidden = p.hiddens + t * B * H, previousCell = p.cells + t * B * H
        let nextHidden = previousHidden + B * H, nextCell = previousCell + B * H
        let bias = p.bias!
        if let packed = p.packedRecurrentWeight, let packedInput = p.packedInputWeight, let input = p.input {
            PanelProduct.multiply(m: rows.count, n: G, k: p.inputs, a: input + (t * B + rows.lowerBound) * p.inputs,
                                  lda: p.inputs, packedB: packedInput, beta: 0, c: gates + rows.lowerBound * G, ldc: G)
            PanelProduct.multiply(m: rows.count, n: G, k: H, a: previousHidden + rows.lowerBound * H, lda: H,
                                  packedB: packed, beta: 1, c: gates + rows.lowerBound * G, ldc: G)
        } else {
            BLAS.gemm(transposeB: true, m: rows.count, n: G, k: H, a: previousHidden + rows.lowerBound * H, lda: H,
                      b: p.recurrentWeight, ldb: H, beta: 1, c: gates + rows.lowerBound * G, ldc: G, parallel: false)
        }
        for b in rows {
            let a = gates + b * G
            let cPrev = previousCell + b * H, hPrev = previousHidden + b * H
            let cNext = nextCell + b * H, hNext = nextHidden + b * H
            let tc = p.tanhCells + (t * B + b) * H
            let m = p.mask.map { $0[t * B + b] } ?? 1
            Kernels.blocks(H) { j, n in
                let full = n == Kernels.width
                @inline(__always) func load(_ q: UnsafePointer<Float>) -> Kernels.Vector {
                    full ? Kernels.load(q + j) : Kernels.load(q + j, count: n)
                }
                @inline(__always) func store(_ v: Kernels.Vector, _ q: UnsafeMutablePointer<Float>) {
                    if full { Kernels.store(v, q + j) } else { Kernels.store(v, q + j, count: n) }
                }
                let i = Kernels.sigmoid(load(a) + load(bias)), f = Kernels.sigmoid(load(a + H) + load(bias + H))
                let g = Kernels.tanh(load(a + 2 * H) + load(bias + 2 * H))
                let o = Kernels.sigmoid(load(a + 3 * H) + load(bias + 3 * H))
                store(i, a); store(f, a + H); store(g, a + 2 * H); store(o, a + 3 * H)
                let cOld = load(cPrev)
                let c = (f * cOld).addingProduct(i, g)
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

    /// Backpropagates through all steps of the last `forward`. `outputGradient` is ∂loss/∂hₜ for
    /// every step (`[steps, batch, hidden]`), `finalHiddenGradient` and `finalCellGradient`
    /// (`[batch, hidden]`, zero when nil) are ∂loss/∂ of the final state. Accumulates the weight
    /// gradients (unless frozen) and returns ∂loss/∂input (`[steps, batch, inputs]`, or only the
    /// `inputGradientColumns`; empty when `computesInputGradient` is false); the initial-state
    /// gradients are `initialStateGradient`.
    public func backward(_ outputGradient: Tensor?, finalHiddenGradient: Tensor? = nil,
                         finalCellGradient: Tensor? = nil) -> Tensor {
        let T = steps, B = batch, H = hidden, G = 4 * hidden
        precondition(T > 0, "LSTMLayer \(bias.name): backward before forward")
        if let outputGradient {
            precondition(outputGradient.shape == [T, B, H],
                         "LSTMLayer \(bias.name): output gradient shape \(outputGradient.shape), expected [\(T), \(B), \(H)]")
        }
        let dh = hiddenGradient.reserve(B * H), dc = cellGradient.reserve(B * H)
        for (state, target) in [(finalHiddenGradient, dh), (finalCellGradient, dc)] {
            if let state {
                precondition(state.count == B * H, "LSTMLayer \(bias.name): final state gradient shape \(state.shape), expected [\(B), \(H)]")
                state.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: B * H) }
            } else {
                target.update(repeating: 0, count: B * H)
            }
        }
        let gates = self.gates.pointer
        let lanes = min(parallelLanes ?? BLAS.threads, B)
        let sums = biasGradientSums.reserve(lanes * G)
        sums.update(repeating: 0, count: lanes * G)
        let stepSums = stepGradientSums.reserve(lanes * G)
        stepSums.update(repeating: 0, count: lanes * G)
        func run(_ dy: UnsafePointer<Float>?) {
            recurrentWeight.value.withUnsafeBufferPointer { w in
                // (∂ pre-activations) W_hh: B = W_hh, 4H × H.
                var packed: UnsafePointer<Float>?
                if PanelProduct.supports(columns: H) {
                    PanelProduct.pack(w.baseAddress!, ldb: H, transposed: false, k: G, n: H, into: packedWeight.reserve(H * G))
                    packed = UnsafePointer(packedWeight.pointer)
                }
                let p = LanePointers(gates: gates, cells: cells.pointer, hiddens: hiddens.pointer,
                                     tanhCells: tanhCells.pointer, recurrentWeight: w.baseAddress!,
                                     packedRecurrentWeight: packed, input: nil, inputs: inputs,
                                     packedInputWeight: nil, bias: nil,
                                     mask: hasMask ? UnsafePointer(masks.pointer) : nil,
                                     biasGradientSums: isFrozen ? nil : sums, stepGradientSums: stepSums,
                                     hiddenGradient: dh, cellGradient: dc, outputGradient: dy)
                BLAS.inLanes(lanes) { lane in
                    let rows = B * lane / lanes ..< B * (lane + 1) / lanes
                    for t in stride(from: T - 1, through: 0, by: -1) {
                        Self.backwardStep(t, rows: rows, batch: B, hidden: H, lane: lane, p)
                    }
                }
            }
        }
        if let outputGradient {
            outputGradient.withUnsafeBufferPointer { run($0.baseAddress!) }
        } else {
            run(nil)
        }
        // `gates` now holds ∂loss/∂(pre-activations) of every step.
        if !isFrozen {
            recurrentWeight.gradient.withUnsafeMutableBufferPointer { dw in
                BLAS.gemm(transposeA: true, m: G, n: H, k: T * B, a: gates, lda: G,
                          b: hiddens.pointer, ldb: H, beta: 1, c: dw.baseAddress!, ldc: H)
            }
            input.withUnsafeBufferPointer { x in
                inputWeight.gradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.gemm(transposeA: true, m: G, n: inputs, k: T * B, a: gates, lda: G,
                              b: x.baseAddress!, ldb: inputs, beta: 1, c: dw.baseAddress!, ldc: inputs)
                }
            }
            bias.gradient.withUnsafeMutableBufferPointer { db in
                for j in 0..<G {
                    var total = 0.0
                    for lane in 0..<lanes { total += sums[lane * G + j] }
                    db[j] += Float(total)
                }
            }
        }
        guard computesInputGradient else { return Tensor(shape: [0]) }
        let columns = inputGradientColumns ?? 0..<inputs
        precondition(columns.lowerBound >= 0 && columns.upperBound <= inputs,
                     "LSTMLayer \(bias.name): input gradient columns \(columns) outside 0..<\(inputs)")
        return Tensor(shape: [T, B, columns.count]) { dx in
            inputWeight.value.withUnsafeBufferPointer { w in
                BLAS.gemm(m: T * B, n: columns.count, k: G, a: gates, lda: G, b: w.baseAddress! + columns.lowerBound,
                          ldb: inputs, beta: 0, c: dx, ldc: columns.count)
            }
        }
    }

    /// ∂loss/∂ of the initial hidden and cell states (`[batch, hidden]` each) after `backward`.
    public var initialStateGradient: (hidden: Tensor, cell: Tensor) {
        let n = batch * hidden
        return (Tensor(shape: [batch, hidden]) { $0.update(from: hiddenGradient.pointer, count: n) },
                Tensor(shape: [batch, hidden]) { $0.update(from: cellGradient.pointer, count: n) })
    }

    private static func backwardStep(_ t: Int, rows: Range<Int>, batch B: Int, hidden H: Int, lane: Int,
                                     _ p: LanePointers) {
        let G = 4 * H
        let gates = p.gates + t * B * G
        let previousCell = p.cells + t * B * H
        for b in rows {
            let a = gates + b * G
            let cPrev = previousCell + b * H
            let tc = p.tanhCells + (t * B + b) * H
            let dh = p.hiddenGradient + b * H, dc = p.cellGradient + b * H
            let dy = p.outputGradient.map { $0 + (t * B + b) * H }
            let m = p.mask.map { $0[t * B + b] } ?? 1
            Kernels.blocks(H) { j, n in
                let full = n == Kernels.width
                @inline(__always) func load(_ q: UnsafePointer<Float>) -> Kernels.Vector {
                    full ? Kernels.load(q + j) : Kernels.load(q + j, count: n)
                }
                @inline(__always) func store(_ v: Kernels.Vector, _ q: UnsafeMutablePointer<Float>) {
                    if full { Kernels.store(v, q + j) } else { Kernels.store(v, q + j, count: n) }
                }
                @inline(__always) func accumulate(_ v: Kernels.Vector, _ q: UnsafeMutablePointer<Float>) {
                    store(load(q) + v, q)
                }
                var dhTotal = load(dh)
                if let dy { dhTotal += load(dy) }
                let dcCarried = load(dc)
                let i = load(a), f = load(a + H), g = load(a + 2 * H), o = load(a + 3 * H)
                let tanhC = load(tc)
                let dhStep = m * dhTotal
                let dcStep = (m * dcCarried).addingProduct(dhStep * o, 1 - tanhC * tanhC)
                let di = dcStep * g * i * (1 - i), df = dcStep * load(cPrev) * f * (1 - f)
                let dg = dcStep * i * (1 - g * g), dO = dhStep * tanhC * o * (1 - o)
                store(di, a); store(df, a + H); store(dg, a + 2 * H); store(dO, a + 3 * H)
                if p.biasGradientSums != nil, let stepSums = p.stepGradientSums {
                    let q = stepSums + lane * G
                    accumulate(di, q); accumulate(df, q + H); accumulate(dg, q + 2 * H); accumulate(dO, q + 3 * H)
                }
                store((dcStep * f).addingProduct(1 - m, dcCarried), dc)
                store((1 - m) * dhTotal, dh)
            }
        }
        // The bias gradient: Σ over steps (in Double) of this step's sums over the lane's sequences.
        if let sums = p.biasGradientSums, let stepSums = p.stepGradientSums {
            let total = sums + lane * G, step = stepSums + lane * G
            for j in 0..<G { total[j] += Double(step[j]) }
            step.update(repeating: 0, count: G)
        }
        // dhₜ₋₁ = (1 − m) dhₜ (already in dh) + (∂/∂ pre-activations) W_hh.
        let beta: Float = p.mask == nil ? 0 : 1
        if let packed = p.packedRecurrentWeight {
            PanelProduct.multiply(m: rows.count, n: H, k: G, a: gates + rows.lowerBound * G, lda: G, packedB: packed,
                                  beta: beta, c: p.hiddenGradient + rows.lowerBound * H, ldc: H)
        } else {
            BLAS.gemm(m: rows.count, n: H, k: G, a: gates + rows.lowerBound * G, lda: G, b: p.recurrentWeight, ldb: H,
                      beta: beta, c: p.hiddenGradient + rows.lowerBound * H, ldc: H, parallel: false)
        }
    }
}
