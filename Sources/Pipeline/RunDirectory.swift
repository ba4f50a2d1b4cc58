import FluxData
import Foundation
import MdPLSupport

/// A run's directory, `<runsDirectory>/<name>/`: the resolved config, the log, and every stage's
/// outputs. A run directory belongs to one config: reusing it with a different config is refused,
/// so that outputs of earlier stages are never mixed with a changed setup.
public struct RunDirectory: Sendable {
    public let url: URL
    public let config: RunConfig

    /// Opens (creating if needed) the run directory of `config` and records the resolved config.
    ///
    /// - Throws: `ConfigError` if the directory already holds a different config.
    public init(config: RunConfig, configFile: String) throws {
        self.config = config
        url = URL(fileURLWithPath: config.runsDirectory).appendingPathComponent(config.name)
        let resolved = try ConfigLoader.yaml(config)
        let saved = url.appendingPathComponent("config.yaml")
        if let existing = FileManager.default.contents(atPath: saved.path),
           let text = String(data: existing, encoding: .utf8), text != resolved {
            throw ConfigError(file: configFile, key: "name", value: config.name,
                              "the run directory \(url.path) holds a different config (see its config.yaml); choose a new name or delete that directory")
        }
        try AtomicFile.write(resolved, to: saved)
    }

    /// The run's log file.
    public var logFile: URL { url.appendingPathComponent("mdpl.log") }

    /// A file inside the run directory (subdirectories are created on write).
    public func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

    /// Whether a stage output exists (stages reuse complete outputs when a run resumes).
    public func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: file(relativePath).path)
    }
}
