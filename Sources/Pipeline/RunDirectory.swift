import FluxData
import Foundation
import MdPLSupport

/// A run's directory, `<runsDirectory>/<name>/`: the resolved config, the log, and every stage's
/// outputs. A run directory belongs to one config: reusing it with a config that differs in more
/// than its `stages` (or where the directory lives) is refused, so that outputs of earlier stages are never mixed with a changed
/// setup. One process owns it at a time (`DirectoryLock`).
public struct RunDirectory: Sendable {
    public let url: URL
    public let config: RunConfig

    /// The directory of `config`, without touching the file system.
    public init(config: RunConfig) {
        self.config = config
        url = URL(fileURLWithPath: config.runsDirectory).appendingPathComponent(config.name)
    }

    /// Creates (if needed) and locks the directory, checks that it holds no different config and
    /// records the resolved config. Call after everything else about the config was validated.
    ///
    /// - Throws: `ConfigError` if the directory holds a different config, `DirectoryLock.Busy` if
    ///   another process owns it, `RunDirectoryError` if it cannot be created or written.
    public func open(configFile: String, purpose: String, recordConfig: Bool = true) throws -> DirectoryLock {
        let lock: DirectoryLock
        do {
            lock = try DirectoryLock(directory: url, purpose: purpose)
        } catch let busy as DirectoryLock.Busy {
            throw busy
        } catch {
            throw RunDirectoryError(path: url.path, action: "create the run directory", error)
        }
        let saved = url.appendingPathComponent("config.yaml")
        if let existing = FileManager.default.contents(atPath: saved.path) {
            let text = String(decoding: existing, as: UTF8.self)
            let stored = try? ConfigLoader.parse(text, file: saved.path)
            // The stages may change (a run grows), and so may where the directory lives.
            var comparable = config
            comparable.stages = stored?.stages ?? config.stages
            comparable.runsDirectory = stored?.runsDirectory ?? config.runsDirectory
            comparable.reuse = stored?.reuse ?? config.reuse
            guard let stored, stored == comparable else {
                throw ConfigError(file: configFile, key: "name", value: config.name,
                                  "the run directory \(url.path) holds a different config (see its config.yaml); choose a new name or delete that directory")
            }
        }
        guard recordConfig else { return lock }
        do {
            try AtomicFile.write(try ConfigLoader.yaml(config), to: saved)
        } catch {
            throw RunDirectoryError(path: saved.path, action: "write", error)
        }
        return lock
    }

    /// The run's log file.
    public var logFile: URL { url.appendingPathComponent("mdpl.log") }

    /// A file inside the run directory (subdirectories are created on write).
    public func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }
}

/// A run directory that cannot be created or written, with the operating system's reason.
public struct RunDirectoryError: Error, CustomStringConvertible {
    public var path: String
    public var action: String
    public var reason: String

    public init(path: String, action: String, _ error: Error) {
        self.path = path
        self.action = action
        reason = FileSystemReason.of(error)
    }

    public var description: String { "cannot \(action) \(path): \(reason)" }
}
