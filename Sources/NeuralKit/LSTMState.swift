/// The hidden and cell states of a (stacked) LSTM, each of shape `[layers, batch, hidden]`.
/// Used for initial states (inputs), final states (outputs) and their gradients.
public struct LSTMState: Equatable, Sendable {
    /// h, shape `[layers, batch, hidden]`.
    public var hidden: Tensor
    /// c, shape `[layers, batch, hidden]`.
    public var cell: Tensor

    /// A state from explicit tensors of equal shape.
    public init(hidden: Tensor, cell: Tensor) {
        precondition(hidden.shape == cell.shape && hidden.shape.count == 3,
                     "LSTMState: hidden \(hidden.shape) and cell \(cell.shape) must both be [layers, batch, hidden]")
        self.hidden = hidden
        self.cell = cell
    }

    /// The all-zero state.
    public static func zeros(layers: Int, batch: Int, hidden: Int) -> LSTMState {
        LSTMState(hidden: Tensor(shape: [layers, batch, hidden]), cell: Tensor(shape: [layers, batch, hidden]))
    }
}
