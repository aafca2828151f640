public import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization

/// Someone a notice is for, and how to reach them.
public struct Recipient: Sendable, Hashable {
    /// `person:ID`, `unit:ID` (a unit without a head) or `line:TEXT` (a line of the plan's nơi nhận).
    public var id: String
    public var name: String
    public var email: String?
    /// Why they are told, in Vietnamese ("thủ trưởng đơn vị", "nơi nhận" …).
    public var role: String

    public init(id: String, name: String, email: String?, role: String) {
        self.id = id
        self.name = name
        self.email = email.flatMap { $0.isEmpty ? nil : $0 }
        self.role = role
    }
}

/// One thing to tell: a trigger, who, and the values its template shows.
public struct Notice: Sendable {
    public var trigger: Trigger
    /// Identifies the event for ever (`dossier.returned|HS-cchc-2024-001|2024-11-30T03:00:00.000Z`):
    /// with the recipient and the channel it makes the stable message id.
    public var eventKey: String
    public var campaign: String
    public var recipients: [Recipient]
    public var values: [String: TemplateValue]
    /// A file the message refers to (the launched plan).
    public var attachment: String?
}

/// A message ready to be stored: one event × recipient × channel.
public struct OutgoingMessage: Sendable, Hashable {
    public var id: String
    public var eventKey: String
    public var trigger: Trigger
    public var campaign: String
    public var recipient: Recipient
    public var channel: Channel
    /// The e-mail address, or for the webhook the recipient's id.
    public var address: String
    public var subject: String
    public var body: String
    public var attachment: String?

    /// SHA-256 of event, recipient and channel: the same message always gets the same id.
    public static func id(eventKey: String, recipient: String, channel: Channel) -> String {
        String(SHA256.hex("\(eventKey)\n\(recipient)\n\(channel.rawValue)").prefix(32))
    }
}

/// A recipient a message could not be addressed to on an enabled channel.
public struct Unreachable: Sendable, Hashable {
    public var eventKey: String
    public var recipient: Recipient
    public var channel: Channel
    public var reason: String
}

/// Turns events and schedules into notices: who is told and what the templates show.
public struct NoticeBuilder: Sendable {
    public let organization: Organization
    public let campaigns: CampaignsModule
    public let settings: NotificationSettings

    // MARK: - Recipients

    /// The units a campaign expects dossiers from: its collectives, then the units of its
    /// individuals, in organization order.
    public func expectedUnits(_ campaign: Campaign) -> [Unit] {
        let scope = campaigns.scope(of: campaign)
        var ids = Set(scope.collectives.map(\.id))
        ids.formUnion(scope.individuals.map(\.unit))
        return organization.units.filter { ids.contains($0.id) }
    }

    func person(_ id: String, role: String) -> Recipient? {
        organization.person(id).map { Recipient(id: "person:\($0.id)", name: $0.fullName, email: $0.email, role: role) }
    }

    /// The head of `unitID`, or the unit itself (unreachable) when it has none.
    func head(of unitID: String) -> Recipient {
        let unit = organization.unit(unitID)
        if let headID = unit?.head, let head = person(headID, role: "thủ trưởng \(unit?.name ?? unitID)") { return head }
        return Recipient(id: "unit:\(unitID)", name: unit?.name ?? unitID, email: nil, role: "đơn vị (chưa khai báo thủ trưởng)")
    }

    /// The unit clerks of `unitID`.
    func clerks(of unitID: String) -> [Recipient] {
        organization.members(of: unitID).filter { $0.roles.contains(.unitClerk) }.compactMap {
            person($0.id, role: "cán bộ thi đua của đơn vị")
        }
    }

    /// The plan's recipients (nơi nhận) with the addresses configuration gives them; lines listed
    /// under `not_sent` are left out.
    func planRecipients(_ campaign: Campaign) -> [Recipient] {
        let skipped = Set(settings.notSent.map { VietnameseText.normalized($0.value) })
        return campaign.recipients.compactMap { line in
            let text = VietnameseText.normalized(line.value)
            guard !skipped.contains(text) else { return nil }
            let mailbox = settings.addresses[text]
            return Recipient(id: "line:\(text)", name: mailbox?.name ?? text, email: mailbox?.email, role: "nơi nhận")
        }
    }

