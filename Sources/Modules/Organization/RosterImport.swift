public import ThiDuaCore

/// A CSV roster read for `thidua import roster`, checked exactly like a roster listed under
/// `rosters:` (the same reader, the same messages), plus the checks against the loaded
/// organization: unknown units, an id twice in the file, an id that configuration already has.
///
/// ```swift
/// let roster = module.readImport(roster: bytes, file: "nhan-su.csv")
/// guard !roster.hasErrors else { … print roster.diagnostics; nothing is written … }
/// try store.write { transaction in
///     let counts = try roster.write(to: transaction, at: .now())
///     try transaction.audit(…)
/// }
/// ```
public struct RosterImport: Sendable {
    /// The file as named on the command line (also what the store records as the source).
    public let file: String
    /// The people of the file, in file order (empty when there are errors).
    public let people: [Person]
    /// Every problem found, located in the file.
    public let diagnostics: [Diagnostic]

    /// Whether anything stops the import.
    public var hasErrors: Bool { diagnostics.hasErrors }

    /// How many rows ``write(to:at:progress:)`` added and changed.
    public struct Counts: Sendable, Hashable {
        /// People who were not in the store.
        public var inserted: Int
        /// People already in the store (from an earlier import), now replaced.
        public var updated: Int
    }

    /// Writes every person into `organization_people` inside the caller's unit of work: an
    /// `UPDATE` by id, then an `INSERT` when no row was there (portable upsert). Statements are
    /// prepared once. `progress` is called with the number of people written so far, every 1,024
    /// people and at the end.
    public func write(
        to transaction: any Transaction, at instant: Instant, progress: (Int) -> Void = { _ in }
    ) throws -> Counts {
        let update = try transaction.prepare(
            """
            UPDATE organization_people SET full_name = ?, unit = ?, position = ?, kind = ?, email = ?, phone = ?, roles = ?,
                source_file = ?, source_line = ?, imported_at = ?
            WHERE id = ?
            """)
        let insert = try transaction.prepare(
            """
            INSERT INTO organization_people
                (full_name, unit, position, kind, email, phone, roles, source_file, source_line, imported_at, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let importedAt = instant.utcText
        var counts = Counts(inserted: 0, updated: 0)
        // Into an empty table every person is new: no UPDATE to try first. (The unit of work holds
        // the write lock, so the table stays empty until it commits.)
        var probe = false
        try transaction.forEachRow("SELECT id FROM organization_people LIMIT 1") { _ in probe = true }
        let tableHasRows = probe
        for (index, person) in people.enumerated() {
            let roles = RosterImport.rolesText(person.roles)
            // Both statements take the same values in the same order.
            func bindValues(_ statement: any PreparedStatement) throws {
                try statement.bind(person.fullName, at: 1)
                try statement.bind(person.unit, at: 2)
                try statement.bind(person.position, at: 3)
                try statement.bind(person.kind.rawValue, at: 4)
                try statement.bind(person.email, at: 5)
                try statement.bind(person.phone, at: 6)
                try statement.bind(roles, at: 7)
                try statement.bind(file, at: 8)
                try statement.bind(person.location.line, at: 9)
                try statement.bind(importedAt, at: 10)
                try statement.bind(person.id, at: 11)
            }
            if tableHasRows,
                try {
                    try bindValues(update); return try update.execute() == 1
                }()
            {
                counts.updated += 1
            } else {
                try bindValues(insert)
                try insert.execute()
                counts.inserted += 1
            }
            if (index + 1) & 1023 == 0 { progress(index + 1) }
        }
        progress(people.count)
        return counts
    }

    /// Roles as the store keeps them: in the order of ``Role/allCases``, separated by `;`.
    static func rolesText(_ roles: Set<Role>) -> String {
        if roles.isEmpty { return "" }
        return Role.allCases.filter { roles.contains($0) }.map(\.rawValue).joined(separator: ";")
    }
}

extension OrganizationModule {
    /// Reads a roster for `thidua import roster` and checks it: every check a configured roster
    /// gets (header, fields, kinds, roles, UTF-8, quotes), then — when the rows are well formed —
    /// an id twice in the file, an id that configuration already has (a person comes from one
    /// place), and a unit the organization does not have. People already imported (from this
    /// file or another) are fine: importing replaces them.
    public func readImport(roster bytes: [UInt8], file: String) -> RosterImport {
        let (people, rowDiagnostics) = Self.readRoster(bytes, file: file)
        var diagnostics = rowDiagnostics
        if !diagnostics.hasErrors {
            let unitIDs = organization.units.map(\.id)
            let known = Set(unitIDs)
            var seen: [String: SourceLocation] = [:]
            seen.reserveCapacity(people.count)
            for person in people {
                if let first = seen[person.id] {
                    diagnostics.append(
                        .error(
                            "duplicate person id '\(person.id)' (first at \(first))", at: person.location,
                            hint: "give each person their own id"))
                    continue
                }
                seen[person.id] = person.location
                if let configured = organization.person(person.id), !isImported(person.id) {
                    diagnostics.append(
                        .error(
                            "the person '\(person.id)' is already in the configuration (at \(configured.location))",
                            at: person.location,
                            hint: "a person comes from configuration or from 'thidua import roster', not both: "
                                + "leave them out of this file, or remove them from the configuration first"))
                }
                if !known.contains(person.unit) {
                    let suggestion = Suggestion.closest(to: person.unit, in: unitIDs)
                    diagnostics.append(
                        .error(
                            "'\(person.fullName)' belongs to the unknown unit '\(person.unit)'", at: person.location,
                            hint: suggestion.map { "did you mean '\($0)'?" } ?? "add the unit under 'units:'"))
                }
            }
        }
        return RosterImport(file: file, people: diagnostics.hasErrors ? [] : people, diagnostics: diagnostics)
    }

    /// A stored row that could not become a person.
    struct StoredProblem {
        var message: String
        var source: String
    }

    /// The people of `organization_people`, in import order (then file and line), and the rows
    /// that no longer make a person (a kind or role this version does not know).
    static func readImportedPeople(in transaction: any Transaction) throws -> (people: [Person], problems: [StoredProblem]) {
        var people: [Person] = []
        var problems: [StoredProblem] = []
        try transaction.forEachRow(
            """
            SELECT id, full_name, unit, position, kind, email, phone, roles, source_file, source_line
            FROM organization_people ORDER BY imported_at, source_file, source_line, id
            """
        ) { row in
            let id = row.text(at: 0) ?? ""
            let file = row.text(at: 8) ?? ""
            let line = Int(row.integer(at: 9) ?? 0)
            let source = "\(file):\(line)"
            let kindText = row.text(at: 4) ?? ""
            guard let kind = Person.Kind(rawValue: kindText) else {
                problems.append(StoredProblem(message: "the person '\(id)' has the unknown kind '\(kindText)'", source: source))
                return
            }
            var roles: Set<Role> = []
            for text in (row.text(at: 7) ?? "").split(separator: ";") {
                guard let role = Role(rawValue: String(text)) else {
                    problems.append(StoredProblem(message: "the person '\(id)' has the unknown role '\(text)'", source: source))
                    return
                }
                roles.insert(role)
            }
            people.append(
                Person(
                    id: id, fullName: row.text(at: 1) ?? "", unit: row.text(at: 2) ?? "", position: row.text(at: 3), kind: kind,
                    email: row.text(at: 5), phone: row.text(at: 6), roles: roles,
                    location: SourceLocation(file: file, line: line, column: 1)))
        }
        return (people, problems)
    }
}
