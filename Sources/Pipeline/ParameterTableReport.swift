import LandModel
import MdPLSupport

/// Table 3A as text: the one rendering of the parameter table that `mdpl params` prints and
/// `docs/parameters.md` holds (a test keeps the document in step with the code).
public enum ParameterTableReport {
    /// Name, symbol, units, meaning, the defaults of `pfts`, range and sampling scale.
    public static func table(pfts: [PlantFunctionalType] = PlantFunctionalType.allCases) -> TextTable {
        var header = ["name", "symbol", "units", "meaning"]
        header += pfts.map { "default \($0.rawValue)" }
        header += ["min", "max", "scale"]
        var table = TextTable(header: header)
        for id in ParameterID.allCases {
            let s = id.spec
            var row = [id.rawValue, s.symbol, s.units, s.meaning]
            row += pfts.map { "\(LandParameters.defaults(for: $0)[id])" }
            row += ["\(s.minimum)", "\(s.maximum)", s.scale.rawValue]
            table.append(row)
        }
        return table
    }

    /// The content of `docs/parameters.md`.
    public static var document: String {
        """
        # Calibratable parameters of the land model

        Generated from `Sources/LandModel/Parameters/ParameterTable.swift` by `mdpl params --markdown`
        (LSM_SPEC.md table 3A). K_sat's default is the soil texture's (loam shown). `scale` is the space
        parameters are sampled and optimised in: `log` (log-uniform) or `lin`.

        \(table().markdown)
        """
    }
}
