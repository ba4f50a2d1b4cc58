import FluxData
import Foundation
import LandModel

/// A complete experiment configuration, read from YAML. Every key has a default, so the smallest
/// config is `name: my-run`; the resolved config (with all defaults) is saved in the run directory.
public struct RunConfig: Codable, Sendable, Equatable {
    /// Run name; the run directory is `<runsDirectory>/<name>`.
    public var name: String
    /// Seed for every random choice of the run (designs, initialisation, shuffling).
    public var seed: UInt64
    /// Parent directory of run directories.
    public var runsDirectory: String
    /// Other run directories whose outputs this run may copy where they were made from the same
    /// inputs (the same fingerprint in their manifests), e.g. a shared ensemble and surrogate.
    public var reuse: [String]
    public var data: DataConfig
    public var model: ModelConfig
    public var ensemble: EnsembleConfig
    public var surrogate: SurrogateConfig
    public var calibration: CalibrationConfig
    public var sceua: SCEUAConfig
    /// The `ceiling` method: a long SCE-UA search per site, the attainable objective every method is
    /// measured against.
    public var ceiling: SCEUAConfig
    /// The `mdpl-local` method: DDS from MdPL's parameters.
    public var local: LocalSearchConfig
    /// `mdpl sensitivity`: Sobol' indices through the surrogate, Morris on the land model.
    public var sensitivity: SensitivityConfig
    /// The `gradient` method: Levenberg–Marquardt with the land model's exact derivatives.
    public var gradient: GradientConfig
    /// The `mdpl-pareto` method: the Qle–Qh trade-off.
    public var pareto: ParetoConfig
    /// The stages `mdpl run` runs (in dependency order, with the stages they need): see `StageName`.
    public var stages: [StageName]

    public init(name: String, seed: UInt64 = 42, runsDirectory: String = "runs", data: DataConfig = DataConfig(),
                model: ModelConfig = ModelConfig(), ensemble: EnsembleConfig = EnsembleConfig(),
                surrogate: SurrogateConfig = SurrogateConfig(), calibration: CalibrationConfig = CalibrationConfig(),
                sceua: SCEUAConfig = SCEUAConfig(), ceiling: SCEUAConfig = SCEUAConfig(budget: 3000),
                local: LocalSearchConfig = LocalSearchConfig(), sensitivity: SensitivityConfig = SensitivityConfig(),
                gradient: GradientConfig = GradientConfig(), pareto: ParetoConfig = ParetoConfig(),
                stages: [StageName] = [.default]) {
        self.name = name
        self.seed = seed
        self.runsDirectory = runsDirectory
        reuse = []
        self.data = data
        self.model = model
        self.ensemble = ensemble
        self.surrogate = surrogate
        self.calibration = calibration
        self.sceua = sceua
        self.ceiling = ceiling
        self.local = local
        self.sensitivity = sensitivity
        self.gradient = gradient
        self.pareto = pareto
        self.stages = stages
    }

