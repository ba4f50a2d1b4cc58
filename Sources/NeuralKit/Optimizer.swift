/// An update rule for a fixed list of parameters, applied to their accumulated gradients.
public protocol Optimizer: AnyObject {
    /// The parameters the optimiser updates, in the order of its state.
    var parameters: [Parameter] { get }
    /// The step size of the next update (set it from a `LearningRateSchedule` each step).
    var learningRate: Float { get set }
    /// Updates every parameter from its gradient. Gradients are left as they are (call
    /// `zeroGradients()` on the model before the next backward pass).
    func step()
}
