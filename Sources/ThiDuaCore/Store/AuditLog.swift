/// The audit log: every change to ThiDua's data, who made it and when, in a hash chain.
///
/// Modules append an entry in the same unit of work as the change it describes, so that the change
/// and its record are committed together or not at all:
///
/// ```swift
/// try store.write { transaction in
///     try transaction.execute("UPDATE dossiers SET status = ? WHERE id = ?", ["submitted", id])
///     try transaction.audit(AuditEntry(
///         actor: personID, action: "dossier.submit", entity: AuditEntity("dossier", id),
///         before: .object([("status", .string("draft"))]), after: .object([("status", .string("submitted"))])))
/// }
/// ```
///
/// Each entry stores `hash = SHA-256(previous hash + canonical content)`; the last sequence number
/// and hash are kept again in `thidua_audit_head`. ``AuditLog/verify(in:pageSize:)`` finds an entry that
/// was edited, entries that were deleted (a gap, or a log that ends before its head), and a head
/// that was changed. It cannot detect someone who rewrites the whole chain and the head
/// consistently: record the head hash that `thidua audit verify` prints somewhere else (a report,
/// a signed minute) to anchor it. See docs/storage.md.
public enum AuditLog {
    /// The `previous_hash` of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The actor the tool itself records under (migrations applied by `thidua init`).
    public static let systemActor = "thidua"

    /// The entries with sequence numbers after `after`, oldest first, at most `limit`.
    public static func entries(in transaction: any Transaction, after: Int = 0, limit: Int? = nil) throws -> [AuditRecord] {
        var sql = "SELECT \(AuditRecord.columns) FROM thidua_audit WHERE sequence > ? ORDER BY sequence"
        var arguments: [any SQLValueConvertible] = [after]
        if let limit {
            sql += " LIMIT ?"
            arguments.append(limit)
        }
        return try transaction.rows(sql, arguments).map(AuditRecord.init(row:))
    }

    /// The newest `limit` entries, oldest of them first.
    public static func latest(in transaction: any Transaction, limit: Int) throws -> [AuditRecord] {
        let rows = try transaction.rows(
            "SELECT \(AuditRecord.columns) FROM thidua_audit ORDER BY sequence DESC LIMIT ?", [limit])
        return try rows.map(AuditRecord.init(row:)).reversed()
    }

    /// The recorded head: the last sequence number and its hash.
    public static func head(in transaction: any Transaction) throws -> AuditHead {
        guard let row = try transaction.row("SELECT last_sequence, hash FROM thidua_audit_head WHERE id = 1") else {
            throw StoreError(
                .audit, "the audit log has no head row (thidua_audit_head is empty)",
                hint: "the audit tables were changed outside thidua; restore a backup")
        }
        return AuditHead(lastSequence: try row.int("last_sequence"), hash: try row.string("hash"))
    }

    /// The number of entries.
    public static func count(in transaction: any Transaction) throws -> Int {
        try transaction.row("SELECT COUNT(*) AS n FROM thidua_audit")?.int("n") ?? 0
    }

