public import ArgumentParser
import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization
import ThiDuaYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DossierStatus: ExpressibleByArgument {}

/// `thidua dossier …`: nomination dossiers from draft to acceptance.
public struct DossierCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Prepare, submit, check and accept nomination dossiers (hồ sơ đề nghị khen thưởng).",
        discussion: """
            The acting person is given with --as ID or the environment variable THIDUA_ACTOR and must \
            have the role the action needs (unit-clerk for their own unit: new, add-nominee, attach, \
            submit, import; standing-office: return, accept, reject; administrator: extend). A refused \
            action exits with status 1 and is recorded in the audit log. THIDUA_NOW=2024-11-30T10:00:00+07:00 \
            fixes the time (for tests and demos). See docs/modules/dossiers.md.
            """,
        subcommands: [
            New.self, AddNominee.self, Attach.self, Submit.self, Return.self, Accept.self, Reject.self, Extend.self,
            Import.self, List.self, Show.self, Verify.self,
        ])

    public init() {}

    /// `--as ID`, or `THIDUA_ACTOR`.
    public struct ActorOptions: ParsableArguments, Sendable {
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("The acting person's id (default: the environment variable THIDUA_ACTOR).", valueName: "person"))
        public var actor: String?

        public init() {}

        /// The acting person's id, from `--as` or the environment.
        public var resolved: String? { actor ?? environment("THIDUA_ACTOR") }
    }

    // MARK: - Changing dossiers

    /// `thidua dossier new CAMPAIGN`
    public struct New: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a draft dossier of your unit in a campaign.")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The campaign id (see 'thidua campaign list').") public var campaign: String
        @Option(help: "The unit (default: the acting person's unit).") public var unit: String?
        @Option(help: "The unit's own number for the proposal, e.g. 15/TTr-QLXD (unique per campaign and unit).")
        public var reference: String?
        @Option(help: "A title for listings.") public var title: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            try session.perform {
                let record = try session.workflow.create(
                    actor: actor.resolved, campaign: campaign, unit: unit, reference: reference, title: title)
                let unitName = session.module.organization.unit(record.unit)?.name ?? record.unit
                print("\(record.id): created (draft) — \(unitName) (\(record.unit)), campaign \(record.campaign)")
            }
        }
    }

    /// `thidua dossier add-nominee ID SUBJECT --award AWARD`
    public struct AddNominee: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "add-nominee",
            abstract: "Nominate the dossier's unit itself or one of its people for an award of the campaign.")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier id.") public var dossier: String
        @Argument(help: "The unit id (the dossier's unit) or a person id of the unit.") public var nominee: String
        @Option(help: "The award proposed (an award the campaign offers to such a nominee).") public var award: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            try session.perform {
                let record = try session.workflow.addNominee(
                    actor: actor.resolved, dossier: dossier, subject: nominee, award: award)
                let added = record.nominees.last
                let name = session.name(of: nominee)
                print("\(record.id): nominee \(nominee) (\(name), \(added?.kind.vietnamese ?? "")) proposed for \(award)")
            }
        }
    }

    /// `thidua dossier attach ID COMPONENT FILE [--nominee ID]`
    public struct Attach: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "attach",
            abstract: "Attach a file as one of the documents the campaign asks for.",
            discussion: """
                The file must be of an allowed type — by its extension and by its content (pdf, docx, \
                doc, jpg/jpeg, png) — and within the size limit. It is copied into the attachment store \
                under its SHA-256; its name is kept as data only. Attaching again replaces the file of \
                that document.
                """)
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier id.") public var dossier: String
        @Argument(help: "The document's id in the campaign (e.g. van-ban-de-nghi; see 'thidua campaign show').") public
            var document: String
        @Argument(help: "The file to attach.") public var file: String
        @Option(help: "The nominee a per-nominee document is about.") public var nominee: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            try session.perform {
                let record = try session.workflow.attach(
                    actor: actor.resolved, dossier: dossier, component: document, file: file, nominee: nominee)
                guard let attachment = record.attachment(document, nominee: nominee) else { return }
                print(
                    "\(record.id): attached \(attachment.name) as '\(document)'\(nominee.map { " of \($0)" } ?? "") "
                        + "(\(attachment.type.described), \(ByteSize(bytes: attachment.size)), sha256 \(attachment.sha256.prefix(12))…)"
                )
            }
        }
    }

    /// `thidua dossier submit ID…`
    public struct Submit: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Submit dossiers (or resubmit returned ones): complete and before the deadline.",
            discussion: """
                Every nominee must belong to the unit and be offered the award, every required \
                document must be attached, and it must be before the deadline (the plan's, or an \
                extension). Each dossier is submitted in its own transaction.
                """)
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier ids.") public var dossiers: [String]

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            let actor = self.actor.resolved
            try session.each(dossiers) { id in
                let change = try session.workflow.submit(actor: actor, dossier: id)
                let record = change.dossier
                let deadline = try session.deadline(of: record)
                print(
                    "\(record.id): \(record.status.rawValue) at \(session.display(record.submittedAt)) (\(deadline.vietnamese))")
                session.publish(change)
            }
        }
    }

    /// `thidua dossier return ID… --reason TEXT`
    public struct Return: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "return",
            abstract: "Return submitted dossiers to their units for correction, with a reason (standing office).")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier ids.") public var dossiers: [String]
        @Option(help: "Why it goes back: what to correct or add.") public var reason: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            let actor = self.actor.resolved
            let reason = self.reason
            try session.each(dossiers) { id in
                let change = try session.workflow.returnToUnit(actor: actor, dossier: id, reason: reason)
                print("\(change.dossier.id): returned to \(change.dossier.unit): \(reason)")
                session.publish(change)
            }
        }
    }

    /// `thidua dossier accept ID…`
    public struct Accept: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "accept",
            abstract: "Accept submitted dossiers (standing office); every nominee is evaluated against the campaign's criteria.")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier ids.") public var dossiers: [String]

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            let actor = self.actor.resolved
            try session.each(dossiers) { id in
                let change = try session.workflow.accept(actor: actor, dossier: id)
                let verdicts = change.dossier.nominees.map { "\($0.subject) \($0.verdict?.vietnamese ?? "—")" }
                print("\(change.dossier.id): accepted; verdicts: \(verdicts.joined(separator: ", "))")
                session.publish(change)
            }
        }
    }

    /// `thidua dossier reject ID… --reason TEXT`
    public struct Reject: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "reject",
            abstract: "Reject submitted dossiers, with a reason (standing office).")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The dossier ids.") public var dossiers: [String]
        @Option(help: "Why it is rejected.") public var reason: String

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            let actor = self.actor.resolved
            let reason = self.reason
            try session.each(dossiers) { id in
                let change = try session.workflow.reject(actor: actor, dossier: id, reason: reason)
                print("\(change.dossier.id): rejected: \(reason)")
                session.publish(change)
            }
        }
    }

    /// `thidua dossier extend CAMPAIGN [--unit UNIT] (--until DATE | --before DATE) --reason TEXT`
    public struct Extend: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "extend",
            abstract: "Record a later deadline for a campaign or one of its units, with a reason (administrator; audited).")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "Only for this unit (default: the whole campaign).") public var unit: String?
        @Option(help: ArgumentHelp("The new last day, included (YYYY-MM-DD): 'đến hết ngày …'.", valueName: "date"))
        public var until: String?
        @Option(help: ArgumentHelp("The new day before which dossiers are due (YYYY-MM-DD): 'trước ngày …'.", valueName: "date"))
        public var before: String?
        @Option(help: "Why the deadline is extended.") public var reason: String

        public init() {}

        public func validate() throws {
            guard (until == nil) != (before == nil) else {
                throw ValidationError(
                    "give the new deadline with either --until DATE (that day included) or --before DATE (that day excluded)")
            }
            for date in [until, before].compactMap({ $0 }) where CalendarDate(iso: date) == nil {
                throw ValidationError("'\(date)' is not a date; write YYYY-MM-DD, e.g. 2024-12-10")
            }
        }

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            try session.perform {
                let deadline: Deadline
                if let until, let date = CalendarDate(iso: until) {
                    deadline = .until(date)
                } else if let before, let date = CalendarDate(iso: before) {
                    deadline = .before(date)
                } else {
                    throw ValidationError("give --until DATE or --before DATE")
                }
                let record = try session.workflow.extend(
                    actor: actor.resolved, campaign: campaign, unit: unit, deadline: deadline, reason: reason)
                let effective = EffectiveDeadline(deadline: record.deadline, extensionRecord: record)
                print(
                    "\(campaign): deadline \(unit.map { "for \($0) " } ?? "")extended — \(effective.vietnamese); "
                        + "last accepted moment \(effective.lastMoment)")
            }
        }
    }

    /// `thidua dossier import FILE…`
    public struct Import: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import dossiers prepared offline, one YAML file each (nominees and documents), each all or nothing.",
            discussion: """
                Every file is checked first — ids, nominees, awards, documents and their files (paths \
                relative to the import file), types, sizes, the deadline when the file submits — and \
                with any problem nothing is imported. Each file is then written in one transaction: \
                a dossier is completely there or not at all. On a terminal, an import that takes \
                longer than a second shows its progress on standard error.
                """)
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @OptionGroup public var actor: ActorOptions
        @Argument(help: "The import files (see docs/modules/dossiers.md, 'The import file').") public var files: [String]
        @Flag(help: "Leave alone files whose reference was imported before (to finish an interrupted batch).")
        public var skipImported = false

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: true)
            let files = self.files
            let skip = skipImported
            let actor = self.actor.resolved
            try session.perform {
                let progress = ProgressLine(label: "dossier import")
                defer { progress.finish() }
                let outcomes = try session.workflow.importFiles(files, actor: actor, skipImported: skip) { done, total, stage in
                    progress.update(done: done, total: total, stage: stage)
                }
                progress.finish()
                for outcome in outcomes {
                    print(
                        outcome.skipped
                            ? "\(outcome.file): \(outcome.dossier): imported before, left alone (\(outcome.status.rawValue))"
                            : "\(outcome.file): \(outcome.dossier): imported (\(outcome.status.rawValue))")
                    if let event = outcome.event {
                        session.publish(DossierChange(dossier: try session.workflow.dossier(outcome.dossier), event: event))
                    }
                }
                let imported = outcomes.filter { !$0.skipped }.count
                print(
                    "Imported \(imported) dossier\(imported == 1 ? "" : "s")"
                        + (imported < outcomes.count ? "; \(outcomes.count - imported) left alone." : "."))
            }
        }
    }

    // MARK: - Reading

    /// `thidua dossier list`
    public struct List: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List dossiers with their status, nominees and documents.")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(help: "Only this campaign's dossiers.") public var campaign: String?
        @Option(help: "Only this unit's dossiers.") public var unit: String?
        @Option(help: "Only dossiers with this status (draft, submitted, returned, resubmitted, accepted, rejected).")
        public var status: DossierStatus?
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: false)
            try session.perform {
                let records = try session.workflow.list(campaign: campaign, unit: unit, status: status)
                switch format {
                case .json:
                    print(JSONText.array(records.map { session.summaryJSON($0) }))
                case .text:
                    guard !records.isEmpty else {
                        print(
                            "No dossier\(campaign.map { " in \($0)" } ?? "")\(unit.map { " of \($0)" } ?? "")\(status.map { " \($0.rawValue)" } ?? "")."
                        )
                        return
                    }
                    var table: [[String]] = [["ID", "UNIT", "STATUS", "NOMINEES", "DOCUMENTS", "UPDATED (+07:00)"]]
                    for record in records {
                        table.append([
                            record.id, record.unit, record.status.rawValue, String(record.nominees.count),
                            String(record.attachments.count),
                            record.updatedAt.vietnamDisplay,
                        ])
                    }
                    print(formatTable(table), terminator: "")
                    print("(\(records.count) dossier\(records.count == 1 ? "" : "s"))")
                }
            }
        }
    }

    /// `thidua dossier show ID`
    public struct Show: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a dossier: status, deadline, documents, nominees with their verdicts, history.")
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The dossier id.") public var dossier: String
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: false)
            try session.perform {
                let record = try session.workflow.dossier(dossier)
                let history = try session.workflow.history(dossier)
                switch format {
                case .json: print(try session.detailJSON(record, history: history))
                case .text: print(try session.detailText(record, history: history), terminator: "")
                }
            }
        }
    }

    /// `thidua dossier verify`
    public struct Verify: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                "Check every stored document against the attachment store (present, size, SHA-256) and submitted dossiers for completeness."
        )
        public static var moduleID: String? { "dossiers" }

        @OptionGroup public var hostOptions: HostOptions

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let session = try Session(host, writes: false)
            try session.perform {
                let result = try session.workflow.verify()
                for problem in result.problems { print(problem) }
                let summary =
                    "\(result.dossiers) dossier\(result.dossiers == 1 ? "" : "s"), \(result.attachments) document\(result.attachments == 1 ? "" : "s")"
                if result.problems.isEmpty {
                    print(
                        "Dossiers are consistent: \(summary); every document is in \(session.module.attachments.directory) with its hash."
                    )
                } else {
                    print(
                        "Dossiers are NOT consistent: \(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(summary)."
                    )
                    throw ExitCode(1)
                }
            }
        }
    }
}

