import Foundation
import PackagePlugin

/// `swift package thidua-check [--config DIR] [--format text|json]`: builds `thidua` and runs
/// `thidua check` on the package's configuration, so developers validate configuration with the
/// same code that runs at every start.
@main
struct ThiDuaCheck: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "thidua")
        var extractor = ArgumentExtractor(arguments)
        let configuration = extractor.extractOption(named: "config").last
            ?? context.package.directoryURL.appendingPathComponent("config").path
        let format = extractor.extractOption(named: "format").last ?? "text"

        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["check", "--config", configuration, "--format", format] + extractor.remainingArguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("thidua check found errors in \(configuration)")
            throw PluginError(status: process.terminationStatus)
        }
    }
}

struct PluginError: Error, CustomStringConvertible {
    var status: Int32
    var description: String { "thidua check exited with status \(status)" }
}
