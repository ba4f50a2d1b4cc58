/// A reusable, growable block of trivial values (Float, Double) for a layer's intermediate results, so that repeated
/// forward and backward passes of the same shape allocate nothing.
final class ScratchBuffer<Element> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private var capacity: Int

    init() {
        capacity = 0
        pointer = .allocate(capacity: 1)
    }

    /// Ensures room for `count` elements and returns the start; earlier contents are lost on growth.
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            pointer = .allocate(capacity: count)
            capacity = count
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}

/// Raw pointers handed to parallel lanes, which write disjoint rows; the layer that creates one
/// keeps the memory alive and unshared until the lanes finish.
struct LanePointers: @unchecked Sendable {
    let gates: UnsafeMutablePointer<Float>
    let cells: UnsafeMutablePointer<Float>
    let hiddens: UnsafeMutablePointer<Float>
    let tanhCells: UnsafeMutablePointer<Float>
    let recurrentWeight: UnsafePointer<Float>
    /// The recurrent weight packed for `PanelProduct` (W_hhᵀ forward, W_hh backward), or nil to use BLAS.
    let packedRecurrentWeight: UnsafePointer<Float>?
    /// The input sequence and W_ihᵀ packed for `PanelProduct` (forward pass only; nil when the
    /// input projection was done as one matrix product beforehand).
    let input: UnsafePointer<Float>?
    let inputs: Int
    let packedInputWeight: UnsafePointer<Float>?
    /// The bias (forward pass only).
    let bias: UnsafePointer<Float>?
    let mask: UnsafePointer<Float>?
    /// Per-lane Double sums of the pre-activation gradients (the bias gradient), `lanes × 4·hidden`;
    /// nil when the layer is frozen.
    let biasGradientSums: UnsafeMutablePointer<Double>?
    /// Per-lane Float sums of one step's pre-activation gradients (a short sum over the lane's
    /// sequences), `lanes × 4·hidden`, added into `biasGradientSums` after each step.
    let stepGradientSums: UnsafeMutablePointer<Float>?
    let hiddenGradient: UnsafeMutablePointer<Float>
    let cellGradient: UnsafeMutablePointer<Float>
    let outputGradient: UnsafePointer<Float>?
}
