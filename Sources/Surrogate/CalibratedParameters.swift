import LandModel

/// The fluxes a surrogate predicts and calibration fits.
public enum FluxTask: String, CaseIterable, Codable, Sendable {
    case Qle, Qh, NEE

    /// The land-model output of this task.
    public var field: OutputField {
        switch self {
        case .Qle: .Qle
        case .Qh: .Qh
        case .NEE: .NEE
        }
    }
}

/// Which parameters are calibrated; the others keep their PFT defaults.
public enum CalibratedParameters {
    /// The default subset (LSM_SPEC.md 4.3): what Qle and Qh can identify — g1, R_z0m (not R_d as
    /// well: they are confounded), z_root, p, S_int, f_rss, Γ_soil; with NEE as a task also the
    /// parameters only carbon fluxes constrain: Vcmax25, α_J, R10, E0.
    public static func defaults(for tasks: [FluxTask]) -> [ParameterID] {
        var ids: [ParameterID] = [.g1, .rz0m, .zRoot, .pCrit, .sInt, .fRss, .gammaSoil]
        if tasks.contains(.NEE) { ids += [.vcmax25, .alphaJ, .r10, .e0] }
        return ids.sorted()
    }

    /// Parameter sets from unit-cube points: each point's coordinates are the calibrated
    /// parameters in [0, 1] of their transformed space (log or linear, table 3A), the rest
    /// `base`.
    public static func parameterSets(points: [[Double]], calibrated: [ParameterID], base: LandParameters) -> [LandParameters] {
        points.map { u in
            var p = base
            for (k, id) in calibrated.enumerated() { p[id] = id.spec.value(fromUnit: u[k]) }
            return p
        }
    }
}
