import FluxData
import Foundation
import Testing

@Suite struct WriterRoundTripTests {
    @Test func writtenSeriesReadBackWithAttributesAndFlags() throws {
        let dir = Fixture.directory()
        let time = TimeAxis(start: CivilDateTime(year: 2005, month: 3, day: 1), stepSeconds: 1800, count: 96)
        let site = SiteInfo(code: "XX-Rnd", name: "Round trip", latitude: 45.5, longitude: 9.25, elevation: 120,
                            referenceHeight: 3.5, canopyHeight: nil, igbp: "CRO", utcOffsetHours: 1,
                            utcOffsetSource: "file")
        let qle = (0..<96).map { $0 == 7 ? Double.nan : Double($0) * 1.5 }
        let qc: [Int8] = (0..<96).map { $0 % 4 == 0 ? QualityFlag.unknown : Int8($0 % 4) }
        let url = dir.appendingPathComponent("XX-Rnd_out.nc")
        try ALMAWriter.write(to: url, site: site, time: time, variables: [
            OutputVariable(name: "Qle", units: "W/m2", longName: "Latent heat flux", values: qle, qc: qc),
        ], title: "test")

        let file = try NetCDFFile(path: url.path)
        #expect(file.textAttribute("Qle", "units") == "W/m2")
        #expect(file.textAttribute("time", "units") == "seconds since 2005-01-01 00:00:00")
        #expect(file.numericAttribute(nil, "utc_offset_hours") == 1)
        #expect(try file.readText("IGBP_veg_short") == "CRO")
        #expect(try file.readDoubles("reference_height") == [3.5])
        #expect(try file.readDoubles("canopy_height").first?.isNaN == true)
        let back = try file.readDoubles("Qle")
        for i in 0..<96 {
            if qle[i].isNaN { #expect(back[i].isNaN) } else { #expect(back[i] == Double(Float(qle[i]))) }
        }
        let axis = try TimeAxis.decode(values: try file.readDoubles("time"),
                                       units: file.textAttribute("time", "units"), file: url.path)
        #expect(axis == time)
        let flags = try file.readDoubles("Qle_qc").map(QualityFlag.code)
        #expect(flags == qc)
        // No temporary file is left next to the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func lengthMismatchIsAnErrorAndLeavesNoFile() {
        let dir = Fixture.directory()
        let url = dir.appendingPathComponent("bad.nc")
        let time = TimeAxis(start: CivilDateTime(year: 2005, month: 1, day: 1), stepSeconds: 1800, count: 10)
        let site = SiteInfo(code: "XX", latitude: 0, longitude: 0, igbp: "GRA", utcOffsetHours: 0, utcOffsetSource: "file")
        #expect(throws: DataError.self) {
            try ALMAWriter.write(to: url, site: site, time: time,
                                 variables: [OutputVariable(name: "Qh", units: "W/m2", longName: "x", values: [1, 2])],
                                 title: "t")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
