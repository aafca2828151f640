public import ThiDuaBudget
public import ThiDuaCore
public import ThiDuaCriteria

/// An award decision of a campaign: its number, date, signer, the list with amounts and the total.
/// A draft may be replaced; an issued decision is frozen — its data, its rendered documents and
/// their SHA-256 checksum are stored and never change.
public struct Decision: Sendable {
    public enum Status: String, Sendable, Hashable { case draft, issued }

    public var campaign: String
    /// The number as written ("125").
    public var number: String
    /// "125/QĐ-SXD".
    public var symbol: String
    public var date: CalendarDate
    /// The signer's person id.
    public var signer: String
    public var status: Status
    /// The council sessions whose outcome it decides.
    public var sessions: [String]
    /// Collectives first, then individuals.
    public var lines: [DecisionLine]
    /// The dossiers the decision closes (every dossier reviewed in its sessions).
    public var dossiers: [String]
    public var total: Int64
    public var draftedBy: String
    public var draftedAt: Instant
    public var issuedBy: String?
    public var issuedAt: Instant?
    /// After issue: the frozen documents and the checksum over data and documents.
    public var markdown: String?
    public var html: String?
    public var docx: [UInt8]?
    public var checksum: String?

    /// The decision's data as canonical JSON: what the checksum covers, with the documents.
    public var dataJSON: JSONText {
        .object([
            ("campaign", .string(campaign)), ("number", .string(number)), ("symbol", .string(symbol)),
            ("date", .string(date.description)),
            ("signer", .string(signer)), ("sessions", .array(sessions.map { .string($0) })),
            ("dossiers", .array(dossiers.map { .string($0) })),
            ("lines", .array(lines.map(\.json))), ("total", .string(String(total))),
        ])
    }

    /// SHA-256 of the data and the three documents, each prefixed by its length in bytes.
    public static func checksum(data: String, markdown: String, html: String, docx: [UInt8]) -> String {
        var hasher = SHA256()
        for part in [Array(data.utf8), Array(markdown.utf8), Array(html.utf8), docx] {
            hasher.update("\(part.count):")
            hasher.update(part)
            hasher.update("\n")
        }
        return SHA256.hexString(hasher.finalize())
    }
}

/// One line of a decision's list.
public struct DecisionLine: Sendable, Hashable {
    /// The awarded unit or person id.
    public var recipient: String
    public var kind: SubjectKind
    /// The unit that nominated (for a collective: itself).
    public var unit: String
    public var award: String
    public var dossier: String
    /// The session that approved it.
    public var session: String
    /// The money, from the budget module for the decision date.
    public var payment: Payment

    var json: JSONText {
        .object([
            ("recipient", .string(recipient)), ("kind", .string(kind.rawValue)), ("unit", .string(unit)),
            ("award", .string(award)),
            ("dossier", .string(dossier)), ("session", .string(session)), ("amount", .string(String(payment.amount))),
            ("coefficient", .string(payment.coefficient.description)), ("base_salary", .string(String(payment.baseSalary))),
            ("raw", .string(payment.raw.description)), ("rounding", .string(payment.rounding)), ("basis", .string(payment.basis)),
            ("base_salary_basis", .string(payment.baseSalaryBasis)),
        ])
    }
}

/// One award in a subject's history.
public struct HistoryEntry: Sendable, Hashable {
    public var year: Int
    /// The campaign id, or nil for an award configured as a fact of an earlier year.
    public var campaign: String?
    /// The award's or title's name.
    public var award: String
    /// "125/QĐ-SXD"; nil for a configured fact.
    public var decision: String?
    public var date: CalendarDate?
    public var amount: Int64?
    /// Where it comes from: "decision" (issued in thidua) or the fact file's position.
    public var source: String
}

/// The decisions module's tables (portable SQL; docs/storage.md).
enum DecisionSchema {
    static let migrations: [Migration] = [
        Migration(
            module: "decisions", version: 1, name: "create decisions and their lines",
            statements: [
                """
                CREATE TABLE decisions (
                    campaign TEXT PRIMARY KEY,
                    number TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    decided_on TEXT NOT NULL,
                    signer TEXT NOT NULL,
                    status TEXT NOT NULL,
                    sessions TEXT NOT NULL,
                    dossiers TEXT NOT NULL,
                    total INTEGER NOT NULL,
                    data_json TEXT NOT NULL,
                    drafted_by TEXT NOT NULL,
                    drafted_at TEXT NOT NULL,
                    issued_by TEXT,
                    issued_at TEXT,
                    markdown TEXT,
                    html TEXT,
                    docx BLOB,
                    checksum TEXT
                )
                """,
                "CREATE UNIQUE INDEX decisions_symbol ON decisions (symbol)",
                """
                CREATE TABLE decisions_lines (
                    campaign TEXT NOT NULL REFERENCES decisions (campaign),
                    ordinal INTEGER NOT NULL,
                    recipient TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    award TEXT NOT NULL,
                    dossier TEXT NOT NULL,
                    session TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    coefficient TEXT NOT NULL,
                    base_salary INTEGER NOT NULL,
                    raw TEXT NOT NULL,
                    rounding TEXT NOT NULL,
                    basis TEXT NOT NULL,
                    base_salary_basis TEXT NOT NULL,
                    PRIMARY KEY (campaign, ordinal)
                )
                """,
                "CREATE INDEX decisions_lines_by_recipient ON decisions_lines (recipient)",
            ])
    ]

