import ArgumentParser
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `thidua import roster|facts`: batch import from CSV into the database.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import people or facts from CSV into the database.",
        discussion: """
            The file is checked exactly like a roster or fact file listed in the configuration; \
            any error and nothing is written. Everything is written in one transaction with one \
            audit entry (who, the counts, the file's SHA-256). Importing the same file again \
            changes nothing. Only a person with the administrator role may import: name them with \
            --as ID or the THIDUA_ACTOR environment variable. On a terminal, an import that takes \
            longer than a second shows its progress on standard error.
            """,
        subcommands: [Roster.self, Facts.self])

    /// `thidua import roster FILE.csv`
    struct Roster: HostCommand {
        static let configuration = CommandConfiguration(
            commandName: "roster",
            abstract: "Import people from a CSV roster (id,full_name,unit,position,kind,email,phone,roles).",
            discussion: """
                A person already imported (from any file) is replaced by the row of this file; \
                people imported earlier who are not in the file stay. A person must not also be \
                in the configuration.
                """)
        static var moduleID: String? { "organization" }

        @OptionGroup var hostOptions: HostOptions
        @Argument(help: ArgumentHelp("The CSV roster, relative to the working directory.", valueName: "file.csv"))
        var file: String
        @OptionGroup var options: ImportOptions

        mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(OrganizationModule.self) else { throw ExitCode.failure }
            let importer = try Importer(host: host, file: file, options: options)
            let roster = module.readImport(roster: importer.bytes, file: file)
            try importer.stopOnErrors(roster.diagnostics)
            let file = self.file
            let (counts, sequence) = try importer.write(total: roster.people.count, noun: "people") { transaction, progress in
                let counts = try roster.write(to: transaction, at: importer.instant, progress: progress)
                let record = try transaction.audit(
                    AuditEntry(
                        actor: importer.actor.id, action: "organization.import-roster", entity: AuditEntity("roster-file", file),
                        after: .object(
                            importer.fileFacts + [
                                ("rows", .int(roster.people.count)), ("inserted", .int(counts.inserted)),
                                ("updated", .int(counts.updated)),
                            ])),
                    at: importer.instant)
                return (counts, record.sequence)
            }
            switch options.format {
            case .json:
                print(
                    JSONText.object(
                        importer.jsonHead + [
                            ("people", .int(roster.people.count)), ("inserted", .int(counts.inserted)),
                            ("updated", .int(counts.updated)),
                            ("audit_entry", .int(sequence)),
                        ]))
            case .text:
                print(
                    "Imported \(roster.people.count) \(roster.people.count == 1 ? "person" : "people") from \(file) into "
                        + "\(importer.store.location): \(counts.inserted) new, \(counts.updated) updated.")
                print(importer.textTail(sequence: sequence, action: "organization.import-roster"))
            }
        }
    }

    /// `thidua import facts FILE.csv [--period YEAR]`
    struct Facts: HostCommand {
        static let configuration = CommandConfiguration(
            commandName: "facts",
            abstract: "Import facts from a wide CSV file (subject,<fact>,… and optionally period).",
            discussion: """
                For each row, the stored values of the file's fact columns for that subject and \
                period are replaced: a value is stored, an empty cell removes a value imported \
                earlier. Other facts, subjects and periods are left alone. A fact must not also be \
                given by the configuration's fact files.
                """)
        static var moduleID: String? { "criteria" }

        @OptionGroup var hostOptions: HostOptions
        @Argument(help: ArgumentHelp("The CSV fact file, relative to the working directory.", valueName: "file.csv"))
        var file: String
        @Option(help: ArgumentHelp("The period (year) of rows without a 'period' cell.", valueName: "year"))
        var period: Int?
        @OptionGroup var options: ImportOptions

        func validate() throws {
            if let period, !(1900...2999).contains(period) {
                throw ValidationError("--period must be a year between 1900 and 2999, found \(period)")
            }
        }

        mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CriteriaModule.self) else { throw ExitCode.failure }
            let importer = try Importer(host: host, file: file, options: options)
            let facts = module.readImport(facts: importer.bytes, file: file, period: period.map { Period($0) })
            try importer.stopOnErrors(facts.diagnostics)
            let file = self.file
            let periods = facts.periods.map { JSONText.int($0.year) }
            let (counts, sequence) = try importer.write(total: facts.records.count, noun: "facts") { transaction, progress in
                let counts = try facts.write(to: transaction, progress: progress)
                let record = try transaction.audit(
                    AuditEntry(
                        actor: importer.actor.id, action: "criteria.import-facts", entity: AuditEntity("fact-file", file),
                        after: .object(
                            importer.fileFacts + [
                                ("rows", .int(facts.rowCount)), ("facts", .array(facts.facts.map { .string($0) })),
                                ("periods", .array(periods)), ("written", .int(counts.written)),
                                ("replaced", .int(counts.replaced)),
                            ])),
                    at: importer.instant)
                return (counts, record.sequence)
            }
            switch options.format {
            case .json:
                print(
                    JSONText.object(
                        importer.jsonHead + [
                            ("rows", .int(facts.rowCount)), ("facts", .array(facts.facts.map { .string($0) })),
                            ("periods", .array(periods)), ("written", .int(counts.written)), ("replaced", .int(counts.replaced)),
                            ("audit_entry", .int(sequence)),
                        ]))
            case .text:
                let years = facts.periods.map(\.description).joined(separator: ", ")
                print(
                    "Imported \(counts.written) fact value\(counts.written == 1 ? "" : "s") (\(facts.rowCount) "
                        + "row\(facts.rowCount == 1 ? "" : "s"), \(facts.facts.count) fact\(facts.facts.count == 1 ? "" : "s")"
                        + "\(years.isEmpty ? "" : ", \(years)")) from \(file) into \(importer.store.location); "
                        + "\(counts.replaced) stored value\(counts.replaced == 1 ? "" : "s") replaced.")
                print(importer.textTail(sequence: sequence, action: "criteria.import-facts"))
            }
        }
    }
}

