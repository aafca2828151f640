import ThiDuaCore
import ThiDuaCriteria
public import ThiDuaOrganization

/// Checks a campaign against itself, the organization and the declared awards. Every problem is
/// a diagnostic at the place it is written.
struct CampaignValidator {
    var organization: Organization
    var awards: [AwardForm]

    func validate(_ campaign: Campaign) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let issued = campaign.document.date.value
        let style = campaign.document.dateStyle

        // Document number: digits only ("05", "123").
        let number = campaign.document.number
        if number.value.isEmpty || !number.value.allSatisfy({ $0.isASCII && $0.isNumber }) {
            diagnostics.append(
                .error(
                    "the document number '\(number.value)' is not a number", at: number.location,
                    hint: "write the number alone (05); the symbol /KH-\(organization.agency.symbol) is added"))
        }

        // Signer.
        let signer = campaign.signer
        if organization.person(signer.person.value) == nil {
            diagnostics.append(unknown("signer", signer.person, among: organization.people.map(\.id)))
        }
        switch signer.authority?.value {
        case nil:
            if let extra = signer.onBehalfOf {
                diagnostics.append(
                    .error(
                        "'on_behalf_of' needs an authority prefix", at: extra.location,
                        hint: "add 'authority: KT.' (or TM., TL., TUQ.), or remove 'on_behalf_of'"))
            }
        case .q?:
            if let extra = signer.onBehalfOf {
                diagnostics.append(
                    .error(
                        "an acting signer (Q.) signs in the title itself; 'on_behalf_of' does not apply",
                        at: extra.location, hint: "remove 'on_behalf_of'; 'title' is the office held (GIÁM ĐỐC)"))
            }
        case let prefix?:
            if signer.onBehalfOf == nil, let authority = signer.authority {
                diagnostics.append(
                    .error(
                        "'\(prefix.rawValue)' needs 'on_behalf_of': the head or body signed for",
                        at: authority.location, hint: "e.g. 'on_behalf_of: GIÁM ĐỐC' for 'KT. GIÁM ĐỐC'"))
            }
        }

        // Legal bases.
        var bases: [String: LegalBasis] = [:]
        for basis in campaign.legalBases {
            if bases[basis.id.value] != nil {
                diagnostics.append(.error("duplicate legal basis id '\(basis.id.value)'", at: basis.id.location))
            } else {
                bases[basis.id.value] = basis
            }
            if basis.date.value > issued {
                diagnostics.append(
                    .error(
                        "the legal basis '\(basis.id.value)' is dated \(VietnameseDate.numeric(basis.date.value)), after the plan (\(VietnameseDate.numeric(issued)))",
                        at: basis.date.location, hint: "a plan can only rest on documents issued before it"))
            }
        }

