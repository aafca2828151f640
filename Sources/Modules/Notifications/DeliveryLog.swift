public import ThiDuaCore

/// Where a message stands.
public enum DeliveryStatus: String, Sendable, CaseIterable, Hashable {
    /// Waiting for its first attempt.
    case pending
    /// Claimed by a run that holds a lease on it.
    case sending
    /// Delivered: the server (or the outbox) accepted it.
    case sent
    /// The last attempt failed; it is tried again after its backoff.
    case failed
    /// Failed as often as `max_attempts` allows; not tried again.
    case givenUp = "given-up"
}

/// A message as the delivery log keeps it.
public struct StoredMessage: Sendable, Hashable {
    public var id: String
    public var eventKey: String
    public var trigger: String
    public var campaign: String
    public var recipient: String
    public var recipientName: String
    public var channel: Channel
    public var address: String
    public var subject: String
    public var body: String
    public var attachment: String?
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Instant
    public var leaseUntil: Instant?
    public var runID: String?
    public var lastError: String?
    public var createdAt: Instant
    public var sentAt: Instant?

    static let columns = """
        id, event_key, trigger_name, campaign, recipient, recipient_name, channel, address, subject, body, attachment, status, \
        attempts, next_attempt_at, lease_until, run_id, last_error, created_at, sent_at
        """

    init(row: Row) throws {
        func instant(_ column: String) throws -> Instant? {
            guard let text = try row.optionalString(column) else { return nil }
            guard let value = Instant(utcText: text) else {
                throw StoreError(.row, "\(column) holds '\(text)', which is not a UTC time")
            }
            return value
        }
        let channelText = try row.string("channel")
        let statusText = try row.string("status")
        guard let channel = Channel(rawValue: channelText), let status = DeliveryStatus(rawValue: statusText) else {
            throw StoreError(.row, "notifications_messages holds the channel '\(channelText)' and status '\(statusText)'")
        }
        id = try row.string("id")
        eventKey = try row.string("event_key")
        trigger = try row.string("trigger_name")
        campaign = try row.string("campaign")
        recipient = try row.string("recipient")
        recipientName = try row.string("recipient_name")
        self.channel = channel
        address = try row.string("address")
        subject = try row.string("subject")
        body = try row.string("body")
        attachment = try row.optionalString("attachment")
        self.status = status
        attempts = try row.int("attempts")
        nextAttemptAt = try instant("next_attempt_at") ?? Instant(millisecondsSinceEpoch: 0)
        leaseUntil = try instant("lease_until")
        runID = try row.optionalString("run_id")
        lastError = try row.optionalString("last_error")
        createdAt = try instant("created_at") ?? Instant(millisecondsSinceEpoch: 0)
        sentAt = try instant("sent_at")
    }
}

/// The delivery log in the store: one row per event × recipient × channel.
///
/// Rows are claimed with a lease in a write transaction (`pending`/`failed` → `sending`, with the
/// run's id and a lease expiry), so that two overlapping runs never send the same row; a run that
/// dies leaves its lease, which expires, and the row is taken again.
public enum DeliveryLog {
    static let migrations: [Migration] = [
        Migration(
            module: "notifications", version: 1, name: "create delivery log",
            statements: [
                """
                CREATE TABLE notifications_messages (
                    id TEXT PRIMARY KEY,
                    event_key TEXT NOT NULL,
                    trigger_name TEXT NOT NULL,
                    campaign TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    recipient_name TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    address TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attachment TEXT,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at TEXT NOT NULL,
                    lease_until TEXT,
                    run_id TEXT,
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    sent_at TEXT
                )
                """,
                "CREATE UNIQUE INDEX notifications_messages_by_event ON notifications_messages (event_key, recipient, channel)",
                "CREATE INDEX notifications_messages_due ON notifications_messages (status, next_attempt_at)",
                """
                CREATE TABLE notifications_unreachable (
                    event_key TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    recipient_name TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (event_key, recipient, channel)
                )
                """,
            ])
    ]

    /// The instant new messages are due at: at once, whatever clock a run uses.
    static let immediately = Instant(millisecondsSinceEpoch: 0)

    /// Stores `messages` and `unreachable` in one unit of work; rows that exist already (the same
    /// event told again) are left as they are. Returns how many messages were new.
    @discardableResult
    public static func enqueue(
        _ messages: [OutgoingMessage], unreachable: [Unreachable], at now: Instant, in transaction: any Transaction
    ) throws -> Int {
        var added = 0
        let insert = try transaction.prepare(
            """
            INSERT INTO notifications_messages (id, event_key, trigger_name, campaign, recipient, recipient_name, channel, address,
                subject, body, attachment, status, attempts, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING
            """)
        for message in messages {
            added += try insert.execute([
                message.id, message.eventKey, message.trigger.rawValue, message.campaign, message.recipient.id,
                message.recipient.name,
                message.channel.rawValue, message.address, message.subject, message.body, message.attachment,
                DeliveryStatus.pending.rawValue, immediately.utcText, now.utcText,
            ])
        }
        let record = try transaction.prepare(
            """
            INSERT INTO notifications_unreachable (event_key, recipient, recipient_name, channel, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_key, recipient, channel) DO NOTHING
            """)
        for item in unreachable {
            try record.execute([
                item.eventKey, item.recipient.id, item.recipient.name, item.channel.rawValue, item.reason, now.utcText,
            ])
        }
        return added
    }

