import Foundation
import Pipeline
import Testing

@Suite struct ConfigTests {
    func error(_ yaml: String) -> ConfigError? {
        #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse(yaml, file: "c.yaml") }
    }

    @Test func smallestConfigGetsDefaults() throws {
        let c = try ConfigLoader.parse("name: demo\n", file: "c.yaml")
        #expect(c.name == "demo" && c.seed == 42)
        #expect(c.data.sites == ["all"] && c.data.quality.maxQC == 0 && c.data.quality.includeUnknown)
    }

    @Test func nestedValuesAreRead() throws {
        let c = try ConfigLoader.parse("""
            name: demo
            seed: 7
            data:
              sites: [DK-Fou, FR-Hes]
              quality: {maxQC: 2, includeUnknown: false}
            """, file: "c.yaml")
        #expect(c.seed == 7 && c.data.sites == ["DK-Fou", "FR-Hes"])
        #expect(c.data.quality == .init(maxQC: 2, includeUnknown: false))
    }

    @Test func typeErrorNamesKeyAndValue() {
        let e = error("name: demo\ndata:\n  quality:\n    maxQC: lots\n")
        #expect(e?.key == "data.quality.maxQC")
        #expect(e?.value == "lots")
        #expect(e?.problem.contains("whole number") == true)
    }

    @Test func unknownKeyIsRejected() {
        let e = error("name: demo\ndata:\n  maxQc: 1\n")
        #expect(e?.key == "data.maxQc")
        #expect(e?.problem.contains("unknown key") == true)
    }

    @Test func ruleViolationNamesKeyAndValue() {
        let e = error("name: demo\ndata:\n  quality: {maxQC: 9}\n")
        #expect(e?.key == "data.quality.maxQC" && e?.value == "9")
    }

    @Test func missingNameIsReported() {
        #expect(error("seed: 3\n")?.key == "name")
    }

    @Test func resolvedConfigRoundTrips() throws {
        let c = try ConfigLoader.parse("name: demo\ndata: {directory: /tmp/x}\n", file: "c.yaml")
        let again = try ConfigLoader.parse(try ConfigLoader.yaml(c), file: "resolved.yaml")
        #expect(again == c)
    }
}

@Suite struct ParameterDocumentTests {
    /// docs/parameters.md is the rendering of the code's parameter table (regenerate with
    /// `mdpl params --markdown`, see ParameterTableReport.document).
    @Test func documentMatchesTheTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/parameters.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == ParameterTableReport.document)
    }
}

@Suite struct StageConfigTests {
    @Test func calibrationNeedsEverySiteInTheSurrogate() throws {
        let c = try ConfigLoader.parse("name: x\nstages: [default, calibration]\nsurrogate:\n  holdOutSites: [DE-Tha]\n", file: "c.yaml")
        let e = #expect(throws: ConfigError.self) { try c.validate(sites: ["DE-Tha", "FR-Hes"], file: "c.yaml") }
        #expect(e?.key == "surrogate.holdOutSites" && e?.value == "DE-Tha")
        // SCE-UA alone does not go through the surrogate.
        let direct = try ConfigLoader.parse("name: x\nstages: [calibration]\ncalibration: {methods: [sce-ua]}\nsurrogate:\n  holdOutSites: [DE-Tha]\n", file: "c.yaml")
        try direct.validate(sites: ["DE-Tha", "FR-Hes"], file: "c.yaml")
    }

    @Test func aHalfHourlyObjectiveThroughTheSurrogateNeedsTheDecoder() throws {
        let c = try ConfigLoader.parse("name: x\nstages: [calibration]\nsurrogate: {subDailyMembers: 0}\ncalibration: {methods: [sce-ua, mdpl]}\n", file: "c.yaml")
        let e = #expect(throws: ConfigError.self) { try c.validate(sites: ["DE-Tha"], file: "c.yaml") }
        #expect(e?.key == "surrogate.subDailyMembers" && e?.problem.contains("mdpl") == true)
        let daily = #expect(throws: ConfigError.self) { try c.validate(sites: ["DE-Tha"], subDaily: false, file: "c.yaml") }
        #expect(daily?.problem.contains("{daily: 1}") == true)
        // A daily objective, or a method on the real land model alone, needs no decoder.
        let atDaily = try ConfigLoader.parse("name: x\nstages: [calibration]\nsurrogate: {subDailyMembers: 0}\ncalibration: {methods: [sce-ua, mdpl@daily]}\n", file: "c.yaml")
        try atDaily.validate(sites: ["DE-Tha"], file: "c.yaml")
    }

