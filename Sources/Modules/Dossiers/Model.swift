public import ThiDuaCore
public import ThiDuaCriteria

/// Where a dossier is in its life.
///
/// ```
/// draft ──submit──▶ submitted ──accept──▶ accepted ──(award decision issued)──▶ decided
///                       │  ╰──reject──▶ rejected
///                    return
///                       ▼
///                   returned ──submit──▶ resubmitted ──accept / reject / return …
/// ```
///
/// The statuses are stored as text, so that later steps are new values and new transitions, not a
/// new schema: `decided` is set by the decisions module when the head issues the award decision
/// that closes the council's review of the dossier (``DossierWorkflow/markDecided(_:decision:actor:now:in:)``).
public enum DossierStatus: String, CaseIterable, Sendable, Hashable {
    case draft, submitted, returned, resubmitted, accepted, rejected, decided

    /// "dự thảo", "đã nộp" …
    public var vietnamese: String {
        switch self {
        case .draft: return "dự thảo"
        case .submitted: return "đã nộp"
        case .returned: return "trả lại để bổ sung"
        case .resubmitted: return "đã nộp lại"
        case .accepted: return "đã tiếp nhận"
        case .rejected: return "không tiếp nhận"
        case .decided: return "đã có quyết định khen thưởng"
        }
    }

    /// The unit may still change nominees and documents.
    public var isEditable: Bool { self == .draft || self == .returned }

    /// Waiting for the standing office (return, accept or reject).
    public var awaitsCheck: Bool { self == .submitted || self == .resubmitted }
}

/// A dossier as stored, with its nominees and documents.
public struct DossierRecord: Sendable {
    public var id: String
    public var campaign: String
    public var number: Int
    public var unit: String
    /// The unit's own number for the proposal ("15/TTr-QLXD"), unique per campaign and unit.
    public var reference: String?
    public var title: String?
    public var status: DossierStatus
    public var createdBy: String
    public var createdAt: Instant
    public var submittedAt: Instant?
    public var decidedAt: Instant?
    /// The reason of the last return or rejection.
    public var statusReason: String?
    public var updatedAt: Instant
    public var nominees: [NomineeRecord]
    public var attachments: [AttachmentRecord]

    /// The attachment of `component` for `nominee` (nil: the dossier's own).
    public func attachment(_ component: String, nominee: String?) -> AttachmentRecord? {
        attachments.first { $0.component == component && $0.nominee == nominee }
    }

    /// The state recorded in audit entries: ids, status, nominees, documents (names and hashes).
    public var auditState: JSONText {
        var members: [(String, JSONText)] = [
            ("id", .string(id)), ("campaign", .string(campaign)), ("unit", .string(unit)), ("status", .string(status.rawValue)),
        ]
        if let reference { members.append(("reference", .string(reference))) }
        if let title { members.append(("title", .string(title))) }
        if let submittedAt { members.append(("submitted_at", .string(submittedAt.utcText))) }
        if let statusReason { members.append(("reason", .string(statusReason))) }
        members.append(("nominees", .array(nominees.map(\.auditState))))
        members.append(("documents", .array(attachments.map(\.auditState))))
        return .object(members)
    }
}

/// A unit or person proposed for an award in a dossier.
public struct NomineeRecord: Sendable {
    /// The unit id or person id.
    public var subject: String
    public var kind: SubjectKind
    /// The award id (of the awards file) proposed.
    public var award: String
    public var ordinal: Int
    /// After acceptance: the criteria module's outcome (`passed`, `failed`, `missing`, `excluded`).
    public var verdict: Outcome?
    /// After acceptance: the verdict with its explanation, as compact JSON.
    public var verdictJSON: String?
    /// After acceptance: the verdict as text (Vietnamese).
    public var verdictText: String?

    var auditState: JSONText {
        .object([("subject", .string(subject)), ("kind", .string(kind.rawValue)), ("award", .string(award))])
    }
}

/// A document of a dossier: which component, for which nominee, and the stored file.
public struct AttachmentRecord: Sendable {
    public var component: String
    /// The nominee the document is about; nil for a document of the dossier itself.
    public var nominee: String?
    /// The name the file had (data only; the file is stored under its hash).
    public var name: String
    public var type: AttachmentType
    public var size: Int
    public var sha256: String
    public var attachedBy: String
    public var attachedAt: Instant

    var auditState: JSONText {
        .object([
            ("component", .string(component)), ("nominee", nominee.map { .string($0) } ?? .null), ("name", .string(name)),
            ("type", .string(type.rawValue)), ("size", .int(size)), ("sha256", .string(sha256)),
        ])
    }
}

