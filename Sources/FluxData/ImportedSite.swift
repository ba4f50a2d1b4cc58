import Foundation

/// A site imported from a flux-tower CSV: the in-memory dataset, every variable with its
/// provenance (in PLUMBER2 file order), and what the import did.
public struct ImportedSite: Sendable {
    public var dataset: SiteDataset
    /// Met variables: Tair, SWdown, LWdown, VPD, Qair, Psurf, Precip, Wind, RH, CO2air, LAI.
    public var met: [ImportedVariable]
    /// Observed fluxes with at least one value in the period (never gap-filled).
    public var fluxes: [ImportedVariable]
    public var format: FluxTowerFormat
    public var sourceFile: URL
    /// Where the site attributes came from.
    public var siteMetadataSource: String
    /// Flux values removed because the site's own QC rejected them, per flux.
    public var sourceRejections: [String: Int]
    /// The rule behind `sourceRejections`, if the format has one.
    public var sourceRejectionRule: String?
    /// Flux columns present in the file but without any value in the period (not written).
    public var emptyFluxColumns: [String]

    /// The variable called `name`, Met or flux.
    public func variable(_ name: String) -> ImportedVariable? {
        (met + fluxes).first { $0.name == name }
    }
}
