public import ArgumentParser
import ThiDuaBudget
import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaDossiers
import ThiDuaOrganization
import ThiDuaYAML

/// `thidua decision …`: the award decision of a campaign, and the campaign's summary report.
public struct DecisionCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract:
            "Award decisions (quyết định khen thưởng): draft from the council's outcome, issue and freeze, render, verify; the campaign report.",
        discussion: """
            The standing office drafts (role standing-office); the signer issues (--as SIGNER). Issuing \
            freezes the data, the rendered documents and their SHA-256 checksum, moves the dossiers to \
            decided and records the money with the budget module, in one transaction. Amounts are the \
            budget module's for the decision date. See docs/modules/decisions.md.
            """,
        subcommands: [Draft.self, Issue.self, Show.self, Render.self, Verify.self, Report.self])

    public init() {}

    public typealias ActorOptions = DossierCommand.ActorOptions

    /// `thidua decision draft CAMPAIGN --number N [--date D] [--signer P]`
    public struct Draft: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract: "Build the decision of a campaign from the council's outcome (replaces an earlier draft).")
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "The decision's number (digits; the symbol /QĐ-… is added).") public var number: String
        @Option(help: "The decision's date (YYYY-MM-DD; default: today). It selects the reward money.") public var date: String?
        @Option(help: "The signer (default: the campaign's signer); must have the authority for every award form.") public
            var signer: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try DecisionRun(host)
            let date = try self.date.map(DecisionRun.day)
            try run.perform {
                let decision = try run.workflow.draft(
                    actor: actor.resolved, campaign: campaign, number: number, date: date, signer: signer)
                print(
                    "\(decision.symbol) (draft) of \(decision.campaign), dated \(VietnameseDate.numeric(decision.date)), signer \(decision.signer)"
                )
                print(run.list(decision), terminator: "")
            }
        }
    }

    /// `thidua decision issue CAMPAIGN`
    public struct Issue: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue the drafted decision (its signer): freeze it with a checksum, dossiers to decided, money recorded.")
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The campaign id.") public var campaign: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try DecisionRun(host)
            try run.perform {
                let issued = try run.workflow.issue(actor: actor.resolved, campaign: campaign)
                let decision = issued.decision
                print(
                    "\(decision.symbol): issued by \(decision.signer) on \(VietnameseDate.numeric(decision.date)); \(decision.lines.count) lines, total \(Pricing.dong(decision.total))"
                )
                print("checksum: \(decision.checksum ?? "")")
                print("dossiers decided: \(decision.dossiers.joined(separator: ", "))")
                do {
                    try run.bus.publish(issued.event, from: DecisionsModule.descriptor.id)
                } catch {
                    printToStandardError("warning: \(decision.symbol) was issued and saved, but \(error)")
                }
            }
        }
    }

    /// `thidua decision show CAMPAIGN`
    public struct Show: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a campaign's decision: status, list, total, checksum.")
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var campaign: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try DecisionRun(host)
            try run.perform {
                let decision = try run.workflow.existing(campaign: campaign)
                print(
                    "\(decision.symbol) (\(decision.status.rawValue)) of \(decision.campaign), dated \(VietnameseDate.numeric(decision.date)), signer \(decision.signer)"
                )
                if let checksum = decision.checksum { print("checksum: \(checksum)") }
                print(run.list(decision), terminator: "")
            }
        }
    }

    /// `thidua decision render CAMPAIGN --format md|html [--output FILE]`
    public struct Render: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "render", abstract: "Write the decision with its list (the frozen document once issued).")
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "md, html or docx (docx needs --output).") public var format: String = "md"
        @Option(help: "Write to this file instead of standard output.") public var output: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let format = try DocumentFileFormat.parse(format, output: output)
            let run = try DecisionRun(host)
            try run.perform {
                let decision = try run.workflow.existing(campaign: campaign)
                let bytes: [UInt8]
                switch (decision.status, format) {
                case (.issued, .md): bytes = Array((decision.markdown ?? "").utf8)
                case (.issued, .html): bytes = Array((decision.html ?? "").utf8)
                case (.issued, .docx): bytes = decision.docx ?? []
                case (.draft, _):
                    bytes = try run.workflow.store.read {
                        try DecisionDocuments(workflow: run.workflow).decision(decision, in: $0)
                    }.file(as: format)
                }
                try emit(bytes, to: output)
            }
        }
    }

    /// `thidua decision verify CAMPAIGN`
    public struct Verify: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check that an issued decision is unchanged: its checksum, its lines, the audit log."
        )
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var campaign: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let run = try DecisionRun(host)
            try run.perform {
                let problems = try run.workflow.verify(campaign: campaign)
                guard problems.isEmpty else {
                    for problem in problems { printToStandardError("error: \(problem)") }
                    throw ExitCode(1)
                }
                let decision = try run.workflow.existing(campaign: campaign)
                print("\(decision.symbol): intact (checksum \(decision.checksum ?? ""))")
            }
        }
    }

    /// `thidua decision report CAMPAIGN --number N`
    public struct Report: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "report",
            abstract:
                "Write the campaign summary report (báo cáo tổng kết): participation, nominations per unit, accepted, returned, awarded, money by source."
        )
        public static var moduleID: String? { "decisions" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "The report's number (the symbol /BC-… is added).") public var number: String
        @Option(help: "The report's date (YYYY-MM-DD; default: today).") public var date: String?
        @Option(help: "md, html or docx (docx needs --output).") public var format: String = "md"
        @Option(help: "Write to this file instead of standard output.") public var output: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let format = try DocumentFileFormat.parse(format, output: output)
            let run = try DecisionRun(host)
            let day = try date.map(DecisionRun.day) ?? run.workflow.clock.now().vietnamDate
            try run.perform {
                try emit(
                    DecisionDocuments(workflow: run.workflow).report(campaign: campaign, number: number, date: day).file(
                        as: format), to: output)
            }
        }
    }
}