// MARK: - Running commands

/// What a dossier command works with: the module, the workflow over the opened store, the bus.
struct Session {
    let module: DossiersModule
    let workflow: DossierWorkflow
    let bus: EventBus

    init(_ host: LoadedHost, writes: Bool) throws {
        let module = try host.required(DossiersModule.self)
        let clock = try WallClock.fromProcessEnvironment()
        let store = try host.openStore()
        self.module = module
        self.bus = try host.start(store: store)
        self.workflow = module.workflow(store: store, clock: clock)
        if writes, let fixed = clock.override {
            printError("note: \(WallClock.environmentVariable) fixes the time at \(fixed.vietnamSeconds) (for tests and demos)")
        }
    }

    /// Runs `body`, turning refusals into `error:` lines and exit status 1.
    func perform(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DossierError {
            throw CommandFailure(error.description)
        } catch let problems as DossierProblems {
            for problem in problems.problems { printError("error: \(problem.description)") }
            throw ExitCode(1)
        }
    }

    /// Runs `body` for each id in its own transaction, going on after a failure; exit status 1 when
    /// any failed.
    func each(_ ids: [String], _ body: (String) throws -> Void) throws {
        var failed = 0
        for id in ids {
            do {
                try body(id)
            } catch let error as DossierError {
                printError("error: \(error.description)")
                failed += 1
            } catch let problems as DossierProblems {
                for problem in problems.problems { printError("error: \(problem.description)") }
                failed += 1
            } catch let error as StoreError {
                printError("error: \(id): \(error.description)")
                failed += 1
            }
        }
        if failed > 0 {
            if ids.count > 1 { printError("error: \(failed) of \(ids.count) dossiers failed (the others were done)") }
            throw ExitCode(1)
        }
    }

