public import ArgumentParser
public import ThiDuaCore
import ThiDuaYAML

/// `thidua org …`: look up units and people.
public struct OrganizationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Look up the agency's units and people.",
        subcommands: [Find.self, Units.self, People.self])

    public init() {}

    /// `thidua org find QUERY`
    public struct Find: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Find people by name, ignoring case and diacritics (\"vo tat dung\" finds \"Võ Tất Dũng\").")
        public static var moduleID: String? { "organization" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "Part of a name or an id.") public var query: String
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(OrganizationModule.self) else { throw ExitCode.failure }
            let organization = module.organization
            let matches = organization.find(query)
            switch format {
            case .json:
                print(JSONText.array(matches.map { personJSON($0, organization) }))
            case .text:
                if matches.isEmpty {
                    print("No one matches '\(query)'.")
                    throw ExitCode(1)
                }
                for person in matches { print(personLine(person, organization)) }
            }
        }
    }

    /// `thidua org units`
    public struct Units: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "units", abstract: "List the units with their heads and sizes.")
        public static var moduleID: String? { "organization" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let organization = host.module(OrganizationModule.self)?.organization else { throw ExitCode.failure }
            switch format {
            case .json:
                print(
                    JSONText.array(
                        organization.units.map { unit in
                            JSONText.object([
                                ("id", .string(unit.id)), ("name", .string(unit.name)), ("kind", .string(unit.kind.rawValue)),
                                ("head", unit.head.map { .string($0) } ?? .null),
                                ("members", .int(organization.members(of: unit.id).count)),
                            ])
                        }))
            case .text:
                for unit in organization.units {
                    let head = unit.head.flatMap { organization.person($0)?.fullName } ?? "—"
                    print(
                        "\(unit.id)\t\(unit.name)\t\(unit.kind.rawValue)\thead: \(head)\tmembers: \(organization.members(of: unit.id).count)"
                    )
                }
            }
        }
    }

    /// `thidua org people [--unit ID]`
    public struct People: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "people", abstract: "List people, all or of one unit.")
        public static var moduleID: String? { "organization" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(help: "Only the people of this unit.") public var unit: String?
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let organization = host.module(OrganizationModule.self)?.organization else { throw ExitCode.failure }
            if let unit, organization.unit(unit) == nil {
                let suggestion = Suggestion.closest(to: unit, in: organization.units.map(\.id))
                throw CommandFailure("unknown unit '\(unit)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            }
            let people = unit.map { organization.members(of: $0) } ?? organization.people
            switch format {
            case .json: print(JSONText.array(people.map { personJSON($0, organization) }))
            case .text: for person in people { print(personLine(person, organization)) }
            }
        }
    }
}

func personLine(_ person: Person, _ organization: Organization) -> String {
    let unit = organization.unit(person.unit)?.name ?? person.unit
    return "\(person.id)\t\(person.fullName)\t\(person.position ?? "—")\t\(unit)\t\(person.kind.rawValue)"
}

func personJSON(_ person: Person, _ organization: Organization) -> JSONText {
    .object([
        ("id", .string(person.id)), ("full_name", .string(person.fullName)), ("unit", .string(person.unit)),
        ("unit_name", organization.unit(person.unit).map { .string($0.name) } ?? .null),
        ("position", person.position.map { .string($0) } ?? .null), ("kind", .string(person.kind.rawValue)),
        ("email", person.email.map { .string($0) } ?? .null), ("phone", person.phone.map { .string($0) } ?? .null),
        ("roles", .array(person.roles.sorted().map { .string($0.rawValue) })),
    ])
}