/// `thidua history PERSON|UNIT`
public struct HistoryCommand: HostCommand {
    public static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every award a person or unit received, across campaigns and years, with decision number and date.",
        discussion:
            "Reads the issued decisions in the database, and titles of earlier years configured as facts of the criteria module.")
    public static var moduleID: String? { "decisions" }

    @OptionGroup public var hostOptions: HostOptions
    @Argument(help: "A person id or a unit id.") public var subject: String
    @Option(help: "text or json.") public var format: OutputFormat = .text

    public init() {}

    public mutating func run(in host: LoadedHost) throws {
        let run = try DecisionRun(host)
        try run.perform {
            let entries = try run.workflow.history(subject: subject)
            let organization = run.workflow.module.organization
            let name = organization.person(subject)?.fullName ?? organization.unit(subject)?.name ?? subject
            switch format {
            case .json:
                print(
                    JSONText.object([
                        ("subject", .string(subject)), ("name", .string(name)),
                        (
                            "awards",
                            .array(
                                entries.map { entry in
                                    .object([
                                        ("year", .int(entry.year)), ("award", .string(entry.award)),
                                        ("campaign", entry.campaign.map { .string($0) } ?? .null),
                                        ("decision", entry.decision.map { .string($0) } ?? .null),
                                        ("date", entry.date.map { .string($0.description) } ?? .null),
                                        ("amount", entry.amount.map { .int(Int($0)) } ?? .null),
                                        ("source", .string(entry.source)),
                                    ])
                                })
                        ),
                    ]))
            case .text:
                print("\(name) (\(subject)): \(entries.count) award\(entries.count == 1 ? "" : "s")")
                for entry in entries {
                    if let decision = entry.decision, let date = entry.date {
                        print(
                            "  \(entry.year)  \(entry.award) — Quyết định số \(decision) ngày \(VietnameseDate.numeric(date))"
                                + "\(entry.campaign.map { ", \($0)" } ?? "")\(entry.amount.map { ", \(Pricing.dong($0))" } ?? "")"
                        )
                    } else {
                        print("  \(entry.year)  \(entry.award) — configured fact (\(entry.source))")
                    }
                }
            }
        }
    }
}

/// What every decision command needs.
struct DecisionRun {
    let workflow: DecisionWorkflow
    let bus: EventBus

    init(_ host: LoadedHost) throws {
        let module = try host.required(DecisionsModule.self)
        let clock = try WallClock.fromProcessEnvironment()
        let store = try host.openStore()
        bus = try host.start(store: store)
        workflow = module.workflow(store: store, clock: clock)
    }

    static func day(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
        return date
    }

    func perform(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DecisionError {
            throw CommandFailure(error.description)
        } catch let error as DossierError {
            throw CommandFailure(error.description)
        } catch let error as BudgetError {
            throw CommandFailure("the budget module refused the decision's money: \(error.description)")
        }
    }

    /// The list, collectives then individuals, and the total.
    func list(_ decision: Decision) -> String {
        let organization = workflow.module.organization
        var out = ""
        for line in decision.lines {
            let name = organization.person(line.recipient)?.fullName ?? organization.unit(line.recipient)?.name ?? line.recipient
            let unit = organization.unit(line.unit)?.name ?? line.unit
            out +=
                "  \(line.kind == .collective ? "tập thể" : "cá nhân")  \(name) (\(line.recipient)), \(unit) — \(workflow.awardName(line.award)): \(Pricing.dong(line.payment.amount))\n"
        }
        out += "  total: \(Pricing.dong(decision.total))\n"
        return out
    }
}

/// Writes a line to standard error.
func printToStandardError(_ line: String) {
    writeStandardError(line + "\n")
}