    enum CodingKeys: String, CodingKey { case name, seed, runsDirectory, reuse, stages, data, model, ensemble, surrogate, calibration, sceua, ceiling, local, sensitivity, gradient, pareto }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 42
        runsDirectory = try c.decodeIfPresent(String.self, forKey: .runsDirectory) ?? "runs"
        reuse = try c.decodeIfPresent([String].self, forKey: .reuse) ?? []
        data = try c.decodeIfPresent(DataConfig.self, forKey: .data) ?? DataConfig()
        model = try c.decodeIfPresent(ModelConfig.self, forKey: .model) ?? ModelConfig()
        ensemble = try c.decodeIfPresent(EnsembleConfig.self, forKey: .ensemble) ?? EnsembleConfig()
        surrogate = try c.decodeIfPresent(SurrogateConfig.self, forKey: .surrogate) ?? SurrogateConfig()
        calibration = try c.decodeIfPresent(CalibrationConfig.self, forKey: .calibration) ?? CalibrationConfig()
        sceua = try c.decodeIfPresent(SCEUAConfig.self, forKey: .sceua) ?? SCEUAConfig()
        ceiling = try c.decodeIfPresent(SCEUAConfig.self, forKey: .ceiling) ?? SCEUAConfig(budget: 3000)
        local = try c.decodeIfPresent(LocalSearchConfig.self, forKey: .local) ?? LocalSearchConfig()
        sensitivity = try c.decodeIfPresent(SensitivityConfig.self, forKey: .sensitivity) ?? SensitivityConfig()
        gradient = try c.decodeIfPresent(GradientConfig.self, forKey: .gradient) ?? GradientConfig()
        pareto = try c.decodeIfPresent(ParetoConfig.self, forKey: .pareto) ?? ParetoConfig()
        stages = try c.decodeIfPresent([StageName].self, forKey: .stages) ?? [.default]
    }

    /// Checks value rules that types alone cannot express.
    public func validate(file: String) throws {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw ConfigError(file: file, key: "name", value: name, "must be a non-empty name without '/'")
        }
        guard name.utf8.count <= 200 else {
            throw ConfigError(file: file, key: "name", value: String(name.prefix(40)) + "…",
                              "is \(name.utf8.count) bytes long; a run directory's name must be at most 200 bytes")
        }
        try data.validate(file: file)
        try model.validate(file: file)
        try ensemble.validate(file: file)
        try surrogate.validate(file: file)
        try calibration.validate(file: file)
        try sceua.validate(file: file, dimensions: calibration.calibrated.count)
        try ceiling.validate(file: file, dimensions: calibration.calibrated.count, key: "ceiling")
        try local.validate(file: file)
        try sensitivity.validate(file: file)
        try gradient.validate(file: file)
        try pareto.validate(file: file)
        guard !stages.isEmpty else {
            throw ConfigError(file: file, key: "stages", value: "[]",
                              "list at least one stage (\(StageName.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard Set(stages).count == stages.count else {
            throw ConfigError(file: file, key: "stages", value: stages.map(\.rawValue).joined(separator: ", "), "lists a stage twice")
        }
    }

    /// Checks the rules that need the run's sites (codes that must name sites of the run); called
    /// before the run directory is created, so that a typo leaves nothing behind.
    ///
    /// `subDaily` says whether any site has steps shorter than a day (a half-hourly objective term
    /// then needs the sub-daily decoder; on daily steps "native" is the daily scale).
    public func validate(sites codes: [String], subDaily: Bool = true, file: String) throws {
        let known = Set(codes)
        for code in data.irrigated.keys.sorted() where !known.contains(code) {
            throw ConfigError(file: file, key: "data.irrigated.\(code)", value: code,
                              "not a site of this run (sites: \(codes.joined(separator: ", ")))")
        }
        for code in surrogate.holdOutSites where !known.contains(code) {
            throw ConfigError(file: file, key: "surrogate.holdOutSites", value: code,
                              "not a site of this run (sites: \(codes.joined(separator: ", ")))")
        }
        if stages.contains(.calibration), calibration.registeredMethods.contains(where: \.usesSurrogate),
           !surrogate.holdOutSites.isEmpty {
            throw ConfigError(file: file, key: "surrogate.holdOutSites", value: surrogate.holdOutSites.joined(separator: ", "),
                              "surrogate-based calibration fits every site through the surrogate, so the surrogate must train on them all: set holdOutSites: []")
        }
        if Set(surrogate.holdOutSites) == known, stages.contains(.surrogate) || stages.contains(.calibration) {
            throw ConfigError(file: file, key: "surrogate.holdOutSites", value: surrogate.holdOutSites.joined(separator: ", "),
                              "holds out every site: nothing left to train the surrogate on")
        }
        let surrogateMethods = stages.contains(.calibration) ? calibration.registeredMethods.filter(\.usesSurrogate) : []
        if surrogate.subDailyMembers == 0,
           let method = surrogateMethods.first(where: { ($0.objectiveScales ?? calibration.objective).native > 0 }) {
            throw ConfigError(file: file, key: "surrogate.subDailyMembers", value: "0",
                              "\(method.name) fits a half-hourly objective term through the surrogate's sub-daily decoder, which needs subDailyMembers > 0"
                              + (subDaily ? "" : "; these sites have daily steps, so fit the daily scale instead: calibration.objective: {daily: 1}"))
        }
    }
}

/// How the land model is run.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// SEB Newton iterations (LSM_SPEC.md: 6; 8 = robust mode).
    public var iterations: Int
    /// Soil texture of every site (Noah-MP STAS classes).
    public var soil: SoilTexture
    /// Spin up by repeating the first year (LSM_SPEC.md 2.14).
    public var spinUp: Bool

    public init(iterations: Int = 6, soil: SoilTexture = .loam, spinUp: Bool = true) {
        self.iterations = iterations
        self.soil = soil
        self.spinUp = spinUp
    }

    enum CodingKeys: String, CodingKey { case iterations, soil, spinUp }

    public init(from decoder: Decoder) throws {
        let d = ModelConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? d.iterations
        soil = try c.decodeIfPresent(SoilTexture.self, forKey: .soil) ?? d.soil
        spinUp = try c.decodeIfPresent(Bool.self, forKey: .spinUp) ?? d.spinUp
    }

    func validate(file: String) throws {
        guard (1...20).contains(iterations) else {
            throw ConfigError(file: file, key: "model.iterations", value: "\(iterations)", "must be 1 to 20 (6 as specified, 8 robust)")
        }
    }

    /// Simulation options for this config.
    public var options: SimulationOptions { SimulationOptions(iterations: iterations, spinUp: spinUp) }
}