/// Options of every import.
struct ImportOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "The id of the person who imports (an administrator); default: the THIDUA_ACTOR environment variable.",
            valueName: "id"))
    var actor: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
}

/// What both imports do around the module's own reading and writing: who imports, the store,
/// the file and its hash, errors, progress and the one unit of work.
struct Importer {
    /// Import files may be larger than configuration files.
    static let maximumFileSize = 1 << 30

    let actor: Person
    let store: any Store
    let file: String
    let bytes: [UInt8]
    let sha256: String
    let instant: Instant
    let started: ContinuousClock.Instant
    let format: OutputFormat

    init(host: LoadedHost, file: String, options: ImportOptions) throws {
        started = ContinuousClock.now
        format = options.format
        actor = try Self.actor(options.actor ?? Self.environmentActor(), in: host)
        store = try openStore(host)
        self.file = file
        switch FileReader.read(file, limit: Self.maximumFileSize) {
        case .success(let read):
            bytes = read
        case .failure(var diagnostic):
            if diagnostic.message == "no such file" {
                diagnostic.hint = "check the path; it is relative to the directory thidua runs in"
            }
            printError(diagnostic.description)
            printError("error: nothing was imported")
            throw ExitCode(1)
        }
        sha256 = SHA256.hexString(SHA256.hash(bytes))
        instant = Instant.now()
    }

