import FluxData
import Foundation
import LandModel
import MdPLSupport

/// What every stage of a run reads: the run directory with its config, the sites ready for the
/// land model, their train/test splits and the fingerprints of their data.
public struct RunContext: Sendable {
    public let directory: RunDirectory
    public let sites: [ModelledSite]
    public let splits: Splits
    /// Per site: the fingerprint of what the land model sees (attributes, irrigation, soil, time
    /// axis, forcing) and of the observations (fluxes with their quality flags).
    public let forcingFingerprints: [String]
    public let observationFingerprints: [String]

    public init(directory: RunDirectory, sites: [ModelledSite], splits: Splits) {
        self.directory = directory
        self.sites = sites
        self.splits = splits
        forcingFingerprints = sites.map(Self.forcingFingerprint)
        observationFingerprints = sites.map { Self.observationFingerprint($0.data) }
    }

    public var config: RunConfig { directory.config }
    public var codes: [String] { sites.map(\.data.info.code) }

    /// The training period of site `i`, per step.
    public func trainingMask(_ i: Int) -> [Bool] {
        splits.temporal[i].trainingMask(sites[i].data.time)
    }

    static func forcingFingerprint(_ site: ModelledSite) -> String {
        var f = Fingerprint("forcing", version: 1)
        f.add("site", site.data.info)
        f.add("model site", site.model)
        f.add("time", "\(site.data.time.start) \(site.data.time.stepSeconds) \(site.data.time.count)")
        var hash = StableHash()
        for variable in site.data.forcing.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            hash.combine(variable.rawValue)
            hash.combine(site.data.forcing[variable]!.values)
        }
        f.add(hash.hex)
        return f.hex
    }

    static func observationFingerprint(_ data: SiteDataset) -> String {
        var hash = StableHash()
        for variable in data.fluxes.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let series = data.fluxes[variable]!
            hash.combine(variable.rawValue)
            hash.combine(series.values)
            hash.combine(series.qc.map { Double($0) })
        }
        return hash.hex
    }
}
