import FluxData
import Foundation
import Testing

/// The shared real sites (`../shared/data` next to the repository).
enum SharedData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static let plumber2 = root.appendingPathComponent("plumber2")
    static let daily = root.appendingPathComponent("daily")
    static let raw = root.appendingPathComponent("raw")
    static var available: Bool { FileManager.default.fileExists(atPath: plumber2.path) }
}

@Suite(.enabled(if: SharedData.available, "needs ../shared/data"))
struct RealSiteTests {
    @Test func readsEveryHalfHourlySite() throws {
        let catalog = try SiteCatalog(directory: SharedData.plumber2)
        #expect(catalog.entries.count == 10)
        for code in catalog.codes {
            let site = try catalog.load(code)
            #expect(site.time.stepSeconds == 1800, "\(code)")
            #expect(site.fluxes[.Qle] != nil && site.fluxes[.Qh] != nil, "\(code)")
            for v in ForcingVariable.allCases {
                #expect(site.forcing[v]?.values.allSatisfy(\.isFinite) == true, "\(code) \(v)")
            }
            #expect(PLUMBER2ReaderExpectations.offsets[code] == site.info.utcOffsetHours, "\(code)")
        }
    }

    @Test func unmodifiedPLUMBER2FilesMatchTheirKnownContents() throws {
        let catalog = try SiteCatalog(directory: SharedData.plumber2)
        let fou = try catalog.load("DK-Fou")
        #expect(fou.info.igbp == "CRO")
        #expect(fou.info.referenceHeight == 3.5)
        #expect(fou.time.start == CivilDateTime(year: 2005, month: 1, day: 1) && fou.time.count == 17520)
        #expect(fou.info.utcOffsetSource == "site table")   // genuine PLUMBER2 files carry no offset
        // LWdown is entirely ERA-Interim there (qc 4).
        #expect(fou.forcing[.LWdown]?.qc.allSatisfy { $0 == 4 } == true)
        let wi7 = try catalog.load("US-Wi7")
        #expect(wi7.info.referenceHeight == nil)            // no reference_height variable in the file
        #expect(wi7.info.igbp == "OSH")
        #expect(wi7.forcing[.CO2air]?.values.allSatisfy { abs($0 - 379.98) < 0.01 } == true)
        let tw3 = try catalog.load("US-Tw3")
        #expect(tw3.time.start == CivilDateTime(year: 2017, month: 5, day: 11) && tw3.time.count == 18720)
        let hyy = try catalog.load("FI-Hyy")
        #expect(hyy.fluxes[.NEE] == nil)
        #expect(hyy.fluxes[.Qle]?.qc.allSatisfy { $0 == QualityFlag.unknown } == true)
    }

    @Test func readsEveryDailySite() throws {
        let catalog = try SiteCatalog(directory: SharedData.daily)
        #expect(catalog.entries.count == 35)
        for code in catalog.codes {
            let site = try catalog.load(code)
            #expect(site.time.stepSeconds == 86400, "\(code)")
            #expect(site.fluxes[.Qle_cor] != nil, "\(code)")
        }
    }

    /// LSM_SPEC.md 1.2 self-test: on clear days the SWdown-weighted centroid of the day lies within
    /// 30 min of solar noon computed from the UTC offset, longitude and the equation of time.
    @Test func solarNoonMatchesTheShortwaveCycle() throws {
        let catalog = try SiteCatalog(directory: SharedData.plumber2)
        for code in catalog.codes {
            let site = try catalog.load(code)
            let clock = site.info.clock
            let sw = site.forcingValues(.SWdown)
            let days = TimeGroups(site.time, scale: .daily)
            var offsets: [Double] = []
            for r in days.ranges where r.count == 48 {
                var weight = 0.0, moment = 0.0, noonOffset = 0.0
                for i in r {
                    let t = site.time.time(at: i)
                    let localMid = Double(t.secondOfDay + 900) / 3600
                    let solar = clock.solarHour(t, stepSeconds: 1800)
                    let d = localMid - solar                    // local − solar, up to whole days
                    noonOffset = d - 24 * (d / 24).rounded()
                    weight += sw[i]
                    moment += sw[i] * localMid
                }
                guard weight > 0 else { continue }
                let centroid = moment / weight
                offsets.append((centroid - (12 + noonOffset)) * 60)
            }
            offsets.sort()
            let median = offsets[offsets.count / 2]
            #expect(abs(median) < 30, "\(code): SWdown centroid − solar noon = \(median) min")
        }
    }
}

enum PLUMBER2ReaderExpectations {
    /// UTC offsets from the data README.
    static let offsets: [String: Double] = [
        "DK-Fou": 1, "US-Wi7": -6, "CN-Cng": 8, "FR-Pue": 1, "FR-Hes": 1, "US-Tw3": -8, "US-CRT": -5,
        "FI-Hyy": 2, "DE-Tha": 1, "US-Whs": -7,
    ]
}
