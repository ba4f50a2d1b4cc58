import Foundation

/// libnetcdf (and the serial HDF5 under it) is not thread-safe: every call into it goes through
/// this process-wide lock, so concurrent readers and writers (threads, parallel tests) take turns.
public enum NetCDFLibrary {
    private static let lock = NSRecursiveLock()

    /// Runs `body` while holding the library lock.
    public static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
