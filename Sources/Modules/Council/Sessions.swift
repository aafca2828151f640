import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaDossiers
import ThiDuaOrganization
public import ThiDuaYAML

/// Something the council refuses, worded for the person at the terminal; nothing was written.
public struct CouncilError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        /// Unknown ids, bad values.
        case invalid
        /// The actor may not do this (not a member, not present, no role, conflict of interest).
        case notAllowed
        /// The session or nomination is not in a state that allows it (closed, voted already …).
        case state
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil, kind: Kind = .invalid) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// A nominee of an accepted dossier: what the council votes on.
public struct Nomination: Sendable, Hashable {
    public var dossier: String
    /// The unit that sent the dossier.
    public var unit: String
    public var subject: String
    public var kind: SubjectKind
    public var award: String
    public var ordinal: Int
    /// The dossier's number in the campaign (for ordering).
    public var dossierNumber: Int
    /// The criteria's verdict recorded at acceptance (`passed`, `failed` …).
    public var verdict: String?
    public var verdictText: String?

    /// "HS-cchc-2024-001/qlxd".
    public var key: String { "\(dossier)/\(subject)" }
}

/// A council session (phiên họp) of a campaign.
public struct CouncilSession: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case open, closed }

    public var id: String
    public var campaign: String
    public var number: Int
    public var date: CalendarDate
    public var place: String?
    public var status: Status
    /// Members present, in council order.
    public var present: [String]
    /// Members absent, in council order.
    public var absent: [String]
    /// The rule in effect, as a sentence (kept with the session).
    public var rule: String
    public var openedBy: String
    public var openedAt: Instant
    public var closedBy: String?
    public var closedAt: Instant?
}

/// One ballot as stored.
public struct StoredBallot: Sendable, Hashable {
    public var dossier: String
    public var subject: String
    public var member: String
    public var ballot: Ballot
    public var recordedAt: Instant
}

/// A nomination with its tally and the members left out of it.
public struct NominationTally: Sendable, Hashable {
    public var nomination: Nomination
    public var tally: Tally
    /// Member id → why they were excluded (Vietnamese).
    public var excluded: [String: String]
    /// Eligible present members who have not voted yet (open sessions only).
    public var missing: [String]
}

/// The council's tables. Every statement is portable SQL (docs/storage.md).
enum CouncilSchema {
    static let migrations: [Migration] = [
        Migration(
            module: "council", version: 1, name: "create sessions, attendance, votes, outcomes",
            statements: [
                """
                CREATE TABLE council_sessions (
                    id TEXT PRIMARY KEY,
                    campaign TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    held_on TEXT NOT NULL,
                    place TEXT,
                    status TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    opened_by TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    closed_by TEXT,
                    closed_at TEXT
                )
                """,
                "CREATE UNIQUE INDEX council_sessions_number ON council_sessions (campaign, number)",
                """
                CREATE TABLE council_attendance (
                    session TEXT NOT NULL REFERENCES council_sessions (id),
                    member TEXT NOT NULL,
                    role TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    present INTEGER NOT NULL,
                    PRIMARY KEY (session, member)
                )
                """,
                """
                CREATE TABLE council_votes (
                    session TEXT NOT NULL REFERENCES council_sessions (id),
                    dossier TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    member TEXT NOT NULL,
                    ballot TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (session, dossier, subject, member)
                )
                """,
                """
                CREATE TABLE council_outcomes (
                    session TEXT NOT NULL REFERENCES council_sessions (id),
                    campaign TEXT NOT NULL,
                    dossier TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    award TEXT NOT NULL,
                    approved INTEGER NOT NULL,
                    approvals INTEGER NOT NULL,
                    rejections INTEGER NOT NULL,
                    abstentions INTEGER NOT NULL,
                    eligible INTEGER NOT NULL,
                    base INTEGER NOT NULL,
                    average TEXT,
                    excluded TEXT NOT NULL,
                    explanation TEXT NOT NULL,
                    PRIMARY KEY (session, dossier, subject)
                )
                """,
                "CREATE UNIQUE INDEX council_outcomes_once ON council_outcomes (campaign, dossier, subject)",
            ])
    ]
}

