import ArgumentParser
import FluxData
import Foundation
import MdPLSupport
import Pipeline

/// `mdpl sites`: the site catalog of a data directory.
struct SitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites", abstract: "List the sites of a data directory, or show one site.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One row per site: vegetation, years, step, observation coverage.")
        @OptionGroup var data: DataDirectoryOption
        @Flag(help: "Print a Markdown table.") var markdown = false

        func run() throws {
            let catalog = try SiteCatalog(directory: data.url)
            let start = Date()
            let summaries = try catalog.codes.map { try catalog.load($0) }
            let table = SiteCatalogTable.make(summaries)
            print(markdown ? table.markdown : table.text, terminator: "")
            let years = summaries.reduce(0.0) { $0 + $1.time.lengthInYears }
            FileHandle.standardError.write(Data(String(format: "%d sites, %.1f site-years, read in %.2f s from %@\n",
                                                       summaries.count, years, Date().timeIntervalSince(start),
                                                       catalog.directory.path).utf8))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attributes and per-variable coverage of one site.")
        @Argument(help: "Site code, e.g. DK-Fou.") var code: String
        @OptionGroup var data: DataDirectoryOption

        func run() throws {
            let catalog = try SiteCatalog(directory: data.url)
            let site = try catalog.load(code)
            print(SiteCatalogTable.describe(site), terminator: "")
        }
    }
}
