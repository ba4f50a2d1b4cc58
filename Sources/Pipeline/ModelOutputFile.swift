import FluxData
import Foundation
import LandModel

/// Writes a land-model run as ALMA NetCDF (every output of LSM_SPEC.md 2.13 and the diagnostics).
public enum ModelOutputFile {
    /// Writes `result` for `site` to `url`, recording the parameters as global attributes.
    public static func write(_ result: SimulationResult, site: SiteInfo, parameters: LandParameters, to url: URL) throws {
        let variables = OutputField.allCases.map { field in
            OutputVariable(name: field.rawValue, units: field.units, longName: field.longName, values: result[field])
        }
        var attributes = ["source": "MdPL land model (LSM_SPEC.md v1.1)",
                          "spin_up_cycles": "\(result.spinUpCycles)",
                          "spin_up_converged": "\(result.spinUpConverged)"]
        for id in ParameterID.allCases { attributes["parameter_\(id.rawValue)"] = "\(parameters[id])" }
        attributes["initial_state"] = stateText(result.initialState)
        attributes["final_state"] = stateText(result.finalState)
        try ALMAWriter.write(to: url, site: site, time: result.time, variables: variables,
                             title: "MdPL land-model output for \(site.code)", globalAttributes: attributes)
    }

    /// Reads a file written by `write` (outputs are float32 in the file, so values are rounded
    /// to float precision). Throws if a field is missing or the time axis differs from `time`.
    public static func read(_ url: URL, expecting time: TimeAxis) throws -> SimulationResult {
        let file = try NetCDFFile(path: url.path)
        let axis = try TimeAxis.decode(values: try file.readDoubles("time"), units: file.textAttribute("time", "units"),
                                       file: url.path)
        guard axis == time else {
            throw DataError(file: url.path, variable: "time", "the stored run covers \(axis.start) + \(axis.count) steps, expected \(time.start) + \(time.count)")
        }
        var outputs: [OutputField: [Double]] = [:]
        for field in OutputField.allCases { outputs[field] = try file.readDoubles(field.rawValue) }
        let cycles = Int(file.textAttribute(nil, "spin_up_cycles") ?? "") ?? 0
        let converged = file.textAttribute(nil, "spin_up_converged") == "true"
        guard let initial = state(file.textAttribute(nil, "initial_state")),
              let final = state(file.textAttribute(nil, "final_state")) else {
            throw DataError(file: url.path, variable: "initial_state", "missing or unreadable model state attributes")
        }
        return SimulationResult(time: axis, outputs: outputs, spinUpCycles: cycles, spinUpConverged: converged,
                                initialState: initial, finalState: final)
    }

    /// `W_can W1 W2 Ts T2` in full precision.
    static func stateText(_ s: ModelState<Double>) -> String {
        [s.canopyWater, s.soilWater1, s.soilWater2, s.skinTemperature, s.deepTemperature].map { "\($0)" }
            .joined(separator: " ")
    }

    static func state(_ text: String?) -> ModelState<Double>? {
        guard let v = text?.split(separator: " ").compactMap({ Double($0) }), v.count == 5 else { return nil }
        return ModelState(canopyWater: v[0], soilWater1: v[1], soilWater2: v[2], skinTemperature: v[3], deepTemperature: v[4])
    }
}
