import FluxData
import Foundation
import LandModel
import MdPLSupport

/// The land-model ensemble of one site, as stored in the run directory: the members' calibrated
/// parameters in the unit cube and their fluxes per period — daily means (`ensemble/<SITE>.ens`)
/// or every model step (`ensemble/<SITE>.steps.ens`, for the sub-daily decoder).
///
/// File format, version 2 (little-endian): the 8 bytes `MDPLENS1`; a UInt32 n; n bytes of JSON
/// header (`EnsembleData.Header`); then Float32 arrays — unit parameters [members × parameters],
/// then for each task in header order its values [members × periods].
public struct EnsembleData: Sendable {
    public struct Header: Codable, Sendable, Equatable {
        public var formatVersion: Int
        public var site: String
        /// Calibrated parameters, in the order of the unit-parameter columns.
        public var parameters: [ParameterID]
        public var tasks: [FluxTask]
        public var members: Int
        /// Start of the first period (local standard time), number of periods and their length:
        /// 86400 s for daily means, the model step for every step.
        public var firstPeriod: CivilDateTime
        public var periods: Int
        public var periodSeconds: Int
        /// How the members were drawn: design name and seed.
        public var design: String
        public var seed: UInt64

        public init(formatVersion: Int, site: String, parameters: [ParameterID], tasks: [FluxTask], members: Int,
                    firstPeriod: CivilDateTime, periods: Int, periodSeconds: Int, design: String, seed: UInt64) {
            self.formatVersion = formatVersion
            self.site = site
            self.parameters = parameters
            self.tasks = tasks
            self.members = members
            self.firstPeriod = firstPeriod
            self.periods = periods
            self.periodSeconds = periodSeconds
            self.design = design
            self.seed = seed
        }
    }

    public static let formatVersion = 2
    static let magic = Array("MDPLENS1".utf8)

    public var header: Header
    /// members × parameters, in [0, 1].
    public var unitParameters: [[Float]]
    /// Per task: members × periods.
    public var values: [FluxTask: [[Float]]]

    public init(header: Header, unitParameters: [[Float]], values: [FluxTask: [[Float]]]) {
        self.header = header
        self.unitParameters = unitParameters
        self.values = values
    }

    /// The ensemble with further members (same parameters, tasks and periods) after its own.
    public func appending(unitParameters more: [[Float]], values moreValues: [FluxTask: [[Float]]]) -> EnsembleData {
        var copy = self
        copy.unitParameters += more
        for task in header.tasks { copy.values[task]! += moreValues[task]! }
        copy.header.members += more.count
        return copy
    }

    /// Writes the file atomically.
    public func write(to url: URL) throws {
        var data = Data(Self.magic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]          // the same run writes the same bytes
        let json = try encoder.encode(header)
        var length = UInt32(json.count).littleEndian
        data.append(Data(bytes: &length, count: 4))
        data.append(json)
        func append(_ rows: [[Float]], width: Int) {
            var flat = [Float]()
            flat.reserveCapacity(rows.count * width)
            for row in rows { precondition(row.count == width); flat.append(contentsOf: row) }
            flat.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        append(unitParameters, width: header.parameters.count)
        for task in header.tasks { append(values[task]!, width: header.periods) }
        try AtomicFile.write(data, to: url)
    }

    /// Reads and checks a file written by `write`.
    public static func read(_ url: URL) throws -> EnsembleData {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: url.path, "ensemble file does not exist")
        }
        guard data.count >= 12, Array(data.prefix(8)) == magic else {
            throw DataError(file: url.path, "not an MdPL ensemble file (bad magic)")
        }
        let length = Int(data[8..<12].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        guard data.count >= 12 + length else { throw DataError(file: url.path, "truncated ensemble header") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data[12..<(12 + length)]) } catch {
            throw DataError(file: url.path, "unreadable ensemble header: \(error)")
        }
        guard header.formatVersion == formatVersion else {
            throw DataError(file: url.path, "ensemble format version \(header.formatVersion), this MdPL reads \(formatVersion)")
        }
        let floats = header.members * (header.parameters.count + header.tasks.count * header.periods)
        guard data.count == 12 + length + 4 * floats else {
            throw DataError(file: url.path, "ensemble file has \(data.count - 12 - length) data bytes, expected \(4 * floats) (truncated?)")
        }
        var all = [Float](repeating: 0, count: floats)
        _ = all.withUnsafeMutableBytes { data[(12 + length)...].copyBytes(to: $0) }
        var offset = 0
        func take(width: Int) -> [[Float]] {
            defer { offset += header.members * width }
            return (0..<header.members).map { m in Array(all[(offset + m * width)..<(offset + (m + 1) * width)]) }
        }
        let unit = take(width: header.parameters.count)
        var values: [FluxTask: [[Float]]] = [:]
        for task in header.tasks { values[task] = take(width: header.periods) }
        return EnsembleData(header: header, unitParameters: unit, values: values)
    }
}
