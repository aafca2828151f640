public import ArgumentParser
public import ThiDuaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `thidua initiatives add|list`.
public struct InitiativesCommand: ParsableCommand {
    /// The command's name, summary and subcommands (an explicit name keeps `thidua --help` fast).
    public static let configuration = CommandConfiguration(
        commandName: "initiatives",
        abstract: "Add and list the records of the initiatives register.",
        subcommands: [Add.self, List.self])

    /// For ArgumentParser.
    public init() {}

    /// `thidua initiatives add TEXT [--as ID]`
    public struct Add: HostCommand {
        /// The subcommand's name and summary.
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Record a text, with an audit entry; other modules are told after it is saved.")
        /// Runs only when the module loaded.
        public static var moduleID: String? { "initiatives" }

        /// `--config DIR`.
        @OptionGroup public var hostOptions: HostOptions
        /// What to record.
        @Argument(help: "The text to record.") public var text: String
        /// Who records.
        @Option(name: .customLong("as"), help: ArgumentHelp("Who records (default: THIDUA_ACTOR).", valueName: "id"))
        public var actor: String?

        /// For ArgumentParser.
        public init() {}

        /// Saves the record, then publishes ``InitiativesRecorded``.
        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(InitiativesModule.self) else { throw ExitCode.failure }
            guard let actor = actor ?? getenv("THIDUA_ACTOR").map({ String(cString: $0) }), !actor.isEmpty else {
                throw ValidationError("name who records with --as ID or the THIDUA_ACTOR environment variable")
            }
            let store = try host.openStore()
            let events = try host.start(store: store)
            let event = try module.add(text, actor: actor, store: store)
            print("Recorded #\(event.number) in \(module.title).")
            do {
                try events.publish(event, from: InitiativesModule.descriptor.id)
            } catch {
                throw CommandFailure("record #\(event.number) was saved, but \(error)")
            }
        }
    }

    /// `thidua initiatives list [--format text|json]`
    public struct List: HostCommand {
        /// The subcommand's name and summary.
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List the records, oldest first.")
        /// Runs only when the module loaded.
        public static var moduleID: String? { "initiatives" }

        /// `--config DIR`.
        @OptionGroup public var hostOptions: HostOptions
        /// `--format text|json`.
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        /// For ArgumentParser.
        public init() {}

        /// Prints the records.
        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(InitiativesModule.self) else { throw ExitCode.failure }
            let records = try module.records(in: try host.openStore())
            switch format {
            case .json:
                print(
                    JSONText.array(
                        records.map { record in
                            JSONText.object([
                                ("number", .int(record.number)), ("text", .string(record.text)),
                                ("actor", .string(record.actor)), ("recorded_at", .string(record.recordedAt)),
                            ])
                        }))
            case .text:
                var output = Output()
                output.line("\(module.title): \(records.count) record\(records.count == 1 ? "" : "s")")
                for record in records { output.line("#\(record.number)\t\(record.recordedAt)\t\(record.actor)\t\(record.text)") }
                print(output.content, terminator: "")
            }
        }
    }
}
