/// Everything MdPL knows about one site for one period: attributes, the time axis, gap-free
/// forcing and (possibly gappy) observed fluxes.
public struct SiteDataset: Sendable {
    public var info: SiteInfo
    public var time: TimeAxis
    /// Forcing series, complete (no NaN) after reading.
    public var forcing: [ForcingVariable: Series]
    /// Observed fluxes present in the source.
    public var fluxes: [FluxVariable: Series]
    /// Other Met variables kept for reference (`VPD` hPa, `RH` %), if present.
    public var auxiliary: [String: Series]
    /// Where the data came from (file paths).
    public var sources: [String]
    /// Values removed by the physical range screening, per variable name.
    public var rangeRemovals: [String: Int]

    public init(info: SiteInfo, time: TimeAxis, forcing: [ForcingVariable: Series],
                fluxes: [FluxVariable: Series], auxiliary: [String: Series] = [:],
                sources: [String] = [], rangeRemovals: [String: Int] = [:]) {
        self.info = info
        self.time = time
        self.forcing = forcing
        self.fluxes = fluxes
        self.auxiliary = auxiliary
        self.sources = sources
        self.rangeRemovals = rangeRemovals
    }

    /// The forcing values of `variable` (always present after reading).
    public func forcingValues(_ variable: ForcingVariable) -> [Double] {
        forcing[variable]?.values ?? []
    }

    /// The steps `range` of the dataset.
    public func slice(_ range: Range<Int>) -> SiteDataset {
        var copy = self
        copy.time = time.slice(range)
        copy.forcing = forcing.mapValues { $0.slice(range) }
        copy.fluxes = fluxes.mapValues { $0.slice(range) }
        copy.auxiliary = auxiliary.mapValues { $0.slice(range) }
        return copy
    }
}
