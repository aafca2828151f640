public import ArgumentParser
public import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaDossiers
public import ThiDuaOrganization
import ThiDuaYAML

/// The council module: the emulation and commendation council (Hội đồng Thi đua - Khen thưởng),
/// its members and rule, sessions that vote or score the accepted nominations, conflicts of
/// interest, the tally, the standing office's proposal memo (tờ trình) and the minutes (biên bản).
///
/// ```yaml
/// modules:
///   council:
///     file: council.yaml        # members, roles, the rule, per-campaign overrides
/// ```
///
/// Sessions, attendance, ballots and outcomes live in the store (tables `council_sessions`,
/// `council_attendance`, `council_votes`, `council_outcomes`); every change is audited.
public struct CouncilModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The council file (see ``CouncilFile``).
        public var file: Located<String>
    }

    public static let descriptor = ModuleDescriptor(
        id: "council", version: "1.0.0",
        summary:
            "The emulation council (Hội đồng TĐKT): members, sessions, votes or scores, tally, conflicts of interest, tờ trình and biên bản",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("campaigns", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("dossiers", .upToNextMajor(from: "1.0.0")),
        ],
        personalData: ["council members and their votes or scores on each nomination", "who did what and when (audit log)"])

    public static var commands: [any ParsableCommand.Type] { [CouncilCommand.self] }

    public static var migrations: [Migration] { CouncilSchema.migrations }

    public let council: Council
    public let organization: Organization
    public let campaigns: CampaignsModule
    public let dossiers: DossiersModule

    public init(configuration: Configuration, context: ModuleContext) throws {
        organization = try context.dependency(OrganizationModule.self).organization
        campaigns = try context.dependency(CampaignsModule.self)
        dossiers = try context.dependency(DossiersModule.self)
        let file = context.decode(CouncilFile.self, file: configuration.file.value, referencedAt: configuration.file.location)
        guard let file else {
            council = Council(name: "", members: [], secretary: nil, rule: .default, overrides: [:], symbols: .init())
            return
        }
        council = Council(file: file, organization: organization, campaigns: campaigns, report: context.report)
    }

    /// The session workflow over `store`, with "now" from `clock`.
    public func sessions(store: any Store, clock: WallClock) -> CouncilSessions {
        CouncilSessions(module: self, store: store, clock: clock)
    }
}

/// The council file.
///
/// ```yaml
/// name: Hội đồng Thi đua - Khen thưởng Sở Xây dựng
/// members:
///   - {person: vo-tat-dung, role: chair}       # Chủ tịch Hội đồng
///   - {person: tran-thi-mai, role: standing}   # Ủy viên thường trực (the standing office)
///   - {person: ngo-van-thanh, role: member}
/// secretary: do-thi-hong                       # writes the minutes; does not vote
/// rule: {method: vote, quorum: {at_least: 2/3}, approval: {more_than: 50%, of: present}, tie: chair}
/// campaigns:                                   # a rule for one campaign instead of the council's
///   - {campaign: cchc-2024, rule: {…}}
/// symbols: {proposal: TTr-VP, minutes: BB-HĐTĐKT}
/// ```
public struct CouncilFile: Decodable, Sendable {
    public var name: Located<String>
    public var members: [MemberSpec]
    public var secretary: Located<String>?
    public var rule: TallyRule
    public var campaigns: [CampaignRule]?
    public var symbols: Symbols?

    /// One member.
    public struct MemberSpec: Decodable, Sendable {
        public var person: Located<String>
        public var role: Located<CouncilRole>
    }

    /// A campaign's own rule.
    public struct CampaignRule: Decodable, Sendable {
        public var campaign: Located<String>
        public var rule: TallyRule
    }
}

/// The symbols of the council's documents (Decree 30/2020 Appendix III: TTr, BB).
public struct Symbols: Decodable, Sendable, Hashable {
    /// "TTr-VP": the standing office's proposal memo.
    public var proposal: String = "TTr-HĐTĐKT"
    /// "BB-HĐTĐKT": the minutes.
    public var minutes: String = "BB-HĐTĐKT"

    public init() {}

    enum CodingKeys: String, CodingKey { case proposal, minutes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let proposal = try container.decodeIfPresent(String.self, forKey: .proposal) { self.proposal = proposal }
        if let minutes = try container.decodeIfPresent(String.self, forKey: .minutes) { self.minutes = minutes }
    }
}

/// A member's role in the council.
public enum CouncilRole: String, Sendable, Hashable, Decodable, CaseIterable {
    /// Chủ tịch Hội đồng: chairs sessions, signs the minutes, breaks ties under `tie: chair`.
    case chair
    /// Ủy viên thường trực: the standing office; signs the proposal memo (tờ trình).
    case standing
    /// Ủy viên.
    case member

