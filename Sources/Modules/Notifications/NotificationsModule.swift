public import ArgumentParser
import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCriteria
public import ThiDuaDossiers
import ThiDuaOrganization

/// The notifications module: the right people told at the right time, through the channels
/// configured, never twice.
///
/// ```yaml
/// modules:
///   notifications:
///     file: notifications.yaml   # from, templates, reminders, addresses, delivery, channels
/// ```
///
/// Event handlers only **enqueue**: one row per event × recipient × channel in
/// `notifications_messages`, with a stable id. `thidua notify run` computes due reminders and
/// delivers what is due. See docs/modules/notifications.md.
public struct NotificationsModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The notifications file, relative to the configuration directory.
        public var file: Located<String>
    }

    public static let descriptor = ModuleDescriptor(
        id: "notifications", version: "1.0.0",
        summary:
            "Tells units, recipients and the awarded by outbox (.eml), SMTP or webhook: plan launched, reminders, dossier outcomes, decisions",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("campaigns", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("dossiers", .upToNextMajor(from: "1.0.0")),
        ],
        handles: [CampaignLaunched.name, DossierReturned.name, DossierAccepted.name, DossierRejected.name, DecisionIssued.name],
        personalData: ["names and e-mail addresses of recipients", "the text of the messages sent to them"])

    public static var commands: [any ParsableCommand.Type] { [NotifyCommand.self] }

    public static var migrations: [Migration] { DeliveryLog.migrations }

    public let settings: NotificationSettings
    public let templates: TemplateSet
    public let builder: NoticeBuilder
    public let dossiers: DossiersModule
    public let configurationDirectory: String
    public let dataDirectory: String

    public init(configuration: Configuration, context: ModuleContext) throws {
        let organization = try context.dependency(OrganizationModule.self).organization
        let campaigns = try context.dependency(CampaignsModule.self)
        dossiers = try context.dependency(DossiersModule.self)
        guard
            let settings = context.decode(
                NotificationSettings.self, file: configuration.file.value, referencedAt: configuration.file.location)
        else {
            throw DiagnosticsError([])
        }
        self.settings = settings
        let settingsFile = context.resolve(configuration.file.value)
        templates = TemplateSet.load(settings.templates, context: context, settingsFile: settingsFile)
        builder = NoticeBuilder(organization: organization, campaigns: campaigns, settings: settings)
        configurationDirectory = context.configurationDirectory
        dataDirectory = context.dataDirectory
        for (id, location) in settings.reminders.campaignLocations where campaigns.campaign(id) == nil {
            let suggestion = Suggestion.closest(to: id, in: campaigns.campaigns.map(\.id.value))
            context.report(
                .warning(
                    "reminders are set for the unknown campaign '\(id)'", at: location,
                    hint: suggestion.map { "did you mean '\($0)'?" }))
        }
        // A lease shorter than one attempt could let a second run take a message still being sent.
        let lease = settings.delivery.leaseSeconds
        let longest = max(
            settings.channels.smtp.map { $0.enabled ? $0.connectTimeout + $0.timeout : 0 } ?? 0,
            settings.channels.webhook.map { $0.enabled ? $0.timeout : 0 } ?? 0)
        if lease <= longest {
            context.report(
                .error(
                    "delivery.lease_seconds (\(lease)) must be longer than the longest attempt a channel allows (\(longest) seconds)",
                    at: SourceLocation.file(settingsFile),
                    hint: "raise lease_seconds or lower the channels' timeouts; otherwise two runs could send the same message"))
        }
        // Every plan recipient line that no address and no 'not_sent' entry covers is said now.
        if settings.channels.enabled.contains(where: \.needsEmail) {
            let skipped = Set(settings.notSent.map { VietnameseText.normalized($0.value) })
            for campaign in campaigns.campaigns {
                for line in campaign.recipients {
                    let text = VietnameseText.normalized(line.value)
                    if settings.addresses[text] == nil, !skipped.contains(text) {
                        context.report(
                            .warning(
                                "the recipient '\(text)' of campaign '\(campaign.id.value)' has no e-mail address",
                                at: line.location,
                                hint: "map it under 'addresses:' in \(settingsFile), or list it under 'not_sent:'"))
                    }
                }
            }
        }
    }

    /// Where the outbox channel writes.
    public var outboxDirectory: String {
        Paths.join(dataDirectory, settings.channels.outbox?.directory ?? "outbox")
    }

    /// Where events that could not be enqueued wait for the next `thidua notify run`.
    public var spoolDirectory: String {
        Paths.join(dataDirectory, "notifications-spool")
    }

    // MARK: - Events

    public func start(context: ModuleStartContext) throws {
        let store = context.store
        let bus = context.events
        let id = Self.descriptor.id
        bus.subscribe(CampaignLaunched.self, by: id) { event in
            try self.handle(key: "\(CampaignLaunched.name)|\(event.campaign)", store: store) { store in
                try self.notice(for: event, store: store)
            }
        }
        bus.subscribe(DossierReturned.self, by: id) { event in
            try self.handle(key: "\(DossierReturned.name)|\(event.dossier)", store: store) { store in
                try self.notice(
                    .dossierReturned, DossierReturned.name, event.dossier, event.campaign, event.unit, event.reason,
                    event.actor, event.at, store: store)
            }
        }
        bus.subscribe(DossierRejected.self, by: id) { event in
            try self.handle(key: "\(DossierRejected.name)|\(event.dossier)", store: store) { store in
                try self.notice(
                    .dossierRejected, DossierRejected.name, event.dossier, event.campaign, event.unit, event.reason,
                    event.actor, event.at, store: store)
            }
        }
        bus.subscribe(DossierAccepted.self, by: id) { event in
            try self.handle(key: "\(DossierAccepted.name)|\(event.dossier)", store: store) { store in
                try self.notice(
                    .dossierAccepted, DossierAccepted.name, event.dossier, event.campaign, event.unit, nil,
                    event.actor, event.at, store: store,
                    verdicts: event.verdicts.map { ($0.subject, $0.award, $0.outcome) })
            }
        }
        bus.subscribe(DecisionIssued.self, by: id) { event in
            try self.handle(key: "\(DecisionIssued.name)|\(event.campaign)|\(event.number)", store: store) { _ in
                self.builder.decision(event, campaign: self.builder.campaigns.campaign(event.campaign))
            }
        }
    }

    /// Builds and enqueues a notice in one unit of work. When that fails (no store, a busy or
    /// broken database, a template problem), the rendered rows are spooled to a file that the
    /// next `thidua notify run` enqueues, and the error is rethrown so that the publisher says so:
    /// the publisher's own change is already committed, so nothing may be lost silently.
    func handle(key: String, store: (any Store)?, _ build: (any Store) throws -> Notice) throws {
        guard let store else {
            throw NotificationError("no database is open, so the messages of \(key) cannot be enqueued")
        }
        var rendered: (messages: [OutgoingMessage], unreachable: [Unreachable])?
        do {
            let notice = try build(store)
            let result = try builder.messages(for: notice, templates: templates, channels: settings.channels.enabled)
            rendered = result
            let now = Instant.now()
            try store.write { transaction in
                try DeliveryLog.enqueue(result.messages, unreachable: result.unreachable, at: now, in: transaction)
            }
            for item in result.unreachable {
                warn(
                    "notifications: \(item.recipient.name) (\(item.recipient.role)) cannot be told on \(item.channel.rawValue): \(item.reason)"
                )
            }
        } catch {
            guard let rendered else { throw error }
            do {
                try Spool.write(rendered.messages, rendered.unreachable, key: key, directory: spoolDirectory)
            } catch let spoolError {
                throw NotificationError(
                    "the messages of \(key) could not be enqueued (\(error)) nor kept for later (\(spoolError))",
                    hint: "they are lost: tell the recipients by hand")
            }
            throw NotificationError(
                "the messages of \(key) could not be enqueued (\(error)); they were kept in \(spoolDirectory) and the next "
                    + "'thidua notify run' enqueues them")
        }
    }

    func notice(for event: CampaignLaunched, store: any Store) throws -> Notice {
        guard let campaign = builder.campaigns.campaign(event.campaign) else {
            throw NotificationError("unknown campaign '\(event.campaign)'")
        }
        let launch = try store.read { try CampaignLaunch.find(event.campaign, in: $0) }
        return builder.launched(event, campaign: campaign, planFile: launch?.planFile)
    }

    func notice(
        _ trigger: Trigger, _ name: String, _ dossier: String, _ campaignID: String, _ unit: String, _ reason: String?,
        _ actor: String, _ at: Instant, store: any Store, verdicts: [(subject: String, award: String, outcome: Outcome)] = []
    ) throws -> Notice {
        guard let campaign = builder.campaigns.campaign(campaignID) else {
            throw NotificationError("unknown campaign '\(campaignID)'")
        }
        return builder.dossierDecided(
            trigger: trigger, eventName: name, dossier: dossier, campaign: campaign, unit: unit, reason: reason, actor: actor,
            at: at, submitter: try submitter(of: dossier, store: store), verdicts: verdicts)
    }

    /// Who last submitted `dossier` (its audit log), else who created it.
    func submitter(of dossier: String, store: any Store) throws -> String? {
        let workflow = dossiers.workflow(store: store, clock: .system)
        let history = try workflow.history(dossier)
        if let last = history.last(where: { $0.action == "dossier.submit" || $0.action == "dossier.resubmit" }) {
            return last.actor
        }
        return try? workflow.dossier(dossier).createdBy
    }
}
