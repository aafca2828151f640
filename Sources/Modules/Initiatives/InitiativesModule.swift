public import ArgumentParser
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization

/// The initiatives module: the register of initiatives (sổ theo dõi sáng kiến) recognised for the
/// agency's people — title, authors, the recognition decision (number, date, issuer), scope (cơ
/// sở, tỉnh, toàn quốc) and year — from a YAML register and from `thidua initiative add`, which
/// keeps them in the store with an audit entry. It gives the criteria module flags such as
/// `sang_kien_cong_nhan` ("has an initiative recognised this year, at least at this scope"), the
/// second way to the Chiến sĩ thi đua cơ sở standard besides "hoàn thành xuất sắc nhiệm vụ"
/// (Luật Thi đua, khen thưởng 2022, Điều 23).
///
/// ```yaml
/// modules:
///   initiatives:
///     register: initiatives/sang-kien.yaml     # the register (optional: all may come from the store)
///     years: [2024, 2025]                      # years the register is complete for (default: its years)
///     facts:                                   # flags for the criteria module, per person and year
///       - {id: sang_kien_cong_nhan, at_least: co-so}
/// ```
public struct InitiativesModule: ThiDuaModule, FactContributor {
    /// The module's section of `thidua.yaml`.
    public struct Configuration: Decodable, Sendable {
        /// The register file.
        public var register: Located<String>?
        /// The years the register is complete for: in them, a person without an initiative gets
        /// `false`; in other years the facts are missing. Default: the years of the initiatives.
        public var years: [Located<Int>]?
        /// The flags given to the criteria module.
        public var facts: [FactSetting]?
    }

    /// One flag for the criteria module: true for a person with an initiative of the year whose
    /// scope is `at_least` or wider.
    public struct FactSetting: Decodable, Sendable {
        /// The fact's id, as the criteria library declares it (`type: flag`).
        public var id: Located<String>
        /// The narrowest scope that counts (`co-so`, `tinh`, `toan-quoc`).
        public var atLeast: Located<String>

        enum CodingKeys: String, CodingKey {
            case id
            case atLeast = "at_least"
        }
    }

    /// Identity, version, dependencies; it gives facts to `criteria`.
    public static let descriptor = ModuleDescriptor(
        id: "initiatives", version: "1.0.0",
        summary: "Register of recognised initiatives (sáng kiến): decision, scope, authors; facts for the criteria",
        dependencies: [ModuleDependency("organization", .upToNextMajor(from: "1.0.0"))],
        publishes: [InitiativeRecorded.name],
        personalData: ["authors of initiatives (person ids)", "who recorded them (audit log)"],
        contributesTo: ["criteria"])

    /// `thidua initiative …`.
    public static var commands: [any ParsableCommand.Type] { [InitiativeCommand.self] }

    /// Version 1: the initiatives recorded with `thidua initiative add`, and their authors in order.
    public static var migrations: [Migration] {
        [
            Migration(
                module: "initiatives", version: 1, name: "create initiatives",
                statements: [
                    """
                    CREATE TABLE initiatives (
                        id TEXT PRIMARY KEY,
                        title TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        scope TEXT NOT NULL,
                        decision_number TEXT NOT NULL,
                        decision_date TEXT NOT NULL,
                        decision_issuer TEXT NOT NULL,
                        recorded_by TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE initiatives_authors (
                        initiative TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        person TEXT NOT NULL,
                        PRIMARY KEY (initiative, position)
                    )
                    """,
                    "CREATE INDEX initiatives_authors_by_person ON initiatives_authors (person)",
                ])
        ]
    }

    /// Every initiative: the register's in file order, then those of the store in id order.
    public let initiatives: [Initiative]
    /// The people the authors are checked against.
    public let organization: Organization
    /// The years the register is complete for, ascending.
    public let years: [Int]
    /// The flags for the criteria module (see ``FactContributor``).
    public let contributedFacts: [FactRecord]
    /// Where each fact is set under `facts:`.
    let factSettings: [String: SourceLocation]

