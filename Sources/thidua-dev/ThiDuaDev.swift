import ArgumentParser
import Foundation
import ThiDuaDevKit

/// `thidua-dev`: developer tools for the ThiDua package, run by its SwiftPM plugins.
@main
struct ThiDuaDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thidua-dev",
        abstract: "Developer tools for the ThiDua package (run by 'swift package scaffold-module').",
        subcommands: [ScaffoldModule.self])
}

/// `thidua-dev scaffold-module NAME [--package-dir DIR] [--dry-run]`
struct ScaffoldModule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaffold-module",
        abstract:
            "Create a module target with its configuration, command, event handler, migration, tests, docs page and example; register it.",
        discussion: """
            NAME is the module id: lower-case letters and digits, words joined by '-' (e.g. 'hr-scores' \
            makes the target ThiDuaHrScores in Sources/Modules/HrScores). Nothing is written when the \
            module exists or Package.swift or ModuleCatalog.swift lack their '// @scaffold:' markers.
            """)

    @Argument(help: "The module id, e.g. 'initiatives'.") var name: String
    @Option(help: ArgumentHelp("The package root (default: the current directory).", valueName: "dir"))
    var packageDir: String = FileManager.default.currentDirectoryPath
    @Flag(help: "List what would be written, write nothing.") var dryRun = false

    func run() throws {
        do {
            let scaffold = ModuleScaffold(packageDirectory: packageDir, name: try ModuleName(name))
            if dryRun {
                for change in try scaffold.plan() { print("\(change.edits ? "change" : "create") \(change.path)") }
                return
            }
            let written = try scaffold.apply()
            for path in written { print("wrote \(path)") }
            let id = scaffold.name.id
            print(
                """

                Module '\(id)' (target \(scaffold.name.targetName)) is registered. Next:
                  swift build --build-tests && swift test --filter \(scaffold.name.testTargetName)
                  swift run thidua check --config config/examples/\(id)
                Then follow docs/modules.md: rename the records to what the module keeps, and enable it in config/thidua.yaml.
                """)
        } catch let error as ScaffoldError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
