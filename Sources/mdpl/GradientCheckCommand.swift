import ArgumentParser
import Calibration
import FluxData
import Foundation
import LandModel
import MdPLSupport
import Pipeline
import Surrogate

/// `mdpl gradient-check`: the land model's exact parameter derivatives against finite differences.
struct GradientCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient-check",
        abstract: "∂J/∂parameter (unit coordinate) of the SCE-UA objective on a site's first days: exact (dual numbers) against central differences, as CSV.")

    @Option(help: "Site code.") var site: String
    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Days from the start of the record that J covers.") var days = 60
    @Option(help: "YAML file of parameter values (names of `mdpl params`) at which to differentiate; others keep the PFT defaults.")
    var params: String?
    @Flag(help: "Also run the land model's spin-up (fixed at the cycles the plain run needs).") var spinUp = false

    func validate() throws {
        guard days >= 2 else { throw ValidationError("--days must be at least 2") }
    }

    func run() throws {
        let catalog = try SiteCatalog(directory: data.url)
        var dataset = try catalog.load(site)
        let steps = min(dataset.time.count, days * dataset.time.stepsPerDay)
        dataset = dataset.slice(0..<steps)
        let modelled = try ModelledSite(dataset, irrigated: dataset.info.irrigated ?? false)
        var parameters = modelled.defaultParameters
        if let params { parameters = try ParameterFile.load(URL(fileURLWithPath: params), over: parameters) }
        let calibration = CalibrationConfig()
        let calibrated = ParameterID.allCases
        let plain = Simulation.run(modelled.forcing, parameters: parameters, options: SimulationOptions(spinUp: spinUp))
        let options = GradientCheck.fixedSpinUp(SimulationOptions(spinUp: spinUp), cycles: plain.spinUpCycles)
        let targets = ObservedTargets(site: dataset, tasks: calibration.tasks, policy: QualityPolicy(), minValidFraction: 0.8, period: nil)
        let objective = LandModelObjective(forcing: modelled.forcing, calibrated: calibrated, base: modelled.defaultParameters,
                                           targets: targets, objective: calibration.calibrationObjective, options: options)
        guard objective.isUsable else {
            throw DataError(file: dataset.sources.last ?? site, variable: "Qle, Qh",
                            "too few observations that count in the first \(days) days to form J; try more --days")
        }
        let u = calibrated.map { $0.spec.unit(fromValue: parameters[$0]) }
        print("# \(site), first \(days) days, \(calibration.calibrationObjective.description)")
        print("# spin-up: \(spinUp ? "\(plain.spinUpCycles) cycles, fixed" : "off"); derivatives per unit coordinate u (0 = range minimum, 1 = maximum)")
        print("parameter,exact,finite_difference,relative_error")
        for row in GradientCheck.check(objective, at: u) {
            print("\(row.parameter.rawValue),\(String(format: "%.9e", row.exact)),\(String(format: "%.9e", row.finiteDifference)),\(String(format: "%.3e", row.relativeError))")
        }
    }
}
