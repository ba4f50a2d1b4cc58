import FluxData
import LandModel
import SyntheticSites
import Testing

/// Ensemble mode gives the same outputs as scalar runs with the same parameters, bit for bit.
@Suite struct EnsembleTests {
    static func members(_ count: Int) -> [LandParameters] {
        var g = SyntheticForcing.Generator(state: 11)
        return (0..<count).map { _ in LandParameters { id in id.spec.value(fromUnit: 0.1 + 0.8 * g.next()) } }
    }

    /// One member (run through the scalar path) and a full vector plus a partial one, regrouped by
    /// root depth.
    @Test(arguments: [1, Lanes.width + 3])
    func nativeOutputsEqualScalarRuns(count: Int) {
        let forcing = SyntheticForcing.prepared(days: 40)
        let members = Self.members(count)
        let fields = OutputField.allCases
        let result = Ensemble.run(forcing, members: members, recording: EnsembleRecording(fields: fields, resolution: .native),
                                  threads: 2)
        #expect(result.memberCount == count)
        for (m, p) in members.enumerated() {
            let scalar = Simulation.run(forcing, parameters: p)
            #expect(result.spinUpCycles[m] == scalar.spinUpCycles)
            for field in fields {
                #expect(result.values[field]![m] == scalar[field], "member \(m) \(field)")
            }
        }
    }

    /// Three vectors' worth of members plus one, whose spin-ups take different numbers of cycles, on
    /// one and on two threads: lanes are refilled as members settle, and every member still gets
    /// its own scalar spin-up and outputs.
    @Test(arguments: [1, 2])
    func refilledSpinUpGivesEachMemberItsScalarRun(threads: Int) {
        let forcing = SyntheticForcing.prepared(days: 60)
        let members = Self.members(3 * Lanes.width + 1)
        let fields: [OutputField] = [.Qle, .Qh, .NEE]
        let result = Ensemble.run(forcing, members: members, recording: EnsembleRecording(fields: fields, resolution: .native),
                                  threads: threads)
        #expect(Set(result.spinUpCycles).count > 1, "the members must settle after different numbers of cycles")
        for (m, p) in members.enumerated() {
            let scalar = Simulation.run(forcing, parameters: p)
            #expect(result.spinUpCycles[m] == scalar.spinUpCycles, "member \(m)")
            for field in fields { #expect(result.values[field]![m] == scalar[field], "member \(m) \(field)") }
        }
    }

    @Test func dailyMeansAreMeansOfTheScalarRun() {
        let forcing = SyntheticForcing.prepared(days: 30)
        let members = Self.members(3)
        let result = Ensemble.run(forcing, members: members, recording: EnsembleRecording(fields: [.Qle, .NEE], resolution: .daily))
        #expect(result.periods.count == 30)
        for (m, p) in members.enumerated() {
            let scalar = Simulation.run(forcing, parameters: p)
            for day in 0..<30 {
                let slice = scalar[.Qle][(day * 48)..<((day + 1) * 48)]
                let mean = slice.reduce(0, +) / 48
                #expect(abs(result.values[.Qle]![m][day] - mean) <= 1e-12 * max(1, abs(mean)))
            }
        }
    }

    @Test func aSingleMembersDailyMeansAreThoseOfItsLane() {
        let forcing = SyntheticForcing.prepared(days: 30)
        let members = Self.members(3)
        let recording = EnsembleRecording(fields: [.Qle, .Qh, .NEE], resolution: .daily)
        let vector = Ensemble.run(forcing, members: members, recording: recording)
        for (m, p) in members.enumerated() {
            let single = Ensemble.run(forcing, members: [p], recording: recording)
            #expect(single.spinUpCycles == [vector.spinUpCycles[m]])
            for field in recording.fields { #expect(single.values[field]![0] == vector.values[field]![m], "member \(m) \(field)") }
        }
    }

    @Test func irrigatedSiteEnsembleMatchesToo() {
        var site = SyntheticForcing.site
        site.irrigated = true
        let forcing = SyntheticForcing.prepared(days: 20, precipitation: false, site: site)
        let members = Self.members(2)
        let result = Ensemble.run(forcing, members: members, recording: EnsembleRecording(fields: [.Qle, .Irrigation], resolution: .native))
        for (m, p) in members.enumerated() {
            #expect(result.values[.Irrigation]![m] == Simulation.run(forcing, parameters: p)[.Irrigation])
        }
    }
}
