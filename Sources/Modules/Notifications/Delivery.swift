import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaDossiers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `thidua notify run`: spooled events, due reminders, then delivery of what is due.
public struct NotificationRun {
    public let module: NotificationsModule
    public let store: any Store
    /// "Now": fixed by `--now` or `THIDUA_NOW`, else the system clock read at each step.
    public let clock: WallClock
    public let runID: String
    public let channels: [any DeliveryChannel]
    /// Receives one line per thing done.
    public let report: (String) -> Void
    /// At most this many delivery attempts in this run (nil: every due message).
    public var limit: Int?

    public init(
        module: NotificationsModule, store: any Store, clock: WallClock, runID: String, channels: [any DeliveryChannel],
        report: @escaping (String) -> Void
    ) {
        self.module = module
        self.store = store
        self.clock = clock
        self.runID = runID
        self.channels = channels
        self.report = report
    }

    /// What a run did.
    public struct Summary: Sendable, Hashable {
        public var spooled = 0
        public var reminders = 0
        public var sent = 0
        public var failed = 0
        public var givenUp = 0
    }

    /// A new run id: random, with the process id.
    public static func newRunID() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16) + "-\(getpid())"
    }

    public func perform() throws -> Summary {
        var summary = Summary()
        summary.spooled = try drainSpool()
        summary.reminders = try enqueueReminders(now: clock.now())
        try deliver(&summary)
        return summary
    }

    // MARK: - Spool

    func drainSpool() throws -> Int {
        var count = 0
        for file in Spool.files(in: module.spoolDirectory) {
            let messages: [OutgoingMessage]
            let unreachable: [Unreachable]
            do {
                (messages, unreachable) = try Spool.read(file)
            } catch {
                report("warning: cannot read the spooled messages in \(file): \(error.description); the file is left in place")
                continue
            }
            let now = clock.now()
            count += try store.write { try DeliveryLog.enqueue(messages, unreachable: unreachable, at: now, in: $0) }
            unlink(file)
            report("enqueued \(messages.count) spooled message\(messages.count == 1 ? "" : "s") from \(file)")
        }
        return count
    }

    // MARK: - Reminders

    /// The reminders due at `now` for every launched campaign: for each expected unit without a
    /// submitted dossier, the nearest configured day before its last accepted day whose time has
    /// come (and the deadline has not passed). Enqueued once per unit, deadline and day.
    public func dueReminders(now: Instant) throws -> [Notice] {
        let builder = module.builder
        let workflow = module.dossiers.workflow(store: store, clock: clock)
        let launches = try store.read { try CampaignLaunch.all(in: $0) }
        let seconds = now.millisecondsSinceEpoch / 1000
        var notices: [Notice] = []
        for launch in launches {
            guard let campaign = builder.campaigns.campaign(launch.campaign) else { continue }
            let dossiers = try workflow.list(campaign: launch.campaign)
            let submitted = Set(dossiers.filter { $0.status != .draft && $0.status != .returned }.map(\.unit))
            let days = module.settings.reminders.days(for: launch.campaign)
            for unit in builder.expectedUnits(campaign) where !submitted.contains(unit.id) {
                let effective = try workflow.effectiveDeadline(campaign, unit: unit.id)
                let deadline = effective.deadline
                guard seconds <= deadline.lastAcceptedInstant else { continue }
                let due = days.filter { day in
                    VietnamTime.instant(deadline.lastAcceptedDay.adding(days: -day), hour: module.settings.reminders.hour)
                        <= seconds
                }
                guard let nearest = due.min() else { continue }
                notices.append(
                    builder.reminder(
                        campaign: campaign, unit: unit, days: nearest, deadline: deadline,
                        extended: effective.extensionRecord != nil))
            }
        }
        return notices
    }

    func enqueueReminders(now: Instant) throws -> Int {
        var count = 0
        for notice in try dueReminders(now: now) {
            guard !(try store.read { try DeliveryLog.knows(eventKey: notice.eventKey, in: $0) }) else { continue }
            let (messages, unreachable) = try module.builder.messages(
                for: notice, templates: module.templates, channels: module.settings.channels.enabled)
            let added = try store.write { try DeliveryLog.enqueue(messages, unreachable: unreachable, at: now, in: $0) }
            count += added
            let unit =
                notice.values["unit_name"].flatMap { if case .text(let name) = $0 { return name } else { return nil } } ?? ""
            let days = notice.values["days"].flatMap { if case .text(let text) = $0 { return text } else { return nil } } ?? ""
            report(
                "reminder: \(notice.campaign), \(unit), \(days) day(s) before the deadline: \(added) message\(added == 1 ? "" : "s")"
            )
            for item in unreachable {
                report(
                    "warning: \(item.recipient.name) (\(item.recipient.role)) cannot be reminded on \(item.channel.rawValue): \(item.reason)"
                )
            }
        }
        return count
    }

    // MARK: - Delivery

    func deliver(_ summary: inout Summary) throws {
        let enabled = channels.map(\.channel)
        let limit = try store.read { try $0.row("SELECT COUNT(*) AS n FROM notifications_messages")?.int("n") ?? 0 }
        var handled = 0
        while handled < min(limit, self.limit ?? limit),
            let message = try DeliveryLog.claim(
                run: runID, channels: enabled, now: clock.now(), lease: module.settings.delivery.leaseSeconds, store: store)
        {
            handled += 1
            guard let channel = channels.first(where: { $0.channel == message.channel }) else { continue }
            let label = "\(message.channel.rawValue) \(message.id.prefix(12)) \(message.recipientName) <\(message.address)>"
            do {
                try channel.deliver(message)
                try DeliveryLog.markSent(message.id, run: runID, at: clock.now(), store: store)
                summary.sent += 1
                report("sent    \(label): \(message.subject)")
            } catch let error as NotificationError {
                let settings = module.settings.delivery
                let now = clock.now()
                let status = try DeliveryLog.markFailed(
                    message.id, run: runID, error: error.description, attempts: message.attempts, settings: settings, at: now,
                    store: store)
                if status == .givenUp {
                    summary.givenUp += 1
                    report("gave up \(label) after \(message.attempts) attempts: \(error.description)")
                } else {
                    summary.failed += 1
                    let next = settings.retryAt(after: message.attempts, now: now)
                    report(
                        "failed  \(label): \(error.description) (attempt \(message.attempts) of \(settings.maxAttempts); "
                            + "next after \(next.vietnamDisplay) +07:00)")
                }
            }
        }
    }
}
