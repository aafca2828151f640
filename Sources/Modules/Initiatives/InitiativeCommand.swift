public import ArgumentParser
public import ThiDuaCore
import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `thidua initiative list|show|add`.
public struct InitiativeCommand: ParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "initiative",
        abstract: "List, show and record recognised initiatives (sáng kiến).",
        subcommands: [List.self, Show.self, Add.self])

    /// For ArgumentParser.
    public init() {}

    /// `thidua initiative list [--year YEAR] [--person ID] [--format text|json]`
    public struct List: HostCommand {
        /// The subcommand's name and summary.
        public static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the initiatives: id, year, scope, decision, authors, title.")
        /// Runs only when the module loaded.
        public static var moduleID: String? { "initiatives" }

        /// `--config DIR`.
        @OptionGroup public var hostOptions: HostOptions
        /// Only this year.
        @Option(help: "Only the initiatives of this year.") public var year: Int?
        /// Only this author.
        @Option(help: ArgumentHelp("Only the initiatives of this author.", valueName: "id")) public var person: String?
        /// `--format text|json`.
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        /// For ArgumentParser.
        public init() {}

        /// Prints the initiatives.
        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(InitiativesModule.self) else { throw ExitCode.failure }
            if let person, module.organization.person(person) == nil {
                let suggestion = Suggestion.closest(to: person, in: module.organization.people.map(\.id))
                throw CommandFailure("unknown person '\(person)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            }
            let chosen = module.initiatives.filter { initiative in
                (year.map { initiative.year == $0 } ?? true) && (person.map { initiative.authors.contains($0) } ?? true)
            }
            switch format {
            case .json:
                print(JSONText.array(chosen.map { json($0, module) }))
            case .text:
                var output = Output()
                for initiative in chosen {
                    output.line(
                        [
                            initiative.id, String(initiative.year), initiative.scope.title,
                            "\(initiative.decision.number) (\(VietnameseDate.numeric(initiative.decision.date)))",
                            initiative.authors.map { module.organization.person($0)?.fullName ?? $0 }.joined(separator: ", "),
                            initiative.title,
                        ].joined(separator: "\t"))
                }
                if chosen.isEmpty { output.line("No initiative matches.") }
                print(output.content, terminator: "")
            }
        }
    }

    /// `thidua initiative show ID [--format text|json]`
    public struct Show: HostCommand {
        /// The subcommand's name and summary.
        public static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one initiative with its decision, authors and where it is kept.")
        /// Runs only when the module loaded.
        public static var moduleID: String? { "initiatives" }

        /// `--config DIR`.
        @OptionGroup public var hostOptions: HostOptions
        /// The initiative.
        @Argument(help: "The initiative's id (see 'thidua initiative list').") public var id: String
        /// `--format text|json`.
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        /// For ArgumentParser.
        public init() {}

        /// Prints the initiative.
        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(InitiativesModule.self) else { throw ExitCode.failure }
            guard let initiative = module.initiative(id) else {
                let suggestion = Suggestion.closest(to: id, in: module.initiatives.map(\.id))
                throw CommandFailure("unknown initiative '\(id)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            }
            switch format {
            case .json:
                print(json(initiative, module))
            case .text:
                var output = Output()
                output.line("\(initiative.title) (\(initiative.id))")
                output.line("Năm: \(initiative.year); phạm vi ảnh hưởng: \(initiative.scope.title)")
                output.line(
                    "Quyết định công nhận: số \(initiative.decision.number) ngày \(VietnameseDate.numeric(initiative.decision.date)) "
                        + "của \(initiative.decision.issuer)")
                output.line("Tác giả:")
                for author in initiative.authors {
                    output.line("  - \(module.organization.person(author)?.fullName ?? author) (\(author))")
                }
                output.line("Nguồn: \(initiative.source)")
                print(output.content, terminator: "")
            }
        }
    }

    /// `thidua initiative add --id ID --title T --author P… --year Y --scope S --decision-number N --decision-date D --decision-issuer I`
    public struct Add: HostCommand {
        /// The subcommand's name and summary.
        public static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a recognised initiative in the database, with an audit entry.",
            discussion: """
                Checked like an entry of the register: known authors, a scope (co-so, tinh, toan-quoc), an \
                ISO date; any problem and nothing is written. The acting person (--as ID or THIDUA_ACTOR) \
                needs the standing-office or administrator role.
                """)
        /// Runs only when the module loaded.
        public static var moduleID: String? { "initiatives" }

        /// `--config DIR`.
        @OptionGroup public var hostOptions: HostOptions
        /// The id.
        @Option(help: "The initiative's id, e.g. sk-2025-03.") public var id: String
        /// The title.
        @Option(help: "The title, as on the decision.") public var title: String
        /// Person ids.
        @Option(name: .customLong("author"), help: ArgumentHelp("An author's person id (repeat for each).", valueName: "id"))
        public var authors: [String] = []
        /// The year it counts for.
        @Option(help: "The year it counts for.") public var year: Int
        /// The scope.
        @Option(help: "co-so, tinh or toan-quoc.") public var scope: String
        /// The decision's number.
        @Option(name: .customLong("decision-number"), help: "The decision's number and symbol, e.g. 112/QĐ-THPTNH.")
        public var decisionNumber: String
        /// The decision's date.
        @Option(name: .customLong("decision-date"), help: "The decision's date, YYYY-MM-DD.") public var decisionDate: String
        /// Who issued the decision.
        @Option(name: .customLong("decision-issuer"), help: "Who issued the decision.") public var decisionIssuer: String
        /// Who records.
        @Option(name: .customLong("as"), help: ArgumentHelp("Who records (default: THIDUA_ACTOR).", valueName: "id"))
        public var actor: String?

        /// For ArgumentParser.
        public init() {}

        /// Records the initiative, then publishes ``InitiativeRecorded``.
        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(InitiativesModule.self) else { throw ExitCode.failure }
            let actor = try InitiativesModule.recorder(
                actor ?? getenv("THIDUA_ACTOR").map { String(cString: $0) }, in: module.organization)
            let store = try host.openStore()
            let events = try host.start(store: store)
            let draft = InitiativesModule.Draft(
                id: id, title: title, authors: authors, year: year, scope: scope, decisionNumber: decisionNumber,
                decisionDate: decisionDate, decisionIssuer: decisionIssuer)
            let event = try module.record(draft, actor: actor.id, store: store)
            print("Recorded the initiative \(event.initiative) (\(event.year), \(event.scope)).")
            do {
                try events.publish(event, from: InitiativesModule.descriptor.id)
            } catch {
                throw CommandFailure("\(event.initiative) was recorded, but \(error)")
            }
        }
    }
}

