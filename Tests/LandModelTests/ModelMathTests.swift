import Foundation
import LandModel
import RealModule
import SyntheticSites
import Testing

/// The model's elementary functions against glibc, and the lane-wise versions against the scalar ones.
@Suite struct ModelMathTests {
    static func samples(_ lo: Double, _ hi: Double, count: Int = 20000) -> [Double] {
        var g = SyntheticForcing.Generator(state: 99)
        return (0..<count).map { _ in lo + (hi - lo) * g.next() }
    }

    /// `f` agrees with `reference` at every sample to `relativeTolerance` (RealModule's relative
    /// approximate equality); names the first sample that does not.
    func expectAgreement(_ xs: [Double], _ f: (Double) -> Double, _ reference: (Double) -> Double, relativeTolerance: Double,
                         _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let failure = xs.first { !f($0).isApproximatelyEqual(to: reference($0), relativeTolerance: relativeTolerance) }
        let detail = failure.map { x in "\(what) at x = \(x): \(f(x)) vs \(reference(x))" } ?? ""
        #expect(failure == nil, "\(detail)", sourceLocation: sourceLocation)
    }

    @Test func expMatchesGlibc() {
        expectAgreement(Self.samples(-700, 700), { ModelMath.exp($0) }, Foundation.exp, relativeTolerance: 5e-16, "exp")
        expectAgreement(Self.samples(-1, 1), { ModelMath.exp($0) }, Foundation.exp, relativeTolerance: 5e-16, "exp")
        #expect(ModelMath.exp(0.0) == 1)
    }

    @Test func logMatchesGlibc() {
        expectAgreement(Self.samples(1e-6, 10), { ModelMath.log($0) }, Foundation.log, relativeTolerance: 4e-16, "log")
        expectAgreement(Self.samples(0.5, 2), { ModelMath.log($0) }, Foundation.log, relativeTolerance: 1e-15, "log")
        expectAgreement(Self.samples(1e-300, 1e300), { ModelMath.log($0) }, Foundation.log, relativeTolerance: 4e-16, "log")
        #expect(ModelMath.log(1.0) == 0)
    }

    @Test func atanTanhPowMatchGlibc() {
        expectAgreement(Self.samples(-50, 50), { ModelMath.atan($0) }, Foundation.atan, relativeTolerance: 1e-15, "atan")
        expectAgreement(Self.samples(-0.5, 0.5), { ModelMath.atan($0) }, Foundation.atan, relativeTolerance: 1e-15, "atan")
        // tanh to an absolute error (it is only used in smooth clamps c·tanh(x/c)).
        let tanhFailure = Self.samples(-30, 30).first {
            !ModelMath.tanh($0).isApproximatelyEqual(to: Foundation.tanh($0), absoluteTolerance: 3e-16)
        }
        #expect(tanhFailure == nil, "tanh at x = \(tanhFailure ?? 0)")
        expectAgreement(Self.samples(1e-3, 3), { ModelMath.pow($0, 2.0 / 3) }, { Foundation.pow($0, 2.0 / 3) },
                        relativeTolerance: 1e-15, "pow(x, 2/3)")
        // e^{y ln x} amplifies the rounding of y ln x (up to 172 here) into the result: 172 × 1.1e-16.
        expectAgreement(Self.samples(1e-6, 1.2), { ModelMath.pow($0, -12.5) }, { Foundation.pow($0, -12.5) },
                        relativeTolerance: 3e-14, "pow(x, -12.5)")
    }

