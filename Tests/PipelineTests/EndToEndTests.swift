import FluxData
import Foundation
import LandModel
import MdPLSupport
import Pipeline
import SyntheticSites
import Testing

/// Every stage of `mdpl run` on synthetic twin sites, without `../shared/data`: an uninterrupted
/// run; a rerun that recomputes nothing and changes no byte; runs interrupted at each stage
/// boundary and resumed, which end with the bytes of the uninterrupted run; a changed config that
/// is refused; and a second process that cannot take the run directory.
@Suite(.serialized) struct EndToEndTests {
    /// Three small twin sites of two plant functional types.
    static let sites = [
        TwinSite(code: "SY-Dbf", truth: [.g1: 2.5, .zRoot: 1.2], days: 100, seed: 3),
        TwinSite(code: "SY-Wrm", climate: .init(warming: 4, wetness: 0.5), truth: [.g1: 6, .sInt: 0.3], days: 100, seed: 5),
        TwinSite(code: "SY-Gra", pft: .GRA, igbp: "GRA", latitude: 40, climate: .init(warming: 2, cloudiness: -0.1),
                 truth: [.rz0m: 0.2], days: 100, seed: 9),
    ]

    /// The twin sites' data directory (written once per process).
    static let data: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-e2e-data-\(UUID().uuidString)")
        for site in sites { try! site.write(to: url) }
        return url
    }()

    static func config(runs: URL, seed: UInt64 = 5) throws -> RunConfig {
        try ConfigLoader.parse("""
            name: e2e
            seed: \(seed)
            runsDirectory: \(runs.path)
            stages: [default, benchmarks, surrogate, calibration]
            data: {directory: \(data.path), sites: [all]}
            ensemble: {members: 10}
            surrogate: {hidden: 8, experts: 2, expertWidth: 8, towerWidth: 4, epochs: 2, patience: 2, batchSize: 5,
                        holdOutEvery: 5, subDailyMembers: 4, decoderHidden: 8, decoderEpochs: 1}
            calibration: {methods: [mdpl, dpl-Qle, dpl-Qh, mdpl-loso, mdpl-loso-pft, sce-ua, ceiling, mdpl-local, gradient, dpl-physics,
                                    mdpl@daily, mdpl-pareto], iterations: 5, hidden: 4,
                          refinement: {rounds: 1, members: 3, epochs: 1, iterations: 3}}
            sceua: {budget: 40, complexes: 2}
            ceiling: {budget: 48, complexes: 2, checkpoints: [40]}
            local: {budget: 9}
            gradient: {starts: 2, iterations: 3, generatorIterations: 2}
            pareto: {points: 3, iterations: 3, sceuaWeights: [0.5]}
            """, file: "e2e.yaml")
    }

    struct Interrupted: Error {}

    /// Runs the experiment, stopping (as a kill would) after `stopAfter` if given.
    @discardableResult
    static func run(_ config: RunConfig, stopAfter: StageName? = nil) throws -> RunResults {
        let open = try OpenRun(config: config, configFile: "e2e.yaml", purpose: "EndToEndTests")
        var experiment = Experiment(context: open.context)
        experiment.afterStage = { if $0 == stopAfter { throw Interrupted() } }
        return try experiment.run()
    }

    static func temporary(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-e2e-\(label)-\(UUID().uuidString)")
    }

    /// Files a run rewrites every time from the stage outputs (same bytes) or that record the run
    /// itself (log, lock, resolved config with the run's directory).
    static let regenerated: Set<String> = ["mdpl.log", ".lock", "config.yaml", "sites.csv", "splits.json", "report.html",
                                           "metrics/all.csv", "metrics/default.csv", "metrics/learned-parameters.csv",
                                           "metrics/parameter-limits.csv", "metrics/objective.csv"]

    /// Every file of a run directory (relative path → content), with wall-time columns (`seconds`)
    /// of CSV files removed: they are the only outputs that differ between identical runs.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = directory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count + 1))
            guard !["mdpl.log", ".lock", "config.yaml"].contains(relative) else { continue }
            var data = try Data(contentsOf: url)
            if relative.hasSuffix(".csv") { data = withoutSeconds(data) }
            if relative.hasSuffix(".html") { data = Data(withoutSecondsColumns(String(decoding: data, as: UTF8.self)).utf8) }
            files[relative] = data
        }
        return files
    }

    static func withoutSeconds(_ data: Data) -> Data {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "seconds") else { return data }
        let kept = lines.map { line -> String in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count == header.count { cells.remove(at: column) }
            return cells.joined(separator: ",")
        }
        return Data(kept.joined(separator: "\n").utf8)
    }

    /// The page with the `seconds` column of every table removed (the methods' wall times).
    static func withoutSecondsColumns(_ html: String) -> String {
        html.components(separatedBy: "<table>").enumerated().map { k, part -> String in
            guard k > 0, let end = part.range(of: "</table>") else { return part }
            let table = String(part[..<end.lowerBound]), rest = String(part[end.lowerBound...])
            let rows = table.components(separatedBy: "<tr>")
            guard let header = rows.dropFirst().first,
                  let column = header.components(separatedBy: "<th>").dropFirst().firstIndex(where: { $0.hasPrefix("seconds<") }) else { return part }
            let index = column - 1
            let kept = rows.enumerated().map { r, row -> String in
                guard r > 0 else { return row }
                let tag = r == 1 ? "<th>" : "<td>"
                var cells = row.components(separatedBy: tag)
                if index + 1 < cells.count { cells.remove(at: index + 1) }
                return cells.joined(separator: tag)
            }
            return kept.joined(separator: "<tr>") + rest
        }.joined(separator: "<table>")
    }

    static func modificationDates(_ directory: URL) throws -> [String: Date] {
        var dates: [String: Date] = [:]
        let root = directory.standardizedFileURL.path
        let keys: Set<URLResourceKey> = [.contentModificationDateKey, .isRegularFileKey]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: Array(keys))!
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: keys)
            guard values.isRegularFile == true, let date = values.contentModificationDate else { continue }
            dates[String(url.standardizedFileURL.path.dropFirst(root.count + 1))] = date
        }
        return dates
    }

    @Test func everyStageRunsResumesToTheSameBytesAndRefusesAChangedConfig() throws {
        let runs = Self.temporary("full")
        let config = try Self.config(runs: runs)
        let results = try Self.run(config)
        let directory = runs.appendingPathComponent("e2e")

        // Every stage produced what the next one and the report need.
        let models = Set(results.metrics.rows.map(\.model))
        // In config order, a method after the methods it reads (sce-ua, ceiling, mdpl-local read mdpl),
        // variants right after their method.
        let methods = ["mdpl", "mdpl-r0", "dpl-Qle", "dpl-Qh", "mdpl-loso", "mdpl-loso-pft", "sce-ua", "ceiling", "ceiling-40",
                       "mdpl-local", "gradient", "dpl-physics", "mdpl@daily", "mdpl-pareto"]
        #expect(models == Set(["default", "1lin", "2lin", "3km27", "lstm"] + methods))
        #expect(results.calibrations.map(\.name) == methods)
        // The ceiling's search is SCE-UA's with a larger budget (same seed): after 40 runs it is
        // where SCE-UA stopped.
        for site in Self.sites.map(\.code) {
            let atForty = try String(contentsOf: directory.appendingPathComponent("ceiling-40/\(site).yaml"), encoding: .utf8)
            let sce = try String(contentsOf: directory.appendingPathComponent("sce-ua/\(site).yaml"), encoding: .utf8)
            #expect(atForty.split(separator: "\n").dropFirst() == sce.split(separator: "\n").dropFirst())
        }
        // Refined MdPL and its polish never fit worse than the defaults (they keep the best
        // real-model point, the defaults among the candidates); the objective table says so.
        let objectives = try #require(results.objectives)
        for (s, _) in Self.sites.enumerated() {
            for method in ["mdpl", "mdpl-local", "ceiling", "gradient"] {
                #expect(objectives.values[method]![s] <= objectives.values["default"]![s] + 1e-4)
            }
        }
        for site in Self.sites.map(\.code) {
            for method in ["default", "mdpl", "sce-ua"] {
                #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(method)/\(site).nc").path))
            }
        }
        // A method's parameter file is what the user gets: run with it (as `mdpl simulate --params`
        // does), the land model reproduces the run's scored output.
        let catalog = try SiteCatalog(directory: Self.data)
        for site in Self.sites.map(\.code) {
            let modelled = try ModelledSite(try catalog.load(site), config: config)
            for method in ["mdpl", "sce-ua", "gradient"] {
                let parameters = try ParameterFile.load(directory.appendingPathComponent("\(method)/\(site).yaml"),
                                                        over: modelled.defaultParameters)
                let rerun = Simulation.run(modelled.forcing, parameters: parameters, options: config.model.options)
                let stored = try ModelOutputFile.read(directory.appendingPathComponent("\(method)/\(site).nc"), expecting: modelled.data.time)
                for field in [OutputField.Qle, .Qh, .NEE] {
                    #expect(rerun[field].map(Float.init) == stored[field].map(Float.init), "\(method) \(site) \(field)")
                }
            }
        }
        // The Qle–Qh front: three weightings of MdPL, one of SCE-UA and the defaults per site.
        let front = try String(contentsOf: directory.appendingPathComponent("mdpl-pareto/front.csv"), encoding: .utf8)
        #expect(front.split(separator: "\n").count == 1 + Self.sites.count * (3 + 1 + 1))
        let summary = try String(contentsOf: directory.appendingPathComponent("sce-ua/summary.csv"), encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 1 + Self.sites.count)
        // SCE-UA starts from the defaults and keeps its best point: never worse than the defaults.
        for row in summary.split(separator: "\n").dropFirst() {
            let cells = row.split(separator: ",").map(String.init)
            #expect(Double(cells[4])! <= Double(cells[3])!, "SCE-UA J worse than the defaults' at \(cells[0])")
        }
        let reference = try Self.snapshot(directory)
        #expect(reference.keys.contains("report.html") && reference.keys.contains("surrogate/model.ckpt"))
        try ReportChecks.check(try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8))
        // The report rebuilt from the run directory's files alone is the same page.
        do {
            let rebuilt = try OpenRun(runDirectory: directory, purpose: "EndToEndTests report")
            let page = try Report(context: rebuilt.context, results: try RunResults.stored(rebuilt.context)).html
            let original = String(decoding: reference["report.html"]!, as: UTF8.self)
            if Self.withoutSecondsColumns(page) != original {
                try? page.write(toFile: "/tmp/e2e-rebuilt.html", atomically: true, encoding: .utf8)
                try? original.write(toFile: "/tmp/e2e-original.html", atomically: true, encoding: .utf8)
                let lines = zip(page.split(separator: "\n"), original.split(separator: "\n")).filter { $0 != $1 }.prefix(3)
                Issue.record("the rebuilt report differs, e.g. \(lines.map { "\($0.0.prefix(300)) ≠ \($0.1.prefix(300))" })")
            }
        }

        // A rerun recomputes nothing (every stage output keeps its time stamp) and changes no byte.
        let before = try Self.modificationDates(directory)
        try Self.run(config)
        let after = try Self.modificationDates(directory)
        for (file, date) in before where !Self.regenerated.contains(file) && !file.hasSuffix("manifest.json") {
            #expect(after[file] == date, "\(file) was rewritten by a rerun")
        }
        #expect(try Self.snapshot(directory) == reference)

        // Interrupted after each stage, then resumed: the bytes of the uninterrupted run.
        for stage in StageName.allCases.dropLast() {
            let other = Self.temporary("resume-\(stage.rawValue)")
            let interrupted = try Self.config(runs: other)
            #expect(throws: Interrupted.self) { try Self.run(interrupted, stopAfter: stage) }
            try Self.run(interrupted)
            let resumed = try Self.snapshot(other.appendingPathComponent("e2e"))
            #expect(Set(resumed.keys) == Set(reference.keys), "files differ after resuming from \(stage.rawValue)")
            for (file, data) in reference where resumed[file] != data {
                Issue.record("\(file) differs after resuming from \(stage.rawValue)")
            }
        }

        // The same directory with another seed is refused, before anything is written.
        let changed = try Self.config(runs: runs, seed: 6)
        let error = #expect(throws: ConfigError.self) { try Self.run(changed) }
        #expect(error?.problem.contains("different config") == true)
        #expect(try Self.snapshot(directory) == reference)
    }

    @Test func aSecondProcessCannotTakeTheRunDirectory() throws {
        let runs = Self.temporary("lock")
        let config = try Self.config(runs: runs)
        let first = try OpenRun(config: config, configFile: "e2e.yaml", purpose: "first")
        let busy = #expect(throws: DirectoryLock.Busy.self) { _ = try OpenRun(config: config, configFile: "e2e.yaml", purpose: "second") }
        #expect(busy?.holder.contains("pid \(ProcessInfo.processInfo.processIdentifier): first") == true)
        withExtendedLifetime(first) {}
    }

    @Test func aTypoFailsBeforeTheRunDirectoryExists() throws {
        let runs = Self.temporary("typo")
        var config = try Self.config(runs: runs)
        config.data.sites = ["SY-Dbf", "SY-Typo"]
        #expect(throws: DataError.self) { _ = try OpenRun(config: config, configFile: "e2e.yaml", purpose: "typo") }
        #expect(!FileManager.default.fileExists(atPath: runs.path))
        config.data.sites = ["all"]
        config.data.irrigated = ["SY-Typo": true]
        #expect(throws: ConfigError.self) { _ = try OpenRun(config: config, configFile: "e2e.yaml", purpose: "typo") }
        #expect(!FileManager.default.fileExists(atPath: runs.path))
    }
}

