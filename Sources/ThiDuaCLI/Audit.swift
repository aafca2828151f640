import ArgumentParser
import ThiDuaCore

/// `thidua audit …`: read and check the audit log.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit log of every change.",
        discussion: """
            Every change to ThiDua's data is recorded with who made it, when (UTC and \
            Asia/Ho_Chi_Minh), what was done to which entity, and its state before and after. \
            Entries form a hash chain, which 'thidua audit verify' checks.
            """,
        subcommands: [List.self, Verify.self])

    /// `thidua audit list`
    struct List: HostCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the latest audit entries, oldest first.")

        @OptionGroup var hostOptions: HostOptions
        @Option(help: ArgumentHelp("How many of the latest entries to show.", valueName: "n")) var limit = 20
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        mutating func run(in host: LoadedHost) throws {
            let store = try openStore(host)
            let limit = self.limit
            let (records, total): ([AuditRecord], Int)
            do {
                (records, total) = try store.read { transaction in
                    (try AuditLog.latest(in: transaction, limit: limit), try AuditLog.count(in: transaction))
                }
            } catch let error as StoreError {
                throw fail(error)
            }
            switch format {
            case .json:
                print(
                    JSONText.object([
                        ("database", .string(store.location)), ("total", .int(total)), ("entries", .array(records.map(\.json))),
                    ]))
            case .text:
                guard !records.isEmpty else {
                    print("The audit log of \(store.location) is empty.")
                    return
                }
                var table: [[String]] = [["#", "TIME (ASIA/HO_CHI_MINH)", "ACTOR", "ACTION", "ENTITY"]]
                for record in records {
                    let time = Instant(utcText: record.recordedAt)?.vietnamDisplay ?? record.recordedAtLocal
                    table.append([
                        String(record.sequence), time, record.actor, record.action, "\(record.entityKind) \(record.entityID)",
                    ])
                }
                var output = formatTable(table)
                output +=
                    records.count < total
                    ? "(the latest \(records.count) of \(total) entries; --limit N shows more, --format json shows states)\n"
                    : "(\(total) entr\(total == 1 ? "y" : "ies"); --format json shows states before and after)\n"
                print(output, terminator: "")
            }
        }
    }

    /// `thidua audit verify`
    struct Verify: HostCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the audit log's hash chain; exit 1 naming the first entry changed or missing.",
            discussion: """
                Recomputes every entry's hash, checks that the sequence has no gaps and that the log \
                ends at its recorded head. Prints the head ('Head: entry N, hash …'): write it down \
                elsewhere (a report, minutes) and pass it later as --anchor N:HASH to detect a rewrite \
                of the whole log, which a hash chain alone cannot.
                """)

        @OptionGroup var hostOptions: HostOptions
        @Option(
            help: ArgumentHelp(
                "A head printed by an earlier verify ('N:HASH'): entry N must still have that hash.", valueName: "n:hash"))
        var anchor: String?
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func validate() throws {
            if let anchor, Self.parse(anchor) == nil {
                throw ValidationError(
                    "--anchor expects the entry number and its hash, e.g. 42:3f2a…, as 'thidua audit verify' prints them")
            }
        }

        static func parse(_ text: String) -> AuditHead? {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let sequence = Int(parts[0]), sequence > 0, parts[1].count == 64,
                parts[1].allSatisfy(\.isHexDigit)
            else { return nil }
            return AuditHead(lastSequence: sequence, hash: parts[1])
        }

        mutating func run(in host: LoadedHost) throws {
            let store = try openStore(host)
            let anchor = self.anchor.flatMap(Self.parse)
            let result: AuditVerification
            do {
                result = try store.read { transaction in
                    var result = try AuditLog.verify(in: transaction)
                    if let anchor, let problem = try AuditLog.check(anchor: anchor, in: transaction) {
                        result.problems.append(problem)
                    }
                    return result
                }
            } catch let error as StoreError {
                throw fail(error)
            }
            switch format {
            case .json:
                print(
                    JSONText.object([
                        ("database", .string(store.location)), ("intact", .bool(result.isIntact)),
                        ("entries", .int(result.count)),
                        (
                            "head",
                            result.head.map { .object([("sequence", .int($0.lastSequence)), ("hash", .string($0.hash))]) }
                                ?? .null
                        ),
                        (
                            "problems",
                            .array(
                                result.problems.map { problem in
                                    .object([
                                        ("first", problem.sequences.map { .int($0.lowerBound) } ?? .null),
                                        ("last", problem.sequences.map { .int($0.upperBound) } ?? .null),
                                        ("message", .string(problem.message)),
                                    ])
                                })
                        ),
                    ]))
            case .text:
                var output = Output()
                for problem in result.problems { output.line(problem.message) }
                let entries = "\(result.count) entr\(result.count == 1 ? "y" : "ies")"
                if result.isIntact {
                    output.line("The audit log of \(store.location) is intact: \(entries).")
                    output.line("Head: entry \(result.lastSequence), hash \(result.lastHash)")
                    output.line(
                        "(record it elsewhere; 'thidua audit verify --anchor \(result.lastSequence):\(result.lastHash)' "
                            + "later detects a rewrite of the log up to here)")
                } else {
                    output.line(
                        "The audit log of \(store.location) is NOT intact: \(result.problems.count) "
                            + "problem\(result.problems.count == 1 ? "" : "s") in \(entries).")
                }
                print(output.content, terminator: "")
            }
            if !result.isIntact { throw ExitCode(1) }
        }
    }
}

/// Opens the store for a command that reads it, printing configuration errors and store errors.
func openStore(_ host: LoadedHost) throws -> any Store {
    for diagnostic in host.diagnostics where diagnostic.severity != .note { printError(diagnostic.description) }
    guard host.configuration != nil else {
        printError("error: the configuration could not be read (see above), so the database cannot be found")
        throw ExitCode(1)
    }
    do {
        return try host.openStore()
    } catch let error as StoreError {
        throw fail(error)
    }
}
