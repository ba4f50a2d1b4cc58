import Foundation
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

    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let binary = try #require(executable, "mdpl executable not found next to \(CommandLine.arguments[0])")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        process.environment = ["MDPL_NO_PROGRESS": "1"]
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
}
