public import ArgumentParser
import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Trigger: ExpressibleByArgument {}

/// `thidua notify …`: deliver, list and preview notifications.
public struct NotifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Deliver due notifications, list the delivery log, preview a message.",
        discussion: """
            Events (campaign launched, dossier returned/accepted/rejected, decision issued) enqueue \
            messages when they happen; 'notify run' sends what is due and enqueues due reminders. \
            Run it from cron every few minutes: it never sends a message twice. See \
            docs/modules/notifications.md.
            """,
        subcommands: [Run.self, Status.self, Preview.self])

    public init() {}

    /// `thidua notify run [--now DATETIME]`
    public struct Run: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Enqueue due reminders and deliver every message that is due (safe to run from cron).")
        public static var moduleID: String? { "notifications" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(
            help: ArgumentHelp(
                "The time to run at, ISO 8601 with an offset (default: THIDUA_NOW, else the system clock).",
                valueName: "datetime"))
        public var now: String?
        @Option(help: "Attempt at most this many deliveries in this run (the rest wait for the next run).")
        public var limit: Int?

        public init() {}

        public mutating func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        public mutating func run(in host: LoadedHost) throws {
            let module = try NotifyCommand.module(host)
            let clock = try NotifyCommand.clock(now)
            let store = try host.openStore()
            let channels = try NotifyCommand.channels(module)
            let runID = NotificationRun.newRunID()
            let start = clock.now()
            print(
                "notify run \(runID) at \(start.vietnamDisplay) +07:00 (\(channels.map(\.channel.rawValue).joined(separator: ", ")))"
            )
            var run = NotificationRun(module: module, store: store, clock: clock, runID: runID, channels: channels) {
                print("  " + $0)
            }
            run.limit = limit
            let summary = try run.perform()
            print(
                "done: \(summary.sent) sent, \(summary.failed) failed (to be retried), \(summary.givenUp) given up; "
                    + "\(summary.reminders) reminder message\(summary.reminders == 1 ? "" : "s") enqueued")
            if summary.givenUp > 0 { throw ExitCode(1) }
        }
    }

    /// `thidua notify status [--format text|json]`
    public struct Status: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "List pending, sent and failed messages (with the error) and recipients without an address.")
        public static var moduleID: String? { "notifications" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            _ = try NotifyCommand.module(host)
            let store = try host.openStore()
            let (messages, unreachable) = try store.read { transaction in
                (try DeliveryLog.messages(in: transaction), try DeliveryLog.unreachable(in: transaction))
            }
            switch format {
            case .json:
                print(
                    JSONText.object([
                        ("messages", .array(messages.map(NotifyCommand.json))),
                        (
                            "unreachable",
                            .array(
                                unreachable.map {
                                    .object([
                                        ("event", .string($0.eventKey)), ("recipient", .string($0.recipient)),
                                        ("name", .string($0.name)),
                                        ("channel", .string($0.channel)), ("reason", .string($0.reason)),
                                    ])
                                })
                        ),
                    ]))
            case .text:
                var counts: [DeliveryStatus: Int] = [:]
                for message in messages { counts[message.status, default: 0] += 1 }
                print(
                    DeliveryStatus.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
                        + "; without an address \(unreachable.count)")
                for message in messages {
                    var line =
                        "\(message.status.rawValue)\t\(message.channel.rawValue)\t\(message.id.prefix(12))\t"
                        + "\(message.recipientName) <\(message.address)>\t\(message.subject)"
                    switch message.status {
                    case .sent: line += "\tsent \(message.sentAt.map { $0.vietnamDisplay } ?? "")"
                    case .failed:
                        line +=
                            "\tattempt \(message.attempts): \(message.lastError ?? "")\tnext after \(message.nextAttemptAt.vietnamDisplay)"
                    case .givenUp: line += "\tgave up after \(message.attempts) attempts: \(message.lastError ?? "")"
                    case .sending:
                        line += "\tclaimed by run \(message.runID ?? "") until \(message.leaseUntil?.vietnamDisplay ?? "")"
                    case .pending: break
                    }
                    print(line)
                }
                for item in unreachable {
                    print("no address\t\(item.channel)\t\(item.name) (\(item.recipient))\t\(item.eventKey)\t\(item.reason)")
                }
            }
        }
    }

    /// `thidua notify preview TRIGGER [--campaign ID] …`
    public struct Preview: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "preview",
            abstract: "Render a message of one trigger for the recipients it would reach, without sending or storing anything.",
            discussion: """
                TRIGGER is one of: \(Trigger.allCases.map(\.rawValue).joined(separator: ", ")). Values that an event \
                would carry are given with the options; the campaign defaults to the first one, the unit to \
                the first unit the campaign expects dossiers from.
                """)
        public static var moduleID: String? { "notifications" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The trigger (campaign-launched, reminder, dossier-returned, …).") public var trigger: Trigger
        @Option(help: "The campaign id.") public var campaign: String?
        @Option(help: "The unit (reminders, dossier outcomes, decisions).") public var unit: String?
        @Option(help: "The dossier id (dossier outcomes).") public var dossier: String?
        @Option(help: "The reason (dossier returned or rejected).") public var reason: String?
        @Option(help: "Days before the deadline (reminders).") public var days: Int = 7
        @Option(help: "The decision's number (decisions).") public var number: String?
        @Option(help: "The award id (dossier accepted, decisions; default: the campaign's first).") public var award: String?
        @Option(help: "Output: text (every recipient, then the first message) or eml (the first message as sent).")
        public var format: PreviewFormat = .text

        public init() {}

        public enum PreviewFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case text, eml }

        public mutating func run(in host: LoadedHost) throws {
            let module = try NotifyCommand.module(host)
            let builder = module.builder
            let campaigns = builder.campaigns
            guard let chosen = campaign.map({ campaigns.campaign($0) }) ?? campaigns.campaigns.first else {
                let ids = campaigns.campaigns.map(\.id.value)
                throw ValidationError(
                    "unknown campaign '\(campaign ?? "")'"
                        + (Suggestion.closest(to: campaign ?? "", in: ids).map { "; did you mean '\($0)'?" } ?? "")
                        + " (campaigns: \(ids.joined(separator: ", ")))")
            }
            guard let unitRecord = unit.map({ builder.organization.unit($0) }) ?? builder.expectedUnits(chosen).first else {
                throw ValidationError(
                    "unknown unit '\(unit ?? "")'"
                        + (Suggestion.closest(to: unit ?? "", in: builder.organization.units.map(\.id)).map {
                            "; did you mean '\($0)'?"
                        } ?? ""))
            }
            let now = Instant.now()
            let dossierID = dossier ?? "HS-\(chosen.id.value)-001"
            let awardID = award ?? chosen.awards.first?.award.value ?? ""
            let clerk = builder.organization.members(of: unitRecord.id).first { $0.roles.contains(.unitClerk) }?.id
            let actor = builder.organization.people.first { $0.roles.contains(.standingOffice) }?.id ?? "standing-office"
            let notice: Notice
            switch trigger {
            case .campaignLaunched:
                notice = builder.launched(
                    CampaignLaunched(campaign: chosen.id.value, actor: actor, at: now), campaign: chosen,
                    planFile: Paths.join(host.dataDirectory, "campaigns/\(chosen.id.value)-ke-hoach-….md"))
            case .reminder:
                notice = builder.reminder(
                    campaign: chosen, unit: unitRecord, days: days, deadline: chosen.dossier.deadline.value, extended: false)
            case .dossierReturned, .dossierRejected, .dossierAccepted:
                let name =
                    trigger == .dossierReturned
                    ? DossierReturned.name : trigger == .dossierRejected ? DossierRejected.name : DossierAccepted.name
                let verdicts: [(subject: String, award: String, outcome: Outcome)] =
                    trigger == .dossierAccepted ? [(unitRecord.id, awardID, .passed)] : []
                notice = builder.dossierDecided(
                    trigger: trigger, eventName: name, dossier: dossierID, campaign: chosen, unit: unitRecord.id,
                    reason: trigger == .dossierAccepted ? nil : reason ?? "(lý do do Thường trực Hội đồng ghi khi trả lại)",
                    actor: actor, at: now, submitter: clerk, verdicts: verdicts)
            case .decisionIssued:
                let event = DecisionIssued(
                    campaign: chosen.id.value, number: number ?? "01/QĐ-\(builder.organization.agency.symbol)",
                    date: VietnamTime.today(),
                    signer: chosen.signer.person.value,
                    lines: [.init(recipient: unitRecord.id, collective: true, unit: unitRecord.id, award: awardID, amount: 0)],
                    total: 0,
                    actor: actor, at: now)
                notice = builder.decision(event, campaign: chosen)
            }
            let channels = module.settings.channels.enabled.isEmpty ? [Channel.outbox] : module.settings.channels.enabled
            let (messages, unreachable) = try builder.messages(for: notice, templates: module.templates, channels: channels)
            switch format {
            case .eml:
                guard let first = messages.first(where: { $0.channel.needsEmail }) else {
                    throw CommandFailure("no recipient of this message has an e-mail address")
                }
                let message = MailMessage(
                    from: module.settings.from, to: Mailbox(name: first.recipient.name, email: first.address),
                    subject: first.subject,
                    body: first.body, messageID: "\(first.id)@preview", date: now)
                print(String(decoding: message.bytes, as: UTF8.self), terminator: "")
            case .text:
                print("Preview of '\(trigger.rawValue)' for campaign \(chosen.id.value) (nothing is sent or stored)")
                for message in messages {
                    print(
                        "To (\(message.channel.rawValue)): \(message.recipient.name) <\(message.address)> — \(message.recipient.role)"
                    )
                }
                for item in unreachable {
                    print("Not reachable (\(item.channel.rawValue)): \(item.recipient.name) — \(item.reason)")
                }
                if let first = messages.first {
                    print("")
                    print("Subject: \(first.subject)")
                    print("")
                    print(first.body, terminator: "")
                }
            }
        }
    }

    // MARK: - Shared

    static func module(_ host: LoadedHost) throws -> NotificationsModule {
        try host.required(NotificationsModule.self)
    }

    static func clock(_ now: String?) throws -> WallClock {
        if let now {
            guard let instant = WallClock.parseISO8601(now) else {
                throw ValidationError("--now '\(now)' is not an ISO 8601 time with an offset, e.g. 2024-11-23T08:00:00+07:00")
            }
            return .fixed(instant)
        }
        do {
            let value = getenv(WallClock.environmentVariable).map { String(cString: $0) }
            return try WallClock.fromEnvironment(value.map { [WallClock.environmentVariable: $0] } ?? [:])
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The enabled channels, with their secrets read (a missing secret stops the run before
    /// anything is claimed).
    static func channels(_ module: NotificationsModule) throws -> [any DeliveryChannel] {
        let settings = module.settings
        let environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
        var channels: [any DeliveryChannel] = []
        do {
            if settings.channels.outbox?.enabled == true {
                channels.append(OutboxChannel(directory: module.outboxDirectory, from: settings.from))
            }
            if let smtp = settings.channels.smtp, smtp.enabled {
                let password = try smtp.password?.read(
                    environment: environment, configurationDirectory: module.configurationDirectory)
                channels.append(SMTPChannel(settings: smtp, password: password, from: settings.from))
            }
            if let webhook = settings.channels.webhook, webhook.enabled, let key = webhook.key {
                channels.append(
                    WebhookChannel(
                        settings: webhook,
                        key: try key.read(environment: environment, configurationDirectory: module.configurationDirectory)))
            }
        } catch {
            throw CommandFailure("\(error.description); nothing was sent")
        }
        return channels
    }

    static func json(_ message: StoredMessage) -> JSONText {
        .object([
            ("id", .string(message.id)), ("status", .string(message.status.rawValue)),
            ("channel", .string(message.channel.rawValue)),
            ("trigger", .string(message.trigger)), ("event", .string(message.eventKey)), ("campaign", .string(message.campaign)),
            ("recipient", .string(message.recipient)), ("name", .string(message.recipientName)),
            ("address", .string(message.address)),
            ("subject", .string(message.subject)), ("attempts", .int(message.attempts)),
            ("last_error", message.lastError.map { .string($0) } ?? .null),
            ("next_attempt_at", .string(message.nextAttemptAt.vietnamText)),
            ("sent_at", message.sentAt.map { .string($0.vietnamText) } ?? .null),
            ("created_at", .string(message.createdAt.vietnamText)),
        ])
    }
}
