public import ArgumentParser
public import ThiDuaCampaigns
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization
import ThiDuaYAML

/// The budget module: reward money (tiền thưởng) by law — coefficient × the base salary in force on
/// the decision date, rounded as the decree says — from effective-dated legal packs; estimates of
/// what a campaign will cost, and the ledger of amounts actually decided.
///
/// ```yaml
/// modules:
///   budget:
///     base_salary: legal/base-salary.yaml          # mức lương cơ sở, by date
///     packs: [legal/nd-98-2023.yaml, legal/nd-152-2025.yaml]
///     campaigns:                                   # optional, per campaign
///       - campaign: cchc-2024
///         available: 20000000                      # the fund's available amount (đồng)
///         decision_date: 2024-12-16                # planned date of the award decision
/// ```
///
/// The module reads accepted dossiers when the dossiers module is enabled: that is a runtime
/// choice (`LoadedHost.module(DossiersModule.self)`), not a declared dependency, so the budget
/// works without dossiers.
public struct BudgetModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The base-salary file.
        public var baseSalary: Located<String>
        /// One file per decree.
        public var packs: [Located<String>]
        /// Settings per campaign: the fund's available amount, the planned decision date.
        public var campaigns: [CampaignBudget]?

        enum CodingKeys: String, CodingKey { case baseSalary = "base_salary", packs, campaigns }
    }

    /// The budget settings of one campaign.
    public struct CampaignBudget: Decodable, Sendable {
        /// The campaign id.
        public var campaign: Located<String>
        /// What the fund has available for the campaign's awards, in đồng.
        public var available: Located<Int64>?
        /// The planned date of the award decision: the default of `budget estimate`.
        public var decisionDate: Located<CalendarDate>?

        enum CodingKeys: String, CodingKey { case campaign, available, decisionDate = "decision_date" }
    }

    public static let descriptor = ModuleDescriptor(
        id: "budget", version: "1.0.0",
        summary:
            "Reward money by law (coefficient × base salary on the decision date, rounded per decree): estimates, decided amounts, explanations",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("criteria", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("campaigns", .upToNextMajor(from: "1.0.0")),
        ],
        handles: [DecisionIssued.name],
        personalData: ["recipients of decided awards and their reward money (ledger)"])

    public static var commands: [any ParsableCommand.Type] { [BudgetCommand.self] }

    public static var migrations: [Migration] { LedgerSchema.migrations }

    /// The base-salary history and the packs.
    public let legal: LegalTables
    /// The campaigns module: campaigns, their awards and funding source, the award catalogue.
    public let campaigns: CampaignsModule
    /// Units and people, for names in estimates and reports.
    public let organization: Organization
    /// Settings per campaign id.
    public let campaignSettings: [String: CampaignBudget]

    /// Reads the base-salary file and the packs, validates them against the award catalogue and
    /// the campaigns' planned decision dates; every problem is a located diagnostic.
    public init(configuration: Configuration, context: ModuleContext) throws {
        organization = try context.dependency(OrganizationModule.self).organization
        _ = try context.dependency(CriteriaModule.self)
        campaigns = try context.dependency(CampaignsModule.self)

        let salaries = context.decode(
            BaseSalaryFile.self, file: configuration.baseSalary.value, referencedAt: configuration.baseSalary.location)
        var packs: [LegalPack] = []
        for entry in configuration.packs {
            guard var pack = context.decode(LegalPack.self, file: entry.value, referencedAt: entry.location) else { continue }
            pack.file = context.resolve(entry.value)
            packs.append(pack)
        }
        if configuration.packs.isEmpty {
            context.report(
                .error("no legal packs are listed", at: context.entryLocation, hint: "add 'packs: [legal/nd-98-2023.yaml, …]'"))
        }
        legal = LegalTables(baseSalaries: salaries?.rows ?? [], packs: packs)
        if salaries?.rows.isEmpty == true {
            context.report(.error("the base-salary file has no rows", at: configuration.baseSalary.location))
        }
        var awards: [String: (recipients: Set<SubjectKind>, location: SourceLocation)] = [:]
        for award in campaigns.awards { awards[award.id] = (Set(award.recipients), award.location) }
        context.report(legal.validate(awards: awards))
        let legalFilesHaveErrors = context.diagnostics.hasErrors

        var settings: [String: CampaignBudget] = [:]
        for entry in configuration.campaigns ?? [] {
            let id = entry.campaign.value
            guard let campaign = campaigns.campaign(id) else {
                let suggestion = Suggestion.closest(to: id, in: campaigns.campaigns.map(\.id.value))
                context.report(
                    .error(
                        "unknown campaign '\(id)'", at: entry.campaign.location,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "see 'thidua campaign list'"))
                continue
            }
            if let first = settings[id] {
                context.report(
                    .error(
                        "campaign '\(id)' has budget settings twice (first at \(first.campaign.location))",
                        at: entry.campaign.location))
                continue
            }
            settings[id] = entry
            if let available = entry.available, available.value < 0 {
                context.report(
                    .error(
                        "the available amount must not be negative, found \(available.value)", at: available.location,
                        hint: "write the fund's amount in đồng, e.g. 20000000"))
            }
            // Every award the campaign offers must have money on the planned date: an error, never
            // zero. Checked only with valid legal files, so that one mistake there is one error.
            if let date = entry.decisionDate, !legalFilesHaveErrors {
                var reported: Set<BudgetError> = []
                for offer in Self.offers(of: campaign, awards: campaigns.awards) {
                    for kind in offer.kinds {
                        do {
                            _ = try legal.payment(
                                award: offer.award.id, collective: kind == .collective, decisionDate: date.value)
                        } catch  where reported.insert(error).inserted {
                            context.report(.error(error.message, at: date.location, hint: error.hint))
                        } catch {}
                    }
                }
            }
        }
        campaignSettings = settings
    }

    /// Checks every issued decision against the ledger (``check(_:in:)``).
    public func start(context: ModuleStartContext) throws {
        let store = context.store
        context.events.subscribe(DecisionIssued.self, by: Self.descriptor.id) { event in
            try self.check(event, in: store)
        }
    }

    /// An award a campaign offers and to whom.
    public struct Offer: Sendable {
        /// The declared award.
        public var award: AwardForm
        /// Collective, individual or both: what the campaign and the award both allow.
        public var kinds: [SubjectKind]
    }

    /// The awards `campaign` offers, each with the kinds of recipient it may go to (the campaign's
    /// `for`, or the award's declared recipients).
    public static func offers(of campaign: Campaign, awards: [AwardForm]) -> [Offer] {
        campaign.awards.compactMap { choice in
            guard let award = awards.first(where: { $0.id == choice.award.value }) else { return nil }
            let kinds = (choice.for ?? award.recipients)
            return Offer(award: award, kinds: SubjectKind.allCases.filter { kinds.contains($0) && award.recipients.contains($0) })
        }
    }

    /// The declared award with `id`.
    public func award(_ id: String) -> AwardForm? {
        campaigns.awards.first { $0.id == id }
    }
}