    /// Whether any message of `eventKey` is in the log.
    public static func knows(eventKey: String, in transaction: any Transaction) throws -> Bool {
        try transaction.row("SELECT COUNT(*) AS n FROM notifications_messages WHERE event_key = ?", [eventKey])?.int("n") ?? 0 > 0
            || (try transaction.row("SELECT COUNT(*) AS n FROM notifications_unreachable WHERE event_key = ?", [eventKey])?.int(
                "n") ?? 0 > 0)
    }

    /// Takes the next due message for `run` on one of `channels`: the oldest pending or failed
    /// message whose time has come, or a sending one whose lease has expired. Its attempts count
    /// goes up by one now, so that a run killed while sending still counts the attempt.
    public static func claim(run: String, channels: [Channel], now: Instant, lease: Int, store: any Store) throws
        -> StoredMessage?
    {
        guard !channels.isEmpty else { return nil }
        let placeholders = channels.map { _ in "?" }.joined(separator: ", ")
        let leaseUntil = Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + Int64(lease) * 1000)
        return try store.write { transaction in
            let candidates = try transaction.rows(
                """
                SELECT id FROM notifications_messages
                WHERE channel IN (\(placeholders)) AND (
                    (status IN ('pending', 'failed') AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?))
                ORDER BY created_at, id LIMIT 1
                """, channels.map(\.rawValue) + [now.utcText, now.utcText])
            guard let id = try candidates.first?.string("id") else { return nil }
            let changed = try transaction.execute(
                """
                UPDATE notifications_messages SET status = 'sending', lease_until = ?, run_id = ?, attempts = attempts + 1
                WHERE id = ? AND ((status IN ('pending', 'failed') AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?))
                """, [leaseUntil.utcText, run, id, now.utcText, now.utcText])
            guard changed == 1 else { return nil }
            return try transaction.row("SELECT \(StoredMessage.columns) FROM notifications_messages WHERE id = ?", [id])
                .map(StoredMessage.init(row:))
        }
    }

    /// Records a delivery, only while `run` still holds the message.
    public static func markSent(_ id: String, run: String, at now: Instant, store: any Store) throws {
        try store.write { transaction in
            try transaction.execute(
                """
                UPDATE notifications_messages SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL
                WHERE id = ? AND run_id = ? AND status = 'sending'
                """, [now.utcText, id, run])
        }
    }

    /// Records a failed attempt: tried again at `retryAt`, or given up after the last attempt.
    public static func markFailed(
        _ id: String, run: String, error: String, attempts: Int, settings: DeliverySettings, at now: Instant, store: any Store
    ) throws -> DeliveryStatus {
        let status: DeliveryStatus = attempts >= settings.maxAttempts ? .givenUp : .failed
        try store.write { transaction in
            try transaction.execute(
                """
                UPDATE notifications_messages SET status = ?, next_attempt_at = ?, lease_until = NULL, last_error = ?
                WHERE id = ? AND run_id = ? AND status = 'sending'
                """, [status.rawValue, settings.retryAt(after: attempts, now: now).utcText, error, id, run])
        }
        return status
    }

    /// Every message, optionally of some statuses, oldest first.
    public static func messages(statuses: [DeliveryStatus] = [], in transaction: any Transaction) throws -> [StoredMessage] {
        var sql = "SELECT \(StoredMessage.columns) FROM notifications_messages"
        if !statuses.isEmpty { sql += " WHERE status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))" }
        sql += " ORDER BY created_at, id"
        return try transaction.rows(sql, statuses.map(\.rawValue)).map(StoredMessage.init(row:))
    }

    /// Every recipient that could not be addressed, oldest first.
    public static func unreachable(in transaction: any Transaction) throws -> [(
        eventKey: String, recipient: String, name: String, channel: String, reason: String
    )] {
        try transaction.rows(
            "SELECT event_key, recipient, recipient_name, channel, reason FROM notifications_unreachable ORDER BY created_at, event_key, recipient"
        ).map {
            (
                try $0.string("event_key"), try $0.string("recipient"), try $0.string("recipient_name"), try $0.string("channel"),
                try $0.string("reason")
            )
        }
    }
}
