public import ArgumentParser

/// Options every command that reads configuration accepts.
public struct HostOptions: ParsableArguments, Sendable {
    /// The configuration directory (`--config DIR`, default `config`).
    @Option(
        name: .customLong("config"), help: ArgumentHelp("The configuration directory, which holds thidua.yaml.", valueName: "dir")
    )
    public var configurationDirectory: String = "config"

    /// For ArgumentParser.
    public init() {}
}

/// How listings are printed.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Lines for people.
    case text
    /// JSON for programs.
    case json
}

/// A command that needs the configuration loaded: the `thidua` host loads and validates it (the
/// same code as `thidua check`), then calls ``run(in:)``. Module commands conform to this.
public protocol HostCommand: ParsableCommand {
    /// The module the command belongs to; the command runs only when that module loaded.
    /// Nil for host commands that work with whatever loaded.
    static var moduleID: String? { get }
    var hostOptions: HostOptions { get }
    mutating func run(in host: LoadedHost) throws
}

extension HostCommand {
    /// Not tied to a module.
    public static var moduleID: String? { nil }

    /// Host commands are run by the `thidua` host, which loads configuration first.
    public mutating func run() throws {
        throw ValidationError("this command must be run through the thidua host, which loads the configuration first")
    }
}

/// Text output written to standard output in one piece.
public struct Output {
    private var text = ""

    /// Empty output.
    public init() {}

    /// Appends `value` and a line feed.
    public mutating func line(_ value: String = "") {
        text += value
        text += "\n"
    }

    /// Everything appended so far.
    public var content: String { text }
}

/// A command could not do what was asked: printed as `error: message` on standard error, exit
/// status 1 (usage errors, by contrast, exit with 64 and show the usage).
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    /// What could not be done, in one sentence, without "error:".
    public var message: String

    /// A failure saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
