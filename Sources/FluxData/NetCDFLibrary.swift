import CNetCDF
import Foundation

/// libnetcdf (and the serial HDF5 under it) is not thread-safe: every call into it goes through
/// this process-wide lock, so concurrent readers and writers (threads, parallel tests) take turns.
public enum NetCDFLibrary {
    private static let lock = NSRecursiveLock()

    /// Runs `body` while holding the library lock.
    ///
    /// Missing optional attributes are normal and MdPL reports its own errors (naming file and
    /// variable), so HDF5's automatic error printing is turned off first: the setting is per
    /// thread in Debian's thread-safe HDF5 build, and the calls come from many threads.
    public static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = H5Eset_auto2(0, nil, nil)
        return try body()
    }
}