/// Sessions, votes and tallies: every action checks who acts and what must hold, and writes its
/// change and its audit entry in one unit of work.
public struct CouncilSessions: Sendable {
    public let module: CouncilModule
    public let store: any Store
    public let clock: WallClock

    var council: Council { module.council }
    var organization: Organization { module.organization }

    // MARK: - Reading

    /// The nominations of `campaign`'s dossiers with one of `statuses` (accepted by default), in
    /// dossier and nominee order.
    public func nominations(campaign: String, statuses: [DossierStatus] = [.accepted]) throws -> [Nomination] {
        try store.read { try nominations(campaign: campaign, statuses: statuses, in: $0) }
    }

    /// ``nominations(campaign:statuses:)`` inside the caller's unit of work.
    public func nominations(campaign: String, statuses: [DossierStatus] = [.accepted], in transaction: any Transaction) throws
        -> [Nomination]
    {
        let workflow = module.dossiers.workflow(store: store, clock: clock)
        var nominations: [Nomination] = []
        for dossier in try workflow.dossiers(campaign: campaign, statuses: statuses, in: transaction) {
            for nominee in dossier.nominees {
                nominations.append(
                    Nomination(
                        dossier: dossier.id, unit: dossier.unit, subject: nominee.subject, kind: nominee.kind,
                        award: nominee.award,
                        ordinal: nominee.ordinal, dossierNumber: dossier.number, verdict: nominee.verdict?.rawValue,
                        verdictText: nominee.verdictText))
            }
        }
        return nominations.sorted { ($0.dossierNumber, $0.ordinal) < ($1.dossierNumber, $1.ordinal) }
    }

    /// The session `id`.
    public func session(_ id: String) throws -> CouncilSession {
        guard let session = try store.read({ try Self.session(id, in: $0) }) else {
            throw CouncilError("unknown council session '\(id)'", hint: "see 'thidua council sessions'")
        }
        return session
    }

    /// Every session, optionally of one campaign.
    public func sessions(campaign: String? = nil) throws -> [CouncilSession] {
        try store.read { try sessions(campaign: campaign, in: $0) }
    }

    /// ``sessions(campaign:)`` inside the caller's unit of work.
    public func sessions(campaign: String?, in transaction: any Transaction) throws -> [CouncilSession] {
        let ids = try transaction.rows(
            "SELECT id FROM council_sessions" + (campaign == nil ? "" : " WHERE campaign = ?") + " ORDER BY campaign, number",
            campaign.map { [$0] } ?? [])
        return try ids.compactMap { try Self.session(try $0.string("id"), in: transaction) }
    }

    static func session(_ id: String, in transaction: any Transaction) throws -> CouncilSession? {
        guard
            let row = try transaction.row(
                """
                SELECT id, campaign, number, held_on, place, status, rule, opened_by, opened_at, closed_by, closed_at
                FROM council_sessions WHERE id = ?
                """, [id])
        else { return nil }
        var present: [String] = []
        var absent: [String] = []
        for attendance in try transaction.rows(
            "SELECT member, present FROM council_attendance WHERE session = ? ORDER BY ordinal", [id])
        {
            if try attendance.bool("present") {
                present.append(try attendance.string("member"))
            } else {
                absent.append(try attendance.string("member"))
            }
        }
        let dateText = try row.string("held_on")
        return CouncilSession(
            id: try row.string("id"), campaign: try row.string("campaign"), number: try row.int("number"),
            date: CalendarDate(iso: dateText) ?? CalendarDate(daysSinceEpoch: 0), place: try row.optionalString("place"),
            status: CouncilSession.Status(rawValue: try row.string("status")) ?? .open, present: present, absent: absent,
            rule: try row.string("rule"), openedBy: try row.string("opened_by"),
            openedAt: Instant(utcText: try row.string("opened_at")) ?? Instant(millisecondsSinceEpoch: 0),
            closedBy: try row.optionalString("closed_by"),
            closedAt: try row.optionalString("closed_at").flatMap(Instant.init(utcText:)))
    }

