import Foundation

/// The sites found in a data directory: every `<SITE>_..._Met.nc` with its matching `_Flux.nc`,
/// plus the `sites.csv` table of the directory or its parent, if there is one.
public struct SiteCatalog {
    /// One site's files.
    public struct Entry: Sendable, Hashable {
        public var code: String
        public var met: URL
        public var flux: URL?
    }

    public var directory: URL
    public var entries: [Entry]
    public var table: [String: SiteTableEntry]

    /// Scans `directory` (not recursively).
    public init(directory: URL) throws {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw DataError(file: directory.path, "data directory does not exist")
        }
        var table: [String: SiteTableEntry] = [:]
        for candidate in [directory.appendingPathComponent("sites.csv"),
                          directory.deletingLastPathComponent().appendingPathComponent("sites.csv")]
        where FileManager.default.fileExists(atPath: candidate.path) && table.isEmpty {
            for row in try SiteTable.read(candidate) { table[row.code] = row }
        }
        self.table = table
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var entries: [Entry] = []
        for name in names where name.hasSuffix("_Met.nc") {
            let stem = String(name.dropLast("_Met.nc".count))
            let fluxName = stem + "_Flux.nc"
            let flux = names.contains(fluxName) ? directory.appendingPathComponent(fluxName) : nil
            entries.append(Entry(code: String(stem.prefix { $0 != "_" }),
                                 met: directory.appendingPathComponent(name), flux: flux))
        }
        var byCode: [String: Entry] = [:]
        for entry in entries {
            if let problem = SiteCode.problem(entry.code) {
                throw DataError(file: entry.met.path, "\(problem) (the code is the file name up to the first '_')")
            }
            if let earlier = byCode[entry.code.uppercased()] {
                throw DataError(file: directory.path,
                                "site \(entry.code) has two Met files, \(earlier.met.lastPathComponent) and \(entry.met.lastPathComponent): a data directory holds one period per site (move one period to another directory)")
            }
            byCode[entry.code.uppercased()] = entry
        }
        self.entries = entries
    }

    /// Site codes in the directory, sorted.
    public var codes: [String] { entries.map(\.code) }

    /// The entry for `code`, or an error listing the codes that exist.
    public func entry(_ code: String) throws -> Entry {
        guard let e = entries.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) else {
            throw DataError(file: directory.path,
                            "no site '\(code)' (found: \(codes.joined(separator: ", ")))")
        }
        return e
    }

    /// Reads one site.
    public func load(_ code: String) throws -> SiteDataset {
        let e = try entry(code)
        return try PLUMBER2Reader(siteTable: table).read(met: e.met, flux: e.flux)
    }

    /// The default data directory: `$MDPL_DATA`, else `../shared/data/plumber2` if it exists,
    /// else `data/` (relative to the working directory).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["MDPL_DATA"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let shared = URL(fileURLWithPath: "../shared/data/plumber2")
        if FileManager.default.fileExists(atPath: shared.path) { return shared.standardizedFileURL }
        return URL(fileURLWithPath: "data")
    }
}