extension InitiativesModule {
    /// The person behind `id`, who must have the standing-office or administrator role.
    static func recorder(_ id: String?, in organization: Organization) throws -> Person {
        guard let id, !id.isEmpty else {
            throw ValidationError("name who records with --as ID or the THIDUA_ACTOR environment variable")
        }
        guard let person = organization.person(id) else {
            let suggestion = Suggestion.closest(to: id, in: organization.people.map(\.id))
            throw CommandFailure("no person has the id '\(id)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        guard person.roles.contains(.standingOffice) || person.roles.contains(.administrator) else {
            throw CommandFailure(
                "\(person.fullName) (\(person.id)) may not record initiatives: only the standing office or an administrator may "
                    + "(grant 'roles: [standing-office]' in the organization file)")
        }
        return person
    }
}

/// An initiative as JSON.
func json(_ initiative: Initiative, _ module: InitiativesModule) -> JSONText {
    .object([
        ("id", .string(initiative.id)), ("title", .string(initiative.title)), ("year", .int(initiative.year)),
        ("scope", .string(initiative.scope.rawValue)),
        (
            "decision",
            .object([
                ("number", .string(initiative.decision.number)), ("date", .string(initiative.decision.date.description)),
                ("issuer", .string(initiative.decision.issuer)),
            ])
        ),
        (
            "authors",
            .array(
                initiative.authors.map { author in
                    .object([
                        ("id", .string(author)),
                        ("full_name", module.organization.person(author).map { .string($0.fullName) } ?? .null),
                    ])
                })
        ),
        ("stored", .bool(initiative.stored)), ("source", .string(initiative.source.description)),
    ])
}