    /// Checks the whole chain, reading it in pages, and returns every problem found (oldest first).
    public static func verify(in transaction: any Transaction, pageSize: Int = 1000) throws -> AuditVerification {
        var problems: [AuditProblem] = []
        var expected = 1
        var previousHash = genesisHash
        var count = 0
        var last = 0
        while true {
            let page = try entries(in: transaction, after: last, limit: pageSize)
            for record in page {
                count += 1
                if record.sequence > expected {
                    problems.append(.missing(expected...(record.sequence - 1), reason: "sequence gap"))
                } else if record.previousHash != previousHash, record.sequence > 1 {
                    problems.append(
                        AuditProblem(
                            sequences: (record.sequence - 1)...(record.sequence - 1),
                            message:
                                "audit entry \(record.sequence - 1) was changed (entry \(record.sequence) was chained to a different entry \(record.sequence - 1))"
                        ))
                } else if record.previousHash != previousHash {
                    problems.append(
                        AuditProblem(
                            sequences: 1...1, message: "audit entry 1 was changed (it does not start the chain)"))
                }
                if record.computedHash != record.hash {
                    problems.append(
                        AuditProblem(
                            sequences: record.sequence...record.sequence,
                            message: "audit entry \(record.sequence) was changed (hash mismatch)"))
                }
                previousHash = record.hash
                expected = record.sequence + 1
                last = record.sequence
            }
            if page.count < pageSize { break }
        }
        let head: AuditHead
        do {
            head = try self.head(in: transaction)
        } catch let error as StoreError {
            problems.append(AuditProblem(sequences: nil, message: error.message))
            return AuditVerification(count: count, lastSequence: last, lastHash: previousHash, head: nil, problems: problems)
        }
        if head.lastSequence > last {
            problems.append(.missing((last + 1)...head.lastSequence, reason: "the log ends before its recorded head"))
        } else if head.lastSequence < last {
            let range = (head.lastSequence + 1)...last
            problems.append(
                AuditProblem(
                    sequences: range,
                    message:
                        "\(describe(range)) \(range.count == 1 ? "is" : "are") not covered by the recorded head (written outside thidua, or the head was changed)"
                ))
        } else if head.hash != previousHash {
            problems.append(
                AuditProblem(
                    sequences: last == 0 ? nil : last...last,
                    message: last == 0
                        ? "the recorded head of the empty audit log was changed"
                        : "audit entry \(last) or the recorded head was changed (the head's hash does not match entry \(last))"))
        }
        return AuditVerification(count: count, lastSequence: last, lastHash: previousHash, head: head, problems: problems)
    }

    /// Checks a head recorded earlier (an *anchor*: the `Head: entry N, hash …` that `thidua audit
    /// verify` printed, written down elsewhere): entry N must still have that hash. This catches a
    /// rewrite of the chain and its head, which ``verify(in:pageSize:)`` alone cannot.
    public static func check(anchor: AuditHead, in transaction: any Transaction) throws -> AuditProblem? {
        let range = anchor.lastSequence...anchor.lastSequence
        guard anchor.lastSequence > 0 else { return nil }
        guard let record = try entries(in: transaction, after: anchor.lastSequence - 1, limit: 1).first,
            record.sequence == anchor.lastSequence
        else {
            return .missing(range, reason: "it was recorded as the head earlier")
        }
        guard record.hash == anchor.hash.asciiLowercased else {
            return AuditProblem(
                sequences: range,
                message:
                    "audit entry \(anchor.lastSequence) no longer has the hash recorded for it (\(anchor.hash.prefix(12))…); "
                    + "the log was rewritten since")
        }
        return nil
    }

    /// `audit entry 17` or `audit entries 17–18`.
    static func describe(_ range: ClosedRange<Int>) -> String {
        range.count == 1 ? "audit entry \(range.lowerBound)" : "audit entries \(range.lowerBound)–\(range.upperBound)"
    }

    // MARK: - The core's migrations

    /// The core's own migrations (module `core`), applied before any module's.
    public static let migrations: [Migration] = [
        Migration(
            module: Migration.coreModuleID, version: 1, name: "create audit log",
            statements: [
                """
                CREATE TABLE thidua_audit (
                    sequence INTEGER PRIMARY KEY,
                    recorded_at TEXT NOT NULL,
                    recorded_at_local TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity_kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    before_json TEXT,
                    after_json TEXT,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                )
                """,
                "CREATE INDEX thidua_audit_by_entity ON thidua_audit (entity_kind, entity_id)",
                """
                CREATE TABLE thidua_audit_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    last_sequence INTEGER NOT NULL,
                    hash TEXT NOT NULL
                )
                """,
                "INSERT INTO thidua_audit_head (id, last_sequence, hash) VALUES (1, 0, '\(genesisHash)')",
            ])
    ]
}

// MARK: - Entries

/// What was changed: a kind (`dossier`, `campaign`, `migration` …) and an id.
public struct AuditEntity: Sendable, Hashable, CustomStringConvertible {
    /// The kind of thing.
    public var kind: String
    /// Its id.
    public var id: String

