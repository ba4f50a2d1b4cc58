import FluxData
import Foundation
import Logging

/// Loads the sites a config names, with the flux choice (raw or energy-balance corrected) applied.
public enum SiteSelection {
    /// Reads every configured site from the data directory, in code order.
    public static func load(_ config: DataConfig) throws -> [SiteDataset] {
        let catalog = try SiteCatalog(directory: config.resolvedDirectory)
        let codes = config.sites == ["all"] ? catalog.codes : config.sites
        let logger = Logger(label: "mdpl.data")
        return try codes.map { code in
            var site = try catalog.load(code)
            if config.correctedFluxes {
                for (raw, corrected) in [(FluxVariable.Qle, FluxVariable.Qle_cor), (.Qh, .Qh_cor)] {
                    guard let series = site.fluxes[corrected] else {
                        throw DataError(file: site.sources.last ?? code, variable: corrected.rawValue,
                                        "data.correctedFluxes is set, but the site has no \(corrected.rawValue)")
                    }
                    site.fluxes[raw] = series
                }
            }
            logger.info("loaded \(site.info.code): \(site.time.count) steps from \(site.time.start)")
            return site
        }
    }
}
