import ArgumentParser
import ThiDuaCore

/// `thidua init`: create the database, or upgrade it with the pending migrations.
struct Init: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database, or upgrade it by applying pending migrations.",
        discussion: """
            Creates the data directory and the database that 'data:' in thidua.yaml names (default \
            .thidua/thidua.sqlite) and applies the migrations it lacks: the core's first, then each \
            enabled module's in start order, each in its own transaction. Running it again when \
            nothing is pending changes nothing. It refuses a configuration with errors, a database \
            written by a newer thidua, and a database whose applied migrations were changed — \
            without touching it. Back up the database before upgrading.
            """)

    @OptionGroup var hostOptions: HostOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    mutating func run(in host: LoadedHost) throws {
        if host.hasErrors {
            for diagnostic in host.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
            let errors = host.diagnostics.filter { $0.severity == .error }.count
            printError(
                "error: the configuration has \(errors) error\(errors == 1 ? "" : "s"); 'thidua init' does not touch "
                    + "the database until they are fixed (run 'thidua check')")
            throw ExitCode(1)
        }
        let result: StoreInitialization
        do {
            result = try host.initializeStore()
        } catch let error as StoreError {
            throw fail(error)
        }
        let run = result.run
        let modules = [Migration.coreModuleID] + host.modules.filter { $0.state == .loaded }.map(\.id)
        let versions = result.status.versions(of: modules)
        switch format {
        case .json:
            print(
                JSONText.object([
                    ("database", .string(result.store.location)), ("backend", .string(result.store.backendDescription)),
                    ("created", .bool(run.wasNew)), ("created_directory", .bool(result.createdDirectory)),
                    ("applied", .array(run.applied.map(Self.json))),
                    (
                        "failed",
                        run.failed.map { failure in
                            .object([
                                ("module", .string(failure.migration.module)), ("version", .int(failure.migration.version)),
                                ("name", .string(failure.migration.name)), ("message", .string(failure.error.description)),
                            ])
                        } ?? .null
                    ),
                    ("up_to_date", .bool(result.status.isUpToDate)),
                    (
                        "versions",
                        .array(versions.map { .object([("module", .string($0.module)), ("version", .int($0.version))]) })
                    ),
                ]))
        case .text:
            var output = Output()
            output.line("Database \(result.store.location) — \(result.store.backendDescription)")
            if result.createdDirectory { output.line("Created the data directory \(host.configuration?.data.directory ?? "").") }
            if run.wasNew, !run.applied.isEmpty { output.line("Created the database.") }
            for migration in run.applied {
                output.line("\(migration.module) \(migration.version) \(migration.name) … applied")
            }
            if let failure = run.failed {
                output.line("\(failure.migration.module) \(failure.migration.version) \(failure.migration.name) … failed")
            }
            let summary = versions.map { "\($0.module) \($0.version)" }.joined(separator: ", ")
            if run.applied.isEmpty, run.failed == nil {
                output.line("Up to date (\(summary)).")
            } else if result.status.isUpToDate {
                output.line(
                    "Applied \(run.applied.count) migration\(run.applied.count == 1 ? "" : "s"); up to date (\(summary)).")
            }
            print(output.content, terminator: "")
        }
        if let failure = run.failed {
            throw fail(failure.error)
        }
    }

    private static func json(_ migration: Migration) -> JSONText {
        .object([("module", .string(migration.module)), ("version", .int(migration.version)), ("name", .string(migration.name))])
    }
}

/// Prints a store error as `error: message (hint)` and returns the exit code for it.
func fail(_ error: StoreError) -> ExitCode {
    printError("error: \(error.description)")
    return ExitCode(1)
}
