public import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCriteria
public import ThiDuaDossiers
import ThiDuaOrganization

/// One award to one recipient with its money, as an estimate or a report lists it.
public struct BudgetLine: Sendable {
    /// The decision's number (reports); nil in estimates.
    public var decision: String?
    public var recipient: String
    /// The unit's or person's name ("Phòng Quản lý xây dựng", "Trần Thị Mai").
    public var name: String
    public var unit: String
    public var unitName: String
    /// The award's name ("Giấy khen của Giám đốc Sở").
    public var awardName: String
    public var payment: Payment
    /// Whether every figure behind the amount is confirmed by the official text.
    public var confirmed: Bool
}

/// Sums of lines: per award (and kind of recipient), per unit and in total — each computed from the
/// lines and checked against the others, never assumed.
public struct BudgetTotals: Sendable {
    /// One group's sum.
    public struct Group: Sendable, Hashable {
        /// `award` or `award/collective` for awards; the unit id for units.
        public var key: String
        public var name: String
        public var count: Int
        public var amount: Int64
    }

    public var byAward: [Group]
    public var byUnit: [Group]
    /// The sum of every line.
    public var total: Int64
    /// Totals that do not agree (a stated total that does not match its lines, sums that differ).
    public var problems: [String]

    /// Sums `lines` in their order (groups in order of first appearance) and cross-checks them.
    public init(lines: [BudgetLine]) {
        var problems: [String] = []
        func groups(_ key: (BudgetLine) -> (String, String)) -> [Group] {
            var result: [Group] = []
            var index: [String: Int] = [:]
            for line in lines {
                let (id, name) = key(line)
                if let position = index[id] {
                    let (sum, overflow) = result[position].amount.addingReportingOverflow(line.payment.amount)
                    if overflow { problems.append("the sum of '\(id)' is out of range") }
                    result[position].amount = sum
                    result[position].count += 1
                } else {
                    index[id] = result.count
                    result.append(Group(key: id, name: name, count: 1, amount: line.payment.amount))
                }
            }
            return result
        }
        byAward = groups { line in
            let kind = line.payment.collective ? "collective" : "individual"
            return ("\(line.payment.award)/\(kind)", "\(line.awardName) (\(line.payment.collective ? "tập thể" : "cá nhân"))")
        }
        byUnit = groups { ($0.unit, $0.unitName) }
        let total = VND.sum(lines.map(\.payment.amount))
        if total == nil { problems.append("the total is out of range") }
        self.total = total ?? 0
        let awardSum = VND.sum(byAward.map(\.amount))
        let unitSum = VND.sum(byUnit.map(\.amount))
        if let total, awardSum != total {
            problems.append(
                "the totals per award add up to \(awardSum.map(VND.text) ?? "more than can be counted"), not to the total \(VND.text(total))"
            )
        }
        if let total, unitSum != total {
            problems.append(
                "the totals per unit add up to \(unitSum.map(VND.text) ?? "more than can be counted"), not to the total \(VND.text(total))"
            )
        }
        if byAward.map(\.count).reduce(0, +) != lines.count || byUnit.map(\.count).reduce(0, +) != lines.count {
            problems.append("the groups do not count every line once")
        }
        self.problems = problems
    }
}

/// An estimate (dự toán) or a report (báo cáo) of a campaign's reward money.
public struct BudgetSheet: Sendable {
    public enum Kind: String, Sendable { case estimate, report }

    /// A recorded decision's header and its totals (reports).
    public struct Decision: Sendable {
        public var number: String
        public var date: CalendarDate
        public var signer: String
        public var lineCount: Int
        /// The total stored with the decision.
        public var statedTotal: Int64
        /// The sum of its lines.
        public var linesTotal: Int64
    }

    public var kind: Kind
    public var campaign: Campaign
    /// The decision date the estimate is for (estimates).
    public var decisionDate: CalendarDate?
    /// The pack and base salary of that date (estimates).
    public var pack: LegalPack?
    public var baseSalary: BaseSalaryRow?
    /// Where the nominees come from, in Vietnamese.
    public var nominees: String
    public var decisions: [Decision]
    public var lines: [BudgetLine]
    public var totals: BudgetTotals
    /// The campaign's funding source (its plan's "Kinh phí").
    public var fundSource: String
    /// The fund's available amount, when configured.
    public var available: Int64?
    /// Notes in Vietnamese (principles applied, unconfirmed figures).
    public var notes: [String]

