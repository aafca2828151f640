public import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization
import ThiDuaYAML

/// What a dossier action is, who may do it and how the audit log names it.
public enum DossierAction: String, CaseIterable, Sendable {
    case create = "dossier.create"
    case addNominee = "dossier.add-nominee"
    case attach = "dossier.attach"
    case submit = "dossier.submit"
    case resubmit = "dossier.resubmit"
    case returnToUnit = "dossier.return"
    case accept = "dossier.accept"
    case reject = "dossier.reject"
    case extend = "dossier.extend"
    case importFile = "dossier.import"

    /// The role the acting person needs.
    public var role: Role {
        switch self {
        case .create, .addNominee, .attach, .submit, .resubmit, .importFile: return .unitClerk
        case .returnToUnit, .accept, .reject: return .standingOffice
        case .extend: return .administrator
        }
    }

    /// A unit clerk acts for their own unit only.
    public var ownUnitOnly: Bool { role == .unitClerk }

    /// "submit dossiers".
    var verb: String {
        switch self {
        case .create: return "create dossiers"
        case .addNominee: return "add nominees"
        case .attach: return "attach documents"
        case .submit: return "submit dossiers"
        case .resubmit: return "resubmit dossiers"
        case .returnToUnit: return "return dossiers"
        case .accept: return "accept dossiers"
        case .reject: return "reject dossiers"
        case .extend: return "extend deadlines"
        case .importFile: return "import dossiers"
        }
    }
}

/// The deadline a unit's dossiers must meet: the plan's, or a later one an administrator recorded.
public struct EffectiveDeadline: Sendable {
    public var deadline: Deadline
    /// The extension that set it; nil for the plan's deadline.
    public var extensionRecord: ExtensionRecord?

    /// "hạn nộp hồ sơ: trước ngày 01/12/2024" (with the extension's scope and reason when extended).
    public var vietnamese: String {
        var text = "hạn nộp hồ sơ: \(deadline.vietnamese(style: .padded))"
        if let record = extensionRecord {
            text += " (gia hạn \(record.unit.map { "cho đơn vị \($0)" } ?? "cho toàn phong trào"): \(record.reason))"
        }
        return text
    }

    /// The last accepted moment, `2024-11-30T23:59:59+07:00`.
    public var lastMoment: String { Instant(epochSeconds: deadline.lastAcceptedInstant).vietnamSeconds }
}

/// The result of a change: the dossier afterwards and the event to publish once it committed.
public struct DossierChange: Sendable {
    public var dossier: DossierRecord
    public var event: DossierEvent?
}

/// The dossier workflow: every action checks who acts, what must hold, writes its change and its
/// audit entry in one unit of work, and returns the event to publish after the commit.
public struct DossierWorkflow: Sendable {
    public let module: DossiersModule
    public let store: any Store
    public let clock: WallClock

    var organization: Organization { module.organization }
    var campaigns: CampaignsModule { module.campaigns }

    // MARK: - Who acts

    /// The person `actorID` names if they may do `action` for `unit`. Otherwise the refusal is
    /// written to the audit log (action `<action>.refused`) and thrown.
    public func authorize(_ actorID: String?, _ action: DossierAction, unit: String, entity: AuditEntity) throws -> Person {
        guard let actorID, !actorID.isEmpty else {
            throw DossierError(
                "no acting person: pass --as PERSON-ID or set THIDUA_ACTOR",
                hint: "to \(action.verb) you need the role '\(action.role.rawValue)'")
        }
        let refusal: String
        var hint: String? = "roles are granted under 'roles:' in the organization file or in the roster's 'roles' column"
        if let person = organization.person(actorID) {
            if !person.roles.contains(action.role) {
                let has = person.roles.sorted().map(\.rawValue)
                refusal =
                    "\(person.fullName) (\(actorID)) may not \(action.verb): that needs the role '\(action.role.rawValue)'"
                    + (has.isEmpty ? " (they have no role)" : " (they have: \(has.joined(separator: ", ")))")
            } else if action.ownUnitOnly, person.unit != unit {
                refusal =
                    "\(person.fullName) (\(actorID)) is a unit clerk of '\(person.unit)' and may not \(action.verb) for '\(unit)': "
                    + "a unit clerk acts for their own unit only"
                hint = "the unit clerk of '\(unit)' does this"
            } else {
                return person
            }
        } else {
            let suggestion = Suggestion.closest(to: actorID, in: organization.people.map(\.id))
            refusal = "unknown person '\(actorID)': the acting person must be in the organization"
            hint = suggestion.map { "did you mean '\($0)'?" } ?? "see 'thidua org people'"
        }
        try store.write { transaction in
            try transaction.audit(
                AuditEntry(
                    actor: actorID, action: action.rawValue + ".refused", entity: entity,
                    after: withClock(
                        .object([
                            ("refused", .string(refusal)), ("role_needed", .string(action.role.rawValue)),
                            ("unit", .string(unit)),
                        ]))))
        }
        throw DossierError(refusal, hint: hint, kind: .notAllowed)
    }

