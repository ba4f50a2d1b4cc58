import Foundation

/// Writes files atomically: the content goes to a temporary file in the destination's directory,
/// which is then renamed over the destination. A reader never sees a half-written file, and an
/// interrupted write leaves the previous version intact.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating parent directories as needed.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes UTF-8 `text` to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Writes `text` to `url` atomically unless the file already holds exactly that text (derived
    /// files rewritten on every run keep their time stamps).
    public static func update(_ text: String, at url: URL) throws {
        if FileManager.default.contents(atPath: url.path) == Data(text.utf8) { return }
        try write(text, to: url)
    }

    /// Runs `produce` with a temporary path next to `url` (for writers, such as libnetcdf, that
    /// need a path), then renames the temporary file over `url`. On error the temporary file is
    /// removed and `url` is left untouched.
    public static func produce(at url: URL, _ produce: (URL) throws -> Void) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(for: url)
        do {
            try produce(temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A hidden sibling of `url` with a unique suffix; same directory, so rename is atomic.
    static func temporaryURL(for url: URL) -> URL {
        let name = ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)"
            + ".\(UInt32.random(in: 0...UInt32.max)).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name)
    }

    private static func replace(_ destination: URL, with temporary: URL) throws {
        if rename(temporary.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSLocalizedDescriptionKey: "cannot move \(temporary.path) to \(destination.path): \(reason)"
            ])
        }
    }
}
