/// A reusable, growable block of Floats for a layer's intermediate results, so that repeated
/// forward and backward passes of the same shape allocate nothing.
final class ScratchBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 0
        pointer = .allocate(capacity: 1)
    }

    /// Ensures room for `count` Floats and returns the start; earlier contents are lost on growth.
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
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
    let mask: UnsafePointer<Float>?
    let hiddenGradient: UnsafeMutablePointer<Float>
    let cellGradient: UnsafeMutablePointer<Float>
    let outputGradient: UnsafePointer<Float>?
}
