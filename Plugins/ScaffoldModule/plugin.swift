import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory scaffold-module NAME [--dry-run]`: builds
/// `thidua-dev` and runs `thidua-dev scaffold-module NAME` in the package, which creates the module
/// target, its tests, docs page and example configuration and registers it in Package.swift and
/// the module catalog (see docs/modules.md).
@main
struct ScaffoldModule: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "thidua-dev")
        var extractor = ArgumentExtractor(arguments)
        let dryRun = extractor.extractFlag(named: "dry-run") > 0
        let names = extractor.remainingArguments
        guard names.count == 1, let name = names.first else {
            Diagnostics.error("usage: swift package --allow-writing-to-package-directory scaffold-module NAME (e.g. initiatives)")
            throw PluginFailure(tool: "scaffold-module", status: 64)
        }
        let process = Process()
        process.executableURL = tool.url
        process.arguments =
            ["scaffold-module", name, "--package-dir", context.package.directoryURL.path] + (dryRun ? ["--dry-run"] : [])
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw PluginFailure(tool: "thidua-dev scaffold-module", status: process.terminationStatus)
        }
    }
}

/// The tool the plugin ran failed; what it printed says why.
struct PluginFailure: Error, CustomStringConvertible {
    var tool: String
    var status: Int32
    var description: String { "\(tool) exited with status \(status)" }
}
