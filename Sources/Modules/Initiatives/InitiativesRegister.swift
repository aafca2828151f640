import Synchronization
public import ThiDuaCore

extension InitiativesModule {
    /// One record as stored.
    public struct Record: Sendable, Hashable {
        /// 1, 2, 3 … in the order they were added.
        public var number: Int
        /// The text, NFC.
        public var text: String
        /// Who added it.
        public var actor: String
        /// When, in UTC (``Instant/utcText``).
        public var recordedAt: String
    }

    /// `text` made ready to store: NFC, without surrounding white space. Throws a
    /// ``CommandFailure`` saying what to change when it is blank or too long.
    public func checked(_ text: String) throws -> String {
        let normalized = VietnameseText.normalized(text)
        let trimmed = String(normalized.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard !trimmed.isEmpty else { throw CommandFailure("the record is empty; write what to record") }
        guard trimmed.count <= maxLength else {
            throw CommandFailure(
                "the record has \(trimmed.count) characters, more than the \(maxLength) allowed ('max_length' of 'initiatives')")
        }
        return trimmed
    }

    /// Adds a record and its audit entry in one unit of work; returns the event to publish once
    /// this returned (the change is committed then).
    public func add(_ text: String, actor: String, store: any Store, at instant: Instant = .now()) throws -> InitiativesRecorded {
        let text = try checked(text)
        guard !actor.isEmpty else { throw CommandFailure("name who records with --as ID or THIDUA_ACTOR") }
        let number = try store.write { transaction -> Int in
            let row = try transaction.row(
                "INSERT INTO initiatives_records (text, actor, recorded_at) VALUES (?, ?, ?) RETURNING id",
                [text, actor, instant.utcText])
            let number = try row?.int("id") ?? 0
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: "initiatives.record", entity: AuditEntity("initiatives-record", String(number)),
                    after: .object([("text", .string(text))])),
                at: instant)
            return number
        }
        return InitiativesRecorded(number: number, text: text, actor: actor, at: instant)
    }

    /// Every record, oldest first.
    public func records(in store: any Store) throws -> [Record] {
        try store.read { transaction in
            try transaction.rows("SELECT id, text, actor, recorded_at FROM initiatives_records ORDER BY id").map { row in
                Record(
                    number: try row.int("id"), text: try row.string("text"), actor: try row.string("actor"),
                    recordedAt: try row.string("recorded_at"))
            }
        }
    }
}

/// The record numbers a handler was given, safe to share between threads.
public final class SeenRecords: Sendable {
    private let numbers = Mutex<[Int]>([])

    /// An empty list.
    public init() {}

    /// Adds `number`.
    public func append(_ number: Int) {
        numbers.withLock { $0.append(number) }
    }

    /// The numbers so far, in the order they came.
    public var all: [Int] { numbers.withLock { $0 } }
}