    @Test func siteNamesMustBeSitesOfTheRun() throws {
        let c = try ConfigLoader.parse("name: x\ndata:\n  irrigated: {XX-Typo: true}\n", file: "c.yaml")
        let e = #expect(throws: ConfigError.self) { try c.validate(sites: ["DE-Tha"], file: "c.yaml") }
        #expect(e?.key == "data.irrigated.XX-Typo" && e?.problem.contains("DE-Tha") == true)
        let twice = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\ndata:\n  sites: [DE-Tha, DE-Tha]\n", file: "c.yaml")
        }
        #expect(twice?.key == "data.sites" && twice?.value == "DE-Tha")
    }

    @Test func unknownNamesListTheValidOnes() {
        let stage = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\nstages: [defualt]\n", file: "c.yaml") }
        #expect(stage?.problem.contains("default, benchmarks, surrogate, calibration") == true)
        let old = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\nstages: [mdpl]\n", file: "c.yaml") }
        #expect(old?.problem.contains("calibration.methods") == true)
        let parameter = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\ncalibration: {parameters: [g2]}\n", file: "c.yaml")
        }
        #expect(parameter?.value == "g2" && parameter?.problem.contains("g1") == true)
        let task = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\ncalibration: {tasks: [LE]}\n", file: "c.yaml") }
        #expect(task?.problem.contains("Qle, Qh, NEE") == true)
        let moved = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\nensemble: {tasks: [Qle]}\n", file: "c.yaml") }
        #expect(moved?.problem.contains("calibration.tasks") == true)
        let seed = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\nseed: -5\n", file: "c.yaml") }
        #expect(seed?.problem.contains("from 0") == true)
        let none = #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse("name: x\nstages: []\n", file: "c.yaml") }
        #expect(none?.key == "stages")
    }

    @Test func everyShippedConfigIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs")
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".yaml") {
            do {
                _ = try ConfigLoader.load(url.appendingPathComponent(name))
            } catch let error as ConfigError where error.key == "calibration.sensitive.indices"
                        && !FileManager.default.fileExists(atPath: error.value ?? "") {
                // `parameters: sensitive` reads a screening run's output, which a clean clone has
                // not made yet; everything else in the file was parsed before that check.
                #expect(error.problem.contains("cannot be read"))
            }
        }
    }

    @Test func sensitiveParametersComeFromTheScreeningRunsTotalIndices() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-sensitive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let indices = dir.appendingPathComponent("indices.csv")
        // g1 reaches 0.05 at one site only, vcmax25 nowhere, albC at both; the Qle rows are not J.
        try """
        site,pft,output,parameter,first,first_low,first_high,total,total_low,total_high,morris_mu_star,morris_sigma
        A,GRA,J,g1,0.01,0,0.1,0.02,0,0.1,0.1,0.1
        B,GRA,J,g1,0.04,0,0.1,0.06,0,0.1,0.1,0.1
        A,GRA,J,vcmax25,0.01,0,0.1,0.049,0,0.1,0.1,0.1
        A,GRA,Qle,vcmax25,0.5,0,0.9,0.6,0,0.9,0.1,0.1
        A,GRA,J,albC,0.2,0,0.3,0.3,0.2,0.4,0.1,0.1
        B,GRA,J,albC,0.2,0,0.3,0.3,0.2,0.4,0.1,0.1
        """.write(to: indices, atomically: true, encoding: .utf8)
        let yaml = "name: x\ncalibration:\n  parameters: sensitive\n  sensitive: {indices: \(indices.path), threshold: 0.05}\n"
        let config = try ConfigLoader.parse(yaml, file: "c.yaml")
        #expect(config.calibration.calibrated == [.g1, .albC].sorted())
        let missing = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse(yaml.replacingOccurrences(of: indices.path, with: dir.appendingPathComponent("none.csv").path), file: "c.yaml")
        }
        #expect(missing?.key == "calibration.sensitive.indices")
        let none = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse(yaml.replacingOccurrences(of: "threshold: 0.05", with: "threshold: 0.5"), file: "c.yaml")
        }
        #expect(none?.key == "calibration.sensitive.threshold")
    }

    @Test func calibrationMethodsAreRead() throws {
        let c = try ConfigLoader.parse("name: x\ncalibration:\n  methods: [mdpl, dpl-Qle, dpl-Qh, mdpl-loso]\n", file: "c.yaml")
        #expect(c.calibration.methods == ["mdpl", "dpl-Qle", "dpl-Qh", "mdpl-loso"])
        let unknown = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\ncalibration:\n  methods: [dpl-Foo]\n", file: "c.yaml")
        }
        #expect(unknown?.key == "calibration.methods[0]" && unknown?.value == "dpl-Foo")
        let missingTask = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\ncalibration:\n  methods: [dpl-NEE]\n", file: "c.yaml")
        }
        #expect(missingTask?.key == "calibration.methods" && missingTask?.value == "dpl-NEE")
    }

    @Test func sceUASectionIsReadAndChecked() throws {
        let c = try ConfigLoader.parse("name: x\nstages: [default, calibration]\ncalibration: {methods: [sce-ua]}\nsceua: {budget: 400, complexes: 3}\n", file: "c.yaml")
        #expect(c.stages == [.default, .calibration] && c.sceua == SCEUAConfig(budget: 400, complexes: 3))
        let complexes = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\nsceua: {complexes: 0}\n", file: "c.yaml")
        }
        #expect(complexes?.key == "sceua.complexes" && complexes?.value == "0")
        // Eight complexes of 2n + 1 = 15 points for the 7 default Qle/Qh parameters, plus one
        // evolution step (3 runs per complex), need 8 · 15 + 24 = 144 runs.
        let budget = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\nsceua: {budget: 143}\n", file: "c.yaml")
        }
        #expect(budget?.key == "sceua.budget" && budget?.problem.contains("at least 144") == true)
    }

    @Test func taskWeightsMustMatchTheTasks() {
        let e = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("name: x\ncalibration:\n  taskWeights: [1]\n", file: "c.yaml")
        }
        #expect(e?.key == "calibration.taskWeights")
    }
}