    /// The ballots of a session.
    public func ballots(session: String) throws -> [StoredBallot] {
        try store.read { try Self.ballots(session: session, in: $0) }
    }

    static func ballots(session: String, in transaction: any Transaction) throws -> [StoredBallot] {
        try transaction.rows(
            "SELECT dossier, subject, member, ballot, recorded_at FROM council_votes WHERE session = ? ORDER BY recorded_at, member",
            [session]
        ).map { row in
            let text = try row.string("ballot")
            let ballot: Ballot
            switch text {
            case "approve": ballot = .approve
            case "reject": ballot = .reject
            case "abstain": ballot = .abstain
            default: ballot = .score(ExactDecimal(text) ?? .zero)
            }
            return StoredBallot(
                dossier: try row.string("dossier"), subject: try row.string("subject"), member: try row.string("member"),
                ballot: ballot,
                recordedAt: Instant(utcText: try row.string("recorded_at")) ?? Instant(millisecondsSinceEpoch: 0))
        }
    }

    /// The keys (`dossier/subject`) of nominations decided in a closed session of `campaign`.
    static func reviewed(campaign: String, in transaction: any Transaction) throws -> [String: String] {
        var reviewed: [String: String] = [:]
        for row in try transaction.rows("SELECT session, dossier, subject FROM council_outcomes WHERE campaign = ?", [campaign]) {
            reviewed["\(try row.string("dossier"))/\(try row.string("subject"))"] = try row.string("session")
        }
        return reviewed
    }

    // MARK: - Conflicts of interest

    /// Why `member` may not vote on `nomination` (Vietnamese), or nil: the member is the nominee,
    /// or the head of the nominating unit (or of the nominated unit).
    public func conflict(of member: String, on nomination: Nomination) -> String? {
        if member == nomination.subject {
            return "là người được đề nghị khen thưởng"
        }
        if let unit = organization.unit(nomination.unit), unit.head == member {
            return "là thủ trưởng đơn vị đề nghị (\(unit.name))"
        }
        if nomination.kind == .collective, let unit = organization.unit(nomination.subject), unit.head == member {
            return "là thủ trưởng tập thể được đề nghị (\(unit.name))"
        }
        return nil
    }

    // MARK: - Tally

    /// Every nomination the session reviews, with its tally: the stored outcome of a closed
    /// session, the running count of an open one.
    public func tally(session id: String) throws -> [NominationTally] {
        let session = try session(id)
        if session.status == .closed { return try store.read { try outcomes(of: session, in: $0) } }
        let ballots = try ballots(session: id)
        let reviewed = try store.read { try Self.reviewed(campaign: session.campaign, in: $0) }
        let nominations = try nominations(campaign: session.campaign).filter { reviewed[$0.key] == nil }
        return nominations.map { tally($0, session: session, ballots: ballots) }
    }

    func tally(_ nomination: Nomination, session: CouncilSession, ballots: [StoredBallot]) -> NominationTally {
        let rule = council.rule(for: session.campaign)
        var excluded: [String: String] = [:]
        for member in council.members {
            if let reason = conflict(of: member.person.id, on: nomination) { excluded[member.person.id] = reason }
        }
        let eligible = session.present.filter { excluded[$0] == nil }
        var cast: [String: Ballot] = [:]
        for ballot in ballots
        where ballot.dossier == nomination.dossier && ballot.subject == nomination.subject && excluded[ballot.member] == nil {
            cast[ballot.member] = ballot.ballot
        }
        let tally = Tally.decide(
            rule: rule, ballots: cast, eligible: eligible.count, members: council.members.count, excluded: excluded.count,
            chair: council.chair?.person.id)
        return NominationTally(
            nomination: nomination, tally: tally, excluded: excluded, missing: eligible.filter { cast[$0] == nil })
    }

