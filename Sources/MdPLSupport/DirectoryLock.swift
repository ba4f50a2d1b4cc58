import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a directory (`flock` on its `.lock` file), held while the value lives: one
/// process owns a run directory at a time. The lock file names the process that holds it, so a
/// second process can say who it is waiting for; the kernel releases the lock when the holder
/// exits, however it exits.
public final class DirectoryLock {
    private let descriptor: Int32
    public let file: URL

    /// Why a lock could not be taken.
    public struct Busy: Error, CustomStringConvertible {
        public var directory: String
        public var holder: String
        public var description: String {
            "\(directory) is in use by another mdpl process (\(holder)); wait for it to finish or stop it"
        }
    }

    /// Takes the lock of `directory` (created if needed) without waiting.
    ///
    /// - Throws: `Busy` naming the holding process if another process holds it.
    public init(directory: URL, purpose: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        file = directory.appendingPathComponent(".lock")
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [
                NSLocalizedDescriptionKey: "cannot open the lock file \(file.path): \(String(cString: strerror(errno)))"])
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOf: file, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw Busy(directory: directory.path, holder: holder.isEmpty ? "unknown process" : holder)
        }
        descriptor = fd
        let text = "pid \(getpid()): \(purpose)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
