/// A trainable tensor with a name (unique within a model, e.g. `encoder.layer0.recurrentWeight`)
/// and the gradient that backward passes accumulate into it.
public final class Parameter {
    /// The name under which checkpoints store the parameter.
    public let name: String
    /// The current value.
    public var value: Tensor
    /// The accumulated gradient of the loss with respect to `value` (same shape).
    public var gradient: Tensor

    /// A parameter with the given value and a zero gradient.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
    }

    /// The shape of the value and of the gradient.
    public var shape: [Int] { value.shape }

    /// Sets the gradient to zero.
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// Anything that owns parameters: a layer, a stack of layers or a whole model.
///
/// Backward passes *add* to the parameters' gradients, so several backward passes (or several
/// tasks) accumulate until `zeroGradients()` is called. A frozen layer accumulates nothing but
/// still returns gradients with respect to its inputs, which is how a parameter generator is
/// trained through a fixed surrogate.
public protocol Layer: AnyObject {
    /// All trainable parameters, in a fixed order.
    var parameters: [Parameter] { get }
    /// When true, backward passes compute input gradients only and leave parameter gradients alone.
    var isFrozen: Bool { get set }
}

extension Layer {
    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// A layer that maps one tensor to one tensor, with a hand-written backward pass.
public protocol TensorLayer: Layer {
    /// The layer's output for `input`; remembers what `backward` needs.
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// Given ∂loss/∂output of the last `forward`, accumulates parameter gradients (unless frozen)
    /// and returns ∂loss/∂input.
    func backward(_ outputGradient: Tensor) -> Tensor
}
