import ThiDuaBudget
public import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCouncil
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaOrganization
import ThiDuaYAML

/// Something the decisions module refuses; nothing was written.
public struct DecisionError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// Drafting and issuing decisions: each action checks who acts and what must hold, and writes its
/// change with its audit entry in one unit of work.
public struct DecisionWorkflow: Sendable {
    public let module: DecisionsModule
    public let store: any Store
    public let clock: WallClock

    var settings: DecisionSettings { module.settings }
    var organization: Organization { module.organization }
    var sessions: CouncilSessions { module.council.sessions(store: store, clock: clock) }
    var dossiers: DossierWorkflow { module.council.dossiers.workflow(store: store, clock: clock) }

    // MARK: - Reading

    /// The decision of `campaign`, if drafted.
    public func decision(campaign: String) throws -> Decision? {
        try store.read { try DecisionSchema.decision(campaign: campaign, in: $0) }
    }

    /// The decision of `campaign`, or a worded error.
    public func existing(campaign: String) throws -> Decision {
        _ = try self.campaign(campaign)
        guard let decision = try decision(campaign: campaign) else {
            throw DecisionError(
                "campaign \(campaign) has no decision yet",
                hint: "draft it: thidua decision draft \(campaign) --number N --as STANDING-OFFICE")
        }
        return decision
    }

    func campaign(_ id: String) throws -> Campaign {
        guard let campaign = module.campaigns.campaign(id) else {
            throw DecisionError(
                "unknown campaign '\(id)'",
                hint: Suggestion.closest(to: id, in: module.campaigns.campaigns.map(\.id.value)).map { "did you mean '\($0)'?" }
                    ?? "see 'thidua campaign list'")
        }
        return campaign
    }

    func person(_ actor: String?, role: Role, to verb: String) throws -> Person {
        guard let actor, !actor.isEmpty else {
            throw DecisionError(
                "no acting person: pass --as PERSON-ID or set THIDUA_ACTOR",
                hint: "to \(verb) you need the role '\(role.rawValue)'")
        }
        guard let person = organization.person(actor) else {
            throw DecisionError(
                "unknown person '\(actor)'",
                hint: Suggestion.closest(to: actor, in: organization.people.map(\.id)).map { "did you mean '\($0)'?" })
        }
        guard person.roles.contains(role) else {
            throw DecisionError("\(person.fullName) (\(actor)) may not \(verb): that needs the role '\(role.rawValue)'")
        }
        return person
    }

    func withClock(_ members: [(String, JSONText)]) -> JSONText {
        guard let fixed = clock.override else { return .object(members) }
        return .object(members + [("clock", .string("THIDUA_NOW=\(fixed.vietnamDisplay)"))])
    }

    func awardName(_ id: String) -> String { module.campaigns.awards.first { $0.id == id }?.name ?? id }

    // MARK: - Draft

