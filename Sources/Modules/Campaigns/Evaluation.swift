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
    /// How many exclusions and criteria were evaluated: every criterion of every subject not
    /// excluded, and the exclusions checked until one applied (members rules count once, not once
    /// per member).
    public var criterionEvaluations: Int

    /// Evaluates with the criteria module's evaluator. Criteria titles are shown as the plan
    /// prints them (placeholders filled, without emphasis marks).
    public init(campaign: Campaign, round: Round?, module: CampaignsModule) {
        self.campaign = campaign
        self.round = round
        let period = campaign.evaluationPeriod(round: round)
        self.period = period
        let evaluator = module.criteria.evaluator
        var evaluations = 0
        if campaign.subjects.collectives != nil {
            let rules = module.evaluationRules(of: campaign, for: .collective)
            let compiled = evaluator.compile(criteria: rules.criteria, exclusions: rules.exclusions, subject: .collective)
            let units = SubjectScope.collectives(of: campaign, in: module.organization)
            collectives = evaluator.evaluate(
                compiled, subjects: units.map { .unit($0) }, period: period, evaluations: &evaluations)
        } else {
            collectives = []
        }
        if campaign.subjects.individuals != nil,
            let filter = SubjectScope.IndividualFilter(campaign: campaign, organization: module.organization)
        {
            let rules = module.evaluationRules(of: campaign, for: .individual)
            let compiled = evaluator.compile(criteria: rules.criteria, exclusions: rules.exclusions, subject: .individual)
            // Person by person: no list of the people covered, no copy of a person but the verdict's.
            var batch = evaluator.batch(compiled, period: period)
            var individuals: [Verdict] = []
            for (position, person) in module.organization.people.enumerated() where filter.covers(person) {
                individuals.append(batch.evaluate(person, rosterPosition: position))
            }
            self.individuals = individuals
            evaluations += batch.evaluations
        } else {
            individuals = []
        }
        criterionEvaluations = evaluations
    }

    /// "đạt 3, không đạt 2, không đủ dữ liệu 1, không xét 1".
    static func counts(_ verdicts: [Verdict]) -> String {
        Outcome.allCases.map { outcome in "\(outcome.vietnamese) \(verdicts.filter { $0.eligible == outcome }.count)" }
            .joined(separator: ", ")
    }

    /// Writes the evaluation in `format`: text (the campaign, then each group with its counts and
    /// verdicts), CSV (`campaign,round,` then ``Verdict/csvHeader``) or JSON (`campaign`, `round`,
    /// `period`, `collectives`, `individuals`). Members rules are summed up unless `members`.
    /// Flushes `output` whenever it holds a chunk.
    public func write(format: VerdictWriter.Format, members: Bool = false, module: CampaignsModule, to output: inout OutputBuffer)
    {
        var writer = VerdictWriter(
            format: format, members: members, csvPrefix: [campaign.id.value, round?.id.value ?? ""],
            output: OutputBuffer())
        swap(&writer.output, &output)
        defer { swap(&writer.output, &output) }
        switch format {
        case .text:
            let document = campaign.document
            let issued = document.date.value
            let span = round?.period ?? campaign.period
            writer.output.append(
                "\(document.typeName) số \(document.symbol(agency: module.organization.agency)) — \(campaign.displayName)\n")
            writer.output.append(
                (round.map { "\($0.name) (\($0.id.value))" } ?? "Toàn phong trào")
                    + ": \(VietnameseDate.numeric(span.firstDay(issued: issued))) – \(VietnameseDate.numeric(span.lastDay)); dữ kiện năm \(period)\n"
            )
            var groups: [(String, [Verdict])] = []
            if campaign.subjects.collectives != nil { groups.append(("Tập thể", collectives)) }
            if campaign.subjects.individuals != nil { groups.append(("Cá nhân", individuals)) }
            for (title, verdicts) in groups {
                writer.output.append("\n\(title) (\(verdicts.count)): \(Self.counts(verdicts))\n")
                for verdict in verdicts {
                    writer.output.appendNewline()
                    writer.write(verdict)
                    writer.output.flushIfFull()
                }
            }
        case .csv:
            writer.writeCSVHeader(prefix: ["campaign", "round"])
            for verdicts in [collectives, individuals] {
                for verdict in verdicts {
                    writer.write(verdict)
                    writer.output.flushIfFull()
                }
            }
        case .json:
            writer.output.append("{\n  \"campaign\": ")
            writer.output.appendJSON(campaign.id.value)
            writer.output.append(",\n  \"round\": ")
            if let round {
                writer.output.append("{\n    \"id\": ")
                writer.output.appendJSON(round.id.value)
                writer.output.append(",\n    \"name\": ")
                writer.output.appendJSON(round.name)
                writer.output.append("\n  }")
            } else {
                writer.output.append("null")
            }
            writer.output.append(",\n  \"period\": ")
            writer.output.append(period.year)
            writer.output.append(",\n  \"collectives\": ")
            writer.writeJSONArray(collectives, indent: 2)
            writer.output.append(",\n  \"individuals\": ")
            writer.writeJSONArray(individuals, indent: 2)
            writer.output.append("\n}\n")
        }
    }

    /// The evaluation as one text (see ``write(format:members:module:to:)``).
    public func rendered(_ format: VerdictWriter.Format, members: Bool = false, module: CampaignsModule) -> String {
        var output = OutputBuffer()
        write(format: format, members: members, module: module, to: &output)
        return output.text
    }

    /// The text output.
    public func text(module: CampaignsModule, members: Bool = false) -> String {
        rendered(.text, members: members, module: module)
    }
}