    @Test func lanesAreBitwiseTheScalarFunctions() {
        let xs = Self.samples(-20, 20, count: 800)
        for chunk in stride(from: 0, to: xs.count, by: 8) {
            var v = Lanes(0)
            for i in 0..<8 { v[i] = xs[chunk + i] }
            let positive = Lanes.magnitude(v) + 1e-3
            let e = ModelMath.exp(v), l = ModelMath.log(positive), a = ModelMath.atan(v), t = ModelMath.tanh(v)
            let p = ModelMath.pow(positive, 1.7), s = Smooth.softplus(v, width: 0.3)
            for i in 0..<8 {
                let x = xs[chunk + i]
                #expect(e[i] == ModelMath.exp(x) && a[i] == ModelMath.atan(x) && t[i] == ModelMath.tanh(x))
                #expect(l[i] == ModelMath.log(abs(x) + 1e-3) && p[i] == ModelMath.pow(abs(x) + 1e-3, 1.7))
                #expect(s[i] == Smooth.softplus(x, width: 0.3))
            }
        }
    }

    /// The polynomials' step rounds once: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is exactly −2⁻⁶⁰, which a separate
    /// multiply (rounding the product to 1) would lose; every lane fuses as the scalar does.
    @Test func fusedMultiplyAddRoundsOnceInEveryLane() {
        let a = 1 + 0x1p-30, b = 1 - 0x1p-30
        #expect(Double.fusedMultiplyAdd(a, b, -1) == -0x1p-60)
        #expect(Lanes.fusedMultiplyAdd(Lanes(a), Lanes(b), Lanes(-1)).v == SIMD8(repeating: -0x1p-60))
        let xs = Self.samples(-3, 3, count: 24)
        var u = Lanes(0), v = Lanes(0), w = Lanes(0)
        for i in 0..<8 { u[i] = xs[i]; v[i] = xs[8 + i]; w[i] = xs[16 + i] }
        let fused = Lanes.fusedMultiplyAdd(u, v, w)
        for i in 0..<8 { #expect(fused[i] == Double.fusedMultiplyAdd(xs[i], xs[8 + i], xs[16 + i])) }
    }

    /// A dual number's fused step carries the product rule, ∂(xy + x)/∂x = y + 1 and ∂/∂y = x, and
    /// the atan series evaluated in dual numbers has the analytic derivative 1/(1 + t²).
    @Test func dualFusedMultiplyAddCarriesTheProductRule() {
        let x = Dual.input(0.7, index: 0), y = Dual.input(-1.3, index: 1)
        let f = Dual.fusedMultiplyAdd(x, y, x)
        #expect(f.value == Double.fusedMultiplyAdd(0.7, -1.3, 0.7))
        #expect(f.partials[0] == -1.3 + 1 && f.partials[1] == 0.7)
        for t in [0.05, 0.3, 0.6, 0.95] {
            let a = ModelMath.atanUnit(Dual.input(t, index: 0))
            #expect(a.value == ModelMath.atanUnit(t))
            #expect(a.partials[0].isApproximatelyEqual(to: 1 / (1 + t * t), relativeTolerance: 1e-14), "atan′(\(t))")
        }
    }

    /// `choose` skips a branch no lane needs: any/all of every one of the 256 eight-lane masks.
    @Test func laneMaskReductionsAgreeWithEachLane() {
        for pattern in 0..<256 {
            var values = Lanes(0)
            for lane in 0..<8 where pattern & (1 << lane) != 0 { values[lane] = -1 }
            let mask = Lanes.less(values, Lanes(0))
            #expect(Lanes.anyLane(mask) == (pattern != 0), "any of \(pattern)")
            #expect(Lanes.allLanes(mask) == (pattern == 255), "all of \(pattern)")
            #expect(mask.isAll == (pattern == 255))
        }
    }

    @Test func smoothPrimitivesBoundTheirSharpVersions() {
        for x in Self.samples(-5, 5, count: 2000) {
            let sp = Smooth.softplus(x, width: 0.1)
            #expect(sp >= max(x, 0) && sp - max(x, 0) <= 0.1 * log(2) + 1e-15)
            let lim = Smooth.limit(abs(x), available: 2.0)
            #expect(lim >= 0 && lim <= min(abs(x), 2) + 1e-15)
            #expect(Smooth.limit(-abs(x), available: 2.0) == -abs(x))
        }
    }
}
