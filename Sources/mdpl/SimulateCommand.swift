import ArgumentParser
import Evaluation
import FluxData
import Foundation
import LandModel
import MdPLSupport
import Pipeline

/// `mdpl simulate`: run the land model on one site (or all) and write ALMA NetCDF.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the land model (default PFT parameters unless --params) and write ALMA NetCDF.",
        discussion: "With --all, every site is run and a skill table against the observations is printed (qc = 0 values plus values of unknown quality).")

    @Option(help: "Site code.") var site: String?
    @Flag(help: "Run every site of the data directory and print a skill table.") var all = false
    @OptionGroup var data: DataDirectoryOption
    @Option(help: "YAML file of parameter values (names of `mdpl params`); others keep PFT defaults.") var params: String?
    @Option(help: "Output directory.") var out = "runs/simulate"
    @Option(help: "Sites run with irrigation (LSM_SPEC 2.10b), comma-separated; overrides the data's 'irrigated' attribute or sites.csv column.")
    var irrigated = ""
    @Option(name: .customLong("not-irrigated"), help: "Sites run without irrigation whatever the data say, comma-separated.")
    var notIrrigated = ""
    @Option(help: "SEB Newton iterations (6; 8 = robust mode).") var iterations = LandSurface.defaultIterations

    func validate() throws {
        guard all || site != nil else { throw ValidationError("give --site CODE or --all") }
        guard (1...20).contains(iterations) else { throw ValidationError("--iterations must be 1...20") }
    }

    func run() throws {
        let catalog = try SiteCatalog(directory: data.url)
        let codes = all ? catalog.codes : [try catalog.entry(site!).code]
        func siteList(_ list: String) -> [String] {
            list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var irrigation: [String: Bool] = [:]
        for code in siteList(irrigated) { irrigation[try catalog.entry(code).code] = true }
        for code in siteList(notIrrigated) { irrigation[try catalog.entry(code).code] = false }
        var unknownQuality: [String] = []
        let outDir = URL(fileURLWithPath: out)
        var skills: [SiteSkill] = []
        let start = Date()
        var modelSeconds = 0.0
        var siteYears = 0.0
        let bar = ProgressBar("simulate", total: codes.count, unit: "sites", enabled: codes.count > 1)
        for code in codes {
            let data = try catalog.load(code)
            let site = try ModelledSite(data, irrigated: irrigation[code] ?? data.info.irrigated ?? false)
            if [FluxVariable.Qle, .Qh, .NEE].contains(where: { flux in data.fluxes[flux]?.qc.contains(QualityFlag.unknown) ?? false }) {
                unknownQuality.append(code)
            }
            var parameters = site.defaultParameters
            if let params { parameters = try ParameterFile.load(URL(fileURLWithPath: params), over: parameters) }
            let t0 = Date()
            let result = Simulation.run(site.forcing, parameters: parameters, options: SimulationOptions(iterations: iterations))
            modelSeconds += Date().timeIntervalSince(t0)
            siteYears += site.data.time.lengthInYears
            let file = outDir.appendingPathComponent("\(code)_MdPL_out.nc")
            try ModelOutputFile.write(result, site: site.data.info, parameters: parameters, to: file)
            skills.append(SiteSkill(result: result, data: site.data, policy: QualityPolicy(), minValidFraction: 0.8))
            if !all {
                print("wrote \(file.path) (\(site.data.time.count) steps, spin-up \(result.spinUpCycles) cycles)")
            }
            bar.advance()
        }
        if codes.count > 1 { bar.finish() }
        print(SiteSkill.table(skills).text, terminator: "")
        if skills.count > 1 {
            var medians: [String] = []
            for flux in ["Qle", "Qh", "NEE"] {
                for scale in [TimeScale.native, .daily] {
                    let values = skills.compactMap { $0.skill[flux]?[scale]?.scores.kge }.filter(\.isFinite).sorted()
                    guard !values.isEmpty else { continue }
                    let n = values.count
                    let median = n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2])
                    medians.append("\(flux) \(scale.label(stepSeconds: 1800)) \(Format.fixed(median, 2)) (\(n) sites)")
                }
            }
            print("median KGE: " + medians.joined(separator: ", "))
        }
        print(String(format: "%d sites, %.1f site-years: model %.2f s (incl. spin-up), total %.2f s",
                     codes.count, siteYears, modelSeconds, Date().timeIntervalSince(start)))
        print("observations: qc = 0 (measured) plus values whose source gives no flag"
              + (unknownQuality.isEmpty ? "" : " (at \(unknownQuality.joined(separator: ", ")))"))
    }
}
