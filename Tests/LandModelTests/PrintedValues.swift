import Foundation
import RealModule
import Testing

/// `value` reproduces the spec's printed `printed` (the known answers of LSM_SPEC.md 6.1–6.3 and the golden
/// steps of 6.5): a value printed with n decimals must be reproduced to half a unit of its last digit, plus
/// `slack`, unless a tolerance is stated in the spec. An "e6" suffix scales the printed mantissa, and its half
/// unit, by 1e6. `relativeToPrinted` adds that fraction of |printed| to the tolerance (the golden steps allow
/// 1e-9 relative on top of the printed digits).
func matches(_ value: Double, _ printed: String, _ what: String = "", slack: Double = 1e-12, relativeToPrinted: Double = 0,
             sourceLocation: SourceLocation = #_sourceLocation) {
    let (mantissa, scale) = printed.hasSuffix("e6") ? (String(printed.dropLast(2)), 1e6) : (printed, 1.0)
    let expected = Double(mantissa)! * scale
    let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
    let tolerance = 0.5 * pow(10, -Double(decimals)) * scale + slack + relativeToPrinted * abs(expected)
    #expect(value.isApproximatelyEqual(to: expected, absoluteTolerance: tolerance),
            "\(what): \(value) vs \(printed) (|error| \(abs(value - expected)) > \(tolerance))", sourceLocation: sourceLocation)
}