    // MARK: - Values

    func campaignValues(_ campaign: Campaign, unit: String? = nil) -> [String: TemplateValue] {
        let document = campaign.document
        let deadline = campaign.dossier.deadline.value
        return [
            "agency": .text(organization.agency.name),
            "campaign_id": .text(campaign.id.value),
            "campaign_name": .text(campaign.displayName),
            "campaign_symbol": .text(document.symbol(agency: organization.agency)),
            "campaign_date": .text(VietnameseDate.numeric(document.date.value)),
            "deadline": .text(VietnameseDate.numeric(deadline.lastAcceptedDay)),
            "deadline_text": .text(deadline.vietnamese(style: .padded)),
            "submit_to": .text(campaign.dossier.submitTo.value),
            "sender_name": .text(settings.from.name),
        ]
    }

    func moment(_ instant: Instant) -> String {
        String(instant.vietnamDisplay.prefix(16))
    }

    func awardName(_ id: String) -> String {
        campaigns.awards.first { $0.id == id }?.name ?? id
    }

    func name(of subject: String) -> String {
        organization.unit(subject)?.name ?? organization.person(subject)?.fullName ?? subject
    }

    // MARK: - Notices

    /// The plan is disseminated: every expected unit's head and the plan's recipients.
    public func launched(_ event: CampaignLaunched, campaign: Campaign, planFile: String?) -> Notice {
        var values = campaignValues(campaign)
        values["launched_at"] = .text(moment(event.at))
        values["plan_file"] = .text(planFile ?? "")
        values["units"] = .list(expectedUnits(campaign).map { ["name": .text($0.name)] })
        values["has_units"] = .flag(!expectedUnits(campaign).isEmpty)
        let recipients = expectedUnits(campaign).map { head(of: $0.id) } + planRecipients(campaign)
        return Notice(
            trigger: .campaignLaunched, eventKey: "\(CampaignLaunched.name)|\(event.campaign)", campaign: event.campaign,
            recipients: unique(recipients), values: values, attachment: planFile)
    }

    /// A unit that has not submitted is reminded `days` before its last accepted day.
    public func reminder(campaign: Campaign, unit: Unit, days: Int, deadline: Deadline, extended: Bool) -> Notice {
        var values = campaignValues(campaign)
        values["unit_name"] = .text(unit.name)
        values["days"] = .text(String(days))
        values["deadline"] = .text(VietnameseDate.numeric(deadline.lastAcceptedDay))
        values["deadline_text"] = .text(deadline.vietnamese(style: .padded))
        values["extended"] = .flag(extended)
        values["today"] = .flag(days == 0)
        let key = "reminder|\(campaign.id.value)|\(unit.id)|\(deadline.lastAcceptedDay)|\(days)"
        return Notice(
            trigger: .reminder, eventKey: key, campaign: campaign.id.value,
            recipients: unique([head(of: unit.id)] + clerks(of: unit.id)), values: values, attachment: nil)
    }

    /// A dossier was returned, accepted or rejected: the unit's head and the clerk who submitted it
    /// (on acceptance the nominees too).
    public func dossierDecided(
        trigger: Trigger, eventName: String, dossier: String, campaign: Campaign, unit: String, reason: String?,
        actor: String, at: Instant, submitter: String?, verdicts: [(subject: String, award: String, outcome: Outcome)] = []
    ) -> Notice {
        var values = campaignValues(campaign)
        values["dossier"] = .text(dossier)
        values["unit_name"] = .text(name(of: unit))
        values["reason"] = .text(reason ?? "")
        values["actor_name"] = .text(name(of: actor))
        values["at"] = .text(moment(at))
        values["nominees"] = .list(
            verdicts.map {
                [
                    "name": .text(name(of: $0.subject)), "award": .text(awardName($0.award)),
                    "outcome": .text($0.outcome.vietnamese),
                    "passed": .flag($0.outcome == .passed),
                ]
            })
        values["has_nominees"] = .flag(!verdicts.isEmpty)
        var recipients = [head(of: unit)]
        if let submitter, let clerk = person(submitter, role: "người nộp hồ sơ") { recipients.append(clerk) }
        for verdict in verdicts {
            if let nominee = person(verdict.subject, role: "người được đề nghị khen thưởng") { recipients.append(nominee) }
        }
        return Notice(
            trigger: trigger, eventKey: "\(eventName)|\(dossier)|\(at.utcText)", campaign: campaign.id.value,
            recipients: unique(recipients), values: values, attachment: nil)
    }

