// bench-neural: NeuralKit training throughput (forward + backward + Adam), float32, in sequences
// per second, on the shapes of bench/pytorch/lstm_benchmark.py. A benchmark, not a test:
// `make bench-neural` runs both and prints the comparison.
import ArgumentParser
import CVectorMath
import Foundation
import NeuralKit

@main
struct BenchNeural: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-neural",
        abstract: "NeuralKit training throughput on the LSTM and LSTM→MMoE surrogate shapes.")

    @Option(help: "lstm, mmoe or both.") var shape = "both"
    @Option(help: "Threads for OpenBLAS and the LSTM batch lanes.") var threads = 2
    @Option(help: "Timed training steps (batches).") var batches = 10
    @Option(help: "Untimed warm-up steps.") var warmup = 2

    static let steps = 365, batch = 64

    mutating func run() throws {
        BLAS.setThreads(threads)
        let shapes = shape == "both" ? ["lstm", "mmoe"] : [shape]
        for name in shapes {
            guard let configuration = Self.configuration(name) else {
                throw ValidationError("unknown shape \(name); use lstm, mmoe or both")
            }
            let (seconds, parameters) = Self.time(configuration, batches: batches, warmup: warmup)
            let result: [String: Any] = [
                "shape": name, "sequences_per_second": Double(batches * Self.batch) / seconds,
                "seconds": seconds, "batches": batches, "threads": BLAS.threads, "parameters": parameters,
                "target": String(cString: mdpl_vector_target()),
            ]
            let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        }
    }

    /// (a) one-layer LSTM 32 → 128 with two linear heads; (b) 24 features + an 8-wide day-of-year
    /// embedding → the same LSTM → MMoE with 4 experts (128 → 64) and 2 towers (64 → 32 → 1).
    static func configuration(_ name: String) -> SequenceModel.Configuration? {
        switch name {
        case "lstm":
            SequenceModel.Configuration(features: 32, hidden: 128, head: .linear, taskOutputs: [1, 1])
        case "mmoe":
            SequenceModel.Configuration(features: 24, dayOfYearWidth: 8, hidden: 128,
                                        head: .mixtureOfExperts(experts: 4, expertSizes: [64], towerSizes: [32]),
                                        taskOutputs: [1, 1])
        default: nil
        }
    }

    /// The seconds taken by `batches` training steps after `warmup` untimed ones, and the number
    /// of trainable parameters.
    static func time(_ configuration: SequenceModel.Configuration, batches: Int, warmup: Int) -> (Double, Int) {
        let model = SequenceModel(configuration, seed: 1)
        model.computesInputGradient = false
        var generator = SeededGenerator(seed: 2)
        let features = Tensor.normal(shape: [steps, batch, configuration.features], using: &generator)
        let days: [Int32]? = configuration.dayOfYearWidth > 0
            ? (0..<(steps * batch)).map { Int32($0 / batch % 366 + 1) } : nil
        let targets = configuration.taskOutputs.map { _ in Tensor.normal(shape: [steps, batch, 1], using: &generator) }
        let optimizer = Adam(parameters: model.parameters, learningRate: 1e-3)
        func step() {
            model.zeroGradients()
            let outputs = model.forward(features: features, dayOfYear: days, training: true)
            let losses = zip(outputs, targets).map { Loss.meanSquaredError(prediction: $0, target: $1) }
            let total = MultiTaskLoss.weightedSum(losses, weights: losses.map { _ in 1 })
            _ = model.backward(total.gradients)
            optimizer.step()
        }
        for _ in 0..<warmup { step() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<batches { step() }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, model.parameterCount)
    }
}
