import Foundation

/// A saved set of named parameter tensors, named auxiliary Float arrays (e.g. normalisation
/// statistics) and string metadata (e.g. a model configuration as JSON).
///
/// File format, version 1 (all integers and floats little-endian):
///
///     bytes 0..<8    magic "NKCKPT\r\n"
///     bytes 8..<12   UInt32 format version (1)
///     bytes 12..<16  UInt32 length N of the header
///     bytes 16..<16+N  header, UTF-8 JSON:
///                    {"metadata": {String: String},
///                     "tensors": [{"name", "kind": "parameter" | "array", "shape": [Int], "offset": Int}]}
///     then           the tensors' Float32 elements, row-major, at `offset` bytes from the end of
///                    the header, in header order (sorted by kind, then name)
///
/// Files are written atomically: to a temporary file in the same directory, flushed, then renamed
/// over the target, so a reader never sees a partial checkpoint.
public struct Checkpoint: Equatable, Sendable {
    /// The format version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("NKCKPT\r\n".utf8)

    /// Parameter values by parameter name.
    public var parameters: [String: Tensor]
    /// Auxiliary arrays by name (normalisation statistics, optimiser state, …).
    public var arrays: [String: Tensor]
    /// Free-form string metadata.
    public var metadata: [String: String]

    public init(parameters: [String: Tensor] = [:], arrays: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.parameters = parameters
        self.arrays = arrays
        self.metadata = metadata
    }

    /// A checkpoint of the current values of `parameters` (names must be unique).
    public init(parameters: [Parameter], arrays: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        var values: [String: Tensor] = [:]
        for parameter in parameters {
            precondition(values[parameter.name] == nil, "Checkpoint: two parameters are named \(parameter.name)")
            values[parameter.name] = parameter.value
        }
        self.init(parameters: values, arrays: arrays, metadata: metadata)
    }

    /// Copies the stored values into `parameters`. Fails, changing nothing, unless the checkpoint
    /// holds exactly these parameter names with exactly these shapes; the error lists every
    /// missing, unexpected and mis-shaped parameter.
    public func restore(into parameters: [Parameter]) throws {
        var problems: [String] = []
        let expected = Set(parameters.map(\.name))
        for parameter in parameters {
            guard let stored = self.parameters[parameter.name] else {
                problems.append("missing parameter \(parameter.name) \(parameter.shape)")
                continue
            }
            if stored.shape != parameter.shape {
                problems.append("parameter \(parameter.name) has shape \(stored.shape) in the checkpoint, the model expects \(parameter.shape)")
            }
        }
        for name in self.parameters.keys.sorted() where !expected.contains(name) {
            problems.append("unexpected parameter \(name) \(self.parameters[name]!.shape)")
        }
        guard problems.isEmpty else { throw CheckpointError.mismatch(problems) }
        for parameter in parameters { parameter.value = self.parameters[parameter.name]! }
    }

    private struct Header: Codable {
        struct Entry: Codable {
            var name: String
            var kind: String
            var shape: [Int]
            var offset: Int
        }
        var metadata: [String: String]
        var tensors: [Entry]
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        var entries: [Header.Entry] = []
        var body = Data()
        for (kind, tensors) in [("parameter", parameters), ("array", arrays)] {
            for name in tensors.keys.sorted() {
                let tensor = tensors[name]!
                entries.append(.init(name: name, kind: kind, shape: tensor.shape, offset: body.count))
                let bits = tensor.scalars.map { $0.bitPattern.littleEndian }
                bits.withUnsafeBytes { body.append(contentsOf: $0) }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = try encoder.encode(Header(metadata: metadata, tensors: entries))
        var data = Data(Self.magic)
        for word in [Self.formatVersion, UInt32(header.count)] {
            withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(header)
        data.append(body)
        return data
    }

    /// Decodes a checkpoint from a file's bytes; `source` names the file in errors.
    public init(decoding data: Data, source: String) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else { throw CheckpointError.notACheckpoint(source) }
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        let version = word(8)
        guard version == Self.formatVersion else {
            throw CheckpointError.unsupportedVersion(source, found: version, supported: Self.formatVersion)
        }
        let headerLength = Int(word(12))
        guard 16 + headerLength <= bytes.count else {
            throw CheckpointError.corrupt(source, "the header runs past the end of the file (truncated?)")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw CheckpointError.corrupt(source, "unreadable header: \(error)")
        }
        let bodyStart = 16 + headerLength
        var parameters: [String: Tensor] = [:], arrays: [String: Tensor] = [:]
        for entry in header.tensors {
            let count = entry.shape.reduce(1, *)
            let start = bodyStart + entry.offset, end = start + 4 * count
            guard entry.shape.allSatisfy({ $0 >= 0 }), entry.offset >= 0, end <= bytes.count else {
                throw CheckpointError.corrupt(source, "tensor \(entry.name) \(entry.shape) lies outside the file (truncated?)")
            }
            let scalars = (0..<count).map { i in Float(bitPattern: word(start + 4 * i)) }
            let tensor = Tensor(shape: entry.shape, scalars: scalars)
            switch entry.kind {
            case "parameter": parameters[entry.name] = tensor
            case "array": arrays[entry.name] = tensor
            default: throw CheckpointError.corrupt(source, "tensor \(entry.name) has unknown kind \(entry.kind)")
            }
        }
        self.init(parameters: parameters, arrays: arrays, metadata: header.metadata)
    }

    /// Writes the checkpoint to `url` atomically (temporary file in the same directory, then rename).
    public func write(to url: URL) throws {
        let data = try encoded()
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        do {
            try data.write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw CheckpointError.writeFailed(url.path, String(cString: strerror(errno)))
            }
        } catch let error as CheckpointError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CheckpointError.writeFailed(url.path, "\(error)")
        }
    }

    /// Reads the checkpoint at `url`.
    public static func read(from url: URL) throws -> Checkpoint {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CheckpointError.unreadable(url.path, "\(error.localizedDescription)")
        }
        return try Checkpoint(decoding: data, source: url.path)
    }
}

/// Why a checkpoint could not be written, read or applied.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case notACheckpoint(String)
    case unsupportedVersion(String, found: UInt32, supported: UInt32)
    case corrupt(String, String)
    case unreadable(String, String)
    case writeFailed(String, String)
    /// The checkpoint does not fit the model; one line per problem.
    case mismatch([String])

    public var description: String {
        switch self {
        case let .notACheckpoint(path): "\(path) is not a NeuralKit checkpoint (wrong magic bytes)"
        case let .unsupportedVersion(path, found, supported):
            "\(path) is a NeuralKit checkpoint of format version \(found); this build reads version \(supported)"
        case let .corrupt(path, reason): "\(path): corrupt NeuralKit checkpoint: \(reason)"
        case let .unreadable(path, reason): "cannot read checkpoint \(path): \(reason)"
        case let .writeFailed(path, reason): "cannot write checkpoint \(path): \(reason)"
        case let .mismatch(problems):
            "checkpoint does not match the model (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  "
                + problems.joined(separator: "\n  ")
        }
    }
}
