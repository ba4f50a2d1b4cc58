import Foundation
import Testing
@testable import NeuralKit

@Suite struct CheckpointTests {
    let configuration = SequenceModel.Configuration(
        features: 3, dayOfYearWidth: 2, hidden: 6,
        head: .mixtureOfExperts(experts: 2, expertSizes: [4], towerSizes: [3]), taskOutputs: [1, 1])

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neuralkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func roundTripRestoresTheModelExactly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = SequenceModel(configuration, seed: 5)
        let statistics = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0.5, 0.25, 0.125])
        let url = directory.appendingPathComponent("surrogate.nkckpt")
        try model.checkpoint(arrays: ["featureMean": statistics], metadata: ["note": "test"]).write(to: url)
        // Atomic write: only the checkpoint itself is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["surrogate.nkckpt"])

        let loaded = try Checkpoint.read(from: url)
        #expect(loaded.arrays["featureMean"] == statistics)
        #expect(loaded.metadata["note"] == "test")
        let restored = try SequenceModel(checkpoint: loaded)
        #expect(restored.configuration == configuration)
        #expect(restored.parameters.map(\.value) == model.parameters.map(\.value))

        let features = random([4, 2, 3], seed: 6)
        let days: [Int32] = (0..<8).map { Int32($0 * 40 + 1) }
        #expect(restored.forward(features: features, dayOfYear: days) == model.forward(features: features, dayOfYear: days))
    }

    @Test func mismatchedCheckpointIsRejectedWithAClearMessage() throws {
        let model = SequenceModel(configuration, seed: 5)
        var other = configuration
        other.hidden = 7
        let wrong = try SequenceModel(other, seed: 5).checkpoint()
        let before = model.parameters.map(\.value)
        do {
            try wrong.restore(into: model.parameters)
            Issue.record("a checkpoint with hidden width 7 was accepted by a model with width 6")
        } catch let error as CheckpointError {
            let message = error.description
            #expect(message.contains("encoder.layer0.recurrentWeight has shape [28, 7] in the checkpoint, the model expects [24, 6]"))
        }
        #expect(model.parameters.map(\.value) == before)   // nothing was changed

        var missing = try model.checkpoint()
        missing.parameters["head.extra"] = Tensor(shape: [1])
        missing.parameters["encoder.layer0.bias"] = nil
        #expect(throws: CheckpointError.self) { try missing.restore(into: model.parameters) }
        do { try missing.restore(into: model.parameters) } catch let error as CheckpointError {
            #expect(error.description.contains("missing parameter encoder.layer0.bias [24]"))
            #expect(error.description.contains("unexpected parameter head.extra [1]"))
        }
    }

    @Test func corruptFilesAreRejected() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try SequenceModel(configuration, seed: 1).checkpoint().encoded()

        #expect(throws: CheckpointError.notACheckpoint("x")) { try Checkpoint(decoding: Data("hello world, no checkpoint".utf8), source: "x") }
        #expect(throws: CheckpointError.self) { try Checkpoint(decoding: bytes.prefix(bytes.count - 10), source: "x") }
        var newer = bytes
        newer[8] = 2
        #expect(throws: CheckpointError.unsupportedVersion("x", found: 2, supported: 1)) {
            try Checkpoint(decoding: newer, source: "x")
        }
        #expect(throws: CheckpointError.self) { try Checkpoint.read(from: directory.appendingPathComponent("absent")) }
    }
}
