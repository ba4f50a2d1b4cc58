/// Values of the 14 calibratable parameters (LSM_SPEC.md 3A), one set per lane of `S`:
/// `LandParameters` (= `ModelParameters<Double>`) for one run, `ModelParameters<Lanes>` for eight
/// ensemble members.
public struct ModelParameters<S: ModelScalar> {
    public var g1: S
    public var vcmax25: S
    public var alphaJ: S
    public var albC: S
    public var rz0m: S
    public var rd: S
    public var zRoot: S
    public var pCrit: S
    public var ksat: S
    public var sInt: S
    public var fRss: S
    public var r10: S
    public var e0: S
    public var gammaSoil: S

    /// The value of parameter `id`.
    @inline(__always)
    public subscript(id: ParameterID) -> S {
        get {
            switch id {
            case .g1: g1
            case .vcmax25: vcmax25
            case .alphaJ: alphaJ
            case .albC: albC
            case .rz0m: rz0m
            case .rd: rd
            case .zRoot: zRoot
            case .pCrit: pCrit
            case .ksat: ksat
            case .sInt: sInt
            case .fRss: fRss
            case .r10: r10
            case .e0: e0
            case .gammaSoil: gammaSoil
            }
        }
        set {
            switch id {
            case .g1: g1 = newValue
            case .vcmax25: vcmax25 = newValue
            case .alphaJ: alphaJ = newValue
            case .albC: albC = newValue
            case .rz0m: rz0m = newValue
            case .rd: rd = newValue
            case .zRoot: zRoot = newValue
            case .pCrit: pCrit = newValue
            case .ksat: ksat = newValue
            case .sInt: sInt = newValue
            case .fRss: fRss = newValue
            case .r10: r10 = newValue
            case .e0: e0 = newValue
            case .gammaSoil: gammaSoil = newValue
            }
        }
    }

    /// Builds a set from a function of the parameter.
    public init(_ value: (ParameterID) -> S) {
        g1 = value(.g1); vcmax25 = value(.vcmax25); alphaJ = value(.alphaJ); albC = value(.albC)
        rz0m = value(.rz0m); rd = value(.rd); zRoot = value(.zRoot); pCrit = value(.pCrit)
        ksat = value(.ksat); sInt = value(.sInt); fRss = value(.fRss); r10 = value(.r10)
        e0 = value(.e0); gammaSoil = value(.gammaSoil)
    }
}

extension ModelParameters: Sendable where S: Sendable {}
extension ModelParameters: Equatable where S: Equatable {}

/// One parameter set.
public typealias LandParameters = ModelParameters<Double>

extension ModelParameters where S == Double {
    /// The defaults of table 3A for `pft`, with K_sat from the soil texture.
    public static func defaults(for pft: PlantFunctionalType, soil: SoilTexture = .loam) -> LandParameters {
        var p = LandParameters { $0.spec.defaultValue(for: pft) }
        p.ksat = soil.hydraulics.ksat
        return p
    }

    /// Parameters in table order.
    public var values: [Double] { ParameterID.allCases.map { self[$0] } }
}

extension ModelParameters where S == Lanes {
    /// `Lanes.width` members from up to that many sets; missing lanes repeat the last set.
    public init(members: [LandParameters]) {
        precondition(!members.isEmpty && members.count <= Lanes.width)
        self.init { id in
            var lanes = Lanes(0)
            for i in 0..<Lanes.width { lanes[i] = members[min(i, members.count - 1)][id] }
            return lanes
        }
    }

    /// Member `i`'s parameters.
    public func member(_ i: Int) -> LandParameters {
        LandParameters { self[$0][i] }
    }
}