        // Placeholders in every text, and which bases the text cites.
        let resolver = CampaignText(campaign: campaign, agency: organization.agency)
        var cited: Set<String> = []
        for text in campaign.texts {
            for name in TextTemplate.placeholders(in: text.value) {
                if name.hasPrefix("basis:") {
                    let id = String(name.dropFirst("basis:".count))
                    cited.insert(id)
                    if bases[id] == nil {
                        let suggestion = Suggestion.closest(to: id, in: campaign.legalBases.map(\.id.value))
                        diagnostics.append(
                            .error(
                                "'{\(name)}' names an unknown legal basis", at: text.location,
                                hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'legal_bases:'"))
                    }
                } else if resolver.value(of: name) == nil {
                    let suggestion = Suggestion.closest(to: name, in: CampaignText.names)
                    diagnostics.append(
                        .error(
                            "unknown placeholder '{\(name)}'", at: text.location,
                            hint: suggestion.map { "did you mean '{\($0)}'?" }
                                ?? "placeholders: \(CampaignText.names.map { "{\($0)}" }.joined(separator: ", ")), {basis:ID}; write {{ for a brace"
                        ))
                }
            }
        }
        let allText = campaign.texts.map(\.value).joined(separator: "\n")
        for id in campaign.funding.bases ?? [] {
            if bases[id.value] == nil {
                diagnostics.append(unknown("legal basis", id, among: campaign.legalBases.map(\.id.value)))
            }
            cited.insert(id.value)
        }
        for basis in campaign.legalBases where !cited.contains(basis.id.value) && !allText.contains(basis.number) {
            diagnostics.append(
                .warning(
                    "the legal basis '\(basis.id.value)' (\(basis.number)) is never cited in the plan's text",
                    at: basis.id.location, hint: "cite it with {basis:\(basis.id.value)} or remove it"))
        }

        // CampaignPeriod and rounds.
        let period = campaign.period
        let first = period.firstDay(issued: issued)
        if period.lastDay < first {
            diagnostics.append(
                .error(
                    "the period ends (\(VietnameseDate.numeric(period.lastDay))) before it starts (\(VietnameseDate.numeric(first)))",
                    at: period.endLocation,
                    hint: period.start == nil ? "without 'start' the period starts on the issue date" : nil))
        }
        diagnostics += wording(period.text, deadline: period.end, names: ["end", "end.day_month"], what: "the period's end")
        var roundIDs: [String: SourceLocation] = [:]
        for round in campaign.rounds {
            if let firstAt = roundIDs[round.id.value] {
                diagnostics.append(.error("duplicate round id '\(round.id.value)' (first at \(firstAt))", at: round.id.location))
            } else {
                roundIDs[round.id.value] = round.id.location
            }
            let roundFirst = round.period.firstDay(issued: issued)
            if round.period.lastDay < roundFirst {
                diagnostics.append(
                    .error(
                        "round '\(round.id.value)' ends (\(VietnameseDate.numeric(round.period.lastDay))) before it starts (\(VietnameseDate.numeric(roundFirst)))",
                        at: round.period.endLocation))
                continue
            }
            if roundFirst < first {
                diagnostics.append(
                    .error(
                        "round '\(round.id.value)' starts on \(VietnameseDate.numeric(roundFirst)), before the campaign (\(VietnameseDate.numeric(first)))",
                        at: round.period.startLocation, hint: "rounds lie inside the campaign's period"))
            }
            if round.period.lastDay > period.lastDay {
                diagnostics.append(
                    .error(
                        "round '\(round.id.value)' ends on \(VietnameseDate.numeric(round.period.lastDay)), after the campaign (\(VietnameseDate.numeric(period.lastDay)))",
                        at: round.period.endLocation, hint: "rounds lie inside the campaign's period"))
            }
            diagnostics += wording(
                round.period.text, deadline: round.period.end, names: ["end", "end.day_month"], what: "the round's end")
        }
        let ordered = campaign.rounds.sorted { $0.period.firstDay(issued: issued) < $1.period.firstDay(issued: issued) }
        for (earlier, later) in zip(ordered, ordered.dropFirst())
        where later.period.firstDay(issued: issued) <= earlier.period.lastDay
            && earlier.period.lastDay >= earlier.period.firstDay(issued: issued)
        {
            diagnostics.append(
                .error(
                    "round '\(later.id.value)' starts on \(VietnameseDate.numeric(later.period.firstDay(issued: issued))), while round '\(earlier.id.value)' runs until \(VietnameseDate.numeric(earlier.period.lastDay))",
                    at: later.period.startLocation, hint: "rounds must not overlap"))
        }

        // Subjects.
        let unitIDs = organization.units.map(\.id)
        if let collectives = campaign.subjects.collectives {
            for unit in collectives.units ?? [] where organization.unit(unit.value) == nil {
                diagnostics.append(unknown("unit", unit, among: unitIDs))
            }
            if collectives.units == nil && collectives.unitKinds == nil {
                diagnostics.append(
                    .error(
                        "the collectives need 'unit_kinds' or 'units'", at: campaign.subjects.description.location,
                        hint: "e.g. 'unit_kinds: [division, attached-unit]'"))
            }
        }
        if let individuals = campaign.subjects.individuals {
            for unit in individuals.units ?? [] where organization.unit(unit.value) == nil {
                diagnostics.append(unknown("unit", unit, among: unitIDs))
            }
        }
        if campaign.subjects.collectives == nil && campaign.subjects.individuals == nil {
            diagnostics.append(
                .error(
                    "the campaign has no subjects", at: campaign.subjects.description.location,
                    hint: "add 'collectives:' and/or 'individuals:' with their criteria"))
        }
        let scope = SubjectScope(campaign: campaign, organization: organization)
        if !diagnostics.hasErrors, scope.collectives.isEmpty, scope.individuals.isEmpty {
            diagnostics.append(
                .warning(
                    "no unit or person of the organization is covered by the campaign's subjects",
                    at: campaign.subjects.description.location))
        }
        var criterionIDs: [String: SourceLocation] = [:]
        for criterion in campaign.allCriteria {
            if let firstAt = criterionIDs[criterion.id.value] {
                diagnostics.append(
                    .error("duplicate criterion id '\(criterion.id.value)' (first at \(firstAt))", at: criterion.id.location))
            } else {
                criterionIDs[criterion.id.value] = criterion.id.location
            }
        }

        // Awards.
        if campaign.awards.isEmpty {
            diagnostics.append(
                .error(
                    "the campaign gives no award", at: campaign.id.location,
                    hint: "list at least one under 'awards:'"))
        }
        for choice in campaign.awards {
            guard let form = awards.first(where: { $0.id == choice.award.value }) else {
                diagnostics.append(
                    unknown(
                        "award", choice.award, among: awards.map(\.id),
                        fallback: "declare it in the awards file named by the campaigns module's 'awards' setting"))
                continue
            }
            for kind in choice.for ?? [] where !form.recipients.contains(kind) {
                diagnostics.append(
                    .error(
                        "the award '\(form.id)' is not given to a \(kind.rawValue)", at: choice.award.location,
                        hint:
                            "its declaration (\(form.location)) allows: \(form.recipients.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
        }

        // Dossier.
        let dossier = campaign.dossier
        if let unit = dossier.receivingUnit, organization.unit(unit.value) == nil {
            diagnostics.append(unknown("unit", unit, among: unitIDs))
        }
        if dossier.components.isEmpty {
            diagnostics.append(.warning("the dossier has no components", at: dossier.deadline.location))
        }
        var componentIDs: [String: SourceLocation] = [:]
        for (index, component) in dossier.components.enumerated() {
            if let first = componentIDs[component.id.value] {
                diagnostics.append(
                    .error(
                        "duplicate component id '\(component.id.value)' (first at \(first))", at: component.id.location,
                        hint: "each document of the dossier needs its own id"))
            } else {
                componentIDs[component.id.value] = component.id.location
            }
            if component.withPrevious, index == 0 {
                diagnostics.append(.error("the first component cannot be printed 'with_previous'", at: component.id.location))
            }
            if component.per == .dossier, component.for != nil {
                diagnostics.append(
                    .error(
                        "'for' applies to components 'per: nominee' only", at: component.id.location,
                        hint: "a 'per: dossier' document is needed once, whoever is nominated"))
            }
        }
        if dossier.deadline.value.lastAcceptedDay < period.lastDay {
            diagnostics.append(
                .warning(
                    "dossiers are due (\(dossier.deadline.value.vietnamese(style: style))) before the campaign ends (\(VietnameseDate.numeric(period.lastDay)))",
                    at: dossier.deadline.location, hint: "results are usually nominated after the period"))
        }
        diagnostics += wording(
            dossier.text, deadline: dossier.deadline.value, names: ["deadline.date", "deadline.day_month"],
            what: "the dossier deadline")

        // Responsibilities.
        for responsibility in campaign.responsibilities {
            for unit in responsibility.units ?? [] where organization.unit(unit.value) == nil {
                diagnostics.append(unknown("unit", unit, among: unitIDs))
            }
        }

        // Recipients: the archive copy ends the list.
        if !campaign.recipients.isEmpty, !campaign.recipients.contains(where: { $0.value.hasPrefix("Lưu") }) {
            diagnostics.append(
                .warning(
                    "the recipients have no archive entry ('Lưu VT.')", at: campaign.recipients[0].location,
                    hint: "Decree 30/2020 ends 'Nơi nhận' with the archive copy"))
        }
        return diagnostics
    }

    /// "trước ngày {X}" must go with an exclusive deadline, "đến (hết) ngày {X}" with an inclusive one.
    func wording(_ text: Located<String>?, deadline: Deadline, names: [String], what: String) -> [Diagnostic] {
        guard let text else { return [] }
        let plain = text.value.filter { $0 != "*" && $0 != "_" }
        var diagnostics: [Diagnostic] = []
        for name in names {
            if plain.contains("trước ngày {\(name)}"), !deadline.isExclusive {
                diagnostics.append(
                    .error(
                        "the text says \"trước ngày {\(name)}\" (that day excluded), but \(what) includes \(VietnameseDate.numeric(deadline.date))",
                        at: text.location, hint: "write \"đến hết ngày {\(name)}\", or make the deadline exclusive ('before:')"))
            }
            if plain.contains("đến hết ngày {\(name)}") || plain.contains("đến ngày {\(name)}"), deadline.isExclusive {
                diagnostics.append(
                    .error(
                        "the text says \"đến ngày {\(name)}\" (that day included), but \(what) excludes \(VietnameseDate.numeric(deadline.date))",
                        at: text.location, hint: "write \"trước ngày {\(name)}\", or make the deadline inclusive ('until:')"))
            }
        }
        return diagnostics
    }

    private func unknown(_ what: String, _ id: Located<String>, among ids: [String], fallback: String? = nil) -> Diagnostic {
        let suggestion = Suggestion.closest(to: id.value, in: ids)
        return .error(
            "unknown \(what) '\(id.value)'", at: id.location,
            hint: suggestion.map { "did you mean '\($0)'?" } ?? fallback)
    }
}

extension Campaign {
    /// Every text of the plan that may hold placeholders.
    var texts: [Located<String>] {
        var texts = preamble + purposes + requirements + [subjects.description]
        texts += allCriteria.map { Located($0.title, at: $0.location) }
        texts += allExclusions.map { Located($0.title, at: $0.location) }
        if let text = period.text { texts.append(text) }
        for round in rounds { if let text = round.period.text { texts.append(text) } }
        texts += dossier.components.map(\.title)
        if let text = dossier.text { texts.append(text) }
        texts += [funding.rates, funding.source]
        for responsibility in responsibilities { texts += [responsibility.party] + responsibility.duties }
        if let closing { texts.append(closing) }
        return texts + recipients
    }
}

/// The units and people a campaign's subjects cover.
public struct SubjectScope: Sendable {
    public var collectives: [Unit]
    public var individuals: [Person]

    public init(campaign: Campaign, organization: Organization) {
        collectives = Self.collectives(of: campaign, in: organization)
        if let filter = IndividualFilter(campaign: campaign, organization: organization) {
            individuals = organization.people.filter(filter.covers)
        } else {
            individuals = []
        }
    }

    /// The units a campaign's collective subjects cover.
    public static func collectives(of campaign: Campaign, in organization: Organization) -> [Unit] {
        guard let subjects = campaign.subjects.collectives else { return [] }
        if let ids = subjects.units { return ids.compactMap { organization.unit($0.value) } }
        let kinds = Set(subjects.unitKinds ?? [])
        return organization.units.filter { kinds.contains($0.kind) }
    }

    /// Which people a campaign's individual subjects cover, person by person (without building
    /// the list).
    public struct IndividualFilter: Sendable {
        let kinds: Set<Person.Kind>
        let unitIDs: Set<String>?
        /// The units of the kinds asked for (so that no unit is copied per person).
        let unitsOfKinds: Set<String>?

        /// Nil when the campaign has no individual subjects.
        public init?(campaign: Campaign, organization: Organization) {
            guard let subjects = campaign.subjects.individuals else { return nil }
            kinds = Set(subjects.personKinds)
            unitIDs = subjects.units.map { Set($0.map(\.value)) }
            unitsOfKinds = subjects.unitKinds.map { unitKinds in
                let wanted = Set(unitKinds)
                return Set(
                    organization.units.compactMap { organization.unit($0.id) }.filter { wanted.contains($0.kind) }.map(\.id))
            }
        }

        public func covers(_ person: Person) -> Bool {
            guard kinds.contains(person.kind) else { return false }
            if let unitIDs, !unitIDs.contains(person.unit) { return false }
            if let unitsOfKinds, !unitsOfKinds.contains(person.unit) { return false }
            return true
        }
    }
}
