/// A 64-bit FNV-1a hash (Fowler, Noll & Vo) whose value depends only on the bytes fed to it, not on
/// the process (unlike `Hasher`): per-site seeds and the fingerprints of stage manifests. It detects
/// changed inputs; it is not a cryptographic hash.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    public init() {}

    /// FNV-1a of `text`'s UTF-8 bytes alone (e.g. a site code's seed offset).
    public static func of(_ text: String) -> UInt64 {
        text.utf8.reduce(StableHash().value) { ($0 ^ UInt64($1)) &* prime }
    }

    /// Feeds the UTF-8 bytes of `text` and a terminator (so "ab" + "c" differs from "a" + "bc").
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* Self.prime }
        value = (value ^ 0xff) &* Self.prime
    }

    /// Feeds one 64-bit word.
    public mutating func combine(_ word: UInt64) {
        value = (value ^ word) &* Self.prime
    }

    /// Feeds the bit patterns of `values` (NaN payloads included), word by word.
    public mutating func combine(_ values: [Double]) {
        combine(UInt64(values.count))
        for v in values { value = (value ^ v.bitPattern) &* Self.prime }
    }

    /// The value as 16 hexadecimal digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
