import Foundation
import NeuralKit

/// Everything needed to continue an interrupted surrogate training exactly where it stopped: the
/// network and best-so-far weights, Adam's moments, the early-stopping state and the log. Batch
/// order depends only on the seed and the epoch, so a resumed training takes the same steps as an
/// uninterrupted one (with dropout 0, the default: the dropout stream is not part of the state).
public struct TrainingState {
    /// Completed epochs and optimiser steps.
    public var epoch: Int
    public var step: Int
    public var parameters: [Tensor]
    public var bestParameters: [Tensor]
    public var optimizer: Adam.State
    public var stoppingBest: Double
    public var stoppingBestEvaluation: Int
    public var stoppingEvaluations: Int
    public var log: [SurrogateEpoch]

    /// JSON coders that keep NaN losses (no held-out sites) and infinities.
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Writes the state as a NeuralKit checkpoint (atomically).
    public func write(to url: URL, parameterNames: [String]) throws {
        var arrays: [String: Tensor] = [:]
        for (i, name) in parameterNames.enumerated() {
            arrays["best.\(name)"] = bestParameters[i]
            arrays["adam.first.\(name)"] = Tensor(shape: [optimizer.firstMoments[i].count], scalars: optimizer.firstMoments[i])
            arrays["adam.second.\(name)"] = Tensor(shape: [optimizer.secondMoments[i].count], scalars: optimizer.secondMoments[i])
        }
        let named = Dictionary(uniqueKeysWithValues: zip(parameterNames, parameters))
        let metadata = ["epoch": "\(epoch)", "step": "\(step)", "adam.steps": "\(optimizer.steps)",
                        "stopping.best": "\(stoppingBest)", "stopping.bestEvaluation": "\(stoppingBestEvaluation)",
                        "stopping.evaluations": "\(stoppingEvaluations)",
                        "log": String(decoding: try Self.encoder.encode(log), as: UTF8.self)]
        try Checkpoint(parameters: named, arrays: arrays, metadata: metadata).write(to: url)
    }

    /// Reads a state written by `write` for a network with `parameterNames` of `shapes`.
    public static func read(_ url: URL, parameterNames: [String], shapes: [[Int]]) throws -> TrainingState {
        let c = try Checkpoint.read(from: url)
        func number<T: LosslessStringConvertible>(_ key: String) throws -> T {
            guard let text = c.metadata[key], let value = T(text) else {
                throw CheckpointError.mismatch(["\(url.path): training state lacks '\(key)'"])
            }
            return value
        }
        func tensor(_ key: String, _ shape: [Int]) throws -> Tensor {
            guard let t = c.arrays[key] ?? c.parameters[key], t.count == shape.reduce(1, *) else {
                throw CheckpointError.mismatch(["\(url.path): training state lacks '\(key)' of shape \(shape)"])
            }
            return Tensor(shape: shape, scalars: t.scalars)
        }
        let parameters = try zip(parameterNames, shapes).map { try tensor($0, $1) }
        let best = try zip(parameterNames, shapes).map { try tensor("best.\($0)", $1) }
        let first = try zip(parameterNames, shapes).map { try tensor("adam.first.\($0)", [$1.reduce(1, *)]).scalars }
        let second = try zip(parameterNames, shapes).map { try tensor("adam.second.\($0)", [$1.reduce(1, *)]).scalars }
        let log = try decoder.decode([SurrogateEpoch].self, from: Data((c.metadata["log"] ?? "[]").utf8))
        return TrainingState(epoch: try number("epoch"), step: try number("step"), parameters: parameters, bestParameters: best,
                             optimizer: Adam.State(steps: try number("adam.steps"), firstMoments: first, secondMoments: second),
                             stoppingBest: try number("stopping.best"), stoppingBestEvaluation: try number("stopping.bestEvaluation"),
                             stoppingEvaluations: try number("stopping.evaluations"), log: log)
    }
}
