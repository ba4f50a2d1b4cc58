import FluxData
import Foundation
import LandModel
import SyntheticSites
import Testing

/// The dual-number run: its values are the plain run's, bit for bit, and its partial derivatives
/// agree with central differences of the plain run.
@Suite struct ParameterDerivativeTests {
    static let fields: [OutputField] = [.Qle, .Qh, .NEE, .SoilMoist2, .AvgSurfT]

    @Test func valuesEqualThePlainRunBitForBit() {
        let forcing = SyntheticForcing.prepared(days: 30)
        var p = LandParameters.defaults(for: .DBF)
        p.g1 = 3.1
        let options = SimulationOptions(spinUp: true, maxSpinUpCycles: 3)
        let plain = Simulation.run(forcing, parameters: p, options: options)
        let dual = ParameterDerivatives.run(forcing, parameters: p, calibrated: ParameterID.allCases, fields: OutputField.allCases,
                                            options: options)
        #expect(dual.spinUpCycles == plain.spinUpCycles)
        for field in OutputField.allCases {
            let a = plain[field], b = dual.values[field]!
            #expect(zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(field) differs from the plain run")
        }
    }

    /// Every partial of a few outputs, summed over the steps (a smooth functional), against a
    /// central difference of the plain run in the unit coordinate.
    @Test func partialsMatchCentralDifferences() {
        let forcing = SyntheticForcing.prepared(days: 20)
        let base = LandParameters.defaults(for: .DBF)
        let options = SimulationOptions(spinUp: false)
        let dual = ParameterDerivatives.run(forcing, parameters: base, calibrated: ParameterID.allCases, fields: Self.fields, options: options)
        for (k, id) in ParameterID.allCases.enumerated() {
            let u = id.spec.unit(fromValue: base[id]), h = 1e-5
            var up = base, down = base
            up[id] = id.spec.value(fromUnit: u + h)
            down[id] = id.spec.value(fromUnit: u - h)
            let a = Simulation.run(forcing, parameters: up, options: options), b = Simulation.run(forcing, parameters: down, options: options)
            for field in Self.fields {
                let exact = dual.partials[field]![k].reduce(0, +)
                let difference = (a[field].reduce(0, +) - b[field].reduce(0, +)) / (2 * h)
                let scale = max(abs(exact), abs(difference))
                guard scale > 1e-6 * max(1, abs(dual.values[field]!.reduce(0, +))) else { continue }   // no dependence
                #expect(abs(exact - difference) <= 1e-4 * scale, "\(field) w.r.t. \(id): exact \(exact), finite difference \(difference)")
            }
        }
    }
}
