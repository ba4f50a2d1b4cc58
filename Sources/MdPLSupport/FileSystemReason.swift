import Foundation

/// The operating system's reason for a failed file operation ("Permission denied", "File name too
/// long", "No space left on device"), instead of Foundation's raw error text.
public enum FileSystemReason {
    public static func of(_ error: Error) -> String {
        let ns = error as NSError
        let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError }
        for candidate in [underlying, ns] {
            if let candidate, candidate.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(candidate.code)))
            }
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
            case .fileWriteFileExists: return "A file of that name exists"
            case .fileWriteInvalidFileName: return "Invalid file name (too long, or with characters the file system refuses)"
            default: break
            }
        }
        if let described = ns.userInfo[NSLocalizedDescriptionKey] as? String { return described }
        return "\(error)"
    }
}