extension CampaignsModule {
    /// A text of `campaign` with its placeholders filled and without emphasis marks.
    public func plainText(_ text: String, in campaign: Campaign) -> String {
        PlanDocument.plain(CampaignText(campaign: campaign, agency: organization.agency).expand(text))
    }

    /// The criteria and exclusions of `campaign` for one kind of subject, titled as the plan prints
    /// them (placeholders filled, no emphasis marks, without the list punctuation that ends them
    /// there): what evaluations explain with.
    public func evaluationRules(of campaign: Campaign, for subject: SubjectKind) -> (
        criteria: [Criterion], exclusions: [Exclusion]
    ) {
        let criteria: [Criterion]
        let exclusions: [Exclusion]
        switch subject {
        case .collective:
            criteria = campaign.subjects.collectives?.criteria ?? []
            exclusions = campaign.subjects.collectives?.exclusions ?? []
        case .individual:
            criteria = campaign.subjects.individuals?.criteria ?? []
            exclusions = campaign.subjects.individuals?.exclusions ?? []
        }
        func titled(_ rules: [Criterion]) -> [Criterion] {
            rules.map { rule in
                var title = Substring(plainText(rule.title, in: campaign))
                while let last = title.last, last == ";" || last == "." || last == " " { title.removeLast() }
                return Criterion(id: rule.id, title: String(title), rule: rule.rule, location: rule.location)
            }
        }
        return (titled(criteria), titled(exclusions))
    }
}

/// `thidua evaluate CAMPAIGN [--round ID] [--format text|json|csv] [--members] [--timing]`
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
    public typealias Format = VerdictWriter.Format

    @OptionGroup public var hostOptions: HostOptions
    @Argument(help: "The campaign id (see 'thidua campaign list').") public var campaign: String
    @Option(help: "Evaluate one round (đợt) of the campaign.") public var round: String?
    @Option(help: "Output format: text, json or csv.") public var format: Format = .text
    @Flag(
        help:
            "Under criteria over a collective's members, list every member with its own facts and outcome (by default: the counts, the members missing data or failing, and the facts read)."
    )
    public var members = false
    @Flag(
        help:
            "Print on standard error the time of each phase (load, evaluation, output), the number of criterion evaluations and their rate per second."
    )
    public var timing = false

    public init() {}

    public mutating func run(in host: LoadedHost) throws {
        guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
        let campaign = try find(self.campaign, in: module)
        var chosen: Round?
        if let round {
            guard let found = campaign.round(round) else {
                let ids = campaign.rounds.map(\.id.value)
                throw ValidationError(
                    "the campaign '\(campaign.id.value)' has no round '\(round)'"
                        + (ids.isEmpty ? " (it has no rounds)" : " (rounds: \(ids.joined(separator: ", ")))"))
            }
            chosen = found
        }
        let evaluating = ContinuousClock.now
        let evaluation = CampaignEvaluation(campaign: campaign, round: chosen, module: module)
        let evaluated = ContinuousClock.now
        var output = OutputBuffer(fileDescriptor: 1)
        evaluation.write(format: format, members: members, module: module, to: &output)
        try output.finish()
        let written = ContinuousClock.now
        if timing {
            var report = OutputBuffer(fileDescriptor: 2)
            report.append(
                Self.timingReport(
                    load: ProcessClock.milliseconds(from: ProcessClock.start, to: evaluating),
                    evaluation: ProcessClock.milliseconds(from: evaluating, to: evaluated),
                    evaluations: evaluation.criterionEvaluations,
                    output: ProcessClock.milliseconds(from: evaluated, to: written)))
            report.flush()
        }
    }

    /// The `--timing` lines: `timing: load 612.3 ms`, `timing: evaluation 8.1 ms`,
    /// `timing: criterion evaluations 246000`, `timing: rate 30370370 per second`,
    /// `timing: output 312.0 ms`, `timing: total 932.5 ms`.
    static func timingReport(load: Double, evaluation: Double, evaluations: Int, output: Double) -> String {
        func milliseconds(_ value: Double) -> String {
            let tenths = Int((max(0, value) * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) ms"
        }
        let rate = evaluation > 0 ? Int((Double(evaluations) / (evaluation / 1000)).rounded()) : 0
        return """
            timing: load \(milliseconds(load))
            timing: evaluation \(milliseconds(evaluation))
            timing: criterion evaluations \(evaluations)
            timing: rate \(rate) per second
            timing: output \(milliseconds(output))
            timing: total \(milliseconds(load + evaluation + output))

            """
    }
}
