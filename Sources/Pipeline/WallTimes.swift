import Foundation
import MdPLSupport

/// The wall time of every step a run computed, `metrics/wall-time.csv` (`step,sites,seconds`):
/// the ensembles, the surrogate, the sub-daily decoder and each calibration method, so that skill
/// can be read beside cost. A step whose outputs were reused (resumed, or copied from a `reuse:`
/// run directory) keeps the row of the run that computed it; a step interrupted and resumed
/// records the seconds of the part that ran last.
public struct WallTimes {
    public static let path = "metrics/wall-time.csv"
    public static let header = ["step", "sites", "seconds"]
    private let file: URL

    public init(_ directory: RunDirectory) {
        file = directory.file(Self.path)
    }

    /// The recorded rows (step, sites, seconds), in the order first recorded.
    public func rows() -> [(step: String, sites: Int, seconds: Double)] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let cells = line.split(separator: ",").map(String.init)
            guard cells.count == 3, let sites = Int(cells[1]), let seconds = Double(cells[2]) else { return nil }
            return (cells[0], sites, seconds)
        }
    }

    /// Records (or replaces) the row of `step`.
    public func record(_ step: String, sites: Int, seconds: Double) throws {
        var rows = self.rows()
        if let i = rows.firstIndex(where: { $0.step == step }) {
            rows[i] = (step, sites, seconds)
        } else {
            rows.append((step, sites, seconds))
        }
        let table = TextTable(header: Self.header, rows: rows.map { [$0.step, "\($0.sites)", Format.fixed($0.seconds, 1)] })
        try AtomicFile.write(table.csv, to: file)
    }

    /// Runs `body` and records its wall time as `step` if the manifest computed any unit meanwhile
    /// (nothing is recorded when every output was reused).
    public func measure<T>(_ step: String, sites: Int, manifests: [StageManifest], _ body: () throws -> T) throws -> T {
        let before = manifests.map(\.computedUnits)
        let start = Date()
        let value = try body()
        if zip(manifests, before).contains(where: { $0.computedUnits > $1 }) {
            try record(step, sites: sites, seconds: Date().timeIntervalSince(start))
        }
        return value
    }
}