    /// Publishes a committed change's event; a failing handler is reported, the change stays.
    func publish(_ change: DossierChange) {
        guard let event = change.event else { return }
        do {
            try event.publish(on: bus)
        } catch {
            printError("warning: \(change.dossier.id) was changed and saved, but \(error)")
        }
    }

    func name(of subject: String) -> String {
        module.organization.unit(subject)?.name ?? module.organization.person(subject)?.fullName ?? subject
    }

    func display(_ instant: Instant?) -> String {
        instant.map { "\($0.vietnamDisplay) +07:00" } ?? "—"
    }

    func deadline(of record: DossierRecord) throws -> EffectiveDeadline {
        guard let campaign = module.campaigns.campaign(record.campaign) else {
            throw DossierError("unknown campaign '\(record.campaign)'")
        }
        return try workflow.effectiveDeadline(campaign, unit: record.unit)
    }
}

/// The value of environment variable `name`, if set.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    writeStandardError(line + "\n")
}

/// Writes `text` to standard error as it is (for commands of modules built on dossiers, too).
public func writeStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(2, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}

/// Left-aligned columns separated by two spaces (widths in characters).
func formatTable(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var output = ""
    for row in rows {
        var line = ""
        for (index, cell) in row.enumerated() {
            line += cell
            if index + 1 < row.count { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
        }
        output += line + "\n"
    }
    return output
}

/// A progress line on standard error, only on a terminal and only once a task has taken longer
/// than a second.
final class ProgressLine {
    let label: String
    let enabled: Bool
    let start = ContinuousClock.now
    var lastDraw: ContinuousClock.Instant?
    var drawn = false

    init(label: String) {
        self.label = label
        enabled = isatty(2) != 0
    }

    func update(done: Int, total: Int, stage: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - start > .seconds(1) else { return }
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        drawn = true
        writeStandardError("\r\u{1B}[K\(label): \(done)/\(total) — \(stage)")
    }

    func finish() {
        guard drawn else { return }
        drawn = false
        writeStandardError("\r\u{1B}[K")
    }
}
