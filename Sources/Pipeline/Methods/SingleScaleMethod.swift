import Calibration
import Foundation
import LandModel
import Surrogate

/// A registered method fitting the objective at one time scale only, `<method>@<scale>` (the
/// paper's experiment 3: calibrate at half-hourly, daily or monthly scale, score at all three).
/// Everything else — fluxes, weights, prior, settings — is the run's.
public struct SingleScaleMethod: CalibrationMethod {
    public let base: any CalibrationMethod
    public let scaleName: String
    public let scales: ObjectiveScales

    /// The weights of `name` (`half-hourly`, `daily`, `monthly`).
    static func scales(_ name: String) -> ObjectiveScales? {
        switch name {
        case "half-hourly": ObjectiveScales(native: 1, daily: 0, monthly: 0)
        case "daily": ObjectiveScales(native: 0, daily: 1, monthly: 0)
        case "monthly": ObjectiveScales(native: 0, daily: 0, monthly: 1)
        default: nil
        }
    }

    public var name: String { "\(base.name)@\(scaleName)" }
    public var summary: String { "\(base.summary), objective at \(scaleName) scale only" }
    public var usesSurrogate: Bool { base.usesSurrogate }
    public var scope: MethodScope { base.scope }
    public var reads: [String] { base.reads }
    public var requires: [String] { base.requires }
    public var objectiveScales: ObjectiveScales? { scales }

    public func problem(fitting tasks: [FluxTask]) -> String? { base.problem(fitting: tasks) }

    public func describe(_ fingerprint: inout Fingerprint, context: MethodContext) {
        base.describe(&fingerprint, context: context)
        fingerprint.add("scales", scales)
    }

    public func learn(_ indices: [Int], context: MethodContext) throws -> [LandParameters] {
        try base.learn(indices, context: context)
    }

    public func finish(context: MethodContext) throws { try base.finish(context: context) }
}