    /// The stored outcome of the closed `session`, inside the caller's unit of work.
    public func outcomes(of session: CouncilSession, in transaction: any Transaction) throws -> [NominationTally] {
        let all = try nominations(campaign: session.campaign, statuses: [.accepted, .decided], in: transaction)
        let byKey = Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return try transaction.rows(
            """
            SELECT dossier, subject, kind, unit, award, approved, approvals, rejections, abstentions, eligible, base, average,
                excluded, explanation
            FROM council_outcomes WHERE session = ?
            """, [session.id]
        ).map { row in
            let dossier = try row.string("dossier")
            let subject = try row.string("subject")
            let unit = try row.string("unit")
            let kind = SubjectKind(rawValue: try row.string("kind")) ?? .individual
            let award = try row.string("award")
            let nomination =
                byKey["\(dossier)/\(subject)"]
                ?? Nomination(
                    dossier: dossier, unit: unit, subject: subject, kind: kind, award: award, ordinal: 0,
                    dossierNumber: 0, verdict: nil, verdictText: nil)
            var excluded: [String: String] = [:]
            for part in try row.string("excluded").split(separator: "\n") where !part.isEmpty {
                let pieces = part.split(separator: "\t", maxSplits: 1)
                if pieces.count == 2 { excluded[String(pieces[0])] = String(pieces[1]) }
            }
            let tally = Tally(
                approved: try row.bool("approved"), approvals: try row.int("approvals"), rejections: try row.int("rejections"),
                abstentions: try row.int("abstentions"), eligible: try row.int("eligible"), base: try row.int("base"),
                average: try row.optionalString("average").flatMap(ExactDecimal.init), explanation: try row.string("explanation"))
            return NominationTally(nomination: nomination, tally: tally, excluded: excluded, missing: [])
        }.sorted { ($0.nomination.dossierNumber, $0.nomination.ordinal) < ($1.nomination.dossierNumber, $1.nomination.ordinal) }
    }

    // MARK: - Who acts

    func standingOffice(_ actorID: String?, to verb: String) throws -> Person {
        guard let actorID, !actorID.isEmpty else {
            throw CouncilError(
                "no acting person: pass --as PERSON-ID or set THIDUA_ACTOR",
                hint: "to \(verb) you need the role 'standing-office'")
        }
        guard let person = organization.person(actorID) else {
            throw CouncilError(
                "unknown person '\(actorID)'",
                hint: Suggestion.closest(to: actorID, in: organization.people.map(\.id)).map { "did you mean '\($0)'?" },
                kind: .notAllowed)
        }
        guard person.roles.contains(.standingOffice) else {
            throw CouncilError(
                "\(person.fullName) (\(actorID)) may not \(verb): that needs the role 'standing-office'",
                hint: "the standing office of the council (Thường trực Hội đồng) does this", kind: .notAllowed)
        }
        return person
    }

    func withClock(_ members: [(String, JSONText)]) -> JSONText {
        guard let fixed = clock.override else { return .object(members) }
        return .object(members + [("clock", .string("THIDUA_NOW=\(fixed.vietnamDisplay)"))])
    }

    // MARK: - Open

