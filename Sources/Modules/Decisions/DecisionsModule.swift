public import ArgumentParser
public import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaCouncil
public import ThiDuaCriteria
import ThiDuaDossiers
public import ThiDuaOrganization
import ThiDuaYAML

/// The decisions module: the award decision (quyết định khen thưởng) built from the council's
/// outcome, drafted, then issued and frozen (data, documents and a checksum); the dossiers it
/// closes move to `decided`; `thidua history` reads the issued decisions; the campaign summary
/// report (báo cáo tổng kết).
///
/// ```yaml
/// modules:
///   decisions:
///     file: decisions.yaml      # signers and the award forms each may decide, căn cứ, Điều 3, nơi nhận
/// ```
///
/// Decisions live in the store (tables `decisions`, `decisions_lines`); every change is audited.
public struct DecisionsModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The decisions file (see ``DecisionsFile``).
        public var file: Located<String>
    }

    public static let descriptor = ModuleDescriptor(
        id: "decisions", version: "1.0.0",
        summary:
            "Award decisions (quyết định khen thưởng) from the council's outcome: draft, issue and freeze with a checksum; history; the campaign report",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("criteria", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("campaigns", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("dossiers", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("council", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("budget", .upToNextMajor(from: "1.0.0")),
        ],
        publishes: [DecisionIssued.name],
        personalData: ["awarded people and units with the amounts paid", "who did what and when (audit log)"])

    public static var commands: [any ParsableCommand.Type] { [DecisionCommand.self, HistoryCommand.self] }

    public static var migrations: [Migration] { DecisionSchema.migrations }

    public let settings: DecisionSettings
    public let organization: Organization
    public let campaigns: CampaignsModule
    public let council: CouncilModule
    public let criteria: CriteriaModule
    public let pricing: Pricing

    public init(configuration: Configuration, context: ModuleContext) throws {
        let organization = try context.dependency(OrganizationModule.self).organization
        let campaigns = try context.dependency(CampaignsModule.self)
        self.organization = organization
        self.campaigns = campaigns
        council = try context.dependency(CouncilModule.self)
        criteria = try context.dependency(CriteriaModule.self)
        pricing = try Pricing(context: context)
        let file = context.decode(DecisionsFile.self, file: configuration.file.value, referencedAt: configuration.file.location)
        settings =
            file.map { DecisionSettings(file: $0, organization: organization, awards: campaigns.awards, report: context.report) }
            ?? DecisionSettings(signers: [], upward: [:], legalBases: [], proposal: "", execution: "", recipients: [])
    }

    /// The decision workflow over `store`, with "now" from `clock`.
    public func workflow(store: any Store, clock: WallClock) -> DecisionWorkflow {
        DecisionWorkflow(module: self, store: store, clock: clock)
    }
}

/// The decisions file.
///
/// ```yaml
/// signers:                                   # who signs award decisions, and which forms each may decide
///   - person: vo-tat-dung
///     title: GIÁM ĐỐC
///     decides: [giay-khen-giam-doc-so, lao-dong-tien-tien, chien-si-thi-dua-co-so, tap-the-lao-dong-tien-tien]
/// proposed_upward:                           # forms the agency proposes to a higher level instead
///   - {award: bang-khen-chu-tich-ubnd-tinh, to: Chủ tịch UBND tỉnh}
/// legal_bases:                               # căn cứ printed first in every decision
///   - Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022
/// proposal: Xét đề nghị của Chánh Văn phòng Sở - Thường trực Hội đồng Thi đua - Khen thưởng
/// execution: Chánh Văn phòng Sở, … chịu trách nhiệm thi hành Quyết định này.
/// recipients: [Như Điều 3;, Lưu VT, VP.]
/// ```
public struct DecisionsFile: Decodable, Sendable {
    public var signers: [SignerSpec]
    public var proposedUpward: [UpwardSpec]?
    public var legalBases: [Located<String>]?
    public var proposal: Located<String>
    public var execution: Located<String>
    public var recipients: [Located<String>]

    enum CodingKeys: String, CodingKey {
        case signers, proposedUpward = "proposed_upward", legalBases = "legal_bases", proposal, execution, recipients
    }

    /// A person who signs decisions, as the signature block prints them, and what they decide.
    public struct SignerSpec: Decodable, Sendable {
        public var person: Located<String>
        public var title: Located<String>
        public var authority: Located<Signer.Authority>?
        public var onBehalfOf: Located<String>?
        public var decides: [Located<String>]

        enum CodingKeys: String, CodingKey { case person, title, authority, onBehalfOf = "on_behalf_of", decides }
    }

    /// An award form proposed to a higher level.
    public struct UpwardSpec: Decodable, Sendable {
        public var award: Located<String>
        /// Who decides it ("Chủ tịch UBND tỉnh").
        public var to: String
    }
}

/// A signer of decisions, checked against the organization.
public struct DecisionSigner: Sendable, Hashable {
    public var person: Person
    /// "GIÁM ĐỐC" (or "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC").
    public var titleLines: [String]
    /// The signer's own title ("GIÁM ĐỐC"), for "GIÁM ĐỐC SỞ XÂY DỰNG" above the căn cứ.
    public var title: String
    /// The award ids they may decide.
    public var decides: Set<String>
}

/// The decisions settings, checked.
public struct DecisionSettings: Sendable {
    public var signers: [DecisionSigner]
    /// Award id → who decides it instead (proposed upward).
    public var upward: [String: String]
    public var legalBases: [String]
    public var proposal: String
    public var execution: String
    public var recipients: [String]

    public init(
        signers: [DecisionSigner], upward: [String: String], legalBases: [String], proposal: String, execution: String,
        recipients: [String]
    ) {
        self.signers = signers
        self.upward = upward
        self.legalBases = legalBases
        self.proposal = proposal
        self.execution = execution
        self.recipients = recipients
    }

    init(file: DecisionsFile, organization: Organization, awards: [AwardForm], report: (Diagnostic) -> Void) {
        let awardIDs = awards.map(\.id)
        func checkAward(_ id: Located<String>) -> Bool {
            guard awardIDs.contains(id.value) else {
                report(
                    .error(
                        "unknown award '\(id.value)'", at: id.location,
                        hint: Suggestion.closest(to: id.value, in: awardIDs).map { "did you mean '\($0)'?" }
                            ?? "awards are declared in the awards file"))
                return false
            }
            return true
        }
        var signers: [DecisionSigner] = []
        for spec in file.signers {
            guard let person = organization.person(spec.person.value) else {
                report(
                    .error(
                        "unknown person '\(spec.person.value)': a signer is a person of the organization",
                        at: spec.person.location,
                        hint: Suggestion.closest(to: spec.person.value, in: organization.people.map(\.id)).map {
                            "did you mean '\($0)'?"
                        }))
                continue
            }
            let lines: [String]
            switch spec.authority?.value {
            case nil: lines = [spec.title.value]
            case .q?: lines = ["Q. \(spec.title.value)"]
            case let prefix?: lines = ["\(prefix.rawValue) \(spec.onBehalfOf?.value ?? "")", spec.title.value]
            }
            let decides = spec.decides.filter(checkAward).map(\.value)
            signers.append(
                DecisionSigner(
                    person: person, titleLines: lines, title: spec.onBehalfOf?.value ?? spec.title.value, decides: Set(decides)))
        }
        var upward: [String: String] = [:]
        for spec in file.proposedUpward ?? [] where checkAward(spec.award) {
            if file.signers.contains(where: { $0.decides.contains { $0.value == spec.award.value } }) {
                report(.error("'\(spec.award.value)' is both decided by a signer and proposed upward", at: spec.award.location))
            }
            upward[spec.award.value] = spec.to
        }
        self.init(
            signers: signers, upward: upward, legalBases: (file.legalBases ?? []).map(\.value), proposal: file.proposal.value,
            execution: file.execution.value, recipients: file.recipients.map(\.value))
    }

    /// The signer `id`.
    public func signer(_ id: String) -> DecisionSigner? { signers.first { $0.person.id == id } }

    /// Why `signer` may not decide `awards` (one sentence per award), or an empty list.
    public func authorityProblems(signer: DecisionSigner, awards: [String], names: (String) -> String) -> [String] {
        var problems: [String] = []
        for award in Set(awards).sorted() where !signer.decides.contains(award) {
            if let higher = upward[award] {
                problems.append(
                    "\(signer.person.fullName) (\(signer.person.id)) may not decide '\(names(award))' (\(award)): it is decided by \(higher); "
                        + "the agency proposes it upward with a tờ trình")
            } else {
                problems.append(
                    "\(signer.person.fullName) (\(signer.person.id)) has no authority to decide '\(names(award))' (\(award))"
                        + (signer.decides.isEmpty ? "" : "; they decide: \(signer.decides.sorted().joined(separator: ", "))"))
            }
        }
        return problems
    }
}
