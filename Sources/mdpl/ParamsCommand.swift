import ArgumentParser
import LandModel
import MdPLSupport
import Pipeline

/// `mdpl params [PFT]`: the calibratable parameters of LSM_SPEC.md table 3A.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params", abstract: "The land model's calibratable parameters: units, meaning, default, range, transform.")

    @Argument(help: "A plant functional type (ENF EBF DBF MF GRA CRO SAV SHR WET) for its defaults; all PFTs if omitted.")
    var pft: String?

    @Flag(help: "Print Markdown (for all PFTs: the document docs/parameters.md).") var markdown = false

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
        let table = ParameterTableReport.table(pfts: pfts)
        if markdown && pft == nil {
            print(ParameterTableReport.document, terminator: "")      // = docs/parameters.md
        } else {
            print(markdown ? table.markdown : table.text, terminator: "")
        }
    }
}