    // MARK: - Lookups

    /// The campaign `id`, or a worded error with a suggestion.
    public func campaign(_ id: String) throws(DossierError) -> Campaign {
        if let campaign = campaigns.campaign(id) { return campaign }
        let ids = campaigns.campaigns.map(\.id.value)
        let suggestion = Suggestion.closest(to: id, in: ids).map { "did you mean '\($0)'?" }
        throw DossierError("unknown campaign '\(id)'", hint: suggestion ?? "campaigns: \(ids.joined(separator: ", "))")
    }

    /// The dossier `id` as stored.
    public func dossier(_ id: String) throws -> DossierRecord {
        guard let record = try store.read({ try Rows.dossier(id, in: $0) }) else {
            throw DossierError("unknown dossier '\(id)'", hint: "see 'thidua dossier list'")
        }
        return record
    }

    /// Every dossier, optionally of one campaign, unit or status, in campaign and number order.
    public func list(campaign: String? = nil, unit: String? = nil, status: DossierStatus? = nil) throws -> [DossierRecord] {
        try store.read { transaction in
            var sql = "SELECT \(Rows.dossierColumns) FROM dossiers"
            var conditions: [String] = []
            var arguments: [any SQLValueConvertible] = []
            if let campaign { conditions.append("campaign = ?"); arguments.append(campaign) }
            if let unit { conditions.append("unit = ?"); arguments.append(unit) }
            if let status { conditions.append("status = ?"); arguments.append(status.rawValue) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY campaign, number"
            var records = try transaction.rows(sql, arguments).map(Rows.dossier)
            // Counts for listings, in two queries rather than one per dossier.
            var nominees: [String: [NomineeRecord]] = [:]
            for row in try transaction.rows(
                "SELECT dossier, subject, kind, award, ordinal, verdict FROM dossiers_nominees ORDER BY ordinal")
            {
                nominees[try row.string("dossier"), default: []].append(
                    NomineeRecord(
                        subject: try row.string("subject"), kind: SubjectKind(rawValue: try row.string("kind")) ?? .individual,
                        award: try row.string("award"), ordinal: try row.int("ordinal"),
                        verdict: try row.optionalString("verdict").flatMap(Outcome.init(rawValue:))))
            }
            var attachments: [String: [AttachmentRecord]] = [:]
            for row in try transaction.rows(
                "SELECT dossier, component, nominee, name, type, size, sha256 FROM dossiers_attachments ORDER BY id")
            {
                let nominee = try row.string("nominee")
                attachments[try row.string("dossier"), default: []].append(
                    AttachmentRecord(
                        component: try row.string("component"), nominee: nominee.isEmpty ? nil : nominee,
                        name: try row.string("name"),
                        type: AttachmentType(rawValue: try row.string("type")) ?? .pdf, size: try row.int("size"),
                        sha256: try row.string("sha256"), attachedBy: "", attachedAt: Instant(millisecondsSinceEpoch: 0)))
            }
            for index in records.indices {
                records[index].nominees = nominees[records[index].id] ?? []
                records[index].attachments = attachments[records[index].id] ?? []
            }
            return records
        }
    }

    /// The audit entries about dossier `id`, oldest first.
    public func history(_ id: String) throws -> [AuditRecord] {
        try store.read { transaction in
            try transaction.rows(
                """
                SELECT sequence, recorded_at, recorded_at_local, actor, action, entity_kind, entity_id, before_json, after_json,
                    previous_hash, hash
                FROM thidua_audit WHERE entity_kind = ? AND entity_id = ? ORDER BY sequence
                """, ["dossier", id]
            ).map(AuditRecord.init(row:))
        }
    }

    // MARK: - Deadlines

    /// The deadline for `unit`'s dossiers in `campaign` (nil `unit`: for the whole campaign): the
    /// latest of the plan's deadline and the extensions that apply.
    public func effectiveDeadline(_ campaign: Campaign, unit: String?, extensions: [ExtensionRecord]) -> EffectiveDeadline {
        var best = EffectiveDeadline(deadline: campaign.dossier.deadline.value, extensionRecord: nil)
        for record in extensions where record.unit == nil || (unit != nil && record.unit == unit) {
            if record.deadline.lastAcceptedInstant > best.deadline.lastAcceptedInstant
                || (record.deadline.lastAcceptedInstant == best.deadline.lastAcceptedInstant && best.extensionRecord?.unit == nil
                    && record.unit != nil)
            {
                best = EffectiveDeadline(deadline: record.deadline, extensionRecord: record)
            }
        }
        return best
    }

    /// The deadline for `unit` in `campaign`, read from the store.
    public func effectiveDeadline(_ campaign: Campaign, unit: String?) throws -> EffectiveDeadline {
        let extensions = try store.read { try Rows.extensions(campaign: campaign.id.value, in: $0) }
        return effectiveDeadline(campaign, unit: unit, extensions: extensions)
    }

    /// Throws when `now` is past the deadline for the dossier's unit.
    func checkDeadline(_ dossier: DossierRecord, campaign: Campaign, now: Instant, in transaction: any Transaction) throws {
        let effective = effectiveDeadline(
            campaign, unit: dossier.unit, extensions: try Rows.extensions(campaign: campaign.id.value, in: transaction))
        guard !effective.deadline.isOpen(at: now.epochSeconds) else { return }
        throw DossierError(
            "\(dossier.id): too late — \(effective.vietnamese); the last accepted moment was \(effective.lastMoment), "
                + "it is now \(now.vietnamSeconds)",
            hint: "an administrator can record an extension: thidua dossier extend \(campaign.id.value) --unit \(dossier.unit) "
                + "--until YYYY-MM-DD --reason TEXT",
            kind: .late)
    }

    // MARK: - Checks on nominees and documents

    /// The unit or person `subject` as a nominee of `unit` for `award` in `campaign`, or why not.
    func nominee(_ subject: String, award: String, unit: String, campaign: Campaign) throws(DossierError) -> Subject {
        let nominee: Subject
        if subject == unit, let found = organization.unit(subject) {
            nominee = .unit(found)
        } else if let person = organization.person(subject) {
            nominee = .person(person)
        } else if let other = organization.unit(subject) {
            throw DossierError(
                "'\(other.name)' (\(subject)) is another unit: a dossier of '\(unit)' nominates '\(unit)' itself or its people",
                hint: "'\(subject)' sends its own dossier")
        } else {
            let ids = [unit] + organization.members(of: unit).map(\.id)
            let suggestion = Suggestion.closest(to: subject, in: ids + organization.people.map(\.id))
            throw DossierError(
                "unknown nominee '\(subject)': no unit or person has that id",
                hint: suggestion.map { "did you mean '\($0)'?" }
                    ?? "nominate '\(unit)' or one of its people (thidua org people --unit \(unit))")
        }
        if case .person(let person) = nominee, person.unit != unit {
            throw DossierError(
                "\(person.fullName) (\(person.id)) belongs to '\(person.unit)', not to '\(unit)': a dossier nominates its own unit's people",
                hint: "the unit clerk of '\(person.unit)' nominates them")
        }
        let scope = campaigns.scope(of: campaign)
        let covered: Bool
        switch nominee {
        case .unit(let found): covered = scope.collectives.contains { $0.id == found.id }
        case .person(let person): covered = scope.individuals.contains { $0.id == person.id }
        }
        guard covered else {
            throw DossierError(
                "\(nominee.name) (\(subject)) is not among the \(nominee.kind == .collective ? "collectives" : "individuals") "
                    + "that campaign '\(campaign.id.value)' covers",
                hint: "see 'thidua campaign show \(campaign.id.value)'")
        }
        let offered = campaign.awards.filter { choice in
            let declared = campaigns.awards.first { $0.id == choice.award.value }
            return (choice.for ?? declared?.recipients ?? SubjectKind.allCases).contains(nominee.kind)
        }.map(\.award.value)
        guard offered.contains(award) else {
            let known = campaign.awards.contains { $0.award.value == award }
            let whom = nominee.kind == .individual ? "an individual" : "a collective"
            throw DossierError(
                known
                    ? "campaign '\(campaign.id.value)' does not give '\(award)' to \(whom) (\(nominee.kind.vietnamese))"
                    : "campaign '\(campaign.id.value)' does not offer the award '\(award)'",
                hint: offered.isEmpty ? "it offers no award to \(whom)" : "it offers \(whom): \(offered.joined(separator: ", "))")
        }
        return nominee
    }

    /// The component `id` of the campaign's dossier, or a worded error listing them.
    func component(_ id: String, in campaign: Campaign) throws(DossierError) -> DossierComponent {
        if let component = campaign.dossier.components.first(where: { $0.id.value == id }) { return component }
        let ids = campaign.dossier.components.map(\.id.value)
        let suggestion = Suggestion.closest(to: id, in: ids).map { "did you mean '\($0)'? " } ?? ""
        throw DossierError(
            "campaign '\(campaign.id.value)' asks for no document '\(id)'",
            hint: "\(suggestion)its documents: \(ids.joined(separator: ", "))")
    }

    /// A component's title as the plan prints it, without the closing full stop.
    public func title(of component: DossierComponent, in campaign: Campaign) -> String {
        var title = Substring(campaigns.plainText(component.title.value, in: campaign))
        while let last = title.last, last == "." || last == ";" || last == " " { title.removeLast() }
        return String(title)
    }

    /// What keeps `dossier` from being submitted: no nominee, a nominee that no longer qualifies,
    /// a required document missing. Empty when it is complete.
    public func problems(of dossier: DossierRecord, campaign: Campaign) -> [DossierError] {
        var problems: [DossierError] = []
        if dossier.nominees.isEmpty {
            problems.append(
                DossierError(
                    "\(dossier.id): the dossier nominates no one",
                    hint: "add nominees with 'thidua dossier add-nominee \(dossier.id) ID --award AWARD'"))
        }
        for nominee in dossier.nominees {
            do {
                _ = try self.nominee(nominee.subject, award: nominee.award, unit: dossier.unit, campaign: campaign)
            } catch {
                problems.append(DossierError("\(dossier.id): \(error.message)", hint: error.hint))
            }
        }
        for component in campaign.dossier.components {
            let hint = "attach it: thidua dossier attach \(dossier.id) \(component.id.value) FILE"
            switch component.per {
            case .dossier:
                if dossier.attachment(component.id.value, nominee: nil) == nil {
                    problems.append(
                        DossierError(
                            "\(dossier.id): the required document '\(component.id.value)' (\(title(of: component, in: campaign))) is missing",
                            hint: hint))
                }
            case .nominee:
                for nominee in dossier.nominees
                where component.isRequired(for: nominee.kind)
                    && dossier.attachment(component.id.value, nominee: nominee.subject) == nil
                {
                    problems.append(
                        DossierError(
                            "\(dossier.id): the required document '\(component.id.value)' (\(title(of: component, in: campaign))) "
                                + "of nominee '\(nominee.subject)' is missing",
                            hint: hint + " --nominee \(nominee.subject)"))
                }
            }
        }
        return problems
    }

    // MARK: - Actions

    /// Creates a draft dossier of `unit` (default: the actor's unit) in `campaign`.
    public func create(
        actor: String?, campaign campaignID: String, unit: String? = nil, reference: String? = nil, title: String? = nil
    ) throws -> DossierRecord {
        let campaign = try campaign(campaignID)
        let unitID = unit ?? actor.flatMap { organization.person($0)?.unit } ?? ""
        let person = try authorize(actor, .create, unit: unitID, entity: AuditEntity("campaign", campaignID))
        guard organization.unit(unitID) != nil else {
            throw DossierError(
                "unknown unit '\(unitID)'",
                hint: Suggestion.closest(to: unitID, in: organization.units.map(\.id)).map { "did you mean '\($0)'?" })
        }
        let reference = reference.map { $0.trimmingCharacters() }.flatMap { $0.isEmpty ? nil : $0 }
        let now = clock.now()
        return try store.write { transaction in
            let record = try insertDossier(
                campaign: campaign, unit: unitID, reference: reference, title: title, actor: person.id, now: now, in: transaction)
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: DossierAction.create.rawValue, entity: AuditEntity("dossier", record.id),
                    after: withClock(record.auditState)))
            return record
        }
    }

    func insertDossier(
        campaign: Campaign, unit: String, reference: String?, title: String?, actor: String, now: Instant,
        in transaction: any Transaction
    ) throws -> DossierRecord {
        if let reference,
            let existing = try transaction.row(
                "SELECT id FROM dossiers WHERE campaign = ? AND unit = ? AND reference = ?", [campaign.id.value, unit, reference])
        {
            throw DossierError(
                "unit '\(unit)' already has dossier \(try existing.string("id")) with reference '\(reference)' in '\(campaign.id.value)'",
                hint: "a reference names one dossier; use another, or work on that dossier")
        }
        let number = try Rows.nextNumber(campaign: campaign.id.value, in: transaction)
        let digits = String(number)
        let id = "HS-\(campaign.id.value)-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        let record = DossierRecord(
            id: id, campaign: campaign.id.value, number: number, unit: unit, reference: reference, title: title, status: .draft,
            createdBy: actor, createdAt: now, submittedAt: nil, decidedAt: nil, statusReason: nil, updatedAt: now, nominees: [],
            attachments: [])
        try Rows.insert(record, in: transaction)
        return record
    }

    /// `state` with the fixed clock noted, when `THIDUA_NOW` is in effect (the audit entry itself
    /// carries the system's time, so a fixed clock is visible in the log).
    func withClock(_ state: JSONText) -> JSONText {
        guard let fixed = clock.override, case .object(var members) = state else { return state }
        members.append(("clock", .string("THIDUA_NOW=\(fixed.vietnamSeconds)")))
        return .object(members)
    }

    /// Loads a dossier inside a unit of work, or throws "unknown dossier".
    func load(_ id: String, in transaction: any Transaction) throws -> DossierRecord {
        guard let record = try Rows.dossier(id, in: transaction) else {
            throw DossierError("unknown dossier '\(id)'", hint: "see 'thidua dossier list'")
        }
        return record
    }

    func requireEditable(_ dossier: DossierRecord) throws(DossierError) {
        guard dossier.status.isEditable else {
            throw DossierError(
                "\(dossier.id) is \(dossier.status.rawValue) (\(dossier.status.vietnamese)); only a draft or a returned dossier can be changed",
                kind: .state)
        }
    }

    /// Adds `subject` (the dossier's unit or one of its people) as a nominee for `award`.
    public func addNominee(actor: String?, dossier id: String, subject: String, award: String) throws -> DossierRecord {
        let current = try dossier(id)
        let person = try authorize(actor, .addNominee, unit: current.unit, entity: AuditEntity("dossier", id))
        let campaign = try campaign(current.campaign)
        let nominee = try self.nominee(subject, award: award, unit: current.unit, campaign: campaign)
        return try store.write { transaction in
            var dossier = try load(id, in: transaction)
            try requireEditable(dossier)
            try addNominee(nominee, award: award, to: &dossier, actor: person.id, in: transaction)
            return dossier
        }
    }

    func addNominee(
        _ nominee: Subject, award: String, to dossier: inout DossierRecord, actor: String, in transaction: any Transaction
    ) throws {
        if dossier.nominees.contains(where: { $0.subject == nominee.id }) {
            throw DossierError("\(nominee.name) (\(nominee.id)) is already a nominee of \(dossier.id)")
        }
        if let other = try Rows.nomination(campaign: dossier.campaign, award: award, subject: nominee.id, in: transaction) {
            throw DossierError(
                "\(nominee.name) (\(nominee.id)) is already nominated for '\(award)' in campaign '\(dossier.campaign)' (dossier \(other))",
                hint: "a unit or person is nominated once per award and campaign")
        }
        let record = NomineeRecord(
            subject: nominee.id, kind: nominee.kind, award: award, ordinal: (dossier.nominees.map(\.ordinal).max() ?? 0) + 1)
        try Rows.insert(record, dossier: dossier, in: transaction)
        dossier.nominees.append(record)
        try transaction.audit(
            AuditEntry(
                actor: actor, action: DossierAction.addNominee.rawValue, entity: AuditEntity("dossier", dossier.id),
                after: withClock(.object([("nominee", record.auditState)]))))
    }

    /// Attaches the file at `path` as document `componentID` of the dossier (of `nominee` for a
    /// per-nominee document). The file is checked (type by extension and content, size), copied
    /// into the store under its SHA-256, and replaces an earlier file of the same document.
    public func attach(
        actor: String?, dossier id: String, component componentID: String, file path: String, nominee: String? = nil
    ) throws -> DossierRecord {
        let current = try dossier(id)
        let person = try authorize(actor, .attach, unit: current.unit, entity: AuditEntity("dossier", id))
        let campaign = try campaign(current.campaign)
        try requireEditable(current)
        let component = try component(componentID, in: campaign)
        try checkSlot(component, nominee: nominee, dossier: current)
        let file = try IncomingFile.read(path, settings: module.settings)
        try module.attachments.put(file)
        let now = clock.now()
        return try store.write { transaction in
            var dossier = try load(id, in: transaction)
            try requireEditable(dossier)
            try checkSlot(component, nominee: nominee, dossier: dossier)
            try attach(file, component: component, nominee: nominee, to: &dossier, actor: person.id, now: now, in: transaction)
            return dossier
        }
    }

    func checkSlot(_ component: DossierComponent, nominee: String?, dossier: DossierRecord) throws(DossierError) {
        switch component.per {
        case .dossier:
            if let nominee {
                throw DossierError(
                    "'\(component.id.value)' is a document of the dossier, not of a nominee",
                    hint: "leave out --nominee \(nominee)")
            }
        case .nominee:
            guard let nominee else {
                throw DossierError(
                    "'\(component.id.value)' is a document of each nominee: say whose",
                    hint:
                        "add --nominee ID (nominees of \(dossier.id): \(dossier.nominees.map(\.subject).joined(separator: ", ")))"
                )
            }
            guard let record = dossier.nominees.first(where: { $0.subject == nominee }) else {
                throw DossierError(
                    "'\(nominee)' is not a nominee of \(dossier.id)",
                    hint: dossier.nominees.isEmpty
                        ? "add the nominee first with 'thidua dossier add-nominee'"
                        : "its nominees: \(dossier.nominees.map(\.subject).joined(separator: ", "))")
            }
            guard component.isRequired(for: record.kind) else {
                throw DossierError(
                    "'\(component.id.value)' is not asked of a \(record.kind.rawValue) nominee such as '\(nominee)'")
            }
        }
    }

    func attach(
        _ file: IncomingFile, component: DossierComponent, nominee: String?, to dossier: inout DossierRecord, actor: String,
        now: Instant, in transaction: any Transaction
    ) throws {
        let record = AttachmentRecord(
            component: component.id.value, nominee: nominee, name: file.name, type: file.type, size: file.size,
            sha256: file.sha256,
            attachedBy: actor, attachedAt: now)
        let previous = dossier.attachment(component.id.value, nominee: nominee)
        try Rows.put(record, dossier: dossier.id, in: transaction)
        dossier.attachments.removeAll { $0.component == record.component && $0.nominee == nominee }
        dossier.attachments.append(record)
        try transaction.audit(
            AuditEntry(
                actor: actor, action: DossierAction.attach.rawValue, entity: AuditEntity("dossier", dossier.id),
                before: previous.map { .object([("document", $0.auditState)]) },
                after: withClock(.object([("document", record.auditState)]))))
    }

    /// Submits a draft, or resubmits a returned dossier: complete, in time, by its unit's clerk.
    public func submit(actor: String?, dossier id: String) throws -> DossierChange {
        let current = try dossier(id)
        let action: DossierAction = current.status == .returned ? .resubmit : .submit
        let person = try authorize(actor, action, unit: current.unit, entity: AuditEntity("dossier", id))
        let campaign = try campaign(current.campaign)
        let now = clock.now()
        return try store.write { transaction in
            var dossier = try load(id, in: transaction)
            let event = try submit(&dossier, campaign: campaign, actor: person.id, now: now, in: transaction)
            return DossierChange(dossier: dossier, event: .submitted(event))
        }
    }

    func submit(
        _ dossier: inout DossierRecord, campaign: Campaign, actor: String, now: Instant, in transaction: any Transaction
    ) throws -> DossierSubmitted {
        guard dossier.status == .draft || dossier.status == .returned else {
            throw DossierError(
                "\(dossier.id) is \(dossier.status.rawValue) (\(dossier.status.vietnamese)); only a draft or a returned dossier can be submitted",
                kind: .state)
        }
        let resubmission = dossier.status == .returned
        var problems: [DossierError] = []
        do {
            try checkDeadline(dossier, campaign: campaign, now: now, in: transaction)
        } catch let error as DossierError {
            problems.append(error)
        }
        problems += self.problems(of: dossier, campaign: campaign)
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw DossierProblems(problems) }
        let before = dossier.status
        dossier.status = resubmission ? .resubmitted : .submitted
        dossier.submittedAt = now
        dossier.updatedAt = now
        dossier.statusReason = nil
        try transaction.execute(
            "UPDATE dossiers SET status = ?, submitted_at = ?, updated_at = ?, status_reason = ? WHERE id = ?",
            [dossier.status.rawValue, now.utcText, now.utcText, SQLValue.null, dossier.id])
        try transaction.audit(
            AuditEntry(
                actor: actor, action: (resubmission ? DossierAction.resubmit : .submit).rawValue,
                entity: AuditEntity("dossier", dossier.id),
                before: .object([("status", .string(before.rawValue))]),
                after: withClock(
                    .object([("status", .string(dossier.status.rawValue)), ("submitted_at", .string(now.vietnamSeconds))]))))
        return DossierSubmitted(
            dossier: dossier.id, campaign: dossier.campaign, unit: dossier.unit, resubmission: resubmission, actor: actor, at: now
        )
    }

    /// Returns a submitted dossier to its unit for correction, with a reason.
    public func returnToUnit(actor: String?, dossier id: String, reason: String) throws -> DossierChange {
        try decide(actor: actor, dossier: id, action: .returnToUnit, reason: reason)
    }

    /// Rejects a submitted dossier, with a reason.
    public func reject(actor: String?, dossier id: String, reason: String) throws -> DossierChange {
        try decide(actor: actor, dossier: id, action: .reject, reason: reason)
    }

    /// Accepts a submitted dossier: the criteria module evaluates every nominee with the campaign's
    /// criteria for its kind and the campaign's facts period; verdicts are stored with the dossier.
    public func accept(actor: String?, dossier id: String) throws -> DossierChange {
        try decide(actor: actor, dossier: id, action: .accept, reason: nil)
    }

    func decide(actor: String?, dossier id: String, action: DossierAction, reason: String?) throws -> DossierChange {
        let current = try dossier(id)
        let person = try authorize(actor, action, unit: current.unit, entity: AuditEntity("dossier", id))
        let campaign = try campaign(current.campaign)
        let reason = reason?.trimmingCharacters()
        if action != .accept, reason?.isEmpty ?? true {
            throw DossierError(
                "a reason is needed to \(action == .reject ? "reject" : "return") a dossier", hint: "add --reason TEXT")
        }
        let now = clock.now()
        return try store.write { transaction in
            var dossier = try load(id, in: transaction)
            guard dossier.status.awaitsCheck else {
                throw DossierError(
                    "\(dossier.id) is \(dossier.status.rawValue) (\(dossier.status.vietnamese)); only a submitted or resubmitted dossier can be "
                        + (action == .accept ? "accepted" : action == .reject ? "rejected" : "returned"),
                    kind: .state)
            }
            let before = dossier.status
            var after: [(String, JSONText)] = []
            let event: DossierEvent
            switch action {
            case .accept:
                dossier.status = .accepted
                dossier.decidedAt = now
                dossier.statusReason = nil
                var verdicts: [NomineeVerdict] = []
                for index in dossier.nominees.indices {
                    let nominee = dossier.nominees[index]
                    guard let verdict = verdict(for: nominee, in: campaign) else { continue }
                    dossier.nominees[index].verdict = verdict.eligible
                    // A dossier keeps the full explanation, every member of a members rule included.
                    var json = verdict.rendered(.json, members: true)
                    while json.hasSuffix("\n") { json.removeLast() }
                    let text = verdict.text(members: true)
                    dossier.nominees[index].verdictJSON = json
                    dossier.nominees[index].verdictText = text
                    try transaction.execute(
                        "UPDATE dossiers_nominees SET verdict = ?, verdict_json = ?, verdict_text = ? WHERE dossier = ? AND subject = ?",
                        [verdict.eligible.rawValue, json, text, dossier.id, nominee.subject])
                    verdicts.append(NomineeVerdict(subject: nominee.subject, award: nominee.award, outcome: verdict.eligible))
                }
                after.append(("status", .string(dossier.status.rawValue)))
                after.append(
                    (
                        "verdicts",
                        .array(
                            verdicts.map {
                                .object([("subject", .string($0.subject)), ("eligible", .string($0.outcome.rawValue))])
                            })
                    ))
                event = .accepted(
                    DossierAccepted(
                        dossier: dossier.id, campaign: dossier.campaign, unit: dossier.unit, verdicts: verdicts, actor: person.id,
                        at: now))
            case .reject:
                dossier.status = .rejected
                dossier.decidedAt = now
                dossier.statusReason = reason
                after = [("status", .string(dossier.status.rawValue)), ("reason", .string(reason ?? ""))]
                event = .rejected(
                    DossierRejected(
                        dossier: dossier.id, campaign: dossier.campaign, unit: dossier.unit, reason: reason ?? "",
                        actor: person.id, at: now))
            default:
                dossier.status = .returned
                dossier.statusReason = reason
                after = [("status", .string(dossier.status.rawValue)), ("reason", .string(reason ?? ""))]
                event = .returned(
                    DossierReturned(
                        dossier: dossier.id, campaign: dossier.campaign, unit: dossier.unit, reason: reason ?? "",
                        actor: person.id, at: now))
            }
            dossier.updatedAt = now
            try transaction.execute(
                "UPDATE dossiers SET status = ?, status_reason = ?, decided_at = ?, updated_at = ? WHERE id = ?",
                [dossier.status.rawValue, dossier.statusReason, dossier.decidedAt?.utcText, now.utcText, dossier.id])
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: action.rawValue, entity: AuditEntity("dossier", dossier.id),
                    before: .object([("status", .string(before.rawValue))]), after: withClock(.object(after))))
            return DossierChange(dossier: dossier, event: event)
        }
    }

    /// The criteria module's verdict on `nominee`: the campaign's criteria and exclusions for its
    /// kind, on the campaign's facts period. Nil when the nominee is no longer in the organization.
    public func verdict(for nominee: NomineeRecord, in campaign: Campaign) -> Verdict? {
        let subject: Subject
        switch nominee.kind {
        case .collective:
            guard let unit = organization.unit(nominee.subject) else { return nil }
            subject = .unit(unit)
        case .individual:
            guard let person = organization.person(nominee.subject) else { return nil }
            subject = .person(person)
        }
        let rules = campaigns.evaluationRules(of: campaign, for: nominee.kind == .collective ? .collective : .individual)
        return campaigns.criteria.evaluator.evaluate(
            criteria: rules.criteria, exclusions: rules.exclusions,
            subject: subject, period: campaign.evaluationPeriod())
    }

    /// Records a later deadline for a whole campaign or for one unit, with a reason (administrators).
    public func extend(
        actor: String?, campaign campaignID: String, unit: String?, deadline: Deadline, reason: String
    ) throws -> ExtensionRecord {
        let campaign = try campaign(campaignID)
        let person = try authorize(actor, .extend, unit: unit ?? "", entity: AuditEntity("campaign", campaignID))
        if let unit, organization.unit(unit) == nil {
            throw DossierError(
                "unknown unit '\(unit)'",
                hint: Suggestion.closest(to: unit, in: organization.units.map(\.id)).map { "did you mean '\($0)'?" })
        }
        let reason = reason.trimmingCharacters()
        guard !reason.isEmpty else { throw DossierError("an extension needs a reason", hint: "add --reason TEXT") }
        let now = clock.now()
        return try store.write { transaction in
            let extensions = try Rows.extensions(campaign: campaignID, in: transaction)
            let current = effectiveDeadline(campaign, unit: unit, extensions: extensions)
            guard deadline.lastAcceptedInstant > current.deadline.lastAcceptedInstant else {
                throw DossierError(
                    "the new deadline (\(deadline.vietnamese(style: .padded))) is not later than the one in effect "
                        + "(\(current.vietnamese); last moment \(current.lastMoment))",
                    hint: "an extension moves the deadline later")
            }
            let row = try transaction.row(
                """
                INSERT INTO dossiers_extensions (campaign, unit, deadline, exclusive, reason, granted_by, granted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [campaignID, unit ?? "", deadline.date.description, deadline.isExclusive, reason, person.id, now.utcText])
            let record = ExtensionRecord(
                id: try row?.int("id") ?? 0, campaign: campaignID, unit: unit, deadline: deadline, reason: reason,
                grantedBy: person.id, grantedAt: now)
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: DossierAction.extend.rawValue, entity: AuditEntity("campaign", campaignID),
                    before: .object([
                        ("unit", unit.map { .string($0) } ?? .null),
                        ("deadline", .string(current.deadline.vietnamese(style: .padded))),
                        ("last_moment", .string(current.lastMoment)),
                    ]),
                    after: withClock(
                        .object([
                            ("unit", unit.map { .string($0) } ?? .null),
                            ("deadline", .string(deadline.vietnamese(style: .padded))),
                            ("last_moment", .string(Instant(epochSeconds: deadline.lastAcceptedInstant).vietnamSeconds)),
                            ("reason", .string(reason)),
                        ]))))
            return record
        }
    }

    // MARK: - Consistency

    /// Checks every stored document against the attachment store (present, right size, right
    /// hash) and every non-draft dossier for its required documents. Returns the problems.
    public func verify() throws -> (dossiers: Int, attachments: Int, problems: [String]) {
        let records = try list()
        var problems: [String] = []
        var checked: Set<String> = []
        var count = 0
        for record in records {
            for attachment in record.attachments {
                count += 1
                guard checked.insert(attachment.sha256).inserted else { continue }
                if let problem = module.attachments.check(attachment.sha256, size: attachment.size) {
                    problems.append("\(record.id): document '\(attachment.component)' (\(attachment.name)): \(problem)")
                }
            }
            if record.status != .draft, record.status != .returned, let campaign = campaigns.campaign(record.campaign) {
                let missing = self.problems(of: record, campaign: campaign).filter {
                    $0.message.contains("is missing") || $0.message.contains("nominates no one")
                }
                problems += missing.map(\.message)
            }
        }
        return (records.count, count, problems)
    }
}

extension String {
    /// Without leading and trailing white space.
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

// MARK: - Decided

extension DossierWorkflow {
    /// The dossiers of `campaign` with one of `statuses`, with nominees and documents, read inside
    /// the caller's unit of work (for modules that build on dossiers: the council, decisions).
    public func dossiers(campaign: String, statuses: [DossierStatus], in transaction: any Transaction) throws -> [DossierRecord] {
        var records: [DossierRecord] = []
        for row in try transaction.rows("SELECT id, status FROM dossiers WHERE campaign = ? ORDER BY number", [campaign]) {
            guard let status = DossierStatus(rawValue: try row.string("status")), statuses.contains(status) else { continue }
            if let record = try Rows.dossier(try row.string("id"), in: transaction) { records.append(record) }
        }
        return records
    }

    /// Moves accepted dossiers to `decided` inside the caller's unit of work — the transaction in
    /// which the decisions module issues the award decision `decision` — with an audit entry each.
    /// Throws, so that the caller's whole unit of work rolls back, when a dossier is unknown or not
    /// accepted.
    public func markDecided(
        _ ids: [String], decision: String, actor: String, now: Instant, in transaction: any Transaction
    ) throws {
        for id in ids {
            let dossier = try load(id, in: transaction)
            guard dossier.status == .accepted else {
                throw DossierError(
                    "\(id) is \(dossier.status.rawValue) (\(dossier.status.vietnamese)); only an accepted dossier can be decided",
                    kind: .state)
            }
            try transaction.execute(
                "UPDATE dossiers SET status = ?, decided_at = ?, updated_at = ? WHERE id = ?",
                [DossierStatus.decided.rawValue, now.utcText, now.utcText, id])
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: "dossier.decide", entity: AuditEntity("dossier", id),
                    before: .object([("status", .string(DossierStatus.accepted.rawValue))]),
                    after: withClock(
                        .object([("status", .string(DossierStatus.decided.rawValue)), ("decision", .string(decision))]))))
        }
    }
}
