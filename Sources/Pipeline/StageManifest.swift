import Foundation
import MdPLSupport

/// What a stage's outputs were made from: per output unit (a site, or `all` for outputs made from
/// every site at once) a fingerprint of the config entries and inputs that determine them,
/// stored as `<folder>/manifest.json`. Outputs are reused only when their unit's recorded
/// fingerprint equals the one the current run computes and every output file exists; a unit
/// whose inputs changed is computed again. A unit is recorded only after its outputs are written,
/// so an interrupted stage leaves unrecorded outputs, which are recomputed, never trusted. Outputs
/// of another run directory listed in the config's `reuse:` are copied when that run recorded the
/// same fingerprint for the unit (e.g. several experiments sharing one ensemble and surrogate).
///
/// Safe to use from several threads (sites computed in parallel record concurrently).
public final class StageManifest: @unchecked Sendable {
    /// The unit of outputs made from every site together.
    public static let wholeStage = "all"

    public let file: URL
    private let lock = NSLock()
    private var entries: [String: String]
    /// The same folder in the run directories the config allows to reuse (`reuse:`).
    private let donors: [(folder: URL, entries: [String: String])]
    private let folder: URL
    private var computed = 0

    /// How many units this manifest has computed (not reused or adopted) since it was opened.
    public var computedUnits: Int { lock.withLock { computed } }

    private struct Stored: Codable {
        var folder: String
        var fingerprints: [String: String]
    }

    /// Opens the manifest of `folder` in `directory` (empty if there is none or it is unreadable).
    public init(_ directory: RunDirectory, folder: String) {
        file = directory.file("\(folder)/manifest.json")
        self.folder = directory.file(folder)
        func read(_ url: URL) -> [String: String] {
            FileManager.default.contents(atPath: url.path).flatMap { try? JSONDecoder().decode(Stored.self, from: $0) }?.fingerprints ?? [:]
        }
        entries = read(file)
        donors = directory.config.reuse.map { URL(fileURLWithPath: $0).appendingPathComponent(folder) }
            .map { ($0, read($0.appendingPathComponent("manifest.json"))) }
    }

    /// Copies `unit`'s outputs — and the donor's further files of the folder that `companions`
    /// accepts (relative paths), such as a method's history files — from a run directory of
    /// `reuse:` that made them from inputs with the same fingerprint; true if it did.
    private func adopt(_ unit: String, fingerprint: String, outputs: [URL], companions: (String) -> Bool) -> Bool {
        let base = folder.standardizedFileURL.path
        for donor in donors where donor.entries[unit] == fingerprint {
            let sources = outputs.map { output -> URL in
                let relative = output.standardizedFileURL.path.hasPrefix(base + "/") ? String(output.standardizedFileURL.path.dropFirst(base.count + 1))
                    : output.lastPathComponent
                return donor.folder.appendingPathComponent(relative)
            }
            guard sources.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) else { continue }
            do {
                for (source, output) in zip(sources, outputs) {
                    try AtomicFile.write(try Data(contentsOf: source), to: output)
                }
                let root = donor.folder.standardizedFileURL.path
                if let enumerator = FileManager.default.enumerator(at: donor.folder, includingPropertiesForKeys: [.isRegularFileKey]) {
                    for case let file as URL in enumerator {
                        let relative = String(file.standardizedFileURL.path.dropFirst(root.count + 1))
                        guard relative != "manifest.json", !relative.hasPrefix("."),
                              (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, companions(relative) else { continue }
                        let target = folder.appendingPathComponent(relative)
                        if !FileManager.default.fileExists(atPath: target.path) {
                            try AtomicFile.write(try Data(contentsOf: file), to: target)
                        }
                    }
                }
                return true
            } catch {
                continue
            }
        }
        return false
    }

    /// Whether `unit`'s outputs exist and were made from inputs with `fingerprint`.
    public func isCurrent(_ unit: String, fingerprint: String, outputs: [URL]) -> Bool {
        lock.lock()
        let recorded = entries[unit]
        lock.unlock()
        return recorded == fingerprint && outputs.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Records that `unit`'s outputs (already written) were made from inputs with `fingerprint`.
    public func record(_ unit: String, fingerprint: String) throws {
        lock.lock(); defer { lock.unlock() }
        entries[unit] = fingerprint
        try write()
    }

    /// Forgets `unit` (before its outputs are rewritten).
    public func invalidate(_ unit: String) throws {
        lock.lock(); defer { lock.unlock() }
        guard entries.removeValue(forKey: unit) != nil else { return }
        try write()
    }

    private func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let folder = file.deletingLastPathComponent().lastPathComponent
        try AtomicFile.write(try encoder.encode(Stored(folder: folder, fingerprints: entries)), to: file)
    }

    /// The unit's outputs as `load` reads them: reused when current, else first made by `compute`
    /// (which writes them) and recorded. What the run goes on with is always what the files hold
    /// (e.g. float32 NetCDF values), so a resumed run sees exactly what an uninterrupted one saw.
    public func reuseOrCompute<T>(_ unit: String, fingerprint: String, outputs: [URL], companions: (String) -> Bool = { _ in false },
                                  load: () throws -> T, compute: () throws -> Void) throws -> T {
        if isCurrent(unit, fingerprint: fingerprint, outputs: outputs), let stored = try? load() { return stored }
        try invalidate(unit)
        if !adopt(unit, fingerprint: fingerprint, outputs: outputs, companions: companions) {
            try compute()
            lock.withLock { computed += 1 }
        }
        try record(unit, fingerprint: fingerprint)
        return try load()
    }
}

/// A fingerprint under construction: config entries (as sorted JSON), texts and inputs' own
/// fingerprints, combined in order.
public struct Fingerprint {
    private var hash = StableHash()

    /// Starts the fingerprint of `what` (a stage or method name with its output format version:
    /// bump the version when the code changes what the outputs hold).
    public init(_ what: String, version: Int) {
        hash.combine(what)
        hash.combine(UInt64(version))
    }

    /// Adds a config entry (any Encodable value, encoded as JSON with sorted keys).
    public mutating func add<T: Encodable>(_ label: String, _ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hash.combine(label)
        hash.combine((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)")
    }

    /// Adds a text (e.g. another fingerprint).
    public mutating func add(_ text: String) { hash.combine(text) }

    public var hex: String { hash.hex }
}