    /// How much the total exceeds the available amount (nil when within it or not configured).
    public var shortfall: Int64? {
        guard let available, totals.total > available else { return nil }
        return totals.total - available
    }

    /// Problems of the totals, and of each decision whose stated total is not the sum of its lines.
    public var problems: [String] {
        totals.problems
            + decisions.compactMap { decision in
                decision.statedTotal == decision.linesTotal
                    ? nil
                    : "decision \(decision.number) states a total of \(VND.text(decision.statedTotal)), but its \(decision.lineCount) lines add up to \(VND.text(decision.linesTotal))"
            }
    }
}

/// A unit or person who may be awarded, and the awards proposed.
public struct BudgetNominee: Sendable, Hashable {
    public var subject: String
    public var collective: Bool
    public var unit: String
    public var awards: [String]

    public init(subject: String, collective: Bool, unit: String, awards: [String]) {
        self.subject = subject
        self.collective = collective
        self.unit = unit
        self.awards = awards
    }
}

extension BudgetModule {
    /// The eligible nominees of `campaign` by the criteria: every unit and person the campaign
    /// covers whose verdict is `passed`, with every award the campaign offers to their kind.
    public func eligibleNominees(of campaign: Campaign) -> [BudgetNominee] {
        let evaluation = CampaignEvaluation(campaign: campaign, round: nil, module: campaigns)
        let offers = Self.offers(of: campaign, awards: campaigns.awards)
        func awards(_ kind: SubjectKind) -> [String] { offers.filter { $0.kinds.contains(kind) }.map(\.award.id) }
        var nominees: [BudgetNominee] = []
        for verdict in evaluation.collectives + evaluation.individuals where verdict.eligible == .passed {
            switch verdict.subject {
            case .unit(let unit):
                nominees.append(BudgetNominee(subject: unit.id, collective: true, unit: unit.id, awards: awards(.collective)))
            case .person(let person):
                nominees.append(
                    BudgetNominee(subject: person.id, collective: false, unit: person.unit, awards: awards(.individual)))
            }
        }
        return nominees.filter { !$0.awards.isEmpty }
    }

    /// The nominees of `campaign`'s accepted dossiers whose verdict is `passed`, each with the
    /// awards proposed for them; the number of accepted dossiers.
    public func acceptedNominees(of campaign: Campaign, dossiers: [DossierRecord]) -> (nominees: [BudgetNominee], dossiers: Int) {
        var nominees: [BudgetNominee] = []
        var index: [String: Int] = [:]
        let accepted = dossiers.filter { $0.campaign == campaign.id.value && $0.status == .accepted }
        for dossier in accepted {
            for nominee in dossier.nominees where nominee.verdict == .passed {
                let collective = nominee.kind == .collective
                let unit = collective ? nominee.subject : (organization.person(nominee.subject)?.unit ?? dossier.unit)
                let key = "\(collective ? "u" : "p"):\(nominee.subject)"
                if let position = index[key] {
                    if !nominees[position].awards.contains(nominee.award) { nominees[position].awards.append(nominee.award) }
                } else {
                    index[key] = nominees.count
                    nominees.append(
                        BudgetNominee(subject: nominee.subject, collective: collective, unit: unit, awards: [nominee.award]))
                }
            }
        }
        return (nominees, accepted.count)
    }

