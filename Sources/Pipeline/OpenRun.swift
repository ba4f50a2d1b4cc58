import FluxData
import Foundation
import MdPLSupport

/// A run ready to work in: the config loaded and checked, its sites read (so that a wrong site,
/// data directory or key fails before anything is written), then the run directory created,
/// locked for this process and holding the resolved config, with the log attached.
public struct OpenRun {
    public let context: RunContext
    /// Held while the run works; released when the value goes away.
    public let lock: DirectoryLock

    /// Opens the run of the config at `configFile` for `purpose` (e.g. `mdpl run`).
    public init(configFile: String, purpose: String) throws {
        try self.init(config: try ConfigLoader.load(URL(fileURLWithPath: configFile)), configFile: configFile, purpose: purpose)
    }

    /// Opens an existing run directory from the config it holds (`config.yaml`), wherever the
    /// directory now lives.
    public init(runDirectory url: URL, purpose: String) throws {
        let file = url.appendingPathComponent("config.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ConfigError(file: file.path, key: "(file)", "not a run directory: it has no config.yaml")
        }
        var config = try ConfigLoader.load(file)
        config.runsDirectory = url.standardizedFileURL.deletingLastPathComponent().path
        config.name = url.standardizedFileURL.lastPathComponent
        try self.init(config: config, configFile: file.path, purpose: purpose, recordConfig: false)
    }

    /// Opens the run of `config` (read from `configFile`, named in errors); `recordConfig: false`
    /// leaves the directory's `config.yaml` as it is (e.g. to rebuild the report).
    public init(config: RunConfig, configFile: String, purpose: String, recordConfig: Bool = true) throws {
        let data = try SiteSelection.load(config.data)
        try config.validate(sites: data.map(\.info.code), subDaily: data.contains { $0.time.stepSeconds < 86400 }, file: configFile)
        let sites = try data.map { try ModelledSite($0, config: config) }
        let directory = RunDirectory(config: config)
        lock = try directory.open(configFile: configFile, purpose: purpose, recordConfig: recordConfig)
        try MdPLLogging.sink.attach(file: directory.logFile)
        context = RunContext(directory: directory, sites: sites, splits: Splits(data, testYears: config.data.testYears))
    }
}
