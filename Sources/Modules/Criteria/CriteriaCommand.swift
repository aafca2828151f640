public import ArgumentParser
public import ThiDuaCore

/// `thidua criteria …`: evaluate criteria sets and look at the library and the facts.
public struct CriteriaCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Evaluate criteria sets and show the criteria library and facts.",
        subcommands: [Evaluate.self, Facts.self, Library.self])

    public init() {}

    /// Output formats of `thidua criteria evaluate`.
    public typealias EvaluationFormat = VerdictWriter.Format

    /// `thidua criteria evaluate SET --period YEAR [--subject ID]… [--format text|json|csv] [--members]`
    public struct Evaluate: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "Evaluate a criteria set of the library for every unit or person (or the ones given).",
            discussion: """
                Prints, for every subject, whether it is eligible (đạt), not eligible (không đạt), \
                undecided for lack of data (không đủ dữ liệu) or excluded (không xét), and for each \
                exclusion and criterion the facts used, where they were written, and the outcome.
                """)
        public static var moduleID: String? { "criteria" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The id of a criteria set under 'sets:' in the library.") public var set: String
        @Option(help: "The period (year) to evaluate.") public var period: Int
        @Option(name: .customLong("subject"), help: "Only this unit or person (repeatable).") public var subjects: [String] = []
        @Option(help: "Output format: text, json or csv.") public var format: EvaluationFormat = .text
        @Flag(
            help:
                "Under criteria over a collective's members, list every member with its own facts and outcome (by default: the counts, the members missing data or failing, and the facts read)."
        )
        public var members = false

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CriteriaModule.self) else { throw ExitCode.failure }
            guard let criteriaSet = module.library.set(set) else {
                let ids = module.library.sets.map(\.id)
                let suggestion = Suggestion.closest(to: set, in: ids)
                throw ValidationError(
                    "unknown criteria set '\(set)'"
                        + (suggestion.map { "; did you mean '\($0)'?" }
                            ?? (ids.isEmpty ? "" : "; sets: \(ids.joined(separator: ", "))")))
            }
            var chosen: [Subject] = []
            for id in subjects {
                guard let subject = module.subject(id) else { throw ValidationError("unknown unit or person '\(id)'") }
                guard subject.kind == criteriaSet.subject else {
                    throw ValidationError(
                        "'\(id)' is not a \(criteriaSet.subject == .collective ? "unit" : "person"); the set '\(set)' judges \(criteriaSet.subject.rawValue)s"
                    )
                }
                chosen.append(subject)
            }
            if chosen.isEmpty { chosen = module.subjects(criteriaSet.subject) }
            let evaluator = module.evaluator
            let compiled = evaluator.compile(
                criteria: criteriaSet.criteria, exclusions: criteriaSet.exclusions, subject: criteriaSet.subject)
            let verdicts = evaluator.evaluate(compiled, subjects: chosen, period: Period(period))
            var writer = VerdictWriter(format: format, members: members, output: OutputBuffer(fileDescriptor: 1))
            switch format {
            case .json:
                writer.output.append("{\n  \"set\": ")
                writer.output.appendJSON(criteriaSet.id)
                writer.output.append(",\n  \"title\": ")
                writer.output.appendJSON(criteriaSet.title)
                writer.output.append(",\n  \"period\": ")
                writer.output.append(period)
                writer.output.append(",\n  \"verdicts\": ")
                writer.writeJSONArray(verdicts, indent: 2)
                writer.output.append("\n}\n")
            case .csv:
                writer.writeCSVHeader()
                for verdict in verdicts {
                    writer.write(verdict)
                    writer.output.flushIfFull()
                }
            case .text:
                writer.output.append("\(criteriaSet.title) — năm \(period)\n\n")
                for verdict in verdicts {
                    writer.write(verdict)
                    writer.output.appendNewline()
                    writer.output.flushIfFull()
                }
                let counts = Outcome.allCases.map { outcome in (outcome, verdicts.filter { $0.eligible == outcome }.count) }
                writer.output.append("Tổng hợp: " + counts.map { "\($0.0.vietnamese) \($0.1)" }.joined(separator: ", ") + ".\n")
            }
            try writer.output.finish()
        }
    }

    /// `thidua criteria facts ID [--period YEAR]`
    public struct Facts: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "facts", abstract: "Show the facts known about a unit or person, with their sources.")
        public static var moduleID: String? { "criteria" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "A unit or person id.") public var subject: String
        @Option(help: "Only this period (year).") public var period: Int?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CriteriaModule.self) else { throw ExitCode.failure }
            guard module.facts.knows(subject: subject) else { throw ValidationError("unknown unit or person '\(subject)'") }
            let periods = period.map { [Period($0)] } ?? module.facts.periods
            var output = Output()
            for period in periods {
                let values = module.facts.values(for: subject, in: period)
                output.line("\(subject) — \(period):" + (values.isEmpty ? " không có dữ liệu" : ""))
                for (fact, value, source) in values {
                    output.line("  \(fact.id) = \(value)\(fact.title.map { "  (\($0))" } ?? "")\(source.map { "  \($0)" } ?? "")")
                }
            }
            print(output.content, terminator: "")
        }
    }

    /// `thidua criteria library`
    public struct Library: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "library", abstract: "List the scales, titles, facts and criteria sets of the library.")
        public static var moduleID: String? { "criteria" }

        @OptionGroup public var hostOptions: HostOptions

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let library = host.module(CriteriaModule.self)?.library else { throw ExitCode.failure }
            var output = Output()
            output.line("Scales (best level first):")
            for scale in library.scales {
                output.line("  \(scale.id): \(scale.title) — \(scale.levels.map(\.id).joined(separator: " > "))")
            }
            output.line("Titles:")
            for title in library.titles { output.line("  \(title.id): \(title.title)") }
            output.line("Facts:")
            for fact in library.facts {
                output.line(
                    "  \(fact.id): \(fact.type.rawValue)\(fact.scale.map { " (\($0))" } ?? "")\(fact.title.map { " — \($0)" } ?? "")"
                )
            }
            output.line("Criteria sets:")
            for set in library.sets {
                output.line(
                    "  \(set.id): \(set.title) (\(set.subject.rawValue), \(set.exclusions.count) exclusions, \(set.criteria.count) criteria)"
                )
            }
            print(output.content, terminator: "")
        }
    }
}

extension VerdictWriter.Format: ExpressibleByArgument {}
