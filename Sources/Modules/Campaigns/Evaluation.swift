public import ArgumentParser
public import ThiDuaCore
public import ThiDuaCriteria
import ThiDuaOrganization

/// The verdicts of a campaign (or one of its rounds) for every unit and person its subjects cover.
public struct CampaignEvaluation: Sendable {
    public var campaign: Campaign
    public var round: Round?
    /// The fact year read.
    public var period: ThiDuaCriteria.Period
    public var collectives: [Verdict]
    public var individuals: [Verdict]

    /// Evaluates with the criteria module's evaluator. Criteria titles are shown as the plan
    /// prints them (placeholders filled, without emphasis marks).
    public init(campaign: Campaign, round: Round?, module: CampaignsModule) {
        self.campaign = campaign
        self.round = round
        let period = campaign.evaluationPeriod(round: round)
        self.period = period
        let evaluator = module.criteria.evaluator
        let scope = module.scope(of: campaign)
        // Titles as the plan prints them, without the list punctuation that ends them there.
        func title(_ text: String) -> String {
            var title = Substring(module.plainText(text, in: campaign))
            while let last = title.last, last == ";" || last == "." || last == " " { title.removeLast() }
            return String(title)
        }
        func plain(_ criteria: [Criterion]) -> [Criterion] {
            criteria.map { Criterion(id: $0.id, title: title($0.title), rule: $0.rule, location: $0.location) }
        }
        func plain(_ exclusions: [Exclusion]) -> [Exclusion] {
            exclusions.map { Exclusion(id: $0.id, title: title($0.title), rule: $0.rule, location: $0.location) }
        }
        if let subjects = campaign.subjects.collectives {
            let compiled = evaluator.compile(criteria: plain(subjects.criteria), exclusions: plain(subjects.exclusions ?? []), subject: .collective)
            collectives = evaluator.evaluate(compiled, subjects: scope.collectives.map { .unit($0) }, period: period)
        } else {
            collectives = []
        }
        if let subjects = campaign.subjects.individuals {
            let compiled = evaluator.compile(criteria: plain(subjects.criteria), exclusions: plain(subjects.exclusions ?? []), subject: .individual)
            individuals = evaluator.evaluate(compiled, subjects: scope.individuals.map { .person($0) }, period: period)
        } else {
            individuals = []
        }
    }

    /// "đạt 3, không đạt 2, không đủ dữ liệu 1, không xét 1".
    static func counts(_ verdicts: [Verdict]) -> String {
        Outcome.allCases.map { outcome in "\(outcome.vietnamese) \(verdicts.filter { $0.eligible == outcome }.count)" }
            .joined(separator: ", ")
    }

    public func text(module: CampaignsModule) -> String {
        var out = Output()
        let document = campaign.document
        let issued = document.date.value
        let span = round?.period ?? campaign.period
        out.line("\(document.typeName) số \(document.symbol(agency: module.organization.agency)) — \(campaign.displayName)")
        out.line((round.map { "\($0.name) (\($0.id.value))" } ?? "Toàn phong trào")
            + ": \(VietnameseDate.numeric(span.firstDay(issued: issued))) – \(VietnameseDate.numeric(span.lastDay)); dữ kiện năm \(period)")
        for (title, verdicts) in [("Tập thể", collectives), ("Cá nhân", individuals)] where campaign.subjects.collectives != nil && title == "Tập thể" || campaign.subjects.individuals != nil && title == "Cá nhân" {
            out.line()
            out.line("\(title) (\(verdicts.count)): \(Self.counts(verdicts))")
            for verdict in verdicts {
                out.line()
                out.line(verdict.text)
            }
        }
        return out.content
    }

    public var json: JSONText {
        let roundJSON: JSONText = round.map { .object([("id", .string($0.id.value)), ("name", .string($0.name))]) } ?? .null
        return .object([
            ("campaign", .string(campaign.id.value)), ("round", roundJSON), ("period", .int(period.year)),
            ("collectives", .array(collectives.map(\.json))), ("individuals", .array(individuals.map(\.json))),
        ])
    }

    public var csv: String {
        var out = Output()
        out.line(Verdict.csvLine(["campaign", "round"] + Verdict.csvHeader))
        for verdict in collectives + individuals {
            for row in verdict.csvRows { out.line(Verdict.csvLine([campaign.id.value, round?.id.value ?? ""] + row)) }
        }
        return out.content
    }
}

extension CampaignsModule {
    /// A text of `campaign` with its placeholders filled and without emphasis marks.
    public func plainText(_ text: String, in campaign: Campaign) -> String {
        PlanDocument.plain(CampaignText(campaign: campaign, agency: organization.agency).expand(text))
    }
}

/// `thidua evaluate CAMPAIGN [--round ID] [--format text|json|csv]`
public struct EvaluateCommand: HostCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a campaign's criteria for every unit and person its subjects cover.",
        discussion: """
            Prints, for every collective and person the campaign covers, whether it is eligible (đạt), \
            not eligible (không đạt), undecided for lack of data (không đủ dữ liệu) or excluded (không xét), \
            and for each exclusion and criterion the facts used and the outcome. Facts are those of the \
            criteria module for the campaign's (or round's) 'facts_period', by default the year its period ends.
            """)
    public static var moduleID: String? { "campaigns" }

    /// Output formats.
    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json, csv
    }

    @OptionGroup public var hostOptions: HostOptions
    @Argument(help: "The campaign id (see 'thidua campaign list').") public var campaign: String
    @Option(help: "Evaluate one round (đợt) of the campaign.") public var round: String?
    @Option(help: "Output format: text, json or csv.") public var format: Format = .text

    public init() {}

    public mutating func run(in host: LoadedHost) throws {
        guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
        let campaign = try find(self.campaign, in: module)
        var chosen: Round?
        if let round {
            guard let found = campaign.round(round) else {
                let ids = campaign.rounds.map(\.id.value)
                throw ValidationError("the campaign '\(campaign.id.value)' has no round '\(round)'"
                    + (ids.isEmpty ? " (it has no rounds)" : " (rounds: \(ids.joined(separator: ", ")))"))
            }
            chosen = found
        }
        let evaluation = CampaignEvaluation(campaign: campaign, round: chosen, module: module)
        switch format {
        case .text: print(evaluation.text(module: module), terminator: "")
        case .json: print(evaluation.json)
        case .csv: print(evaluation.csv, terminator: "")
        }
    }
}
