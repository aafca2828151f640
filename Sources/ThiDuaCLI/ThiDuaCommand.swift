public import ArgumentParser
import ThiDuaCore
import ThiDuaSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The version of the `thidua` executable.
public let thiduaVersion = "0.1.0"

/// `thidua`: the command-line host.
public struct ThiDuaCommand: ParsableCommand {
    /// The root command: its name, abstract, version and every subcommand (host and modules).
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "thidua",
            abstract: "Run emulation and commendation campaigns (thi đua, khen thưởng) from YAML configuration.",
            discussion: """
                Configuration lives in a directory (default ./config) whose thidua.yaml enables and \
                configures modules. Start with 'thidua check', which reports every problem as \
                path:line:col: error: message.
                """,
            version: thiduaVersion,
            subcommands: [Check.self, Modules.self, Init.self, Audit.self, Import.self] + thiduaModules.commands)
    }

    /// For ArgumentParser.
    public init() {}
}

/// Runs `thidua`: parses arguments, loads configuration for commands that need it, maps errors
/// to exit codes (0 success, 1 errors in configuration or a failed command, 64 bad usage).
public enum ThiDuaMain {
    /// Parses `arguments` (default: the process's), runs the command and exits with its status.
    public static func main(_ arguments: [String]? = nil) -> Never {
        _ = ProcessClock.start  // "load" in --timing reports counts from here
        do {
            var command = try ThiDuaCommand.parseAsRoot(arguments)
            if let hostCommand = command as? any HostCommand {
                try run(hostCommand)
            } else {
                try command.run()
            }
            ThiDuaCommand.exit()
        } catch let failure as CommandFailure {
            printError("error: \(failure.message)")
            ThiDuaCommand.exit(withError: ExitCode(1))
        } catch let failure as ModuleError {
            printError("error: \(failure.message)")
            ThiDuaCommand.exit(withError: ExitCode(1))
        } catch let failure as StoreError {
            printError("error: \(failure.description)")
            ThiDuaCommand.exit(withError: ExitCode(1))
        } catch let failure as DiagnosticsError {
            for diagnostic in failure.diagnostics { printError(diagnostic.description) }
            ThiDuaCommand.exit(withError: ExitCode(1))
        } catch {
            ThiDuaCommand.exit(withError: error)
        }
    }

    /// Loads the configuration with the module catalog and runs a host command.
    static func run<C: HostCommand>(_ command: C) throws {
        var command = command
        let host = Host(catalog: thiduaModules, storeBackend: SQLiteBackend())
            .load(configurationDirectory: command.hostOptions.configurationDirectory)
        guard let moduleID = C.moduleID else {
            try command.run(in: host)
            return
        }
        guard host.configuration != nil, let module = host.modules.first(where: { $0.id == moduleID }), module.state == .loaded
        else {
            for diagnostic in host.diagnostics { printError(diagnostic.description) }
            printError("error: the '\(moduleID)' module is not available: \(availability(of: moduleID, in: host))")
            throw ExitCode(1)
        }
        for diagnostic in host.diagnostics where diagnostic.severity == .warning { printError(diagnostic.description) }
        let errors = host.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            printError(
                "warning: the configuration has \(errors) error\(errors == 1 ? "" : "s") in other modules; run 'thidua check'")
        }
        try command.run(in: host)
    }

    static func availability(of moduleID: String, in host: LoadedHost) -> String {
        if host.configuration == nil { return "the configuration could not be read (see above)" }
        guard let module = host.modules.first(where: { $0.id == moduleID }) else {
            let disabled = host.configuration?.modules.contains { $0.id == moduleID && !$0.enabled } ?? false
            return disabled
                ? "it is disabled in \(host.hostFile)"
                : "it is not enabled; add '\(moduleID):' under 'modules:' in \(host.hostFile)"
        }
        switch module.state {
        case .skipped(let blocker): return "it needs '\(blocker)', which failed (see above)"
        default: return "its configuration has errors (see above)"
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    let text = line + "\n"
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}
