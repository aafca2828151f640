public import ArgumentParser
import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaDossiers
import ThiDuaOrganization
import ThiDuaYAML

/// `thidua council …`: the council's sessions, votes, tallies and documents.
public struct CouncilCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "council",
        abstract:
            "Council review (Hội đồng TĐKT): sessions, votes or scores on accepted nominations, the tally, tờ trình and biên bản.",
        discussion: """
            The standing office (role standing-office) opens and closes sessions; each member present \
            casts their own ballot (--as MEMBER or THIDUA_ACTOR). A member who is the nominee, or the \
            head of the nominating unit, is excluded from that vote. The tally follows the rule of the \
            council file (quorum, threshold, ties, or scores). See docs/modules/council.md.
            """,
        subcommands: [Show.self, Open.self, Vote.self, Score.self, Close.self, Tally.self, Sessions.self, Render.self])

    public init() {}

    /// `--as ID`, or `THIDUA_ACTOR` (the same option as the dossier commands).
    public typealias ActorOptions = DossierCommand.ActorOptions

    /// `thidua council show [CAMPAIGN]`
    public struct Show: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the council's members, roles and the rule in effect (for a campaign).")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "A campaign id, for its own rule.") public var campaign: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CouncilModule.self) else { throw ExitCode.failure }
            let council = module.council
            var out = Output()
            out.line(council.name)
            for member in council.members {
                out.line("  \(member.person.id)  \(member.person.fullName)  \(member.role.rawValue) (\(member.role.vietnamese))")
            }
            if let secretary = council.secretary { out.line("  secretary: \(secretary.id)  \(secretary.fullName)") }
            out.line("rule\(campaign.map { " for \($0)" } ?? ""): \(council.rule(for: campaign ?? "").summary)")
            print(out.content, terminator: "")
        }
    }

    /// `thidua council open CAMPAIGN --date D --present A,B,C`
    public struct Open: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Open a council session of a campaign with the members present (standing office).")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "The day of the session (YYYY-MM-DD; default: today).") public var date: String?
        @Option(help: "The members present, comma-separated person ids.") public var present: String
        @Option(help: "Where the session takes place.") public var place: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try CouncilRun(host)
            let day = try session.day(date)
            let present = self.present.split(separator: ",").map { String($0).filter { $0 != " " } }.filter { !$0.isEmpty }
            try session.perform {
                let opened = try session.sessions.open(
                    actor: actor.resolved, campaign: campaign, date: day, present: present, place: place)
                let waiting = try session.sessions.tally(session: opened.id).count
                print(
                    "\(opened.id): opened on \(VietnameseDate.numeric(opened.date)) — \(opened.present.count) of "
                        + "\(opened.present.count + opened.absent.count) members present; \(waiting) nomination\(waiting == 1 ? "" : "s") to review"
                )
                print("rule: \(opened.rule)")
            }
        }
    }

    /// `thidua council vote SESSION approve|reject|abstain NOMINEE… [--all]`
    public struct Vote: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "vote",
            abstract: "Cast your ballot (approve, reject, abstain) on nominations of an open session.",
            discussion:
                "All or nothing: a refused nominee (not accepted, voted already, conflict of interest) and no ballot is written. "
                + "With --all, the nominations you are excluded from are skipped and listed.")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The session id (PH-CAMPAIGN-N).") public var session: String
        @Argument(help: "approve, reject or abstain.") public var choice: String
        @Argument(help: "Nominee ids (a unit or a person).") public var nominees: [String] = []
        @Flag(help: "Every nomination awaiting the council that you may vote on.") public var all = false
        @Option(help: "The award, when a nominee is proposed for several.") public var award: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let ballot: Ballot
            switch choice {
            case "approve": ballot = .approve
            case "reject": ballot = .reject
            case "abstain": ballot = .abstain
            default: throw ValidationError("the ballot is approve, reject or abstain, not '\(choice)'")
            }
            let run = try CouncilRun(host)
            try run.perform {
                let result = try run.sessions.vote(
                    actor: actor.resolved, session: session, ballot: ballot, nominees: nominees, all: all, award: award)
                run.report(result, ballot: ballot, actor: actor.resolved ?? "")
            }
        }
    }

    /// `thidua council score SESSION SCORE NOMINEE… [--all]`
    public struct Score: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "score", abstract: "Give your score to nominations of an open session (councils that score).")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The session id.") public var session: String
        @Argument(help: "The score, e.g. 85 or 92.5.") public var score: String
        @Argument(help: "Nominee ids.") public var nominees: [String] = []
        @Flag(help: "Every nomination awaiting the council that you may score.") public var all = false
        @Option(help: "The award, when a nominee is proposed for several.") public var award: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let value = ExactDecimal(score) else { throw ValidationError("'\(score)' is not a number") }
            let run = try CouncilRun(host)
            try run.perform {
                let result = try run.sessions.vote(
                    actor: actor.resolved, session: session, ballot: .score(value), nominees: nominees, all: all, award: award)
                run.report(result, ballot: .score(value), actor: actor.resolved ?? "")
            }
        }
    }

    /// `thidua council close SESSION`
    public struct Close: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "close", abstract: "Close a session: tally every nomination and store the outcome (standing office).")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The session id.") public var session: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try CouncilRun(host)
            try run.perform {
                let tallies = try run.sessions.close(actor: actor.resolved, session: session)
                print("\(session): closed; \(tallies.filter(\.tally.approved).count) of \(tallies.count) nominations approved")
                print(run.table(tallies), terminator: "")
            }
        }
    }

    /// `thidua council tally SESSION`
    public struct Tally: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "tally",
            abstract: "Show each nomination's ballots and outcome (running count while the session is open).")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The session id.") public var session: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try CouncilRun(host)
            try run.perform {
                let found = try run.sessions.session(session)
                let tallies = try run.sessions.tally(session: session)
                print(
                    "\(found.id) (\(found.status.rawValue)), campaign \(found.campaign), \(VietnameseDate.numeric(found.date)); rule: \(found.rule)"
                )
                print(run.table(tallies), terminator: "")
            }
        }
    }

    /// `thidua council sessions [CAMPAIGN]`
    public struct Sessions: HostCommand {
        public static let configuration = CommandConfiguration(commandName: "sessions", abstract: "List council sessions.")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "Only this campaign's sessions.") public var campaign: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try CouncilRun(host)
            try run.perform {
                for session in try run.sessions.sessions(campaign: campaign) {
                    print(
                        "\(session.id)  \(session.status.rawValue)  \(VietnameseDate.numeric(session.date))  present \(session.present.count)/"
                            + "\(session.present.count + session.absent.count)")
                }
            }
        }
    }

    /// `thidua council render SESSION to-trinh|bien-ban`
    public struct Render: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Write the session's tờ trình (to-trinh) or biên bản (bien-ban) in the Decree 30/2020 layout.")
        public static var moduleID: String? { "council" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The session id.") public var session: String
        @Argument(help: "to-trinh (the standing office's proposal) or bien-ban (the minutes, once closed).") public var document:
            String
        @Option(help: "md, html or docx (docx needs --output).") public var format: String = "md"
        @Option(help: "Write to this file instead of standard output.") public var output: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let kind = CouncilSessions.Document(rawValue: document) else {
                throw ValidationError("the document is to-trinh or bien-ban, not '\(document)'")
            }
            let format = try DocumentFileFormat.parse(format, output: output)
            let run = try CouncilRun(host)
            try run.perform {
                let document =
                    try kind == .proposal ? run.sessions.proposal(session: session) : run.sessions.minutes(session: session)
                try emit(document.file(as: format), to: output)
            }
        }
    }
}