    /// The entity `id` of `kind`.
    public init(_ kind: String, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// `dossier HS-2024-001`.
    public var description: String { "\(kind) \(id)" }
}

/// A change to record: who did what to which entity, and its state before and after.
public struct AuditEntry: Sendable {
    /// The person id of who made the change (from the organization's roster), or
    /// ``AuditLog/systemActor`` for the tool itself.
    public var actor: String
    /// What was done, namespaced like events: `dossier.submit`, `campaign.close`.
    public var action: String
    /// What it was done to.
    public var entity: AuditEntity
    /// The state before (nil for a creation).
    public var before: JSONText?
    /// The state after (nil for a deletion).
    public var after: JSONText?

    /// A change to record.
    public init(actor: String, action: String, entity: AuditEntity, before: JSONText? = nil, after: JSONText? = nil) {
        self.actor = actor
        self.action = action
        self.entity = entity
        self.before = before
        self.after = after
    }
}

/// An entry as stored, with its place in the chain.
public struct AuditRecord: Sendable, Hashable {
    /// 1, 2, 3 … without gaps.
    public var sequence: Int
    /// UTC, ``Instant/utcText``.
    public var recordedAt: String
    /// The same instant in Asia/Ho_Chi_Minh, ``Instant/vietnamText``.
    public var recordedAtLocal: String
    /// Who made the change.
    public var actor: String
    /// What was done.
    public var action: String
    /// The kind of entity.
    public var entityKind: String
    /// The entity's id.
    public var entityID: String
    /// The state before, as compact JSON text.
    public var beforeJSON: String?
    /// The state after, as compact JSON text.
    public var afterJSON: String?
    /// The hash of the entry before (``AuditLog/genesisHash`` for the first).
    public var previousHash: String
    /// SHA-256 of `previousHash` and ``canonicalContent``, hexadecimal.
    public var hash: String

    static let columns =
        "sequence, recorded_at, recorded_at_local, actor, action, entity_kind, entity_id, before_json, after_json, previous_hash, hash"

    /// A record read from a row of `thidua_audit`.
    public init(row: Row) throws {
        sequence = try row.int("sequence")
        recordedAt = try row.string("recorded_at")
        recordedAtLocal = try row.string("recorded_at_local")
        actor = try row.string("actor")
        action = try row.string("action")
        entityKind = try row.string("entity_kind")
        entityID = try row.string("entity_id")
        beforeJSON = try row.optionalString("before_json")
        afterJSON = try row.optionalString("after_json")
        previousHash = try row.string("previous_hash")
        hash = try row.string("hash")
    }

    /// A new record of `entry` at `sequence`, chained to `previousHash`.
    public init(sequence: Int, entry: AuditEntry, at instant: Instant, previousHash: String) {
        self.sequence = sequence
        recordedAt = instant.utcText
        recordedAtLocal = instant.vietnamText
        actor = entry.actor
        action = entry.action
        entityKind = entry.entity.kind
        entityID = entry.entity.id
        beforeJSON = entry.before?.compactText
        afterJSON = entry.after?.compactText
        self.previousHash = previousHash
        hash = ""
        hash = computedHash
    }

    /// The text hashed after the previous hash: a version line, then each field on its own line as
    /// `name=<length in UTF-8 bytes>:<value>`, or `name=-` for NULL.
    public var canonicalContent: String {
        var text = "thidua-audit-v1\n"
        func field(_ name: String, _ value: String?) {
            text += name + "="
            text += value.map { "\($0.utf8.count):\($0)" } ?? "-"
            text += "\n"
        }
        field("sequence", String(sequence))
        field("recorded_at", recordedAt)
        field("recorded_at_local", recordedAtLocal)
        field("actor", actor)
        field("action", action)
        field("entity_kind", entityKind)
        field("entity_id", entityID)
        field("before", beforeJSON)
        field("after", afterJSON)
        return text
    }

    /// The hash this record should have, computed from its content and `previousHash`.
    public var computedHash: String {
        SHA256.hex(previousHash + canonicalContent)
    }