/// Which sites and observations a run uses.
public struct DataConfig: Codable, Sendable, Equatable {
    /// Directory of PLUMBER2-format files; nil = `$MDPL_DATA`, `../shared/data/plumber2`, `data/`.
    public var directory: String?
    /// Site codes, or `[all]` for every site in the directory.
    public var sites: [String]
    /// Which observations count in losses and metrics.
    public var quality: QualityPolicy
    /// Use energy-balance-corrected `Qle_cor`/`Qh_cor` instead of `Qle`/`Qh`.
    public var correctedFluxes: Bool
    /// A daily or monthly flux aggregate needs at least this fraction of its steps.
    public var minValidFraction: Double
    /// Complete years held out at the end of multi-year records.
    public var testYears: Int
    /// Irrigation per site code (LSM_SPEC.md 2.10b), overriding the data: a site not listed is
    /// irrigated if its Met file's `irrigated` attribute or the `irrigated` column of the data's
    /// `sites.csv` says so, and not otherwise.
    public var irrigated: [String: Bool]

    public init(directory: String? = nil, sites: [String] = ["all"], quality: QualityPolicy = QualityPolicy(),
                correctedFluxes: Bool = false, minValidFraction: Double = 0.8, testYears: Int = 1,
                irrigated: [String: Bool] = [:]) {
        self.directory = directory
        self.sites = sites
        self.quality = quality
        self.correctedFluxes = correctedFluxes
        self.minValidFraction = minValidFraction
        self.testYears = testYears
        self.irrigated = irrigated
    }

    enum CodingKeys: String, CodingKey {
        case directory, sites, quality, correctedFluxes, minValidFraction, testYears, irrigated
    }

    public init(from decoder: Decoder) throws {
        let d = DataConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.decodeIfPresent(String.self, forKey: .directory)
        sites = try c.decodeIfPresent([String].self, forKey: .sites) ?? d.sites
        quality = try c.decodeIfPresent(QualityPolicy.self, forKey: .quality) ?? d.quality
        correctedFluxes = try c.decodeIfPresent(Bool.self, forKey: .correctedFluxes) ?? d.correctedFluxes
        minValidFraction = try c.decodeIfPresent(Double.self, forKey: .minValidFraction) ?? d.minValidFraction
        testYears = try c.decodeIfPresent(Int.self, forKey: .testYears) ?? d.testYears
        irrigated = try c.decodeIfPresent([String: Bool].self, forKey: .irrigated) ?? d.irrigated
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(directory, forKey: .directory)
        try c.encode(sites, forKey: .sites)
        try c.encode(quality, forKey: .quality)
        try c.encode(correctedFluxes, forKey: .correctedFluxes)
        try c.encode(minValidFraction, forKey: .minValidFraction)
        try c.encode(testYears, forKey: .testYears)
        // Sorted, so that the same config always gives the same resolved text.
        var map = c.nestedContainer(keyedBy: SiteKey.self, forKey: .irrigated)
        for code in irrigated.keys.sorted() { try map.encode(irrigated[code]!, forKey: SiteKey(code)) }
    }

    /// A site code as a mapping key.
    struct SiteKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ code: String) { stringValue = code }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Whether `site` runs with irrigation: the config's entry, else the data's attribute, else not.
    public func isIrrigated(_ site: SiteInfo) -> Bool {
        irrigated[site.code] ?? site.irrigated ?? false
    }

    func validate(file: String) throws {
        guard !sites.isEmpty else {
            throw ConfigError(file: file, key: "data.sites", value: "[]", "list at least one site, or [all]")
        }
        var seen = Set<String>()
        for code in sites where !seen.insert(code.uppercased()).inserted {
            throw ConfigError(file: file, key: "data.sites", value: code, "lists the site twice")
        }
        guard (0...5).contains(quality.maxQC) else {
            throw ConfigError(file: file, key: "data.quality.maxQC", value: "\(quality.maxQC)",
                              "must be 0 (measured) to 5 (synthesised)")
        }
        guard (0...1).contains(minValidFraction) else {
            throw ConfigError(file: file, key: "data.minValidFraction", value: "\(minValidFraction)",
                              "must lie between 0 and 1")
        }
        guard (1...10).contains(testYears) else {
            throw ConfigError(file: file, key: "data.testYears", value: "\(testYears)", "must be 1 to 10")
        }
    }

    /// The data directory this config points to.
    public var resolvedDirectory: URL {
        directory.map { URL(fileURLWithPath: $0) } ?? SiteCatalog.defaultDirectory()
    }
}
