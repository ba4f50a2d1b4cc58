import FluxData
import Foundation
import Testing

/// Reading PLUMBER2-layout files built by the tests, and the errors for broken ones.
@Suite struct ReaderTests {
    let dir = Fixture.directory()

    func pair(days: Int = 2, met: [Fixture.Variable]? = nil, flux: [Fixture.Variable]? = nil,
              metTimes: [Double]? = nil, fluxTimes: [Double]? = nil) -> (URL, URL) {
        let n = 48 * days
        let metURL = dir.appendingPathComponent("XX-Tst_2005-2005_Test_Met.nc")
        let fluxURL = dir.appendingPathComponent("XX-Tst_2005-2005_Test_Flux.nc")
        Fixture.write(metURL, times: metTimes ?? Fixture.halfHourly(days: days), variables: met ?? Fixture.met(n))
        Fixture.write(fluxURL, times: fluxTimes ?? Fixture.halfHourly(days: days), variables: flux ?? Fixture.flux(n))
        return (metURL, fluxURL)
    }

    func readError(_ met: URL, _ flux: URL?) -> DataError? {
        #expect(throws: DataError.self) { _ = try PLUMBER2Reader().read(met: met, flux: flux) }
    }

    @Test func readsForcingFluxesFlagsAndSiteInfo() throws {
        let (met, flux) = pair()
        let site = try PLUMBER2Reader().read(met: met, flux: flux)
        #expect(site.info.code == "XX-Tst")
        #expect(site.info.igbp == "GRA")
        #expect(site.info.utcOffsetHours == 1 && site.info.utcOffsetSource == "longitude")  // round(9/15)
        #expect(site.time.count == 96 && site.time.stepSeconds == 1800)
        #expect(site.forcingValues(.LWdown).allSatisfy { $0 == 320 })
        let qle = try #require(site.fluxes[.Qle])
        #expect(qle.values[5] == 5 && qle.qc[5] == 2)
        // Qh has no _qc variable: its quality is unknown.
        #expect(site.fluxes[.Qh]?.qc.allSatisfy { $0 == QualityFlag.unknown } == true)
    }

    @Test func missingForcingVariableIsNamed() {
        let (met, flux) = pair(met: Fixture.met(96, dropping: ["LWdown"]))
        let e = readError(met, flux)
        #expect(e?.variable == "LWdown")
        #expect(e?.file == met.path)
        #expect(e?.problem.contains("missing") == true)
    }

    @Test func tairInCelsiusUnitsIsRejected() {
        let celsius = Fixture.Variable(name: "Tair", units: "degC", values: [Float](repeating: 15, count: 96))
        let e = readError(pair(met: Fixture.met(96, replacing: ["Tair": celsius])).0, nil)
        #expect(e?.variable == "Tair")
        #expect(e?.problem.contains("K") == true)
    }

    @Test func tairInCelsiusValuesUnderKelvinUnitsIsRejected() {
        let celsius = Fixture.Variable(name: "Tair", units: "K", values: [Float](repeating: 15, count: 96))
        let e = readError(pair(met: Fixture.met(96, replacing: ["Tair": celsius])).0, nil)
        #expect(e?.variable == "Tair")
        #expect(e?.problem.contains("°C") == true)
    }

    @Test func misalignedMetAndFluxAxesAreRejected() {
        let (met, flux) = pair(fluxTimes: Fixture.halfHourly(days: 2).map { $0 + 1800 })
        let e = readError(met, flux)
        #expect(e?.file == flux.path)
        #expect(e?.variable == "time")
        #expect(e?.problem.contains("differ") == true)
    }

    @Test func irregularTimeAxisIsRejected() {
        var times = Fixture.halfHourly(days: 2)
        times[10] += 600
        let e = readError(pair(metTimes: times).0, nil)
        #expect(e?.variable == "time")
        #expect(e?.problem.contains("irregular") == true)
    }

    @Test func truncatedFileIsRejected() throws {
        let (met, _) = pair()
        let data = try Data(contentsOf: met)
        let truncated = dir.appendingPathComponent("YY-Cut_2005-2005_Test_Met.nc")
        try data.prefix(data.count / 2).write(to: truncated)
        let e = readError(truncated, nil)
        #expect(e?.file == truncated.path)
        #expect(e?.problem.contains("truncated") == true)
    }

    @Test func fluxMissingEverywhereIsRejected() {
        let (met, flux) = pair(flux: Fixture.flux(96, qle: [Float](repeating: -9999, count: 96)))
        let e = readError(met, flux)
        #expect(e?.variable == "Qle")
        #expect(e?.problem.contains("every one of the 96 steps") == true)
    }

    @Test func forcingGapIsRejectedWithItsTime() {
        var sw = Fixture.met(96)[0]
        sw.values[50] = -9999
        let e = readError(pair(met: Fixture.met(96, replacing: ["SWdown": sw])).0, nil)
        #expect(e?.variable == "SWdown")
        #expect(e?.problem.contains("2005-01-02 01:00") == true)
    }

    @Test func outOfRangeFluxesAreRemovedAndCounted() throws {
        var qle = (0..<96).map { Float($0 % 48) }
        qle[3] = 5000
        let (met, flux) = pair(flux: Fixture.flux(96, qle: qle))
        let site = try PLUMBER2Reader().read(met: met, flux: flux)
        #expect(site.fluxes[.Qle]?.values[3].isNaN == true)
        #expect(site.rangeRemovals["Qle"] == 1)
    }

    @Test func missingCO2FallsBackToTheGlobalMeanFlaggedSynthesised() throws {
        let (met, _) = pair(met: Fixture.met(96, dropping: ["CO2air"]))
        let site = try PLUMBER2Reader().read(met: met, flux: nil)
        #expect(site.forcing[.CO2air]?.values.first == GlobalCO2.annualMean(year: 2005))
        #expect(site.forcing[.CO2air]?.qc.first == QualityFlag.synthesised)
    }
}