/// Checks of a report page: tags balanced (void elements aside), every figure an SVG with data and a
/// caption, no reference to anything outside the page.
enum ReportChecks {
    static let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "!doctype"]

    static func check(_ html: String) throws {
        var stack: [String] = []
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            guard let close = html[open...].firstIndex(of: ">") else { Issue.record("unclosed tag at the end"); return }
            let tag = html[html.index(after: open)..<close]
            index = html.index(after: close)
            let selfClosing = tag.hasSuffix("/")
            let name = tag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "/" && tag.first != "/" }).first.map(String.init)?.lowercased() ?? ""
            if tag.hasPrefix("/") {
                let closing = String(tag.dropFirst()).lowercased()
                guard stack.last == closing else { Issue.record("</\(closing)> closes <\(stack.last ?? "nothing")>"); return }
                stack.removeLast()
            } else if !selfClosing && !void.contains(name) && !name.isEmpty {
                stack.append(name)
            }
        }
        #expect(stack.isEmpty, "unclosed tags: \(stack)")
        let figures = html.components(separatedBy: "<figure>").dropFirst()
        #expect(figures.count >= 8, "Taylor diagrams, ΔRMSE, parameters, convergence, refinement, fidelity, site series")
        for figure in figures {
            let body = figure.components(separatedBy: "</figure>")[0]
            #expect(body.contains("<svg") && body.contains("<figcaption>"))
            #expect(body.contains("<polyline") || body.contains("<circle") || body.contains("<polygon"), "a figure without data")
        }
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") },
                "the page refers to nothing outside itself")
    }
}
