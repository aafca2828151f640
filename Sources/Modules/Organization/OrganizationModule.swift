public import ArgumentParser
public import ThiDuaCore
public import ThiDuaYAML

/// The organization module: the agency, its units and its people, from YAML and CSV rosters.
///
/// ```yaml
/// modules:
///   organization:
///     file: organization/so-xay-dung.yaml   # agency, units, people
///     rosters: [organization/roster.csv]    # more people: id,full_name,unit,position,kind,email,phone
/// ```
public struct OrganizationModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The YAML file with `agency`, `units` and `people`.
        public var file: Located<String>
        /// CSV files with more people (a header row names the columns).
        public var rosters: [Located<String>]?
    }

    public static let descriptor = ModuleDescriptor(
        id: "organization", version: "1.0.0",
        summary: "The agency, its units (divisions, attached units) and its people",
        personalData: ["full names", "positions", "e-mail addresses", "phone numbers"])

    public static var commands: [any ParsableCommand.Type] { [OrganizationCommand.self] }

    /// The people imported with `thidua import roster` (see ``RosterImport``).
    public static var migrations: [Migration] {
        [
            Migration(
                module: "organization", version: 1, name: "create imported people",
                statements: [
                    """
                    CREATE TABLE organization_people (
                        id TEXT PRIMARY KEY,
                        full_name TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        position TEXT,
                        kind TEXT NOT NULL,
                        email TEXT,
                        phone TEXT,
                        roles TEXT NOT NULL,
                        source_file TEXT NOT NULL,
                        source_line INTEGER NOT NULL,
                        imported_at TEXT NOT NULL
                    )
                    """
                ])
        ]
    }

    public let organization: Organization
    /// The ids of the people that come from the store (`thidua import roster`), not from
    /// configuration.
    public let importedIDs: Set<String>

    public init(configuration: Configuration, context: ModuleContext) throws {
        var units: [Unit] = []
        var people: [Person] = []
        var agency = Agency(name: "", superior: nil, symbol: "", place: "")
        var complete = true
        if let file = context.decode(
            OrganizationFile.self, file: configuration.file.value, referencedAt: configuration.file.location)
        {
            agency = file.agency
            units = file.units
            people = file.people ?? []
        } else {
            complete = false
        }
        for roster in configuration.rosters ?? [] {
            guard let bytes = context.readBytes(file: roster.value, referencedAt: roster.location) else {
                complete = false
                continue
            }
            let (rosterPeople, diagnostics) = Self.readRoster(bytes, file: context.resolve(roster.value))
            people += rosterPeople
            context.report(diagnostics)
            complete = complete && !diagnostics.hasErrors
        }
        // People imported into the store join those of configuration (after them). A person in
        // both places is an error that names both: configuration can be fixed, and the import
        // refuses to create such a pair in the first place.
        var importedIDs: Set<String> = []
        if complete, let stored = context.readStore({ try Self.readImportedPeople(in: $0) }) {
            let unitIDs = Set(units.map(\.id))
            var configured: [String: SourceLocation] = [:]
            for person in people where configured[person.id] == nil { configured[person.id] = person.location }
            let location = context.storeLocation ?? "the database"
            for problem in stored.problems {
                context.report(
                    .warning(
                        problem.message + " in the database at \(location) (imported from \(problem.source)); it is left out",
                        at: context.entryLocation, hint: "import a corrected roster with 'thidua import roster'"))
            }
            for person in stored.people {
                if let first = configured[person.id] {
                    context.report(
                        .error(
                            "the person '\(person.id)' is both in the configuration and in the database at \(location) "
                                + "(imported from \(person.location.file):\(person.location.line))", at: first,
                            hint: "a person comes from configuration or from 'thidua import roster', not both: "
                                + "remove them here to use the imported record"))
                    continue
                }
                guard unitIDs.contains(person.unit) else {
                    context.report(
                        .warning(
                            "'\(person.fullName)' (\(person.id)), imported into \(location) from \(person.location.file):\(person.location.line), "
                                + "belongs to the unknown unit '\(person.unit)'; they are left out", at: context.entryLocation,
                            hint: "add the unit under 'units:', or import the person again with a known unit"))
                    continue
                }
                people.append(person)
                importedIDs.insert(person.id)
            }
        }
        // Cross-references are checked only when every file could be read; otherwise a unit
        // with a typo would make all its people "unknown" too.
        if complete {
            context.report(Self.validate(units: units, people: people))
        }
        organization = Organization(agency: agency, units: units, people: people)
        self.importedIDs = importedIDs
    }

    /// Whether the person with `id` comes from the store rather than from configuration.
    public func isImported(_ id: String) -> Bool { importedIDs.contains(id) }

    /// Duplicate ids, people in unknown units, heads who are not people of the unit.
    static func validate(units: [Unit], people: [Person]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var unitSeen: [String: SourceLocation] = [:]
        for unit in units {
            if let first = unitSeen[unit.id] {
                diagnostics.append(
                    .error(
                        "duplicate unit id '\(unit.id)' (first at \(first))", at: unit.location,
                        hint: "give each unit its own id"))
            } else {
                unitSeen[unit.id] = unit.location
            }
        }
        var personSeen: [String: Int] = [:]
        personSeen.reserveCapacity(people.count)
        for (index, person) in people.enumerated() {
            if let first = personSeen[person.id] {
                diagnostics.append(
                    .error(
                        "duplicate person id '\(person.id)' (first at \(people[first].location))", at: person.location,
                        hint: "give each person their own id"))
            } else {
                personSeen[person.id] = index
            }
            if unitSeen[person.unit] == nil {
                let suggestion = Suggestion.closest(to: person.unit, in: units.map(\.id))
                diagnostics.append(
                    .error(
                        "'\(person.fullName)' belongs to the unknown unit '\(person.unit)'", at: person.location,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "add the unit under 'units:'"))
            }
        }
        for unit in units {
            guard let head = unit.head else { continue }
            guard let person = personSeen[head].map({ people[$0] }) else {
                diagnostics.append(
                    .error(
                        "the head '\(head)' of unit '\(unit.id)' is not a known person", at: unit.location,
                        hint: "use the id of a person under 'people:'"))
                continue
            }
            if person.unit != unit.id {
                diagnostics.append(
                    .warning("the head '\(head)' of unit '\(unit.id)' belongs to unit '\(person.unit)'", at: unit.location))
            }
        }
        return diagnostics
    }

    static let rosterColumns = ["id", "full_name", "unit", "position", "kind", "email", "phone", "roles"]

    /// People from a CSV roster; each bad row is reported with its line and skipped.
    static func readRoster(_ bytes: [UInt8], file: String) -> ([Person], [Diagnostic]) {
        let table: CSVTable
        switch CSVTable.parse(bytes, file: file) {
        case .success(let parsed): table = parsed
        case .failure(let diagnostic): return ([], [diagnostic])
        }
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        for (index, name) in table.header.enumerated() {
            if !rosterColumns.contains(name) {
                let suggestion = Suggestion.closest(to: name, in: rosterColumns)
                diagnostics.append(
                    .error(
                        "unknown column '\(name)'", at: SourceLocation(file: file, line: 1, column: index + 1),
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "columns: \(rosterColumns.joined(separator: ","))"))
            } else if !seen.insert(name).inserted {
                diagnostics.append(
                    .error(
                        "the column '\(name)' appears twice", at: SourceLocation(file: file, line: 1, column: index + 1),
                        hint: "keep one of them"))
            }
        }
        for required in ["id", "full_name", "unit", "kind"] where !table.header.contains(required) {
            diagnostics.append(
                .error(
                    "the column '\(required)' is missing", at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "the header must name id, full_name, unit and kind; position, email, phone and roles are optional"))
        }
        if diagnostics.hasErrors { return ([], diagnostics) }
        let column = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        // Column positions looked up once, not per row.
        let idColumn = column["id"], nameColumn = column["full_name"], unitColumn = column["unit"], kindColumn = column["kind"]
        let positionColumn = column["position"], emailColumn = column["email"], phoneColumn = column["phone"]
        let rolesColumn = column["roles"]
        let required = [("id", idColumn), ("full_name", nameColumn), ("unit", unitColumn), ("kind", kindColumn)]
        var people: [Person] = []
        people.reserveCapacity(table.rows.count)
        for row in table.rows {
            let location = SourceLocation(file: file, line: row.line, column: 1)
            guard row.fields.count == table.header.count else {
                diagnostics.append(
                    .error(
                        "the row has \(row.fields.count) fields; the header has \(table.header.count)", at: location,
                        hint: "quote fields that contain commas"))
                continue
            }
            func value(_ index: Int?) -> String? {
                guard let index else { return nil }
                let text = row.fields[index].trimmingCharacters()
                return text.isEmpty ? nil : text
            }
            guard let id = value(idColumn), let name = value(nameColumn), let unit = value(unitColumn),
                let kindText = value(kindColumn)
            else {
                let missing = required.filter { value($0.1) == nil }.map(\.0)
                diagnostics.append(.error("the row has no \(missing.joined(separator: ", "))", at: location))
                continue
            }
            guard let kind = Person.Kind(rawValue: kindText) else {
                let names = Person.Kind.allCases.map(\.rawValue)
                diagnostics.append(
                    .error(
                        "'\(kindText)' is not one of: \(names.joined(separator: ", "))",
                        at: SourceLocation(file: file, line: row.line, column: (kindColumn ?? 0) + 1),
                        hint: Suggestion.closest(to: kindText, in: names).map { "did you mean '\($0)'?" }))
                continue
            }
            var roles: Set<Role> = []
            var badRole = false
            if let rolesText = value(rolesColumn) {
                for text in rolesText.split(separator: ";").map({ String($0).trimmingCharacters() }) where !text.isEmpty {
                    guard let role = Role(rawValue: text) else {
                        let names = Role.allCases.map(\.rawValue)
                        diagnostics.append(
                            .error(
                                "'\(text)' is not one of: \(names.joined(separator: ", "))",
                                at: SourceLocation(file: file, line: row.line, column: (rolesColumn ?? 0) + 1),
                                hint: Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'?" }
                                    ?? "separate several roles with ';'"))
                        badRole = true
                        continue
                    }
                    roles.insert(role)
                }
            }
            if badRole { continue }
            people.append(
                Person(
                    id: id, fullName: name, unit: unit, position: value(positionColumn), kind: kind,
                    email: value(emailColumn), phone: value(phoneColumn), roles: roles, location: location))
        }
        return (people, diagnostics)
    }
}

/// The organization file: agency header, units, people.
struct OrganizationFile: Decodable {
    var agency: Agency
    var units: [Unit]
    var people: [Person]?
}
