import Foundation
import LandModel
import Surrogate
import Yams

/// Reads a `RunConfig` from YAML with errors that name the key and the value: type mismatches,
/// missing required keys, unknown keys (typos are not silently ignored) and rule violations.
public enum ConfigLoader {
    /// Loads and validates the config at `url`.
    public static func load(_ url: URL) throws -> RunConfig {
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: url.path, key: "(file)", "config file does not exist or is not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// Parses and validates YAML `text` (named `file` in errors).
    public static func parse(_ text: String, file: String) throws -> RunConfig {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, key: "(file)", "the config is empty")
            }
            node = composed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file, key: "(file)", "not valid YAML: \(error)")
        }
        var config: RunConfig
        do {
            config = try YAMLDecoder().decode(RunConfig.self, from: node)
        } catch let error as DecodingError {
            throw describe(error, node: node, file: file)
        }
        let resolved = try Yams.compose(yaml: try YAMLEncoder().encode(config)) ?? Node("")
        try checkUnknownKeys(node, known: resolved, path: [], file: file)
        try config.validate(file: file)
        // Last, because it reads another run's output: every check of the file itself comes first.
        if config.calibration.selectsSensitive {
            try config.calibration.resolveSensitiveParameters(file: file)
            try config.validate(file: file)   // the rules that depend on how many parameters are calibrated
        }
        return config
    }

    /// The config as YAML with every default filled in.
    public static func yaml(_ config: RunConfig) throws -> String {
        try YAMLEncoder().encode(config)
    }

    /// Rejects keys in `node` that the decoded-and-re-encoded config does not have.
    static func checkUnknownKeys(_ node: Node, known: Node, path: [String], file: String) throws {
        guard let mapping = node.mapping, let knownMapping = known.mapping else { return }
        let knownKeys = knownMapping.keys.compactMap(\.string)
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            guard let knownValue = knownMapping[key] else {
                // Optional keys that decoded to nil are absent from the re-encoded config.
                if case .scalar(let s) = value, s.string == "null" || s.string == "~" || s.string.isEmpty { continue }
                if isOptionalKey(path + [name]) { continue }
                let dotted = (path + [name]).joined(separator: ".")
                if let moved = movedKeys[dotted] {
                    throw ConfigError(file: file, key: dotted, "this key is now \(moved)")
                }
                let where_ = path.isEmpty ? "at the top level" : "in '\(path.joined(separator: "."))'"
                throw ConfigError(file: file, key: dotted,
                                  "unknown key \(where_) (known: \(knownKeys.sorted().joined(separator: ", ")))")
            }
            try checkUnknownKeys(value, known: knownValue, path: path + [name], file: file)
        }
    }

    /// Keys of earlier versions and where their setting lives now.
    static let movedKeys = [
        "ensemble.tasks": "calibration.tasks",
        "ensemble.parameters": "calibration.parameters",
        "data.irrigatedSites": "data.irrigated (a mapping of site code to true or false, e.g. {US-Tw3: true})",
    ]

    /// The valid names of the config's enumerations, by type name (for errors on unknown names).
    static let vocabulary: [String: [String]] = [
        "StageName": StageName.allCases.map(\.rawValue),
        "ParameterID": ParameterID.allCases.map(\.rawValue),
        "FluxTask": FluxTask.allCases.map(\.rawValue),
        "DesignKind": DesignKind.allCases.map(\.rawValue),
        "SoilTexture": SoilTexture.allCases.map(\.rawValue),
    ]

    /// Stage names of earlier versions.
    static let movedStages = [
        "mdpl": "the stage is now 'calibration', with the methods in calibration.methods (e.g. [mdpl, sce-ua])",
        "sce-ua": "SCE-UA is now a calibration method: add 'calibration' to stages and 'sce-ua' to calibration.methods",
    ]

    /// Keys whose value may be nil (absent when re-encoded).
    static func isOptionalKey(_ path: [String]) -> Bool {
        ["data.directory", "calibration.sensitive"].contains(path.joined(separator: "."))
    }

    static func describe(_ error: DecodingError, node: Node, file: String) -> ConfigError {
        func pathText(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        func value(at path: [CodingKey]) -> String? {
            var current: Node? = node
            for key in path {
                if let i = key.intValue, let seq = current?.sequence, i < seq.count { current = seq[i] }
                else { current = current?.mapping?[Node(key.stringValue)] }
            }
            guard let current else { return nil }
            if let s = current.scalar { return s.string }
            return (try? Yams.serialize(node: current))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigError(file: file, key: pathText(context.codingPath), value: value(at: context.codingPath),
                               "expected \(friendly(type))")
        case .valueNotFound(let type, let context):
            return ConfigError(file: file, key: pathText(context.codingPath), "a value (\(friendly(type))) is required")
        case .keyNotFound(let key, let context):
            return ConfigError(file: file, key: pathText(context.codingPath + [key]), "required key is missing")
        case .dataCorrupted(let context):
            let shown = value(at: context.codingPath)
            // Swift's "Cannot initialize T from invalid String value x": name the valid values.
            if let type = vocabulary.keys.first(where: { context.debugDescription.contains("initialize \($0) from") }) {
                if type == "StageName", let shown, let moved = movedStages[shown] {
                    return ConfigError(file: file, key: pathText(context.codingPath), value: shown, moved)
                }
                return ConfigError(file: file, key: pathText(context.codingPath), value: shown,
                                   "not one of: \(vocabulary[type]!.joined(separator: ", "))")
            }
            return ConfigError(file: file, key: pathText(context.codingPath), value: shown, context.debugDescription)
        @unknown default:
            return ConfigError(file: file, key: "(unknown)", "\(error)")
        }
    }

    static func friendly(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "true or false"
        case is Int.Type: return "a whole number"
        case is UInt64.Type: return "a whole number from 0 to 18446744073709551615"
        case is Double.Type: return "a number"
        case is String.Type: return "text"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a \(name)"
        }
    }
}