    /// Builds the decision of `campaign` from the council's outcome — the nominations approved in
    /// closed sessions whose dossiers are still accepted — with amounts from the budget module for
    /// `date`, and stores it as a draft (replacing an earlier draft).
    public func draft(actor: String?, campaign campaignID: String, number: String, date: CalendarDate?, signer signerID: String?)
        throws -> Decision
    {
        let person = try person(actor, role: .standingOffice, to: "draft award decisions")
        let campaign = try campaign(campaignID)
        guard !number.isEmpty, number.allSatisfy(\.isNumber) else {
            throw DecisionError(
                "the decision's number is digits only, e.g. 125 (found '\(number)')", hint: "the symbol -QĐ-… is added")
        }
        let signerID = signerID ?? campaign.signer.person.value
        guard let signer = settings.signer(signerID) else {
            throw DecisionError(
                "\(organization.person(signerID)?.fullName ?? signerID) (\(signerID)) is not a signer of award decisions",
                hint:
                    "signers are listed under 'signers:' in the decisions file: \(settings.signers.map(\.person.id).joined(separator: ", "))"
            )
        }
        let now = clock.now()
        let date = date ?? now.vietnamDate
        let symbol = "\(number)/QĐ-\(organization.agency.symbol)"
        return try store.write { transaction in
            if let existing = try DecisionSchema.decision(campaign: campaignID, in: transaction), existing.status == .issued {
                throw DecisionError(
                    "decision \(existing.symbol) of \(campaignID) was issued on \(existing.issuedAt?.vietnamDisplay ?? "") and cannot be changed",
                    hint: "an issued decision is frozen; a correction is a new decision")
            }
            if let clash = try transaction.row(
                "SELECT campaign FROM decisions WHERE symbol = ? AND campaign <> ?", [symbol, campaignID])
            {
                throw DecisionError("the number \(symbol) is already used by the decision of \(try clash.string("campaign"))")
            }
            let closed = try sessions.sessions(campaign: campaignID, in: transaction).filter { $0.status == .closed }
            guard !closed.isEmpty else {
                throw DecisionError(
                    "campaign \(campaignID) has no council outcome: no council session was closed",
                    hint: "the council reviews the accepted nominations first: thidua council open \(campaignID) …, vote, close")
            }
            if let met = closed.map(\.date).max(), date < met {
                throw DecisionError(
                    "the decision is dated \(VietnameseDate.numeric(date)), before the council met on \(VietnameseDate.numeric(met))",
                    hint: "date it on or after the council's session (--date YYYY-MM-DD)")
            }
            let accepted = Set(try dossiers.dossiers(campaign: campaignID, statuses: [.accepted], in: transaction).map(\.id))
            var approved: [(session: String, outcome: NominationTally)] = []
            var sessionIDs: [String] = []
            var reviewedDossiers: Set<String> = []
            for session in closed {
                let outcomes = try sessions.outcomes(of: session, in: transaction).filter {
                    accepted.contains($0.nomination.dossier)
                }
                if outcomes.isEmpty { continue }
                sessionIDs.append(session.id)
                for outcome in outcomes {
                    reviewedDossiers.insert(outcome.nomination.dossier)
                    if outcome.tally.approved { approved.append((session.id, outcome)) }
                }
            }
            guard !approved.isEmpty else {
                throw DecisionError(
                    "the council approved no nomination of \(campaignID) that is still to be decided",
                    hint: "see 'thidua council tally SESSION'")
            }
            let problems = settings.authorityProblems(
                signer: signer, awards: approved.map(\.outcome.nomination.award), names: awardName)
            guard problems.isEmpty else {
                throw DecisionError(
                    problems.joined(separator: "; "), hint: "choose a signer with that authority (--signer), or propose upward")
            }
            var lines: [DecisionLine] = []
            for (session, outcome) in approved {
                let nomination = outcome.nomination
                let payment: Payment
                do {
                    payment = try module.pricing.payment(
                        award: nomination.award, collective: nomination.kind == .collective, date: date)
                } catch {
                    throw DecisionError("no reward money for '\(nomination.award)' on \(VietnameseDate.numeric(date)): \(error)")
                }
                lines.append(
                    DecisionLine(
                        recipient: nomination.subject, kind: nomination.kind, unit: nomination.unit, award: nomination.award,
                        dossier: nomination.dossier, session: session, payment: payment))
            }
            lines = order(lines, approved: approved.map(\.outcome))
            guard let total = VND.sum(lines.map(\.payment.amount)) else {
                throw DecisionError("the total does not fit in 64 bits")
            }
            let decision = Decision(
                campaign: campaignID, number: number, symbol: symbol, date: date, signer: signer.person.id, status: .draft,
                sessions: sessionIDs,
                lines: lines, dossiers: reviewedDossiers.sorted(), total: total, draftedBy: person.id, draftedAt: now)
            try DecisionSchema.replaceDraft(decision, in: transaction)
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: "decision.draft", entity: AuditEntity("decision", campaignID),
                    after: withClock([
                        ("symbol", .string(symbol)), ("date", .string(date.description)), ("signer", .string(signer.person.id)),
                        ("lines", .int(lines.count)), ("total", .string(String(total))),
                        ("sessions", .array(sessionIDs.map { .string($0) })),
                    ])))
            return decision
        }
    }

    /// Collectives first, then individuals; within each, in the organization's unit order, then by
    /// dossier and nominee order.
    func order(_ lines: [DecisionLine], approved: [NominationTally]) -> [DecisionLine] {
        let unitOrder = Dictionary(
            organization.units.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let position = Dictionary(
            approved.enumerated().map { ("\($0.element.nomination.dossier)/\($0.element.nomination.subject)", $0.offset) },
            uniquingKeysWith: { first, _ in first })
        return lines.sorted { left, right in
            let l = (
                left.kind == .collective ? 0 : 1, unitOrder[left.unit] ?? Int.max,
                position["\(left.dossier)/\(left.recipient)"] ?? 0
            )
            let r = (
                right.kind == .collective ? 0 : 1, unitOrder[right.unit] ?? Int.max,
                position["\(right.dossier)/\(right.recipient)"] ?? 0
            )
            return l < r
        }
    }

    // MARK: - Issue

    /// What issuing changed.
    public struct Issued: Sendable {
        public var decision: Decision
        public var event: DecisionIssued
    }

    /// Issues the draft of `campaign`: the signer signs. In one unit of work: the council outcome
    /// and the signer's authority are checked again, the documents are rendered and frozen with a
    /// checksum, the dossiers move to `decided`, the budget records the money, and the audit entry
    /// is written. Publish ``Issued/event`` after it returns.
    public func issue(actor: String?, campaign campaignID: String) throws -> Issued {
        _ = try campaign(campaignID)
        guard let actor, !actor.isEmpty else {
            throw DecisionError(
                "no acting person: pass --as PERSON-ID or set THIDUA_ACTOR", hint: "the signer of the decision issues it")
        }
        let now = clock.now()
        _ = try existing(campaign: campaignID)
        let fresh = try store.write { transaction -> Decision in
            guard var decision = try DecisionSchema.decision(campaign: campaignID, in: transaction) else {
                throw DecisionError("campaign \(campaignID) has no decision yet")
            }
            guard decision.status == .draft else {
                throw DecisionError(
                    "decision \(decision.symbol) of \(campaignID) was issued on \(decision.issuedAt?.vietnamDisplay ?? "") and cannot be changed",
                    hint: "an issued decision is frozen")
            }
            guard actor == decision.signer else {
                throw DecisionError(
                    "\(organization.person(actor)?.fullName ?? actor) (\(actor)) is not the signer of decision \(decision.symbol); "
                        + "\(organization.person(decision.signer)?.fullName ?? decision.signer) (\(decision.signer)) signs and issues it"
                )
            }
            guard let signer = settings.signer(decision.signer) else {
                throw DecisionError("\(decision.signer) is no longer a signer of decisions")
            }
            let problems = settings.authorityProblems(signer: signer, awards: decision.lines.map(\.award), names: awardName)
            guard problems.isEmpty else { throw DecisionError(problems.joined(separator: "; ")) }
            // The council's outcome must still be the one drafted: nothing decided or reopened since.
            let accepted = Set(try dossiers.dossiers(campaign: campaignID, statuses: [.accepted], in: transaction).map(\.id))
            let gone = decision.dossiers.filter { !accepted.contains($0) }
            guard gone.isEmpty else {
                throw DecisionError(
                    "the dossiers \(gone.joined(separator: ", ")) are no longer accepted since the draft",
                    hint: "draft the decision again")
            }
            let document = try DecisionDocuments(workflow: self).decision(decision, in: transaction)
            let data = decision.dataJSON.description
            let markdown = document.rendered(as: .md)
            let html = document.rendered(as: .html)
            let docx = document.docx
            let checksum = Decision.checksum(data: data, markdown: markdown, html: html, docx: docx)
            try transaction.execute(
                """
                UPDATE decisions SET status = 'issued', issued_by = ?, issued_at = ?, data_json = ?, markdown = ?, html = ?, docx = ?,
                    checksum = ?
                WHERE campaign = ? AND status = 'draft'
                """, [actor, now.utcText, data, markdown, html, docx, checksum, campaignID])
            try dossiers.markDecided(decision.dossiers, decision: decision.symbol, actor: actor, now: now, in: transaction)
            try module.pricing.record(decision, in: transaction)
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: "decision.issue", entity: AuditEntity("decision", campaignID),
                    before: .object([("status", .string("draft"))]),
                    after: withClock([
                        ("status", .string("issued")), ("symbol", .string(decision.symbol)),
                        ("date", .string(decision.date.description)),
                        ("lines", .int(decision.lines.count)), ("total", .string(String(decision.total))),
                        ("checksum", .string(checksum)),
                        ("dossiers", .array(decision.dossiers.map { .string($0) })),
                    ])))
            decision.status = .issued
            decision.issuedBy = actor
            decision.issuedAt = now
            decision.markdown = markdown
            decision.html = html
            decision.docx = docx
            decision.checksum = checksum
            return decision
        }
        let event = DecisionIssued(
            campaign: campaignID, number: fresh.symbol, date: fresh.date, signer: fresh.signer,
            lines: fresh.lines.map {
                DecisionIssued.Line(
                    recipient: $0.recipient, collective: $0.kind == .collective, unit: $0.unit, award: $0.award,
                    amount: $0.payment.amount)
            }, total: fresh.total, actor: actor, at: now)
        return Issued(decision: fresh, event: event)
    }

    // MARK: - Verify

    /// Recomputes the checksum of the issued decision of `campaign` from what is stored, and checks
    /// the stored lines against the frozen data. Returns the problems (empty when intact).
    public func verify(campaign: String) throws -> [String] {
        let decision = try existing(campaign: campaign)
        guard decision.status == .issued else {
            return ["decision \(decision.symbol) of \(campaign) is a draft; only an issued decision is frozen"]
        }
        return try store.read { transaction in
            var problems: [String] = []
            guard
                let row = try transaction.row(
                    "SELECT data_json, markdown, html, docx, checksum FROM decisions WHERE campaign = ?", [campaign])
            else {
                return ["the decision of \(campaign) disappeared"]
            }
            let data = try row.string("data_json")
            let computed = Decision.checksum(
                data: data, markdown: try row.optionalString("markdown") ?? "", html: try row.optionalString("html") ?? "",
                docx: try row.get("docx", as: [UInt8]?.self) ?? [])
            if computed != (try row.optionalString("checksum")) {
                problems.append(
                    "decision \(decision.symbol): the stored data or documents do not match the checksum recorded at issue (changed since)"
                )
            }
            if decision.dataJSON.description != data {
                problems.append(
                    "decision \(decision.symbol): its lines or header in the tables differ from the data frozen at issue")
            }
            let issued = try transaction.row(
                "SELECT after_json FROM thidua_audit WHERE entity_kind = 'decision' AND entity_id = ? AND action = 'decision.issue' ORDER BY sequence DESC",
                [campaign])
            if let after = try issued?.optionalString("after_json"), let checksum = decision.checksum, !after.contains(checksum) {
                problems.append("decision \(decision.symbol): the checksum differs from the one in the audit log")
            }
            return problems
        }
    }

    // MARK: - History

    /// Every award `subject` (a person or unit id) received: issued decisions in the store, and
    /// titles of earlier years configured as facts of the criteria module (`titles` facts).
    public func history(subject: String) throws -> [HistoryEntry] {
        guard organization.person(subject) != nil || organization.unit(subject) != nil else {
            let ids = organization.people.map(\.id) + organization.units.map(\.id)
            throw DecisionError(
                "unknown person or unit '\(subject)'",
                hint: Suggestion.closest(to: subject, in: ids).map { "did you mean '\($0)'?" } ?? "see 'thidua org people'")
        }
        var entries: [HistoryEntry] = try store.read { transaction in
            try transaction.rows(
                """
                SELECT d.campaign AS campaign, d.symbol AS symbol, d.decided_on AS decided_on, l.award AS award, l.amount AS amount
                FROM decisions_lines l JOIN decisions d ON d.campaign = l.campaign
                WHERE l.recipient = ? AND d.status = 'issued' ORDER BY d.decided_on, d.symbol
                """, [subject]
            ).map { row in
                let date = CalendarDate(iso: try row.string("decided_on"))
                return HistoryEntry(
                    year: date?.year ?? 0, campaign: try row.string("campaign"), award: awardName(try row.string("award")),
                    decision: try row.string("symbol"), date: date, amount: try row.get("amount"), source: "decision")
            }
        }
        let facts = module.criteria.facts
        for period in facts.periods {
            for definition in module.criteria.library.facts where definition.type == .titles {
                guard case .titles(let titles)? = facts.value(of: definition.id, for: subject, in: period) else { continue }
                let source = facts.source(of: definition.id, for: subject, in: period).map { "\($0)" } ?? "facts"
                for title in titles {
                    entries.append(
                        HistoryEntry(
                            year: period.year, campaign: nil, award: module.criteria.library.title(title)?.title ?? title,
                            decision: nil,
                            date: nil, amount: nil, source: source))
                }
            }
        }
        return entries.sorted {
            ($0.year, $0.date?.description ?? "", $0.award) < ($1.year, $1.date?.description ?? "", $1.award)
        }
    }
}

extension Instant {
    /// The calendar day in Việt Nam (UTC+7).
    var vietnamDate: CalendarDate {
        CalendarDate(daysSinceEpoch: Int((millisecondsSinceEpoch / 1000 + Instant.vietnamOffset) / 86_400))
    }
}
