import FluxData
import Foundation
import SyntheticSites
import Testing

/// The `mdpl` executable on bad input: a non-zero exit and an error naming the file, variable
/// and problem on standard error — never a crash.
@Suite struct CommandLineTests {
    /// The `mdpl` built next to the test bundle (SwiftPM builds every product before testing).
    static var executable: URL? {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for directory in [here, here.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("mdpl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stderr: String) {
        let binary = try #require(executable, "mdpl executable not found next to \(CommandLine.arguments[0])")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        process.environment = ["MDPL_NO_PROGRESS": "1"]
        if let directory { process.currentDirectoryURL = directory }
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "mdpl must exit, not crash")
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func missingDataDirectoryIsAnError() throws {
        let (status, stderr) = try Self.run(["sites", "--data", "/nonexistent/mdpl-data"])
        #expect(status != 0)
        #expect(stderr.contains("/nonexistent/mdpl-data") && stderr.contains("does not exist"))
    }

    @Test func truncatedMetFileNamesTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let met = dir.appendingPathComponent("XX-Bad_2005-2005_Test_Met.nc")
        try Data([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a]).write(to: met)      // an HDF5 signature and nothing else
        let (status, stderr) = try Self.run(["sites", "--data", dir.path])
        #expect(status != 0)
        #expect(stderr.contains("XX-Bad_2005-2005_Test_Met.nc") && stderr.contains("truncated"))
    }

    @Test func badConfigNamesTheKey() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-cli-\(UUID().uuidString).yaml")
        try "name: x\nmodel:\n  iterations: many\n".write(to: config, atomically: true, encoding: .utf8)
        let (status, stderr) = try Self.run(["run", "--config", config.path])
        #expect(status != 0)
        #expect(stderr.contains("model.iterations") && stderr.contains("many"))
    }

    @Test func unknownSiteListsTheKnownOnes() throws {
        let (status, stderr) = try Self.run(["simulate", "--site", "XX-None", "--data", "/nonexistent/x"])
        #expect(status != 0 && !stderr.isEmpty)
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func temporary() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mdpl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The `mdpl data import` examples of the README, run verbatim (words split as a shell would)
    /// in a directory holding the raw files they name, with `../shared/data` beside it.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: repository.appendingPathComponent("../shared/data/raw").path)))
    func readmeImportExamplesRunVerbatim() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = [], current = ""
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current.isEmpty, !line.hasPrefix("mdpl data import --format") || line.contains("|") { continue }
            current += line.hasSuffix("\\") ? String(line.dropLast()) : line
            if !line.hasSuffix("\\") { commands.append(current); current = "" }
        }
        #expect(commands.count == 2, "the README shows a FLUXNET2015 and an AmeriFlux import")
        // ../shared/data/sites.csv, as the README's relative path expects, from a working directory
        // beside the repository.
        let work = Self.repository.deletingLastPathComponent().appendingPathComponent("mdpl-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let raw = Self.repository.appendingPathComponent("../shared/data/raw").standardizedFileURL
        for name in try FileManager.default.contentsOfDirectory(atPath: raw.path) {
            try FileManager.default.createSymbolicLink(at: work.appendingPathComponent(name), withDestinationURL: raw.appendingPathComponent(name))
        }
        for command in commands {
            let words = command.split(separator: " ").map(String.init).dropFirst()   // "mdpl"
            let (status, stderr) = try Self.run(Array(words), in: work)
            #expect(status == 0, "\(command): \(stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("data/US-CRT_2011-2013_AmeriFlux_Met.nc").path))
    }

    @Test func aSemicolonDelimitedFileSaysSo() throws {
        let dir = try Self.temporary()
        let csv = dir.appendingPathComponent("FLX_XX-Sem_FLUXNET2015_FULLSET_HH_2014-2014_1-4.csv")
        try "TIMESTAMP_START;TIMESTAMP_END;TA_F\n201401010000;201401010030;5\n".write(to: csv, atomically: true, encoding: .utf8)
        let (status, stderr) = try Self.run(["data", "import", "--format", "fluxnet2015", "--input", csv.path, "--latitude", "-33.5",
                                             "--longitude", "-70.1", "--igbp", "GRA", "--out", dir.path])
        #expect(status != 0)
        #expect(stderr.contains("semicolon") && stderr.contains(csv.lastPathComponent))
        #expect(stderr.count < 400, "no header dump")
    }

    @Test func anUnknownFormatListsTheKnownOnes() throws {
        let (status, stderr) = try Self.run(["data", "import", "--format", "csv", "--input", "x.csv", "--out", "/tmp/x"])
        #expect(status != 0 && stderr.contains("fluxnet2015") && stderr.contains("ameriflux"))
    }

    /// A full disk: the error names the file and the cause, and mdpl exits instead of crashing in
    /// libhdf5 (needs root to mount a small tmpfs; skipped otherwise).
    @Test(.enabled(if: getuid() == 0)) func aFullDiskIsAnErrorNotACrash() throws {
        let data = try Self.temporary()
        try SyntheticSites.TwinSite(code: "SY-Dsk", days: 40).write(to: data)
        let mountPoint = try Self.temporary()
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }   // no mount permission in this sandbox
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let (status, stderr) = try Self.run(["simulate", "--site", "SY-Dsk", "--data", data.path, "--out", mountPoint.path])
        #expect(status == 1)
        #expect(stderr.contains("SY-Dsk_MdPL_out.nc") && stderr.contains("no space left"))
    }

    @Test func implausibleForcingIsReportedAsOutOfRange() throws {
        let data = try Self.temporary()
        var site = SyntheticSites.TwinSite(code: "SY-Wnd", days: 3).dataset()
        site.forcing[.Wind]!.values[5] = 1e30
        try FluxData.ALMAWriter.write(to: data.appendingPathComponent("SY-Wnd_2005-2005_Test_Met.nc"), site: site.info, time: site.time,
                                      variables: site.forcing.map { OutputVariable(name: $0.key.rawValue, units: $0.key.info.units,
                                                                                  longName: $0.key.rawValue, values: $0.value.values) },
                                      title: "test")
        let (status, stderr) = try Self.run(["simulate", "--site", "SY-Wnd", "--data", data.path, "--out", data.path])
        #expect(status != 0)
        #expect(stderr.contains("Wind") && stderr.contains("outside the physical range") && !stderr.contains("missing"))
    }
}