    /// The money needed if every nominee is awarded on `decisionDate`. Throws a ``BudgetError``
    /// when an award has no legal row for that date (never counts it as zero).
    public func estimate(
        campaign: Campaign, decisionDate: CalendarDate, nominees: [BudgetNominee], nomineeSource: String
    ) throws(BudgetError) -> BudgetSheet {
        var lines: [BudgetLine] = []
        var notes: [String] = []
        var unconfirmed: Set<String> = []
        for nominee in nominees {
            var nomineeLines: [(line: BudgetLine, kind: AwardKind)] = []
            for award in nominee.awards {
                let explanation = try explanation(award: award, collective: nominee.collective, decisionDate: decisionDate)
                if !explanation.isConfirmed { unconfirmed.insert(award + (nominee.collective ? " (tập thể)" : " (cá nhân)")) }
                nomineeLines.append(
                    (line(for: nominee, payment: explanation.payment, confirmed: explanation.isConfirmed), explanation.row.kind))
            }
            let hasBoth = nomineeLines.contains { $0.kind == .title } && nomineeLines.contains { $0.kind == .form }
            if hasBoth, let pack = legal.pack(on: decisionDate) {
                let name = nomineeLines.first?.line.name ?? nominee.subject
                switch pack.titleAndForm.paid {
                case .both:
                    notes.append(
                        "\(name): được tặng cả danh hiệu thi đua và hình thức khen thưởng, được nhận tiền thưởng của cả hai (\(pack.titleAndForm.basis))."
                    )
                case .higher:
                    let kept = nomineeLines.max { $0.line.payment.amount < $1.line.payment.amount }
                    if let kept {
                        nomineeLines = nomineeLines.filter { $0.line.payment.award == kept.line.payment.award }
                        notes.append(
                            "\(name): được tặng cả danh hiệu thi đua và hình thức khen thưởng; chỉ nhận mức cao hơn (\(kept.line.awardName)) theo \(pack.titleAndForm.basis)."
                        )
                    }
                }
            }
            lines += nomineeLines.map(\.line)
        }
        if !unconfirmed.isEmpty {
            notes.append(
                "Hệ số chưa được xác nhận theo văn bản chính thức (confirmed: false): \(unconfirmed.sorted().joined(separator: ", "))."
            )
        }
        let settings = campaignSettings[campaign.id.value]
        return BudgetSheet(
            kind: .estimate, campaign: campaign, decisionDate: decisionDate, pack: legal.pack(on: decisionDate),
            baseSalary: legal.baseSalary(on: decisionDate), nominees: nomineeSource, decisions: [], lines: lines,
            totals: BudgetTotals(lines: lines), fundSource: campaign.funding.source.value, available: settings?.available?.value,
            notes: notes)
    }

    /// The amounts recorded for `campaign`'s decisions, with each decision's stated total checked
    /// against its lines.
    public func report(campaign: Campaign, decisions: [RecordedDecision]) -> BudgetSheet {
        var lines: [BudgetLine] = []
        var headers: [BudgetSheet.Decision] = []
        for recorded in decisions {
            let decision = recorded.decision
            for entry in decision.lines {
                let nominee = BudgetNominee(
                    subject: entry.recipient, collective: entry.collective, unit: entry.unit, awards: [entry.payment.award])
                var line = line(for: nominee, payment: entry.payment, confirmed: true)
                line.decision = decision.number
                lines.append(line)
            }
            headers.append(
                BudgetSheet.Decision(
                    number: decision.number, date: decision.date, signer: decision.signer, lineCount: decision.lines.count,
                    statedTotal: recorded.recordedTotal, linesTotal: decision.linesTotal ?? 0))
        }
        let settings = campaignSettings[campaign.id.value]
        return BudgetSheet(
            kind: .report, campaign: campaign, decisionDate: nil, pack: nil, baseSalary: nil,
            nominees: "\(decisions.count) quyết định khen thưởng đã ghi nhận", decisions: headers, lines: lines,
            totals: BudgetTotals(lines: lines), fundSource: campaign.funding.source.value, available: settings?.available?.value,
            notes: [])
    }

    private func line(for nominee: BudgetNominee, payment: Payment, confirmed: Bool) -> BudgetLine {
        let name = nominee.collective ? organization.unit(nominee.subject)?.name : organization.person(nominee.subject)?.fullName
        return BudgetLine(
            decision: nil, recipient: nominee.subject, name: name ?? nominee.subject, unit: nominee.unit,
            unitName: organization.unit(nominee.unit)?.name ?? nominee.unit,
            awardName: award(payment.award)?.name ?? payment.award,
            payment: payment, confirmed: confirmed)
    }
}