    /// `THIDUA_ACTOR`, when set and not empty.
    static func environmentActor() -> String? {
        guard let value = getenv("THIDUA_ACTOR") else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The person behind `id`, who must have the administrator role.
    static func actor(_ id: String?, in host: LoadedHost) throws -> Person {
        guard let id else {
            throw ValidationError(
                "name the person who imports with --as ID or the THIDUA_ACTOR environment variable (a person with the administrator role)"
            )
        }
        guard let organization = host.module(OrganizationModule.self)?.organization else {
            throw CommandFailure("the 'organization' module is not available, so '\(id)' cannot be checked")
        }
        guard let person = organization.person(id) else {
            let suggestion = Suggestion.closest(to: id, in: organization.people.map(\.id))
            throw CommandFailure(
                "no person has the id '\(id)', so they cannot import" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        guard person.roles.contains(.administrator) else {
            throw CommandFailure(
                "\(person.fullName) (\(person.id)) may not import: only a person with the administrator role may "
                    + "(grant it with 'roles: [administrator]' in the organization file)")
        }
        return person
    }

    /// Prints every diagnostic; with any error, says that nothing was imported and stops.
    func stopOnErrors(_ diagnostics: [Diagnostic]) throws {
        for diagnostic in diagnostics { printError(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            printError("error: nothing was imported: \(file) has \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }

    /// Runs `work` in one unit of work, showing progress on a terminal.
    func write<T>(total: Int, noun: String, _ work: (any Transaction, (Int) -> Void) throws -> T) throws -> T {
        var progress = ImportProgress(
            file: file, noun: noun, total: total, started: started, isTerminal: isatty(2) != 0)
        do {
            let result = try store.write { transaction in
                try work(transaction) { done in progress.update(done) }
            }
            progress.finish()
            return result
        } catch let error as StoreError {
            progress.finish()
            printError("error: nothing was imported: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// The fields every audit entry of an import starts with.
    var fileFacts: [(String, JSONText)] {
        [("file", .string(file)), ("sha256", .string(sha256)), ("bytes", .int(bytes.count))]
    }

    /// The fields every JSON output starts with.
    var jsonHead: [(String, JSONText)] {
        [("database", .string(store.location)), ("actor", .string(actor.id))] + fileFacts
    }

    /// The last line of text output.
    func textTail(sequence: Int, action: String) -> String {
        "Audit entry \(sequence): \(action) by \(actor.id); \(file) has \(bytes.count) bytes, SHA-256 \(sha256)."
    }
}

/// Progress of an import on standard error: shown only on a terminal, and only once the import
/// has run for more than a second; redrawn at most ten times a second.
struct ImportProgress {
    let file: String
    let noun: String
    let total: Int
    let started: ContinuousClock.Instant
    let isTerminal: Bool
    private(set) var shown = false
    private var lastDrawn: ContinuousClock.Instant?
    private var done = 0
    private var drawnDone = -1

    init(file: String, noun: String, total: Int, started: ContinuousClock.Instant, isTerminal: Bool) {
        self.file = file
        self.noun = noun
        self.total = total
        self.started = started
        self.isTerminal = isTerminal
    }

    /// Whether progress is shown at all: on a terminal, after more than a second.
    static func shows(isTerminal: Bool, elapsed: Duration) -> Bool {
        isTerminal && elapsed > .seconds(1)
    }

    /// `Importing facts.csv: 120000/240000 facts (50%, 85000 facts/s)`.
    static func line(file: String, noun: String, done: Int, total: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int((Double(done) / seconds).rounded()) : 0
        let percent = total > 0 ? done * 100 / total : 100
        return "Importing \(file): \(done)/\(total) \(noun) (\(percent)%, \(rate) \(noun)/s)"
    }

    mutating func update(_ done: Int) {
        self.done = done
        guard isTerminal else { return }
        let now = ContinuousClock.now
        guard Self.shows(isTerminal: isTerminal, elapsed: now - started) else { return }
        if let lastDrawn, now - lastDrawn < .milliseconds(100), done < total { return }
        lastDrawn = now
        drawnDone = done
        shown = true
        writeError("\r" + Self.line(file: file, noun: noun, done: done, total: total, elapsed: now - started) + "\u{1B}[K")
    }

    /// Ends the progress line, if one was drawn.
    mutating func finish() {
        guard shown else { return }
        if drawnDone == done {
            writeError("\n")
        } else {
            writeError(
                "\r" + Self.line(file: file, noun: noun, done: done, total: total, elapsed: ContinuousClock.now - started)
                    + "\u{1B}[K\n")
        }
        shown = false
    }

    private func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(2, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