/// What every council command needs: the module, the store, the clock.
struct CouncilRun {
    let module: CouncilModule
    let sessions: CouncilSessions

    init(_ host: LoadedHost) throws {
        let module = try host.required(CouncilModule.self)
        let clock = try WallClock.fromProcessEnvironment()
        let store = try host.openStore()
        _ = try host.start(store: store)
        self.module = module
        self.sessions = module.sessions(store: store, clock: clock)
    }

    func day(_ text: String?) throws -> CalendarDate {
        guard let text else {
            let now = sessions.clock.now()
            return CalendarDate(daysSinceEpoch: Int((now.millisecondsSinceEpoch / 1000 + Instant.vietnamOffset) / 86_400))
        }
        guard let date = CalendarDate(iso: text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
        return date
    }

    func perform(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CouncilError {
            throw CommandFailure(error.description)
        } catch let error as DossierError {
            throw CommandFailure(error.description)
        }
    }

    func report(_ result: CouncilSessions.VoteResult, ballot: Ballot, actor: String) {
        for nomination in result.recorded {
            print("\(actor): \(ballot.text) — \(nomination.subject) (\(nomination.dossier), \(nomination.award))")
        }
        for (nomination, reason) in result.excluded {
            print(
                "\(actor): excluded from \(nomination.subject) (\(nomination.dossier)): \(sessions.conflictReasonInEnglish(reason)) — conflict of interest"
            )
        }
    }

    func table(_ tallies: [NominationTally]) -> String {
        var out = ""
        for item in tallies {
            let outcome = item.tally.approved ? "approved" : "not approved"
            let counts =
                item.tally.average.map { "average \($0.description)" }
                ?? "\(item.tally.approvals) approve, \(item.tally.rejections) reject, \(item.tally.abstentions) abstain of \(item.tally.base)"
            out += "  \(item.nomination.subject) (\(item.nomination.dossier), \(item.nomination.award)): \(outcome) — \(counts)"
            if !item.excluded.isEmpty { out += "; excluded: \(item.excluded.keys.sorted().joined(separator: ", "))" }
            if !item.missing.isEmpty { out += "; not voted yet: \(item.missing.joined(separator: ", "))" }
            out += "\n"
        }
        return out
    }
}
