import ArgumentParser
import LandModel
import MdPLSupport

/// `mdpl params [PFT]`: the calibratable parameters of LSM_SPEC.md table 3A.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params", abstract: "The land model's calibratable parameters: units, meaning, default, range, transform.")

    @Argument(help: "A plant functional type (ENF EBF DBF MF GRA CRO SAV SHR WET) for its defaults; all PFTs if omitted.")
    var pft: String?

    @Flag(help: "Print a Markdown table.") var markdown = false

    func run() throws {
        let pfts: [PlantFunctionalType]
        if let pft {
            guard let one = PlantFunctionalType(rawValue: pft.uppercased()) else {
                throw ValidationError("unknown PFT '\(pft)' (known: \(PlantFunctionalType.allCases.map(\.rawValue).joined(separator: " ")))")
            }
            pfts = [one]
        } else {
            pfts = PlantFunctionalType.allCases
        }
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
        print(markdown ? table.markdown : table.text, terminator: "")
    }
}
