import Foundation
import LandModel
import Yams

/// Parameter files: a YAML mapping from parameter names of LSM_SPEC.md table 3A to values, e.g.
/// `g1: 3.2` — parameters not named keep their PFT default. Every value is checked against the
/// table's range, and unknown names are errors.
public enum ParameterFile {
    /// Reads overrides from `url` and applies them to `defaults`.
    public static func load(_ url: URL, over defaults: LandParameters) throws -> LandParameters {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: url.path, key: "(file)", "parameter file does not exist or is not UTF-8 text")
        }
        return try parse(text, file: url.path, over: defaults)
    }

    /// Parses YAML `text` (named `file` in errors).
    public static func parse(_ text: String, file: String, over defaults: LandParameters) throws -> LandParameters {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ConfigError(file: file, key: "(file)", "not valid YAML: \(error)")
        }
        guard let mapping = node?.mapping else {
            throw ConfigError(file: file, key: "(file)", "expected a mapping of parameter names to values, e.g. 'g1: 3.2'")
        }
        var parameters = defaults
        let names = ParameterID.allCases.map(\.rawValue).joined(separator: ", ")
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            guard let id = ParameterID(rawValue: name) else {
                throw ConfigError(file: file, key: name, "unknown parameter (known: \(names))")
            }
            guard let number = value.float, number.isFinite else {
                throw ConfigError(file: file, key: name, value: value.string ?? "\(value)", "expected a number")
            }
            let spec = id.spec
            guard (spec.minimum...spec.maximum).contains(number) else {
                throw ConfigError(file: file, key: name, value: "\(number)",
                                  "outside the range \(spec.minimum)...\(spec.maximum) \(spec.units) of LSM_SPEC.md 3A")
            }
            parameters[id] = number
        }
        return parameters
    }

    /// YAML text of a full parameter set, in table order.
    public static func yaml(_ parameters: LandParameters, comment: String? = nil) -> String {
        var lines = comment.map { ["# " + $0] } ?? []
        for id in ParameterID.allCases { lines.append("\(id.rawValue): \(parameters[id])") }
        return lines.joined(separator: "\n") + "\n"
    }
}
