import FluxData
import Foundation
import LandModel

/// A site ready for the land model: its data, model description and prepared forcing.
public struct ModelledSite: Sendable {
    public var data: SiteDataset
    public var model: ModelSite
    public var forcing: PreparedForcing

    /// Prepares `data`, irrigated if its code is in `irrigatedSites`.
    public init(_ data: SiteDataset, irrigatedSites: [String] = [], soil: SoilTexture = .loam) throws {
        self.data = data
        model = try ModelSite(data.info, soil: soil, irrigated: irrigatedSites.contains(data.info.code))
        forcing = PreparedForcing(site: model, dataset: data)
    }

    /// The PFT defaults for this site.
    public var defaultParameters: LandParameters { .defaults(for: model.pft, soil: model.soil) }
}
