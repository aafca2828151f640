import ArgumentParser
import ThiDuaCore

/// `thidua check`: validate all configuration with the code every command runs at start.
struct Check: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate all configuration and report every problem.",
        discussion: """
            Reads thidua.yaml and every file the enabled modules name, with the same code every \
            command runs at start. Prints each problem as path:line:col: error: message (warnings \
            likewise) and exits with status 1 when there is an error.
            """)

    @OptionGroup var hostOptions: HostOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    mutating func run(in host: LoadedHost) throws {
        let errors = host.diagnostics.filter { $0.severity == .error }.count
        let warnings = host.diagnostics.filter { $0.severity == .warning }.count
        switch format {
        case .json:
            print(
                JSONText.object([
                    ("ok", .bool(errors == 0)), ("errors", .int(errors)), ("warnings", .int(warnings)),
                    ("files", .array(host.files.map { .string($0) })),
                    (
                        "modules",
                        .array(host.modules.map { .object([("id", .string($0.id)), ("state", .string(stateName($0.state)))]) })
                    ),
                    ("diagnostics", .array(host.diagnostics.map(JSONText.init))),
                ]))
        case .text:
            var output = Output()
            for diagnostic in host.diagnostics { output.line(diagnostic.description) }
            if errors == 0 {
                let modules = host.modules.map { "\($0.id) \($0.descriptor?.version.description ?? "")" }
                output.line(
                    "Configuration OK: \(host.files.count) file\(host.files.count == 1 ? "" : "s"), "
                        + "\(host.modules.count) module\(host.modules.count == 1 ? "" : "s")"
                        + (modules.isEmpty ? "" : " (\(modules.joined(separator: ", ")))")
                        + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") + ".")
            } else {
                output.line(
                    "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(host.configurationDirectory)."
                )
            }
            print(output.content, terminator: "")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

func stateName(_ state: LoadedModule.State) -> String {
    switch state {
    case .pending: return "pending"
    case .loaded: return "loaded"
    case .failed: return "failed"
    case .skipped: return "skipped"
    }
}
