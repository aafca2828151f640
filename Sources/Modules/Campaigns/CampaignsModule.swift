public import ArgumentParser
public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The campaigns module: campaign plans (kế hoạch thi đua) from YAML, one file per campaign.
///
/// ```yaml
/// modules:
///   campaigns:
///     awards: awards.yaml                  # the award forms campaigns may give
///     files: [campaigns]                   # files, or directories of *.yaml files
/// ```
public struct CampaignsModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        /// The awards file: `awards:` with `{id, name, for}` entries.
        public var awards: Located<String>
        /// Campaign files, or directories whose `*.yaml` files are campaigns (read in name order).
        public var files: [Located<String>]
    }

    public static let descriptor = ModuleDescriptor(
        id: "campaigns", version: "1.0.0",
        summary:
            "Campaign plans (kế hoạch thi đua): subjects, criteria, periods, awards, dossiers; rendered as Decree 30 documents",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("criteria", .upToNextMajor(from: "1.0.0")),
        ],
        publishes: [CampaignLaunched.name])

    public static var commands: [any ParsableCommand.Type] { [CampaignCommand.self, EvaluateCommand.self] }

    /// `campaigns_launches`: which campaigns were launched, when, by whom (``CampaignLaunch``).
    public static var migrations: [Migration] { schema }

    /// The campaigns in the order read.
    public let campaigns: [Campaign]
    /// The declared award forms.
    public let awards: [AwardForm]
    public let organization: Organization
    /// The criteria module, which checks and evaluates the campaigns' criteria.
    public let criteria: CriteriaModule

    public init(configuration: Configuration, context: ModuleContext) throws {
        organization = try context.dependency(OrganizationModule.self).organization
        criteria = try context.dependency(CriteriaModule.self)
        let awardsFile = context.decode(
            AwardsFile.self, file: configuration.awards.value, referencedAt: configuration.awards.location)
        awards = awardsFile?.awards ?? []
        var awardSeen: [String: SourceLocation] = [:]
        for award in awards {
            if let first = awardSeen[award.id] {
                context.report(.error("duplicate award id '\(award.id)' (first at \(first))", at: award.location))
            } else {
                awardSeen[award.id] = award.location
            }
        }

        var campaigns: [Campaign] = []
        var seen: [String: SourceLocation] = [:]
        let validator = CampaignValidator(organization: organization, awards: awards)
        for entry in configuration.files {
            for file in Self.campaignFiles(entry, context: context) {
                guard let campaign = context.decode(Campaign.self, file: file, referencedAt: entry.location) else { continue }
                if let first = seen[campaign.id.value] {
                    context.report(
                        .error(
                            "duplicate campaign id '\(campaign.id.value)' (first at \(first))", at: campaign.id.location,
                            hint: "each campaign needs its own id"))
                    continue
                }
                seen[campaign.id.value] = campaign.id.location
                // Awards are checked only when the awards file could be read.
                var diagnostics = validator.validate(campaign)
                if awardsFile == nil { diagnostics.removeAll { $0.message.hasPrefix("unknown award") } }
                if let collectives = campaign.subjects.collectives {
                    diagnostics += criteria.validate(
                        collectives.criteria, exclusions: collectives.exclusions ?? [], subject: .collective)
                }
                if let individuals = campaign.subjects.individuals {
                    diagnostics += criteria.validate(
                        individuals.criteria, exclusions: individuals.exclusions ?? [], subject: .individual)
                }
                diagnostics += Self.checkFactsPeriods(campaign, facts: criteria.facts)
                context.report(diagnostics)
                campaigns.append(campaign)
            }
        }
        self.campaigns = campaigns
    }

    /// A warning for each evaluation year without any facts loaded.
    static func checkFactsPeriods(_ campaign: Campaign, facts: FactStore) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let targets: [(Round?, SourceLocation)] =
            [(nil, campaign.factsPeriod?.location ?? campaign.period.endLocation)]
            + campaign.rounds.map { ($0, $0.factsPeriod?.location ?? $0.period.endLocation) }
        for (round, location) in targets {
            let period = campaign.evaluationPeriod(round: round)
            if !facts.periods.contains(period) {
                let what = round.map { "round '\($0.id.value)'" } ?? "the campaign"
                diagnostics.append(
                    .warning(
                        "no facts for \(period) are loaded; evaluating \(what) will find every fact missing", at: location,
                        hint: "add a facts file for \(period) under the criteria module, or set 'facts_period'"))
            }
        }
        return diagnostics
    }

    /// The campaign with `id`.
    public func campaign(_ id: String) -> Campaign? {
        campaigns.first { $0.id.value == id }
    }

    /// The plan document of a campaign.
    public func document(for campaign: Campaign) -> PlanDocument {
        PlanDocument(campaign: campaign, organization: organization, awards: awards)
    }

    /// The units and people a campaign covers.
    public func scope(of campaign: Campaign) -> SubjectScope {
        SubjectScope(campaign: campaign, organization: organization)
    }

    /// The files an entry of `files:` names: itself, or the `*.yaml`/`*.yml` files of a directory.
    static func campaignFiles(_ entry: Located<String>, context: ModuleContext) -> [String] {
        let path = context.resolve(entry.value)
        guard Paths.kind(of: path) == .directory else { return [entry.value] }
        var names: [String] = []
        if let directory = opendir(path) {
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if !name.hasPrefix("."), name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
            }
        }
        if names.isEmpty {
            context.report(.warning("the directory '\(entry.value)' holds no campaign files (*.yaml)", at: entry.location))
        }
        return names.sorted().map { Paths.join(entry.value, $0) }
    }
}
