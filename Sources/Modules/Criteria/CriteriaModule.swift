public import ArgumentParser
public import ThiDuaCore
public import ThiDuaOrganization

/// The criteria module: scales, facts and titles (the library), fact data per subject and period
/// (YAML and CSV), and the evaluation of criteria for units and people.
///
/// ```yaml
/// modules:
///   criteria:
///     library: criteria/library.yaml
///     facts:
///       - criteria/facts-2024.yaml                       # YAML files name their period
///       - {file: criteria/facts-2024.csv, period: 2024}  # CSV: the period here, or a 'period' column
/// ```
public struct CriteriaModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The library file: scales, titles, facts, criteria sets.
        public var library: Located<String>
        /// Fact data files, in order.
        public var facts: [FactFile]?
    }

    /// A fact data file: a path (`criteria/facts-2024.yaml`) or `{file, period}` (for CSV without a `period` column).
    public struct FactFile: Decodable, Sendable {
        public var file: Located<String>
        public var period: Located<Period>?

        enum CodingKeys: String, CodingKey { case file, period }

        public init(from decoder: any Decoder) throws {
            if let node = decoder.yamlNode, node.scalar != nil {
                file = try Located<String>(from: decoder)
                period = nil
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.decode(Located<String>.self, forKey: .file)
            period = try container.decodeIfPresent(Located<Period>.self, forKey: .period)
        }
    }

    public static let descriptor = ModuleDescriptor(
        id: "criteria", version: "1.0.0",
        summary: "Criteria of titles and campaigns, facts per subject and period, eligibility with explanations",
        dependencies: [ModuleDependency("organization", .upToNextMajor(from: "1.0.0"))],
        personalData: ["staff evaluation ratings", "discipline records", "titles received"])

    public static var commands: [any ParsableCommand.Type] { [CriteriaCommand.self] }

    /// The facts imported with `thidua import facts` (see ``FactsImport``): one row per subject,
    /// period and fact, the value in its canonical text (``FactValue/description``).
    public static var migrations: [Migration] {
        [
            Migration(
                module: "criteria", version: 1, name: "create imported facts",
                statements: [
                    """
                    CREATE TABLE criteria_facts (
                        subject TEXT NOT NULL,
                        period INTEGER NOT NULL,
                        fact TEXT NOT NULL,
                        value TEXT NOT NULL,
                        source_file TEXT NOT NULL,
                        source_line INTEGER NOT NULL,
                        PRIMARY KEY (subject, period, fact)
                    )
                    """,
                    "CREATE INDEX criteria_facts_by_period ON criteria_facts (period)",
                ])
        ]
    }

    /// Scales, facts, titles and criteria sets.
    public let library: Library
    /// Every fact value loaded.
    public let facts: FactStore
    /// The organization the subjects come from.
    public let organization: Organization
    /// Where each fact of the configuration's data files is written, to refuse importing the same
    /// fact (a fact comes from configuration or from an import, not both).
    let configured: [FactKey: SourceLocation]
    /// How many fact values come from the store (`thidua import facts`).
    public let importedCount: Int

    /// An evaluator over ``facts``.
    public var evaluator: Evaluator { Evaluator(facts: facts) }

    public init(configuration: Configuration, context: ModuleContext) throws {
        organization = try context.dependency(OrganizationModule.self).organization
        let libraryFile = context.decode(
            LibraryFile.self, file: configuration.library.value, referencedAt: configuration.library.location)
        let library = libraryFile?.library ?? Library()
        self.library = library
        let subjects = SubjectTable(organization: organization)
        for id in subjects.ambiguous {
            if let person = organization.person(id) {
                context.report(
                    .warning(
                        "the id '\(id)' names both a unit and a person; facts for '\(id)' apply to the unit",
                        at: person.location, hint: "give the person another id"))
            }
        }

        // Criteria sets, each checked for its kind of subject.
        for set in library.sets {
            context.report(
                Compiler.compile(criteria: set.criteria, exclusions: set.exclusions, library: library, subject: set.subject)
                    .diagnostics)
        }

        var records: [FactRecord] = []
        if libraryFile != nil {
            let lookup = FactFiles.Subjects(knows: { subjects.index[$0] != nil }, all: { subjects.ids })
            for entry in configuration.facts ?? [] {
                let path = entry.file.value
                let resolved = context.resolve(path)
                if path.lowercased().hasSuffix(".csv") {
                    guard let bytes = context.readBytes(file: path, referencedAt: entry.file.location) else { continue }
                    let (read, diagnostics) = FactFiles.readCSV(
                        bytes, file: resolved, period: entry.period, library: library, subjects: lookup)
                    records += read
                    context.report(diagnostics)
                } else if path.lowercased().hasSuffix(".yaml") || path.lowercased().hasSuffix(".yml") {
                    if let period = entry.period {
                        context.report(
                            .error(
                                "a YAML fact file names its own period", at: period.location,
                                hint: "write 'period:' inside \(path) and give only the path here"))
                    }
                    let document = context.parse(file: path, referencedAt: entry.file.location)
                    let (read, diagnostics) = FactFiles.readYAML(document, library: library, subjects: lookup)
                    records += read
                    context.report(diagnostics)
                } else {
                    context.report(
                        .error(
                            "'\(path)' is neither a .yaml nor a .csv file", at: entry.file.location,
                            hint: "fact data is read from YAML (.yaml, .yml) or CSV (.csv) files"))
                }
            }
        }
        // Facts other modules give (``FactContributor``), checked like those of data files.
        if libraryFile != nil {
            let contributed = Self.contributedFacts(
                from: context.contributions(as: (any FactContributor).self), library: library,
                knows: { subjects.index[$0] != nil }, subjects: { subjects.ids })
            records += contributed.records
            context.report(contributed.diagnostics)
        }
        context.report(Self.duplicates(in: records))
        var configured: [FactKey: SourceLocation] = [:]
        configured.reserveCapacity(records.count)
        for record in records {
            let key = FactKey(subject: record.subject, fact: record.fact, period: record.period.year)
            if configured[key] == nil { configured[key] = record.source }
        }
        // Facts imported into the store join those of configuration. The same fact in both is an
        // error naming both places; stored values that no longer fit the library or the
        // organization are left out with a warning (importing a corrected file fixes them).
        var importedCount = 0
        if libraryFile != nil,
            let stored = context.readStore({
                try Self.readImportedFacts(in: $0, library: library, knows: { subjects.index[$0] != nil })
            })
        {
            let location = context.storeLocation ?? "the database"
            for problem in stored.problems {
                context.report(
                    .warning(
                        "\(problem) in the database at \(location); left out", at: context.entryLocation,
                        hint: "import a corrected file with 'thidua import facts'"))
            }
            records.reserveCapacity(records.count + stored.records.count)
            for record in stored.records {
                let key = FactKey(subject: record.subject, fact: record.fact, period: record.period.year)
                if let first = configured[key] {
                    context.report(
                        .error(
                            "'\(record.fact)' of '\(record.subject)' for \(record.period) is both in the configuration and in the database at "
                                + "\(location) (imported from \(record.source.file):\(record.source.line))", at: first,
                            hint:
                                "a fact comes from configuration or from 'thidua import facts', not both: remove it here to use the imported value"
                        ))
                    continue
                }
                records.append(record)
                importedCount += 1
            }
        }
        self.configured = configured
        self.importedCount = importedCount
        facts = FactStore(library: library, subjects: subjects, records: records)
    }

    /// The same fact for the same subject and period given twice.
    static func duplicates(in records: [FactRecord]) -> [Diagnostic] {
        struct Key: Hashable {
            var subject: String
            var fact: String
            var period: Int
        }
        var seen: [Key: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for record in records {
            let key = Key(subject: record.subject, fact: record.fact, period: record.period.year)
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        "'\(record.fact)' of '\(record.subject)' for \(record.period) is given twice (first at \(first))",
                        at: record.source,
                        hint: "keep one value per subject, fact and period"))
            } else {
                seen[key] = record.source
            }
        }
        return diagnostics
    }

    /// Checks criteria (of a campaign file, say) against the library for one kind of subject:
    /// unknown facts, titles, scales and levels (with "did you mean"), facts of the wrong type,
    /// thresholds of the wrong kind, band tables with gaps or overlaps, members rules in lists for
    /// individuals, duplicate ids. Every diagnostic is located.
    public func validate(_ criteria: [Criterion], subject: SubjectKind) -> [Diagnostic] {
        validate(criteria, exclusions: [], subject: subject)
    }

    /// Like ``validate(_:subject:)``, with the exclusions of the list.
    public func validate(_ criteria: [Criterion], exclusions: [Exclusion], subject: SubjectKind) -> [Diagnostic] {
        Compiler.compile(criteria: criteria, exclusions: exclusions, library: library, subject: subject).diagnostics
    }

    /// The units (for collectives) or people (for individuals) a list of criteria judges.
    public func subjects(_ kind: SubjectKind) -> [Subject] {
        switch kind {
        case .collective: return organization.units.map { .unit($0) }
        case .individual: return organization.people.map { .person($0) }
        }
    }

    /// The unit or person with this id.
    public func subject(_ id: String) -> Subject? {
        organization.unit(id).map { .unit($0) } ?? organization.person(id).map { .person($0) }
    }
}