    static let columns =
        "campaign, number, symbol, decided_on, signer, status, sessions, dossiers, total, data_json, drafted_by, drafted_at, issued_by, issued_at, markdown, html, docx, checksum"

    static func decision(campaign: String, in transaction: any Transaction) throws -> Decision? {
        guard let row = try transaction.row("SELECT \(columns) FROM decisions WHERE campaign = ?", [campaign]) else { return nil }
        let dateText = try row.string("decided_on")
        guard let date = CalendarDate(iso: dateText) else {
            throw StoreError(.row, "decision of \(campaign) has the date '\(dateText)', which is not a date")
        }
        func list(_ column: String) throws -> [String] {
            try row.string(column).split(separator: " ").map(String.init)
        }
        var lines: [DecisionLine] = []
        for line in try transaction.rows(
            """
            SELECT recipient, kind, unit, award, dossier, session, amount, coefficient, base_salary, raw, rounding, basis, base_salary_basis
            FROM decisions_lines WHERE campaign = ? ORDER BY ordinal
            """, [campaign])
        {
            let payment = Payment(
                award: try line.string("award"), collective: try line.string("kind") == SubjectKind.collective.rawValue,
                decisionDate: date,
                coefficient: ExactDecimal(try line.string("coefficient")) ?? .zero, baseSalary: try line.get("base_salary"),
                raw: ExactDecimal(try line.string("raw")) ?? .zero, amount: try line.get("amount"),
                rounding: try line.string("rounding"),
                basis: try line.string("basis"), baseSalaryBasis: try line.string("base_salary_basis"))
            lines.append(
                DecisionLine(
                    recipient: try line.string("recipient"), kind: SubjectKind(rawValue: try line.string("kind")) ?? .individual,
                    unit: try line.string("unit"), award: try line.string("award"), dossier: try line.string("dossier"),
                    session: try line.string("session"), payment: payment))
        }
        return Decision(
            campaign: try row.string("campaign"), number: try row.string("number"), symbol: try row.string("symbol"), date: date,
            signer: try row.string("signer"), status: Decision.Status(rawValue: try row.string("status")) ?? .draft,
            sessions: try list("sessions"), lines: lines, dossiers: try list("dossiers"), total: try row.get("total"),
            draftedBy: try row.string("drafted_by"),
            draftedAt: Instant(utcText: try row.string("drafted_at")) ?? Instant(millisecondsSinceEpoch: 0),
            issuedBy: try row.optionalString("issued_by"),
            issuedAt: try row.optionalString("issued_at").flatMap(Instant.init(utcText:)),
            markdown: try row.optionalString("markdown"), html: try row.optionalString("html"),
            docx: try row.get("docx", as: [UInt8]?.self),
            checksum: try row.optionalString("checksum"))
    }

    /// Writes a draft, replacing the campaign's previous draft.
    static func replaceDraft(_ decision: Decision, in transaction: any Transaction) throws {
        try transaction.execute("DELETE FROM decisions_lines WHERE campaign = ?", [decision.campaign])
        try transaction.execute("DELETE FROM decisions WHERE campaign = ?", [decision.campaign])
        try transaction.execute(
            """
            INSERT INTO decisions (campaign, number, symbol, decided_on, signer, status, sessions, dossiers, total, data_json, drafted_by, drafted_at)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)
            """,
            [
                decision.campaign, decision.number, decision.symbol, decision.date.description, decision.signer,
                decision.sessions.joined(separator: " "), decision.dossiers.joined(separator: " "), decision.total,
                decision.dataJSON.description, decision.draftedBy, decision.draftedAt.utcText,
            ])
        for (index, line) in decision.lines.enumerated() {
            try transaction.execute(
                """
                INSERT INTO decisions_lines (campaign, ordinal, recipient, kind, unit, award, dossier, session, amount, coefficient, base_salary,
                    raw, rounding, basis, base_salary_basis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    decision.campaign, index + 1, line.recipient, line.kind.rawValue, line.unit, line.award, line.dossier,
                    line.session,
                    line.payment.amount, line.payment.coefficient.description, line.payment.baseSalary,
                    line.payment.raw.description,
                    line.payment.rounding, line.payment.basis, line.payment.baseSalaryBasis,
                ])
        }
    }
}