    /// Opens a session of `campaign` on `date` with the members `present`: checks the quorum and
    /// that accepted nominations await review.
    public func open(actor: String?, campaign campaignID: String, date: CalendarDate, present: [String], place: String?) throws
        -> CouncilSession
    {
        let person = try standingOffice(actor, to: "open council sessions")
        guard module.campaigns.campaign(campaignID) != nil else {
            throw CouncilError(
                "unknown campaign '\(campaignID)'",
                hint: Suggestion.closest(to: campaignID, in: module.campaigns.campaigns.map(\.id.value)).map {
                    "did you mean '\($0)'?"
                })
        }
        var unknown: [String] = []
        for id in present where council.member(id) == nil { unknown.append(id) }
        guard unknown.isEmpty else {
            let ids = council.members.map(\.person.id)
            throw CouncilError(
                "not council members: \(unknown.joined(separator: ", "))",
                hint: "the members are \(ids.joined(separator: ", ")) (council file)")
        }
        let presentSet = Set(present)
        let rule = council.rule(for: campaignID)
        guard rule.quorum.isMet(by: presentSet.count, of: council.members.count) else {
            throw CouncilError(
                "no quorum: \(presentSet.count) of \(council.members.count) members present, the rule needs \(rule.quorum)",
                hint: "list every member present with --present", kind: .state)
        }
        let now = clock.now()
        return try store.write { transaction in
            if let open = try transaction.row(
                "SELECT id FROM council_sessions WHERE campaign = ? AND status = 'open'", [campaignID])
            {
                throw CouncilError(
                    "session \(try open.string("id")) of \(campaignID) is still open",
                    hint: "close it first: thidua council close \(try open.string("id"))",
                    kind: .state)
            }
            let reviewed = try Self.reviewed(campaign: campaignID, in: transaction)
            let waiting = try nominations(campaign: campaignID, in: transaction).filter { reviewed[$0.key] == nil }
            guard !waiting.isEmpty else {
                throw CouncilError(
                    "campaign \(campaignID) has no accepted nomination awaiting the council",
                    hint: "the standing office accepts dossiers first: thidua dossier accept ID", kind: .state)
            }
            let number =
                ((try transaction.row("SELECT MAX(number) AS last FROM council_sessions WHERE campaign = ?", [campaignID])?
                    .optionalInt("last")) ?? 0) + 1
            let id = "PH-\(campaignID)-\(number)"
            try transaction.execute(
                """
                INSERT INTO council_sessions (id, campaign, number, held_on, place, status, rule, opened_by, opened_at)
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """, [id, campaignID, number, date.description, place, rule.summary, person.id, now.utcText])
            for (index, member) in council.members.enumerated() {
                try transaction.execute(
                    "INSERT INTO council_attendance (session, member, role, ordinal, present) VALUES (?, ?, ?, ?, ?)",
                    [id, member.person.id, member.role.rawValue, index, presentSet.contains(member.person.id)])
            }
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: "council.open", entity: AuditEntity("council-session", id),
                    after: withClock([
                        ("campaign", .string(campaignID)), ("date", .string(date.description)),
                        (
                            "present",
                            .array(council.members.filter { presentSet.contains($0.person.id) }.map { .string($0.person.id) })
                        ),
                        ("rule", .string(rule.summary)), ("nominations", .int(waiting.count)),
                    ])))
            guard let session = try Self.session(id, in: transaction) else { throw CouncilError("session \(id) was not written") }
            return session
        }
    }

    // MARK: - Vote

    /// What a vote command recorded and what it left out.
    public struct VoteResult: Sendable {
        public var recorded: [Nomination]
        /// Nominations skipped with `all` because the member has a conflict of interest, with why.
        public var excluded: [(Nomination, String)]
    }

    /// Records `member`'s ballot on nominees (subject ids; `all` for every nomination the member
    /// may vote on). All or nothing: one refusal and no ballot is written.
    public func vote(
        actor: String?, session id: String, ballot: Ballot, nominees: [String], all: Bool, award: String? = nil
    ) throws -> VoteResult {
        guard let actor, !actor.isEmpty else {
            throw CouncilError(
                "no acting member: pass --as PERSON-ID or set THIDUA_ACTOR", hint: "each member casts their own ballot")
        }
        guard let member = council.member(actor) else {
            throw CouncilError(
                "\(organization.person(actor)?.fullName ?? actor) (\(actor)) is not a member of the council and may not vote",
                hint: "the members are \(council.members.map(\.person.id).joined(separator: ", "))", kind: .notAllowed)
        }
        let session = try session(id)
        guard session.status == .open else {
            throw CouncilError(
                "session \(id) is closed; its tally is final", hint: "see 'thidua council tally \(id)'", kind: .state)
        }
        guard session.present.contains(actor) else {
            throw CouncilError(
                "\(member.person.fullName) (\(actor)) is recorded as absent from session \(id) and may not vote in it",
                kind: .notAllowed)
        }
        let rule = council.rule(for: session.campaign)
        switch (rule.method, ballot) {
        case (.score, .approve), (.score, .reject):
            throw CouncilError(
                "the council scores nominations in \(session.campaign); give a score",
                hint: "thidua council score \(id) SCORE NOMINEE…")
        case (.vote, .score):
            throw CouncilError(
                "the council votes on nominations in \(session.campaign); scores are not used",
                hint: "thidua council vote \(id) approve|reject|abstain NOMINEE…")
        case (.score, .score(let value)):
            if let scale = rule.scores, value < .zero || value > scale.max {
                throw CouncilError("a score lies between 0 and \(scale.max.description); \(value.description) is out of range")
            }
        default: break
        }
        if nominees.isEmpty, !all { throw CouncilError("name the nominees to vote on, or pass --all") }
        let now = clock.now()
        return try store.write { transaction in
            let reviewed = try Self.reviewed(campaign: session.campaign, in: transaction)
            let waiting = try nominations(campaign: session.campaign, in: transaction).filter { reviewed[$0.key] == nil }
            var targets: [Nomination] = []
            var skipped: [(Nomination, String)] = []
            if all {
                for nomination in waiting {
                    if let reason = conflict(of: actor, on: nomination) {
                        skipped.append((nomination, reason))
                    } else {
                        targets.append(nomination)
                    }
                }
            }
            for subject in nominees {
                let matches = waiting.filter { $0.subject == subject && (award == nil || $0.award == award) }
                if matches.count > 1 {
                    throw CouncilError(
                        "\(subject) is nominated for several awards: \(matches.map(\.award).joined(separator: ", "))",
                        hint: "add --award AWARD")
                }
                guard let nomination = matches.first else {
                    throw try notAwaiting(subject, campaign: session.campaign, reviewed: reviewed, in: transaction)
                }
                if let reason = conflict(of: actor, on: nomination) {
                    throw CouncilError(
                        "\(member.person.fullName) (\(actor)) is excluded from the vote on \(subject) (\(nomination.dossier)): \(conflictReasonInEnglish(reason)) — conflict of interest",
                        hint: "the member's ballot is not counted; the others vote", kind: .notAllowed)
                }
                if !targets.contains(nomination) { targets.append(nomination) }
            }
            for nomination in targets {
                if let existing = try transaction.row(
                    "SELECT ballot, recorded_at FROM council_votes WHERE session = ? AND dossier = ? AND subject = ? AND member = ?",
                    [id, nomination.dossier, nomination.subject, actor])
                {
                    throw CouncilError(
                        "\(member.person.fullName) (\(actor)) already voted on \(nomination.subject) (\(nomination.dossier)) in \(id): "
                            + "\(try existing.string("ballot")) at \(Instant(utcText: try existing.string("recorded_at"))?.vietnamDisplay ?? "")",
                        hint: "a ballot is cast once and cannot be changed", kind: .state)
                }
                try transaction.execute(
                    "INSERT INTO council_votes (session, dossier, subject, member, ballot, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [id, nomination.dossier, nomination.subject, actor, ballot.text, now.utcText])
                try transaction.audit(
                    AuditEntry(
                        actor: actor, action: "council.vote", entity: AuditEntity("council-session", id),
                        after: withClock([
                            ("dossier", .string(nomination.dossier)), ("nominee", .string(nomination.subject)),
                            ("award", .string(nomination.award)), ("ballot", .string(ballot.text)),
                        ])))
            }
            if targets.isEmpty {
                throw CouncilError(
                    "nothing to vote on: every nomination awaiting the council was excluded for \(actor) (conflict of interest)",
                    kind: .state)
            }
            return VoteResult(recorded: targets, excluded: skipped)
        }
    }

    func conflictReasonInEnglish(_ reason: String) -> String {
        if reason.hasPrefix("là người được đề nghị") { return "they are the nominee" }
        if reason.hasPrefix("là thủ trưởng đơn vị đề nghị") { return "they head the nominating unit" }
        return "they head the nominated unit"
    }

    /// Why `subject` is not a nomination awaiting the council.
    func notAwaiting(_ subject: String, campaign: String, reviewed: [String: String], in transaction: any Transaction) throws
        -> CouncilError
    {
        let statuses: [DossierStatus] = [.draft, .submitted, .returned, .resubmitted, .rejected, .decided, .accepted]
        for status in statuses {
            if let found = try nominations(campaign: campaign, statuses: [status], in: transaction).first(where: {
                $0.subject == subject
            }) {
                if status == .accepted, let session = reviewed[found.key] {
                    return CouncilError(
                        "\(subject) (\(found.dossier)) was already reviewed in \(session)",
                        hint: "see 'thidua council tally \(session)'", kind: .state)
                }
                return CouncilError(
                    "\(subject) is nominated in \(found.dossier), which is \(status.rawValue) (\(status.vietnamese)); "
                        + "only nominations of accepted dossiers go to the council",
                    hint: "the standing office accepts the dossier first: thidua dossier accept \(found.dossier)", kind: .state)
            }
        }
        return CouncilError(
            "'\(subject)' is not nominated in campaign \(campaign)",
            hint: "see 'thidua council tally SESSION' for the nominations")
    }

    // MARK: - Close

    /// Closes the session: every eligible member present must have voted on every nomination; the
    /// tally of each nomination is stored, with one audit entry holding them all.
    public func close(actor: String?, session id: String) throws -> [NominationTally] {
        let person = try standingOffice(actor, to: "close council sessions")
        let session = try session(id)
        guard session.status == .open else { throw CouncilError("session \(id) is already closed", kind: .state) }
        let now = clock.now()
        return try store.write { transaction in
            let ballots = try Self.ballots(session: id, in: transaction)
            let reviewed = try Self.reviewed(campaign: session.campaign, in: transaction)
            let tallies = try nominations(campaign: session.campaign, in: transaction).filter { reviewed[$0.key] == nil }
                .map { tally($0, session: session, ballots: ballots) }
            let missing = tallies.filter { !$0.missing.isEmpty }
            guard missing.isEmpty else {
                let lines = missing.map { "\($0.nomination.subject): \($0.missing.joined(separator: ", "))" }
                throw CouncilError(
                    "session \(id) cannot close: ballots are missing — " + lines.joined(separator: "; "),
                    hint:
                        "each member present votes on every nomination they are not excluded from (thidua council vote \(id) … --as MEMBER)",
                    kind: .state)
            }
            for item in tallies {
                let excluded = item.excluded.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)" }.joined(separator: "\n")
                try transaction.execute(
                    """
                    INSERT INTO council_outcomes (session, campaign, dossier, subject, kind, unit, award, approved, approvals, rejections,
                        abstentions, eligible, base, average, excluded, explanation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        id, session.campaign, item.nomination.dossier, item.nomination.subject, item.nomination.kind.rawValue,
                        item.nomination.unit, item.nomination.award, item.tally.approved, item.tally.approvals,
                        item.tally.rejections,
                        item.tally.abstentions, item.tally.eligible, item.tally.base, item.tally.average?.description, excluded,
                        item.tally.explanation,
                    ])
            }
            try transaction.execute(
                "UPDATE council_sessions SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ?",
                [person.id, now.utcText, id])
            try transaction.audit(
                AuditEntry(
                    actor: person.id, action: "council.close", entity: AuditEntity("council-session", id),
                    before: .object([("status", .string("open"))]),
                    after: withClock([
                        ("status", .string("closed")),
                        (
                            "outcomes",
                            .array(
                                tallies.map { item in
                                    .object([
                                        ("dossier", .string(item.nomination.dossier)),
                                        ("nominee", .string(item.nomination.subject)),
                                        ("approved", .bool(item.tally.approved)), ("approvals", .int(item.tally.approvals)),
                                        ("rejections", .int(item.tally.rejections)),
                                        ("abstentions", .int(item.tally.abstentions)),
                                        ("base", .int(item.tally.base)),
                                        ("excluded", .array(item.excluded.keys.sorted().map { .string($0) })),
                                    ])
                                })
                        ),
                    ])))
            return tallies
        }
    }
}
