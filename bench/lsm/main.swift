// Land-model throughput benchmark (release build for the host CPU: `make bench-lsm`).
//
// Measures, on the real forcing of every site in the data directory, in one process:
//   scalar    site-years per second on one core (Simulation.run, spin-up off)
//   ensemble  member-site-years per second on one core (Ensemble.run, 64 members, Lanes.width per
//             SIMD vector), without and with spin-up
//   all sites wall time to read, prepare, spin up and simulate every site with default parameters
//   gradient  one run in dual numbers with the partials of Qle, Qh, NEE for all 14 parameters, as a
//             multiple of the scalar run of the same record, and its output memory per site-year
import CVectorMath
import FluxData
import Foundation
import LandModel

// Usage: bench-lsm [--data DIR] [--site CODE] [--days N] [--repeats R] [--iterations N]
// (--site/--days shorten the run for profiling; each timing is the fastest of R runs, default 3)
var options: [String: String] = [:]
var argumentList = Array(CommandLine.arguments.dropFirst())
while argumentList.count >= 2 { options[argumentList.removeFirst()] = argumentList.removeFirst() }
let directory = options["--data"].map { URL(fileURLWithPath: $0) } ?? SiteCatalog.defaultDirectory()
let members = 64

/// Wall time of `body`; with `repeats` > 1 the fastest of that many runs (the machine is shared).
func seconds(repeats: Int = 1, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}
let repeats = options["--repeats"].flatMap(Int.init) ?? 3

let catalog = try SiteCatalog(directory: directory)
var sites: [(SiteDataset, PreparedForcing)] = []
var readAndPrepare = 0.0
readAndPrepare += try seconds {
    for code in catalog.codes where options["--site"].map({ $0 == code }) ?? true {
        var data = try catalog.load(code)
        if let days = options["--days"].flatMap(Int.init) { data = data.slice(0..<min(data.time.count, days * data.time.stepsPerDay)) }
        let site = try ModelSite(data.info, irrigated: data.info.irrigated ?? false)
        sites.append((data, PreparedForcing(site: site, dataset: data)))
    }
}
let totalYears = sites.reduce(0) { $0 + $1.0.time.lengthInYears }
let iterations = options["--iterations"].flatMap(Int.init) ?? LandSurface.defaultIterations
let noSpinUp = SimulationOptions(iterations: iterations, spinUp: false)

// Scalar: every site once, one thread.
var scalarTime = 0.0
for (_, forcing) in sites {
    scalarTime += seconds(repeats: repeats) { _ = Simulation.run(forcing, parameters: .defaults(for: forcing.site.pft), options: noSpinUp) }
}

// Ensemble: 64 members per site, one thread.
var generator: UInt64 = 1
var parameterSets: [LandParameters] = []
for _ in 0..<members {
    var p = LandParameters.defaults(for: .DBF)
    for id in ParameterID.allCases {
        generator = generator &* 6364136223846793005 &+ 1442695040888963407
        p[id] = id.spec.value(fromUnit: 0.2 + 0.6 * Double(generator >> 11) / Double(1 << 53))
    }
    parameterSets.append(p)
}
var ensembleTime = 0.0
for (_, forcing) in sites {
    ensembleTime += seconds(repeats: repeats) {
        _ = Ensemble.run(forcing, members: parameterSets, recording: EnsembleRecording(fields: [.Qle, .Qh, .NEE], resolution: .daily),
                         options: noSpinUp, threads: 1)
    }
}

// The same ensemble as the pipeline runs it: with spin-up, lanes refilled as members settle (once;
// the rate counts the scored years only). Spin-up work: the members' own cycles, and the
// lane-cycles if each vector of 8 (in the ensemble's order) ran until its slowest lane settled.
var memberCycles = 0, slowestLaneCycles = 0
let spunUpEnsembleTime = seconds {
    for (_, forcing) in sites {
        let result = Ensemble.run(forcing, members: parameterSets, recording: EnsembleRecording(fields: [.Qle, .Qh, .NEE], resolution: .daily),
                                  options: SimulationOptions(iterations: iterations), threads: 1)
        let order = Ensemble.entryOrder(parameterSets)
        memberCycles += result.spinUpCycles.reduce(0, +)
        for start in stride(from: 0, to: order.count, by: Lanes.width) {
            slowestLaneCycles += order[start..<min(start + Lanes.width, order.count)].map { result.spinUpCycles[$0] }.max()! * Lanes.width
        }
    }
}

// All sites end to end with spin-up (default parameters), one thread.
var spinUpCycles = 0
let endToEnd = seconds {
    for (_, forcing) in sites {
        spinUpCycles += Simulation.run(forcing, parameters: .defaults(for: forcing.site.pft)).spinUpCycles
    }
}

// Exact derivatives: all 14 partials of Qle, Qh and NEE, one thread, against the scalar run.
var gradientTime = 0.0
for (_, forcing) in sites {
    gradientTime += seconds(repeats: repeats) {
        _ = ParameterDerivatives.run(forcing, parameters: .defaults(for: forcing.site.pft), calibrated: ParameterID.allCases,
                                     fields: [.Qle, .Qh, .NEE], options: noSpinUp)
    }
}
// Outputs kept: values and 14 partials of 3 fields per step, 8 bytes each.
let gradientBytesPerYear = Double(3 * (1 + ParameterID.allCases.count) * 8) * 365 * 48

let steps = sites.reduce(0) { $0 + $1.0.time.count }
print("target: \(String(cString: mdpl_vector_target()))")
print("land-model benchmark: \(sites.count) sites, \(String(format: "%.1f", totalYears)) site-years, \(steps) steps (\(directory.path))")
print(String(format: "scalar    %7.1f site-years/s/core   %.3f µs/step", totalYears / scalarTime, scalarTime / Double(steps) * 1e6))
print(String(format: "ensemble  %7.1f member-site-years/s/core   %.3f µs/member-step   (%d members, %d per vector)",
             totalYears * Double(members) / ensembleTime, ensembleTime / Double(steps * members) * 1e6, members, Lanes.width))
print(String(format: "ensemble with spin-up %7.1f member-site-years/s/core (as in the pipeline)",
             totalYears * Double(members) / spunUpEnsembleTime))
print(String(format: "spin-up   %d member-cycles; lanes refilled as members settle, instead of %d lane-cycles with each vector waiting for its slowest lane",
             memberCycles, slowestLaneCycles))
print(String(format: "ratio ensemble/scalar per member: %.2f", (totalYears * Double(members) / ensembleTime) / (totalYears / scalarTime)))
print(String(format: "gradient  %7.1f site-years/s/core with all 14 partials of Qle, Qh, NEE: %.2f × the scalar run, outputs %.0f MB per site-year",
             totalYears / gradientTime, gradientTime / scalarTime, gradientBytesPerYear / 1e6))
print(String(format: "all sites, default parameters: read+prepare %.2f s, spin-up (%d cycles) + run %.2f s, total %.2f s",
             readAndPrepare, spinUpCycles, endToEnd, readAndPrepare + endToEnd))