// MARK: - Payments

extension BudgetModule {
    /// The payment of `award` to a collective or an individual for a decision dated `decisionDate`.
    /// Throws a ``BudgetError`` (which award, which date, which pack) when no legal row applies —
    /// never returns 0.
    public func payment(award: String, collective: Bool, decisionDate: CalendarDate) throws -> Payment {
        try explanation(award: award, collective: collective, decisionDate: decisionDate).payment
    }

    /// The payment with the pack, rows and sources it was computed from. Throws a ``BudgetError``
    /// also for an award id the awards file does not declare.
    public func explanation(award: String, collective: Bool, decisionDate: CalendarDate) throws(BudgetError) -> PaymentExplanation
    {
        guard let declared = self.award(award) else {
            let suggestion = Suggestion.closest(to: award, in: campaigns.awards.map(\.id))
            throw BudgetError(
                "unknown award '\(award)'",
                hint: suggestion.map { "did you mean '\($0)'?" }
                    ?? "awards: \(campaigns.awards.map(\.id).joined(separator: ", "))")
        }
        let kind: SubjectKind = collective ? .collective : .individual
        guard declared.recipients.contains(kind) else {
            throw BudgetError(
                "'\(award)' (\(declared.name)) is not given to \(collective ? "collectives" : "individuals") (awards file, \(declared.location))",
                hint: collective ? "leave out --collective" : "pass --collective")
        }
        return try legal.explain(award: award, collective: collective, decisionDate: decisionDate)
    }
}
