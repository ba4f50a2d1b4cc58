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
        try ALMAWriter.write(to: url, site: site, time: result.time, variables: variables,
                             title: "MdPL land-model output for \(site.code)", globalAttributes: attributes)
    }
}