    /// The record as JSON for `thidua audit list --format json`.
    public var json: JSONText {
        .object([
            ("sequence", .int(sequence)), ("recorded_at", .string(recordedAt)), ("recorded_at_local", .string(recordedAtLocal)),
            ("actor", .string(actor)), ("action", .string(action)),
            ("entity", .object([("kind", .string(entityKind)), ("id", .string(entityID))])),
            ("before", beforeJSON.map { .string($0) } ?? .null), ("after", afterJSON.map { .string($0) } ?? .null),
            ("previous_hash", .string(previousHash)), ("hash", .string(hash)),
        ])
    }
}

/// The last sequence number and hash, kept apart from the entries.
public struct AuditHead: Sendable, Hashable {
    /// The sequence number of the last entry (0 when the log is empty).
    public var lastSequence: Int
    /// Its hash (``AuditLog/genesisHash`` when the log is empty).
    public var hash: String

    /// A head at `lastSequence` with `hash`.
    public init(lastSequence: Int, hash: String) {
        self.lastSequence = lastSequence
        self.hash = hash
    }
}

/// One thing `thidua audit verify` found wrong.
public struct AuditProblem: Sendable, Hashable, CustomStringConvertible {
    /// The entries concerned, when the problem is about entries.
    public var sequences: ClosedRange<Int>?
    /// One sentence: "audit entry 17 was changed (hash mismatch)".
    public var message: String

    /// A problem.
    public init(sequences: ClosedRange<Int>?, message: String) {
        self.sequences = sequences
        self.message = message
    }

    static func missing(_ range: ClosedRange<Int>, reason: String) -> AuditProblem {
        AuditProblem(
            sequences: range, message: "\(AuditLog.describe(range)) \(range.count == 1 ? "is" : "are") missing (\(reason))")
    }

    /// The message.
    public var description: String { message }
}

/// The outcome of ``AuditLog/verify(in:pageSize:)``.
public struct AuditVerification: Sendable {
    /// How many entries there are.
    public var count: Int
    /// The sequence number of the last entry present.
    public var lastSequence: Int
    /// The stored hash of the last entry present.
    public var lastHash: String
    /// The recorded head, when it could be read.
    public var head: AuditHead?
    /// Everything found wrong, oldest entries first; empty when the log is intact.
    public var problems: [AuditProblem]

    /// Whether no problem was found.
    public var isIntact: Bool { problems.isEmpty }
}

// MARK: - Appending

extension Transaction {
    /// Appends `entry` to the audit log in this transaction: it is committed with the change it
    /// records, or rolled back with it. Returns the stored record.
    @discardableResult
    public func audit(_ entry: AuditEntry, at instant: Instant = .now()) throws -> AuditRecord {
        for (field, value) in [
            ("actor", entry.actor), ("action", entry.action), ("entity kind", entry.entity.kind),
            ("entity id", entry.entity.id),
        ] where value.isEmpty {
            throw StoreError(.audit, "an audit entry needs a non-empty \(field)")
        }
        guard try tableExists("thidua_audit_head") else {
            throw StoreError(.audit, "this database has no audit log", hint: "run 'thidua init' to create it")
        }
        let head = try AuditLog.head(in: self)
        let record = AuditRecord(sequence: head.lastSequence + 1, entry: entry, at: instant, previousHash: head.hash)
        try execute(
            """
            INSERT INTO thidua_audit (\(AuditRecord.columns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.sequence, record.recordedAt, record.recordedAtLocal, record.actor, record.action, record.entityKind,
                record.entityID, record.beforeJSON, record.afterJSON, record.previousHash, record.hash,
            ])
        let changed = try execute(
            "UPDATE thidua_audit_head SET last_sequence = ?, hash = ? WHERE id = 1 AND last_sequence = ?",
            [record.sequence, record.hash, head.lastSequence])
        guard changed == 1 else {
            throw StoreError(.audit, "the audit head moved while entry \(record.sequence) was written")
        }
        return record
    }
}