    /// Reads the register and the store, checks every entry, and derives the facts.
    public init(configuration: Configuration, context: ModuleContext) throws {
        let organization = try context.dependency(OrganizationModule.self).organization
        self.organization = organization
        var initiatives: [Initiative] = []
        if let register = configuration.register,
            let file = context.decode(RegisterFile.self, file: register.value, referencedAt: register.location)
        {
            let checked = Self.check(file.initiatives, organization: organization)
            context.report(checked.diagnostics)
            initiatives = checked.initiatives
        }
        if let stored = context.readStore({ try Self.readStored(in: $0) }) {
            let location = context.storeLocation ?? "the database"
            let configured = Dictionary(initiatives.map { ($0.id, $0.source) }, uniquingKeysWith: { first, _ in first })
            for initiative in stored {
                if let first = configured[initiative.id] {
                    context.report(
                        .error(
                            "the initiative '\(initiative.id)' is both in the register and in the database at \(location)",
                            at: first, hint: "an initiative is kept in one place: remove it here to use the recorded one"))
                } else if let unknown = initiative.authors.first(where: { organization.person($0) == nil }) {
                    context.report(
                        .warning(
                            "the initiative '\(initiative.id)' in the database at \(location) names the unknown author '\(unknown)'; "
                                + "it is left out", at: context.entryLocation,
                            hint: "add the person to the organization, or record the initiative again"))
                } else {
                    var initiative = initiative
                    initiative.source = .file(location)
                    initiatives.append(initiative)
                }
            }
        }
        self.initiatives = initiatives

        var years = Set(initiatives.map(\.year))
        if let configured = configuration.years {
            years = []
            for year in configured {
                if (1900...2999).contains(year.value) {
                    years.insert(year.value)
                } else {
                    context.report(.error("\(year.value) is not a year", at: year.location, hint: "write years like 2025"))
                }
            }
        }
        self.years = years.sorted()

        var facts: [(id: Located<String>, scope: InitiativeScope)] = []
        for setting in configuration.facts ?? [] {
            guard let scope = InitiativeScope.parse(setting.atLeast, report: context.report) else { continue }
            if let first = facts.first(where: { $0.id.value == setting.id.value }) {
                context.report(
                    .error(
                        "the fact '\(setting.id.value)' is given twice (first at \(first.id.location))", at: setting.id.location,
                        hint: "give each fact once"))
                continue
            }
            facts.append((setting.id, scope))
        }
        contributedFacts = Self.facts(facts, initiatives: initiatives, years: self.years, people: organization.people)
        factSettings = Dictionary(facts.map { ($0.id.value, $0.id.location) }, uniquingKeysWith: { first, _ in first })
    }

    /// Where `facts:` sets `fact`: errors about the fact itself point there.
    public func declaration(of fact: String) -> SourceLocation? {
        factSettings[fact]
    }

    /// The initiative with `id`.
    public func initiative(_ id: String) -> Initiative? {
        initiatives.first { $0.id == id }
    }

    /// The initiatives `person` is an author of, oldest year first.
    public func initiatives(of person: String) -> [Initiative] {
        initiatives.filter { $0.authors.contains(person) }.sorted { ($0.year, $0.id) < ($1.year, $1.id) }
    }

    /// One flag per fact, person and year: true, pointing at the first qualifying initiative, or
    /// false, pointing at the fact's setting.
    static func facts(
        _ settings: [(id: Located<String>, scope: InitiativeScope)], initiatives: [Initiative], years: [Int], people: [Person]
    ) -> [FactRecord] {
        var records: [FactRecord] = []
        for setting in settings {
            for year in years {
                var qualifying: [String: SourceLocation] = [:]
                for initiative in initiatives where initiative.year == year && initiative.scope >= setting.scope {
                    for author in initiative.authors where qualifying[author] == nil { qualifying[author] = initiative.source }
                }
                for person in people {
                    let source = qualifying[person.id]
                    records.append(
                        FactRecord(
                            subject: person.id, fact: setting.id.value, period: Period(year), value: .flag(source != nil),
                            source: source ?? setting.id.location))
                }
            }
        }
        return records
    }
}