    /// "Chủ tịch Hội đồng", "Ủy viên thường trực", "Ủy viên".
    public var vietnamese: String {
        switch self {
        case .chair: return "Chủ tịch Hội đồng"
        case .standing: return "Ủy viên thường trực"
        case .member: return "Ủy viên"
        }
    }
}

/// One member of the council.
public struct CouncilMember: Sendable, Hashable {
    public var person: Person
    public var role: CouncilRole
}

/// The council as configured and checked against the organization and the campaigns.
public struct Council: Sendable {
    public var name: String
    public var members: [CouncilMember]
    /// The secretary who writes the minutes (not a voting member unless also listed).
    public var secretary: Person?
    public var rule: TallyRule
    /// Campaign id → its own rule.
    public var overrides: [String: TallyRule]
    public var symbols: Symbols

    public init(
        name: String, members: [CouncilMember], secretary: Person?, rule: TallyRule, overrides: [String: TallyRule],
        symbols: Symbols
    ) {
        self.name = name
        self.members = members
        self.secretary = secretary
        self.rule = rule
        self.overrides = overrides
        self.symbols = symbols
    }

    init(file: CouncilFile, organization: Organization, campaigns: CampaignsModule, report: (Diagnostic) -> Void) {
        var members: [CouncilMember] = []
        var seen: [String: SourceLocation] = [:]
        for spec in file.members {
            let id = spec.person.value
            if let first = seen[id] {
                report(.error("'\(id)' is listed twice as a council member (first at \(first))", at: spec.person.location))
                continue
            }
            seen[id] = spec.person.location
            guard let person = organization.person(id) else {
                let suggestion = Suggestion.closest(to: id, in: organization.people.map(\.id))
                report(
                    .error(
                        "unknown person '\(id)': council members are people of the organization", at: spec.person.location,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "see 'thidua org people'"))
                continue
            }
            members.append(CouncilMember(person: person, role: spec.role.value))
        }
        let chairs = file.members.filter { $0.role.value == .chair }
        if chairs.count > 1 {
            report(.error("the council has \(chairs.count) chairs; it has one", at: chairs[1].role.location))
        }
        if file.members.isEmpty {
            report(.error("the council has no members", at: file.name.location, hint: "list them under 'members:'"))
        }
        var rules = [file.rule]
        var overrides: [String: TallyRule] = [:]
        for entry in file.campaigns ?? [] {
            let id = entry.campaign.value
            if campaigns.campaign(id) == nil {
                let suggestion = Suggestion.closest(to: id, in: campaigns.campaigns.map(\.id.value))
                report(
                    .error(
                        "unknown campaign '\(id)'", at: entry.campaign.location,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "see 'thidua campaign list'"))
            } else if overrides[id] != nil {
                report(.error("campaign '\(id)' has two rules", at: entry.campaign.location))
            }
            overrides[id] = entry.rule
            rules.append(entry.rule)
        }
        if chairs.isEmpty, rules.contains(where: { $0.tie == .chair && $0.method == .vote }) {
            report(
                .error(
                    "the rule breaks ties by the chair's vote ('tie: chair'), but no member has 'role: chair'",
                    at: file.name.location,
                    hint: "give one member 'role: chair', or write 'tie: approve' or 'tie: reject'"))
        }
        var secretary: Person?
        if let id = file.secretary {
            secretary = organization.person(id.value)
            if secretary == nil {
                report(.error("unknown person '\(id.value)' as secretary", at: id.location, hint: "see 'thidua org people'"))
            }
        }
        self.init(
            name: file.name.value, members: members, secretary: secretary, rule: file.rule, overrides: overrides,
            symbols: file.symbols ?? Symbols())
    }

    /// The rule for `campaign`: its own, or the council's.
    public func rule(for campaign: String) -> TallyRule { overrides[campaign] ?? rule }

    /// The member `id`, if they are one.
    public func member(_ id: String) -> CouncilMember? { members.first { $0.person.id == id } }

    /// The chair, if there is one.
    public var chair: CouncilMember? { members.first { $0.role == .chair } }

    /// The standing member who signs the proposal memo.
    public var standing: CouncilMember? { members.first { $0.role == .standing } }
}

extension TallyRule {
    /// Used only when the council file could not be read (the module then has errors).
    static let `default` = TallyRule(
        method: .vote, quorum: Threshold(share: .half, strictly: true), approval: Threshold(share: .half, strictly: true),
        base: .present, tie: .reject)
}
