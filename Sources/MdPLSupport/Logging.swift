import Foundation
import Logging

/// A log handler that writes timestamped lines to a file (the run's log) and, for messages at or
/// above `consoleLevel`, to standard error.
public struct RunLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(level: event.level, label: label, message: "\(event.message)")
    }
}

/// Where log lines go: an optional file and the console. Shared by all loggers of a process.
public final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var file: FileHandle?
    /// Messages at or above this level are echoed to standard error.
    public var consoleLevel: Logger.Level

    public init(consoleLevel: Logger.Level = .notice) {
        self.consoleLevel = consoleLevel
    }

    /// Appends all further messages to `url` (the file is created if needed).
    public func attach(file url: URL) throws {
        lock.lock(); defer { lock.unlock() }
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        file = handle
    }

    func write(level: Logger.Level, label: String, message: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        let line = "\(stamp) \(level.rawValue.uppercased()) [\(label)] \(message)\n"
        lock.lock(); defer { lock.unlock() }
        file?.write(Data(line.utf8))
        if level >= consoleLevel {
            FileHandle.standardError.write(Data("\(level.rawValue): \(message)\n".utf8))
        }
    }
}

/// The process-wide log sink; `MdPLLogging.bootstrap()` routes swift-log through it.
public enum MdPLLogging {
    public static let sink = LogSink()
    nonisolated(unsafe) private static var bootstrapped = false
    private static let lock = NSLock()

    /// Installs `RunLogHandler` as the swift-log backend (idempotent).
    public static func bootstrap(level: Logger.Level = .info) {
        lock.lock(); defer { lock.unlock() }
        guard !bootstrapped else { return }
        bootstrapped = true
        LoggingSystem.bootstrap { label in
            var handler = RunLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        }
    }
}