    /// A decision was issued: every awarded person, the head of every awarded unit, and the head
    /// of each awarded person's unit.
    public func decision(_ event: DecisionIssued, campaign: Campaign?) -> Notice {
        var values =
            campaign.map { campaignValues($0) } ?? [
                "agency": .text(organization.agency.name), "campaign_id": .text(event.campaign),
            ]
        values["decision_number"] = .text(event.number)
        values["decision_date"] = .text(VietnameseDate.numeric(event.date))
        values["signer"] = .text(name(of: event.signer))
        values["total"] = .text(Self.money(event.total))
        values["lines"] = .list(
            event.lines.map {
                [
                    "name": .text(name(of: $0.recipient)), "unit_name": .text(name(of: $0.unit)),
                    "award": .text(awardName($0.award)),
                    "amount": .text(Self.money($0.amount)), "collective": .flag($0.collective),
                ]
            })
        var recipients: [Recipient] = []
        for line in event.lines {
            if line.collective {
                recipients.append(head(of: line.recipient))
            } else {
                if let awarded = person(line.recipient, role: "người được khen thưởng") { recipients.append(awarded) }
                recipients.append(head(of: line.unit))
            }
        }
        return Notice(
            trigger: .decisionIssued, eventKey: "\(DecisionIssued.name)|\(event.campaign)|\(event.number)",
            campaign: event.campaign,
            recipients: unique(recipients), values: values, attachment: nil)
    }

    /// "1.500.000 đ".
    static func money(_ amount: Int64) -> String {
        VND.grouped(amount) + " đ"
    }

    func unique(_ recipients: [Recipient]) -> [Recipient] {
        var seen: Set<String> = []
        return recipients.filter { seen.insert($0.id).inserted }
    }

    // MARK: - Messages

    /// Renders `notice` for every recipient on every enabled channel; a recipient without an
    /// address for a channel is returned as unreachable, never dropped.
    public func messages(
        for notice: Notice, templates: TemplateSet, channels: [Channel]
    ) throws(NotificationError) -> (messages: [OutgoingMessage], unreachable: [Unreachable]) {
        guard let template = templates.template(notice.trigger) else {
            throw NotificationError("no template for '\(notice.trigger.rawValue)'", hint: "run 'thidua check'")
        }
        var messages: [OutgoingMessage] = []
        var unreachable: [Unreachable] = []
        for recipient in notice.recipients {
            var values = notice.values
            values["recipient_name"] = .text(recipient.name)
            values["recipient_role"] = .text(recipient.role)
            let (subject, body) = template.render(values)
            for channel in channels {
                let address: String
                if channel.needsEmail {
                    guard let email = recipient.email else {
                        unreachable.append(
                            Unreachable(
                                eventKey: notice.eventKey, recipient: recipient, channel: channel,
                                reason: recipient.id.hasPrefix("line:")
                                    ? "no address: add it under 'addresses:' in the notifications file, or list the line under 'not_sent:'"
                                    : recipient.id.hasPrefix("unit:")
                                        ? "the unit has no head in the organization file"
                                        : "no e-mail address in the organization file"))
                        continue
                    }
                    address = email
                } else {
                    address = recipient.id
                }
                messages.append(
                    OutgoingMessage(
                        id: OutgoingMessage.id(eventKey: notice.eventKey, recipient: recipient.id, channel: channel),
                        eventKey: notice.eventKey, trigger: notice.trigger, campaign: notice.campaign, recipient: recipient,
                        channel: channel, address: address, subject: subject, body: body, attachment: notice.attachment))
            }
        }
        return (messages, unreachable)
    }
}
