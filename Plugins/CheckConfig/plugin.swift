import Foundation
import PackagePlugin

/// `swift package check-config [--config DIR] [--format text|json]`: builds `thidua` and runs
/// `thidua check` on the package's configuration (default `./config`), so developers validate
/// configuration with the same code that runs at every start.
@main
struct CheckConfig: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "thidua")
        var extractor = ArgumentExtractor(arguments)
        let configuration =
            extractor.extractOption(named: "config").last
            ?? context.package.directoryURL.appendingPathComponent("config").path
        let format = extractor.extractOption(named: "format").last ?? "text"

        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["check", "--config", configuration, "--format", format] + extractor.remainingArguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("thidua check found errors in \(configuration)")
            throw PluginFailure(tool: "thidua check", status: process.terminationStatus)
        }
    }
}

/// The tool the plugin ran failed; what it printed says why.
struct PluginFailure: Error, CustomStringConvertible {
    var tool: String
    var status: Int32
    var description: String { "\(tool) exited with status \(status)" }
}
