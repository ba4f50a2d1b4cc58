import FluxData
import LandModel
import Surrogate

/// The exact derivative of J (dual numbers) against central differences of J, per parameter.
public enum GradientCheck {
    public struct Row: Sendable {
        public var parameter: ParameterID
        public var exact: Double
        public var finiteDifference: Double
        /// The step (unit-cube coordinate) whose central difference agreed best with half of it.
        public var step: Double

        public var relativeError: Double {
            abs(exact - finiteDifference) / max(abs(exact), abs(finiteDifference), 1e-300)
        }
    }

    /// Options whose spin-up always runs exactly the `cycles` the plain run at the point needs, so
    /// that finite differences do not jump where a perturbation changes the number of cycles.
    public static func fixedSpinUp(_ options: SimulationOptions, cycles: Int) -> SimulationOptions {
        var fixed = options
        if options.spinUp {
            fixed.maxSpinUpCycles = max(cycles, 1)
            fixed.spinUpWaterTolerance = 0
            fixed.spinUpTemperatureTolerance = 0
        }
        return fixed
    }

    /// ∂J/∂u per calibrated parameter of `objective` at `u`: exact, and by central differences
    /// with steps 1e-3, 1e-4 and 1e-5 (the one that agrees best with half its step is kept).
    public static func check(_ objective: LandModelObjective, at u: [Double]) -> [Row] {
        let exact = objective.linearise(u).gradient
        let steps = [1e-3, 1e-4, 1e-5, 5e-6]
        var rows: [Row] = []
        for (p, id) in objective.calibrated.enumerated() {
            var points: [[Double]] = []
            for h in steps {
                var up = u, down = u
                up[p] += h
                down[p] -= h
                points += [up, down]
            }
            let values = objective.evaluate(points)
            let estimates = steps.indices.map { (values[2 * $0] - values[2 * $0 + 1]) / (2 * steps[$0]) }
            var best = 1, agreement = Double.infinity
            for i in 0..<(steps.count - 1) {
                let d = abs(estimates[i] - estimates[i + 1])
                if d < agreement { agreement = d; best = i + 1 }
            }
            rows.append(Row(parameter: id, exact: exact[p], finiteDifference: estimates[best], step: steps[best]))
        }
        return rows
    }
}
