import ArgumentParser
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl sensitivity --config FILE`: which parameters matter, per site.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Sobol' indices of J and of each flux's mean and variance through the surrogate, checked with Morris on the land model.",
        discussion: "Trains the run's ensembles and surrogate if needed (calibrate all 14 parameters in a screening run), then writes sensitivity/indices.csv and sensitivity/summary.txt. A later config selects the sensitive parameters with `calibration: {parameters: sensitive, sensitive: {indices: <run>/sensitivity/indices.csv, threshold: 0.05}}`.")

    @OptionGroup var config: ConfigOption

    func run() throws {
        let open = try OpenRun(configFile: config.path, purpose: "mdpl sensitivity --config \(config.path)")
        _ = try SensitivityAnalysis(open.context).perform()
        print(try String(contentsOf: open.context.directory.file("sensitivity/summary.txt"), encoding: .utf8), terminator: "")
        print("indices: \(open.context.directory.file("sensitivity/indices.csv").path)")
    }
}