/// A deadline extension an administrator recorded.
public struct ExtensionRecord: Sendable {
    public var id: Int
    public var campaign: String
    /// Nil for the whole campaign.
    public var unit: String?
    public var deadline: Deadline
    public var reason: String
    public var grantedBy: String
    public var grantedAt: Instant
}

/// The dossiers module's tables. Every statement is portable SQL (docs/storage.md).
enum Schema {
    static let migrations: [Migration] = [
        Migration(
            module: "dossiers", version: 1, name: "create dossiers, nominees, attachments, extensions",
            statements: [
                """
                CREATE TABLE dossiers (
                    id TEXT PRIMARY KEY,
                    campaign TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    unit TEXT NOT NULL,
                    reference TEXT,
                    title TEXT,
                    status TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    submitted_at TEXT,
                    decided_at TEXT,
                    status_reason TEXT,
                    updated_at TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX dossiers_number ON dossiers (campaign, number)",
                "CREATE UNIQUE INDEX dossiers_reference ON dossiers (campaign, unit, reference)",
                "CREATE INDEX dossiers_by_unit ON dossiers (unit, status)",
                """
                CREATE TABLE dossiers_nominees (
                    dossier TEXT NOT NULL REFERENCES dossiers (id),
                    subject TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    award TEXT NOT NULL,
                    campaign TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    verdict TEXT,
                    verdict_json TEXT,
                    verdict_text TEXT,
                    PRIMARY KEY (dossier, subject)
                )
                """,
                "CREATE UNIQUE INDEX dossiers_nominees_once ON dossiers_nominees (campaign, award, subject)",
                """
                CREATE TABLE dossiers_attachments (
                    id INTEGER PRIMARY KEY,
                    dossier TEXT NOT NULL REFERENCES dossiers (id),
                    component TEXT NOT NULL,
                    nominee TEXT NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    attached_by TEXT NOT NULL,
                    attached_at TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX dossiers_attachments_slot ON dossiers_attachments (dossier, component, nominee)",
                """
                CREATE TABLE dossiers_extensions (
                    id INTEGER PRIMARY KEY,
                    campaign TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    deadline TEXT NOT NULL,
                    exclusive INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    granted_by TEXT NOT NULL,
                    granted_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX dossiers_extensions_by_campaign ON dossiers_extensions (campaign, unit)",
            ])
    ]
}

/// Reading and writing the tables inside a unit of work.
enum Rows {
    static let dossierColumns =
        "id, campaign, number, unit, reference, title, status, created_by, created_at, submitted_at, decided_at, status_reason, updated_at"

    static func dossier(_ id: String, in transaction: any Transaction) throws -> DossierRecord? {
        guard let row = try transaction.row("SELECT \(dossierColumns) FROM dossiers WHERE id = ?", [id]) else { return nil }
        var record = try dossier(row)
        record.nominees = try nominees(of: id, in: transaction)
        record.attachments = try attachments(of: id, in: transaction)
        return record
    }

    static func dossier(_ row: Row) throws -> DossierRecord {
        func instant(_ column: String) throws -> Instant? {
            guard let text = try row.optionalString(column) else { return nil }
            guard let instant = Instant(utcText: text) else {
                throw StoreError(.row, "column '\(column)' holds '\(text)', which is not a UTC time")
            }
            return instant
        }
        let statusText = try row.string("status")
        guard let status = DossierStatus(rawValue: statusText) else {
            throw StoreError(
                .row, "dossier \(try row.string("id")) has the status '\(statusText)', which this thidua does not know",
                hint: "use the thidua that wrote it")
        }
        return DossierRecord(
            id: try row.string("id"), campaign: try row.string("campaign"), number: try row.int("number"),
            unit: try row.string("unit"), reference: try row.optionalString("reference"), title: try row.optionalString("title"),
            status: status, createdBy: try row.string("created_by"),
            createdAt: try instant("created_at") ?? Instant(millisecondsSinceEpoch: 0),
            submittedAt: try instant("submitted_at"), decidedAt: try instant("decided_at"),
            statusReason: try row.optionalString("status_reason"),
            updatedAt: try instant("updated_at") ?? Instant(millisecondsSinceEpoch: 0), nominees: [], attachments: [])
    }

    static func nominees(of dossier: String, in transaction: any Transaction) throws -> [NomineeRecord] {
        try transaction.rows(
            """
            SELECT subject, kind, award, ordinal, verdict, verdict_json, verdict_text
            FROM dossiers_nominees WHERE dossier = ? ORDER BY ordinal
            """, [dossier]
        ).map { row in
            NomineeRecord(
                subject: try row.string("subject"), kind: SubjectKind(rawValue: try row.string("kind")) ?? .individual,
                award: try row.string("award"), ordinal: try row.int("ordinal"),
                verdict: try row.optionalString("verdict").flatMap(Outcome.init(rawValue:)),
                verdictJSON: try row.optionalString("verdict_json"), verdictText: try row.optionalString("verdict_text"))
        }
    }

    static func attachments(of dossier: String, in transaction: any Transaction) throws -> [AttachmentRecord] {
        try transaction.rows(
            """
            SELECT component, nominee, name, type, size, sha256, attached_by, attached_at
            FROM dossiers_attachments WHERE dossier = ? ORDER BY id
            """, [dossier]
        ).map { row in
            let nominee = try row.string("nominee")
            return AttachmentRecord(
                component: try row.string("component"), nominee: nominee.isEmpty ? nil : nominee, name: try row.string("name"),
                type: AttachmentType(rawValue: try row.string("type")) ?? .pdf, size: try row.int("size"),
                sha256: try row.string("sha256"), attachedBy: try row.string("attached_by"),
                attachedAt: Instant(utcText: try row.string("attached_at")) ?? Instant(millisecondsSinceEpoch: 0))
        }
    }

    static func extensions(campaign: String, in transaction: any Transaction) throws -> [ExtensionRecord] {
        try transaction.rows(
            """
            SELECT id, campaign, unit, deadline, exclusive, reason, granted_by, granted_at
            FROM dossiers_extensions WHERE campaign = ? ORDER BY id
            """, [campaign]
        ).compactMap { row in
            guard let date = CalendarDate(iso: try row.string("deadline")) else { return nil }
            let unit = try row.string("unit")
            return ExtensionRecord(
                id: try row.int("id"), campaign: try row.string("campaign"), unit: unit.isEmpty ? nil : unit,
                deadline: Deadline(date: date, exclusive: try row.bool("exclusive")), reason: try row.string("reason"),
                grantedBy: try row.string("granted_by"),
                grantedAt: Instant(utcText: try row.string("granted_at")) ?? Instant(millisecondsSinceEpoch: 0))
        }
    }

    static func insert(_ record: DossierRecord, in transaction: any Transaction) throws {
        try transaction.execute(
            """
            INSERT INTO dossiers (id, campaign, number, unit, reference, title, status, created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.id, record.campaign, record.number, record.unit, record.reference, record.title, record.status.rawValue,
                record.createdBy, record.createdAt.utcText, record.updatedAt.utcText,
            ])
    }

    static func insert(_ nominee: NomineeRecord, dossier: DossierRecord, in transaction: any Transaction) throws {
        try transaction.execute(
            "INSERT INTO dossiers_nominees (dossier, subject, kind, award, campaign, ordinal) VALUES (?, ?, ?, ?, ?, ?)",
            [dossier.id, nominee.subject, nominee.kind.rawValue, nominee.award, dossier.campaign, nominee.ordinal])
    }

    /// Inserts the attachment, or replaces the one in the same slot (component and nominee).
    static func put(_ attachment: AttachmentRecord, dossier: String, in transaction: any Transaction) throws {
        try transaction.execute(
            """
            INSERT INTO dossiers_attachments (dossier, component, nominee, name, type, size, sha256, attached_by, attached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dossier, component, nominee) DO UPDATE SET name = excluded.name, type = excluded.type,
                size = excluded.size, sha256 = excluded.sha256, attached_by = excluded.attached_by,
                attached_at = excluded.attached_at
            """,
            [
                dossier, attachment.component, attachment.nominee ?? "", attachment.name, attachment.type.rawValue,
                attachment.size,
                attachment.sha256, attachment.attachedBy, attachment.attachedAt.utcText,
            ])
    }

    /// The next number of a dossier in `campaign` (1, 2, 3 …); writers are serialised, so no two get the same.
    static func nextNumber(campaign: String, in transaction: any Transaction) throws -> Int {
        let row = try transaction.row("SELECT MAX(number) AS last FROM dossiers WHERE campaign = ?", [campaign])
        return (try row?.optionalInt("last") ?? 0) + 1
    }

    /// The dossier already holding `subject` for `award` in `campaign`, if any.
    static func nomination(campaign: String, award: String, subject: String, in transaction: any Transaction) throws -> String? {
        try transaction.row(
            "SELECT dossier FROM dossiers_nominees WHERE campaign = ? AND award = ? AND subject = ?", [campaign, award, subject]
        )?.string("dossier")
    }
}
