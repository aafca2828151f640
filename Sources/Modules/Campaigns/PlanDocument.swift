import ThiDuaCore
import ThiDuaCriteria
public import ThiDuaOrganization

/// A campaign laid out as a plan document (kế hoạch) in the Decree 30/2020 layout: the shared
/// ``OfficialDocument`` built from a campaign file.
public typealias PlanDocument = OfficialDocument

extension OfficialDocument {
    /// Lays out `campaign` for `organization`'s agency.
    public init(campaign: Campaign, organization: Organization, awards: [AwardForm]) {
        let agency = organization.agency
        let text = CampaignText(campaign: campaign, agency: agency)
        let headings = campaign.headings
        let document = campaign.document
        superior = agency.superior
        self.agency = agency.name
        numberLine = "Số: \(document.symbol(agency: agency))"
        placeAndDate = VietnameseDate.placeAndDate(place: agency.place, document.date.value)
        typeName = document.typeName
        summary = text.expand(document.summary.value)

        var body: [Block] = campaign.preamble.map { .paragraph(text.expand($0.value)) }
        let roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        var section = 0
        func open(_ title: String) {
            body.append(.heading(level: 1, number: roman[min(section, roman.count - 1)] + ".", title: title, runIn: nil))
            section += 1
        }

        // I. Purposes and requirements.
        if !campaign.purposes.isEmpty || !campaign.requirements.isEmpty {
            open(headings.purposesAndRequirements)
            var item = 0
            for (title, paragraphs) in [(headings.purposes, campaign.purposes), (headings.requirements, campaign.requirements)]
            where !paragraphs.isEmpty {
                item += 1
                body.append(.heading(level: 2, number: "\(item).", title: title, runIn: nil))
                body += paragraphs.map { .paragraph(text.expand($0.value)) }
            }
        }

        // II. Subjects, criteria, period.
        open(headings.subjectsCriteriaPeriod)
        body.append(.heading(level: 2, number: "1.", title: headings.subjects, runIn: nil))
        body.append(.paragraph(text.expand(campaign.subjects.description.value)))
        body.append(.heading(level: 2, number: "2.", title: headings.criteria, runIn: nil))
        var group = 0
        let groups: [(String, [Criterion], [Exclusion])] = [
            campaign.subjects.collectives.map { ($0.heading ?? headings.collectives, $0.criteria, $0.exclusions ?? []) },
            campaign.subjects.individuals.map { ($0.heading ?? headings.individuals, $0.criteria, $0.exclusions ?? []) },
        ].compactMap { $0 }
        for (title, criteria, exclusions) in groups {
            group += 1
            body.append(.heading(level: 3, number: "2.\(group).", title: title, runIn: nil))
            body += criteria.map { .bullet(text.expand($0.title)) }
            if !exclusions.isEmpty {
                body.append(.paragraph(headings.exclusions))
                body += exclusions.map { .bullet(text.expand($0.title)) }
            }
        }
        let issued = document.date.value
        let periodText =
            campaign.period.text.map { text.expand($0.value) }
            ?? Self.defaultPeriodText(campaign.period, issued: issued, typeName: document.typeName, style: document.dateStyle)
        body.append(.heading(level: 2, number: "3.", title: headings.period, runIn: periodText))
        for round in campaign.rounds {
            let roundText =
                round.period.text.map { text.expand($0.value, period: round.period) }
                ?? "\(round.name): "
                + Self.defaultPeriodText(round.period, issued: issued, typeName: nil, style: document.dateStyle)
            body.append(.bullet(roundText))
        }

        // III. Commendation.
        open(headings.commendation)
        let awardNames = campaign.awards.map { choice in
            choice.name ?? awards.first { $0.id == choice.award.value }?.name ?? choice.award.value
        }
        if awardNames.count == 1 {
            body.append(.heading(level: 2, number: "1.", title: headings.awards, runIn: awardNames[0] + "."))
        } else {
            body.append(.heading(level: 2, number: "1.", title: headings.awards, runIn: nil))
            for (index, name) in awardNames.enumerated() {
                body.append(.bullet(name + (index + 1 == awardNames.count ? "." : ";")))
            }
        }
        body.append(.heading(level: 2, number: "2.", title: headings.dossier, runIn: nil))
        var items: [String] = []
        for component in campaign.dossier.components {
            let title = text.expand(component.title.value)
            if component.withPrevious, let last = items.popLast() {
                items.append(last + " + " + title)
            } else {
                items.append(title)
            }
        }
        body += items.map { .bullet($0) }
        body.append(.heading(level: 2, number: "3.", title: headings.deadline, runIn: nil))
        body.append(
            .paragraph(text.expand(campaign.dossier.text?.value ?? "Hồ sơ đề nghị khen thưởng gửi về {submit_to} {deadline}.")))

        // IV. Money.
        open(headings.funding)
        body.append(.heading(level: 2, number: "1.", title: headings.rates, runIn: nil))
        body.append(.paragraph(text.expand(campaign.funding.rates.value)))
        body.append(.heading(level: 2, number: "2.", title: headings.source, runIn: text.expand(campaign.funding.source.value)))

        // V. Implementation.
        if !campaign.responsibilities.isEmpty {
            open(headings.implementation)
            for (index, responsibility) in campaign.responsibilities.enumerated() {
                let party = text.expand(responsibility.party.value)
                body.append(
                    .heading(level: 2, number: "\(index + 1).", title: party.hasSuffix(":") ? party : party + ":", runIn: nil))
                body += responsibility.duties.map { .paragraph(text.expand($0.value)) }
            }
        }
        if let closing = campaign.closing { body.append(.paragraph(text.expand(closing.value))) }
        self.body = body

        recipientsHeading = headings.recipients
        recipients = campaign.recipients.map { text.expand($0.value) }
        signatures = [
            Signature(
                titleLines: campaign.signer.titleLines,
                name: organization.person(campaign.signer.person.value)?.fullName ?? campaign.signer.person.value)
        ]
        addressees = []
        appendix = []
    }

    /// "Kể từ ngày ban hành Kế hoạch đến hết ngày 30/11/2024." or "từ ngày 05/9/2024 đến hết ngày 15/01/2025."
    static func defaultPeriodText(
        _ period: CampaignPeriod, issued: CalendarDate, typeName: String?, style: VietnameseDate.NumericStyle
    ) -> String {
        let end = period.end.isExclusive ? "đến trước ngày " : "đến hết ngày "
        let endDate = VietnameseDate.numeric(period.end.date, style: style)
        if period.start == nil, let typeName {
            return "Kể từ ngày ban hành \(sentenceCase(typeName)) \(end)\(endDate)."
        }
        return "từ ngày \(VietnameseDate.numeric(period.firstDay(issued: issued), style: style)) \(end)\(endDate)."
    }

    /// "KẾ HOẠCH" → "Kế hoạch".
    public static func sentenceCase(_ text: String) -> String {
        guard let first = text.first else { return text }
        return String(first) + text.dropFirst().lowercased()
    }
}
