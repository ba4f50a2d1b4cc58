import FluxData
import Foundation
import LandModel

/// A site ready for the land model: its data, model description and prepared forcing.
public struct ModelledSite: Sendable {
    public var data: SiteDataset
    public var model: ModelSite
    public var forcing: PreparedForcing

    /// Prepares `data` with `irrigated` and `soil` (site settings of LSM_SPEC.md 2.15).
    public init(_ data: SiteDataset, irrigated: Bool, soil: SoilTexture = .loam) throws {
        self.data = data
        model = try ModelSite(data.info, soil: soil, irrigated: irrigated)
        forcing = PreparedForcing(site: model, dataset: data)
    }

    /// Prepares `data` as `config` says (irrigation from the config, else the data; soil).
    public init(_ data: SiteDataset, config: RunConfig) throws {
        try self.init(data, irrigated: config.data.isIrrigated(data.info), soil: config.model.soil)
    }

    /// The PFT defaults for this site.
    public var defaultParameters: LandParameters { .defaults(for: model.pft, soil: model.soil) }
}
