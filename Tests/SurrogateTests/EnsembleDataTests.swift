import FluxData
import Foundation
import LandModel
import Surrogate
import Testing

@Suite struct EnsembleDataTests {
    static func sample() -> EnsembleData {
        let header = EnsembleData.Header(formatVersion: EnsembleData.formatVersion, site: "XX-Ens", parameters: [.g1, .zRoot],
                                         tasks: [.Qle, .Qh], members: 3, firstPeriod: CivilDateTime(year: 2005, month: 1, day: 1),
                                         periods: 4, periodSeconds: 86400, design: "lhs", seed: 7)
        let unit: [[Float]] = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
        let qle: [[Float]] = (0..<3).map { m in (0..<4).map { Float(m * 10 + $0) } }
        let qh: [[Float]] = (0..<3).map { m in (0..<4).map { -Float(m * 10 + $0) } }
        return EnsembleData(header: header, unitParameters: unit, values: [.Qle: qle, .Qh: qh])
    }

    func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-ens-\(UUID().uuidString).ens")
    }

    @Test func roundTrip() throws {
        let url = temporary()
        let data = Self.sample()
        try data.write(to: url)
        let back = try EnsembleData.read(url)
        #expect(back.header == data.header)
        #expect(back.unitParameters == data.unitParameters)
        #expect(back.values == data.values)
    }

    /// Determinism down to the bytes: the same data always gives the same file.
    @Test func sameDataSameBytes() throws {
        let a = temporary(), b = temporary()
        try Self.sample().write(to: a)
        try Self.sample().write(to: b)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func truncatedFileIsRejected() throws {
        let url = temporary()
        try Self.sample().write(to: url)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 4).write(to: url)
        let e = #expect(throws: DataError.self) { _ = try EnsembleData.read(url) }
        #expect(e?.problem.contains("truncated") == true)
        #expect(e?.file == url.path)
    }

    @Test func otherFilesAreRejected() throws {
        let url = temporary()
        try Data("not an ensemble".utf8).write(to: url)
        #expect(throws: DataError.self) { _ = try EnsembleData.read(url) }
    }
}
