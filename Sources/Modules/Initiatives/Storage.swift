public import ThiDuaCore
import ThiDuaOrganization

extension InitiativesModule {
    /// An initiative to record with `thidua initiative add`, as typed.
    public struct Draft: Sendable {
        /// The id (`sk-2025-03`).
        public var id: String
        /// The title.
        public var title: String
        /// Person ids.
        public var authors: [String]
        /// The year it counts for.
        public var year: Int
        /// `co-so`, `tinh` or `toan-quoc`.
        public var scope: String
        /// The decision's number and symbol.
        public var decisionNumber: String
        /// The decision's date, ISO (`2025-05-20`).
        public var decisionDate: String
        /// Who issued the decision.
        public var decisionIssuer: String

        /// A draft with every field.
        public init(
            id: String, title: String, authors: [String], year: Int, scope: String, decisionNumber: String,
            decisionDate: String, decisionIssuer: String
        ) {
            self.id = id
            self.title = title
            self.authors = authors
            self.year = year
            self.scope = scope
            self.decisionNumber = decisionNumber
            self.decisionDate = decisionDate
            self.decisionIssuer = decisionIssuer
        }
    }

    /// Checks `draft` like a register entry (and its id against every known initiative); returns
    /// the initiative, or throws a ``CommandFailure`` listing every problem.
    public func checked(_ draft: Draft) throws -> Initiative {
        var problems: [String] = []
        let id = draft.id
        if id.isEmpty || id.contains(where: \.isWhitespace) { problems.append("--id: '\(id)' is empty or has spaces") }
        if let existing = initiative(id) {
            problems.append(
                "--id: the initiative '\(id)' already exists (\(existing.stored ? "in the database" : "at \(existing.source)"))")
        }
        for (option, text) in [
            ("--title", draft.title), ("--decision-number", draft.decisionNumber), ("--decision-issuer", draft.decisionIssuer),
        ]
        where text.allSatisfy(\.isWhitespace) {
            problems.append("\(option) is empty")
        }
        if draft.authors.isEmpty { problems.append("--author: name at least one author") }
        for author in draft.authors where organization.person(author) == nil {
            let suggestion = Suggestion.closest(to: author, in: organization.people.map(\.id))
            problems.append("--author: unknown person '\(author)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        if !(1900...2999).contains(draft.year) { problems.append("--year: \(draft.year) is not a year") }
        let scope = InitiativeScope(rawValue: draft.scope)
        if scope == nil {
            problems.append(
                "--scope: unknown scope '\(draft.scope)' (one of: \(InitiativeScope.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let date = CalendarDate(iso: draft.decisionDate)
        if date == nil { problems.append("--decision-date: '\(draft.decisionDate)' is not a date; write YYYY-MM-DD") }
        guard problems.isEmpty, let scope, let date else {
            throw CommandFailure("the initiative was not recorded:\n  " + problems.joined(separator: "\n  "))
        }
        return Initiative(
            id: id, title: VietnameseText.normalized(draft.title), authors: draft.authors, year: draft.year, scope: scope,
            decision: RecognitionDecision(
                number: draft.decisionNumber, date: date, issuer: VietnameseText.normalized(draft.decisionIssuer)),
            source: .file("database"), stored: true)
    }

    /// Records `draft` and its audit entry in one unit of work (nothing is written when a check
    /// fails); returns the event to publish once this returned.
    public func record(_ draft: Draft, actor: String, store: any Store, at instant: Instant = .now()) throws -> InitiativeRecorded
    {
        let initiative = try checked(draft)
        try store.write { transaction in
            if try transaction.row("SELECT id FROM initiatives WHERE id = ?", [initiative.id]) != nil {
                throw CommandFailure("the initiative '\(initiative.id)' was recorded meanwhile; nothing was written")
            }
            try transaction.execute(
                """
                INSERT INTO initiatives (id, title, year, scope, decision_number, decision_date, decision_issuer, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    initiative.id, initiative.title, initiative.year, initiative.scope.rawValue, initiative.decision.number,
                    initiative.decision.date.description, initiative.decision.issuer, actor, instant.utcText,
                ])
            for (position, author) in initiative.authors.enumerated() {
                try transaction.execute(
                    "INSERT INTO initiatives_authors (initiative, position, person) VALUES (?, ?, ?)",
                    [initiative.id, position + 1, author])
            }
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: "initiative.record", entity: AuditEntity("initiative", initiative.id),
                    after: .object([
                        ("title", .string(initiative.title)), ("authors", .array(initiative.authors.map { .string($0) })),
                        ("year", .int(initiative.year)), ("scope", .string(initiative.scope.rawValue)),
                        (
                            "decision",
                            .string("\(initiative.decision.number), \(initiative.decision.date), \(initiative.decision.issuer)")
                        ),
                    ])),
                at: instant)
        }
        return InitiativeRecorded(
            initiative: initiative.id, authors: initiative.authors, year: initiative.year, scope: initiative.scope.rawValue,
            actor: actor, at: instant)
    }

    /// The initiatives recorded in the store, by id.
    static func readStored(in transaction: any Transaction) throws -> [Initiative] {
        var authors: [String: [String]] = [:]
        for row in try transaction.rows("SELECT initiative, person FROM initiatives_authors ORDER BY initiative, position") {
            authors[try row.string("initiative"), default: []].append(try row.string("person"))
        }
        let rows = try transaction.rows(
            "SELECT id, title, year, scope, decision_number, decision_date, decision_issuer FROM initiatives ORDER BY id")
        return try rows.compactMap { row in
            let id = try row.string("id")
            guard let scope = InitiativeScope(rawValue: try row.string("scope")),
                let date = CalendarDate(iso: try row.string("decision_date"))
            else { return nil }
            return Initiative(
                id: id, title: try row.string("title"), authors: authors[id] ?? [], year: try row.int("year"), scope: scope,
                decision: RecognitionDecision(
                    number: try row.string("decision_number"), date: date, issuer: try row.string("decision_issuer")),
                source: .file("database"), stored: true)
        }
    }
}
