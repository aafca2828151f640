public import ThiDuaCore
public import ThiDuaCriteria
public import ThiDuaOrganization

/// One campaign (phong trào thi đua) as its plan (kế hoạch) describes it: one YAML file.
///
/// Everything a plan holds has a key (see docs/modules/campaigns.md); the wording of the plan is
/// kept as written, with placeholders (`{end}`, `{deadline.day_month}`, `{basis:ID}`) where a
/// sentence states a date or a legal basis that the file also holds as data, so the text and the
/// data cannot disagree.
public struct Campaign: Sendable {
    /// Unique among the campaigns of a configuration (`cchc-2024`).
    public var id: Located<String>
    /// A short name for listings; defaults to the summary.
    public var name: String?
    /// Number, date, type, summary of the plan document.
    public var document: DocumentInfo
    public var signer: Signer
    public var legalBases: [LegalBasis]
    /// Opening paragraphs before section I.
    public var preamble: [Located<String>]
    public var purposes: [Located<String>]
    public var requirements: [Located<String>]
    public var subjects: Subjects
    public var period: CampaignPeriod
    /// Rounds (đợt), each with its own period inside the campaign's period.
    public var rounds: [Round]
    public var awards: [AwardChoice]
    public var dossier: DossierRules
    public var funding: Funding
    public var responsibilities: [Responsibility]
    /// The closing sentence ("Trên đây là kế hoạch … ./.").
    public var closing: Located<String>?
    /// Nơi nhận, in order.
    public var recipients: [Located<String>]
    /// Section headings that differ from the usual wording.
    public var headings: Headings
    /// The file the campaign was read from.
    public var file: String

    /// The name for listings.
    public var displayName: String { name ?? document.summary.value }

    /// The year of facts that evaluation reads; by default the year the period ends.
    public var factsPeriod: Located<ThiDuaCriteria.Period>?

    /// Every criterion of the campaign, collectives first.
    public var allCriteria: [Criterion] {
        (subjects.collectives?.criteria ?? []) + (subjects.individuals?.criteria ?? [])
    }

    /// Every exclusion of the campaign, collectives first.
    public var allExclusions: [Exclusion] {
        (subjects.collectives?.exclusions ?? []) + (subjects.individuals?.exclusions ?? [])
    }

    /// The fact year evaluated for the campaign or one of its rounds.
    public func evaluationPeriod(round: Round? = nil) -> ThiDuaCriteria.Period {
        if let round { return round.factsPeriod?.value ?? ThiDuaCriteria.Period(round.period.lastDay.year) }
        return factsPeriod?.value ?? ThiDuaCriteria.Period(period.lastDay.year)
    }

    /// The round with `id`.
    public func round(_ id: String) -> Round? { rounds.first { $0.id.value == id } }
}

extension Campaign: Decodable {
    enum CodingKeys: String, CodingKey {
        case id, name, document, signer, legalBases = "legal_bases", preamble, purposes, requirements, subjects, period,
            rounds, awards, dossier, funding, responsibilities, closing, recipients, headings,
            factsPeriod = "facts_period"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Located<String>.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        document = try container.decode(DocumentInfo.self, forKey: .document)
        signer = try container.decode(Signer.self, forKey: .signer)
        legalBases = try container.decodeIfPresent([LegalBasis].self, forKey: .legalBases) ?? []
        preamble = try container.decodeIfPresent([Located<String>].self, forKey: .preamble) ?? []
        purposes = try container.decodeIfPresent([Located<String>].self, forKey: .purposes) ?? []
        requirements = try container.decodeIfPresent([Located<String>].self, forKey: .requirements) ?? []
        subjects = try container.decode(Subjects.self, forKey: .subjects)
        period = try container.decode(CampaignPeriod.self, forKey: .period)
        rounds = try container.decodeIfPresent([Round].self, forKey: .rounds) ?? []
        awards = try container.decode([AwardChoice].self, forKey: .awards)
        dossier = try container.decode(DossierRules.self, forKey: .dossier)
        funding = try container.decode(Funding.self, forKey: .funding)
        responsibilities = try container.decodeIfPresent([Responsibility].self, forKey: .responsibilities) ?? []
        closing = try container.decodeIfPresent(Located<String>.self, forKey: .closing)
        recipients = try container.decode([Located<String>].self, forKey: .recipients)
        headings = try container.decodeIfPresent(Headings.self, forKey: .headings) ?? Headings()
        factsPeriod = try container.decodeIfPresent(Located<ThiDuaCriteria.Period>.self, forKey: .factsPeriod)
        file = decoder.sourceLocation?.file ?? ""
    }
}

/// The plan as a document: type, number, date, summary (trích yếu).
public struct DocumentInfo: Decodable, Sendable {
    /// The type's abbreviation in the symbol (`KH` for kế hoạch, Decree 30/2020 Appendix III).
    public var type: String
    /// The type's name printed above the summary (`KẾ HOẠCH`).
    public var typeName: String
    /// The number, as written (`05`); digits only.
    public var number: Located<String>
    /// The issue date.
    public var date: Located<CalendarDate>
    /// Trích yếu: "Phát động phong trào thi đua …".
    public var summary: Located<String>
    /// How dates are written in running text.
    public var dateStyle: VietnameseDate.NumericStyle

    enum CodingKeys: String, CodingKey {
        case type, typeName = "type_name", number, date, summary, dateStyle = "date_style"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "KH"
        typeName = try container.decodeIfPresent(String.self, forKey: .typeName) ?? "KẾ HOẠCH"
        number = try container.decode(Located<String>.self, forKey: .number)
        date = try container.decode(Located<CalendarDate>.self, forKey: .date)
        summary = try container.decode(Located<String>.self, forKey: .summary)
        dateStyle = try container.decodeIfPresent(VietnameseDate.NumericStyle.self, forKey: .dateStyle) ?? .padded
    }

    /// "05/KH-SXD".
    public func symbol(agency: Agency) -> String {
        "\(number.value)/\(type)-\(agency.symbol)"
    }
}

/// Who signs: a person of the organization, the title printed, and an optional authority prefix.
public struct Signer: Decodable, Sendable {
    /// The prefixes of Decree 30/2020: on behalf of a collective (TM.), deputy for the head (KT.),
    /// acting (Q.), by order (TL.), by authorisation (TUQ.).
    public enum Authority: String, Decodable, Sendable, CaseIterable {
        case tm = "TM."
        case kt = "KT."
        case q = "Q."
        case tl = "TL."
        case tuq = "TUQ."
    }

    /// A person id of the organization.
    public var person: Located<String>
    /// The signer's own title, upper case ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC").
    public var title: Located<String>
    public var authority: Located<Authority>?
    /// The head or collective the prefix acts for ("GIÁM ĐỐC" in "KT. GIÁM ĐỐC").
    public var onBehalfOf: Located<String>?
    /// Where the signer is written.
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case person, title, authority, onBehalfOf = "on_behalf_of" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        person = try container.decode(Located<String>.self, forKey: .person)
        title = try container.decode(Located<String>.self, forKey: .title)
        authority = try container.decodeIfPresent(Located<Authority>.self, forKey: .authority)
        onBehalfOf = try container.decodeIfPresent(Located<String>.self, forKey: .onBehalfOf)
        location = decoder.sourceLocation ?? .file("")
    }

    /// The lines above the blank space: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC", "GIÁM ĐỐC".
    public var titleLines: [String] {
        switch authority?.value {
        case nil: return [title.value]
        case .q?: return ["Q. \(title.value)"]
        case let prefix?: return ["\(prefix.rawValue) \(onBehalfOf?.value ?? "")", title.value]
        }
    }
}

/// A document the plan is based on (căn cứ): number, date, issuer, title.
public struct LegalBasis: Decodable, Sendable {
    /// How text refers to it: `{basis:ID}`.
    public var id: Located<String>
    /// "Quyết định", "Nghị quyết", "công văn", "Luật" — as the citation starts.
    public var kind: String
    /// "2142/QĐ-UBND".
    public var number: String
    public var date: Located<CalendarDate>
    /// "UBND tỉnh", "Chính phủ".
    public var issuer: String
    /// What it is about ("ban hành Kế hoạch cải cách hành chính …").
    public var title: String
    /// How the text cites it, when the usual "kind số number ngày date của issuer" does not fit
    /// (laws are cited by name and year: "Luật Thi đua, khen thưởng năm 2022").
    public var citation: String?
    /// Whether the citation names the issuer ("… của UBND tỉnh"); false for the agency's own
    /// documents, which plans cite without it. Default true.
    public var citeIssuer: Bool?

    enum CodingKeys: String, CodingKey { case id, kind, number, date, issuer, title, citation, citeIssuer = "cite_issuer" }

    /// "Quyết định số 2142/QĐ-UBND ngày 29/12/2023 của UBND tỉnh".
    public func cited(style: VietnameseDate.NumericStyle) -> String {
        if let citation { return citation }
        let base = "\(kind) số \(number) ngày \(VietnameseDate.numeric(date.value, style: style))"
        return citeIssuer == false ? base : "\(base) của \(issuer)"
    }
}

/// Who competes: collectives (units) and individuals (people), with their criteria.
public struct Subjects: Decodable, Sendable {
    /// The plan's sentence naming the subjects ("Tập thể các phòng chuyên môn …").
    public var description: Located<String>
    public var collectives: CollectiveSubjects?
    public var individuals: IndividualSubjects?
}

/// The units that compete as collectives.
public struct CollectiveSubjects: Decodable, Sendable {
    /// Units of these kinds take part (`division`, `attached-unit`, `leadership`).
    public var unitKinds: [Unit.Kind]?
    /// Or exactly these units (ids).
    public var units: [Located<String>]?
    /// The sub-heading of their criteria ("Đối với tập thể").
    public var heading: String?
    public var criteria: [Criterion]
    /// Conditions that rule a unit out whatever its criteria.
    public var exclusions: [Exclusion]?

    enum CodingKeys: String, CodingKey {
        case unitKinds = "unit_kinds", units, heading, criteria, exclusions
    }
}

/// The people who compete as individuals.
public struct IndividualSubjects: Decodable, Sendable {
    /// People of these kinds take part (`civil-servant`, `public-employee`, `worker`).
    public var personKinds: [Person.Kind]
    /// Only people working in units of these kinds.
    public var unitKinds: [Unit.Kind]?
    /// Or only people of these units.
    public var units: [Located<String>]?
    public var heading: String?
    public var criteria: [Criterion]
    public var exclusions: [Exclusion]?

    enum CodingKeys: String, CodingKey {
        case personKinds = "person_kinds", unitKinds = "unit_kinds", units, heading, criteria, exclusions
    }
}

/// A stretch of days, both ends included.
public struct CampaignPeriod: Sendable, Hashable {
    /// The first day; nil in the file means the plan's issue date.
    public var start: CalendarDate?
    public var end: Deadline
    /// The plan's sentence about the period, with `{start}` and `{end}`.
    public var text: Located<String>?
    public var startLocation: SourceLocation
    public var endLocation: SourceLocation
    public var location: SourceLocation

    /// The first day, given the plan's issue date.
    public func firstDay(issued: CalendarDate) -> CalendarDate { start ?? issued }
    /// The last day included.
    public var lastDay: CalendarDate { end.lastAcceptedDay }

    public func contains(_ day: CalendarDate, issued: CalendarDate) -> Bool {
        firstDay(issued: issued) <= day && day <= lastDay
    }

    public static func == (lhs: CampaignPeriod, rhs: CampaignPeriod) -> Bool {
        lhs.start == rhs.start && lhs.end == rhs.end && lhs.text?.value == rhs.text?.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(end)
    }
}

extension CampaignPeriod: Decodable {
    enum CodingKeys: String, CodingKey { case start, until, before, text }

    /// `{start: 2024-09-05, until: 2025-01-15}` or `{start: …, before: …}`; `start` may be left
    /// out for "from the issue date".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decodeIfPresent(Located<CalendarDate>.self, forKey: .start)
        self.start = start?.value
        location = decoder.sourceLocation ?? .file("")
        startLocation = start?.location ?? location
        text = try container.decodeIfPresent(Located<String>.self, forKey: .text)
        let hasUntil = container.contains(.until)
        let hasBefore = container.contains(.before)
        if hasUntil && hasBefore {
            throw ConfigurationError("a period ends either 'until' a day (included) or 'before' a day (excluded), not both")
        }
        if hasBefore {
            let before = try container.decode(Located<CalendarDate>.self, forKey: .before)
            end = .before(before.value)
            endLocation = before.location
        } else {
            let until = try container.decode(Located<CalendarDate>.self, forKey: .until)
            end = .until(until.value)
            endLocation = until.location
        }
    }
}

/// A round (đợt) of a campaign.
public struct Round: Decodable, Sendable {
    public var id: Located<String>
    /// "Đợt 1".
    public var name: String
    public var period: CampaignPeriod
    /// The year of facts that evaluating this round reads; by default the year the round ends.
    public var factsPeriod: Located<ThiDuaCriteria.Period>?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, name, period, factsPeriod = "facts_period" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Located<String>.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        period = try container.decode(CampaignPeriod.self, forKey: .period)
        factsPeriod = try container.decodeIfPresent(Located<ThiDuaCriteria.Period>.self, forKey: .factsPeriod)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// An award form the campaign gives, pointing at a declared award (for money later).
public struct AwardChoice: Decodable, Sendable {
    /// The id of an award declared in the awards file (`giay-khen-giam-doc-so`).
    public var award: Located<String>
    /// The name as the plan writes it; defaults to the declared name.
    public var name: String?
    /// Collectives, individuals or both (default: what the declared award allows).
    public var `for`: [SubjectKind]?

    enum CodingKeys: String, CodingKey { case award, name, `for` }
}

/// The nomination dossier: what it holds, where it goes and by when.
public struct DossierRules: Decodable, Sendable {
    public var components: [DossierComponent]
    /// "Thường trực Hội đồng thi đua, khen thưởng - Văn phòng Sở".
    public var submitTo: Located<String>
    /// A unit that receives dossiers (optional, checked against the organization).
    public var receivingUnit: Located<String>?
    public var deadline: Located<Deadline>
    /// The plan's sentence, with `{submit_to}`, `{deadline}`, `{deadline.date}`, `{deadline.day_month}`.
    public var text: Located<String>?

    enum CodingKeys: String, CodingKey {
        case components, submitTo = "submit_to", receivingUnit = "receiving_unit", deadline, text
    }
}

/// One document of a dossier.
public struct DossierComponent: Decodable, Sendable {
    /// One per dossier (the unit's letter and minutes) or one per nominee (achievement report).
    public enum Scope: String, Decodable, Sendable, CaseIterable {
        case dossier
        case nominee
    }

    /// Unique within the campaign's dossier (`van-ban-de-nghi`): how dossiers name the document.
    public var id: Located<String>
    public var title: Located<String>
    public var per: Scope
    /// For `per: nominee`: the kinds of nominee that need it (default both).
    public var `for`: [SubjectKind]?
    /// Printed on the previous component's line of the plan, after " + " (two documents the plan
    /// lists as one item: "Văn bản đề nghị … + Biên bản họp.").
    public var withPrevious: Bool

    enum CodingKeys: String, CodingKey { case id, title, per, `for`, withPrevious = "with_previous" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decode(Located<String>.self, forKey: .title)
        per = try container.decode(Scope.self, forKey: .per)
        self.for = try container.decodeIfPresent([SubjectKind].self, forKey: .for)
        withPrevious = try container.decodeIfPresent(Bool.self, forKey: .withPrevious) ?? false
    }

    /// Whether a nominee of `kind` needs this document (always false for `per: dossier`).
    public func isRequired(for kind: SubjectKind) -> Bool {
        per == .nominee && (self.for ?? SubjectKind.allCases).contains(kind)
    }
}

/// Reward money: the rules it follows and where it comes from.
public struct Funding: Decodable, Sendable {
    /// Mức chi: "Thực hiện theo quy định của {basis:…}, …".
    public var rates: Located<String>
    /// Legal bases the rates follow (ids).
    public var bases: [Located<String>]?
    /// Nguồn kinh phí: "Từ nguồn kinh phí thường xuyên của Sở và các đơn vị trực thuộc."
    public var source: Located<String>
}

/// A party of "Tổ chức thực hiện" and its duties.
public struct Responsibility: Decodable, Sendable {
    /// "Trưởng các phòng chuyên môn, đơn vị trực thuộc Sở".
    public var party: Located<String>
    /// Units the party is (optional, checked against the organization).
    public var units: [Located<String>]?
    public var duties: [Located<String>]
}

/// Headings of the plan's sections; each has the usual wording by default.
public struct Headings: Decodable, Sendable {
    public var purposesAndRequirements = "Mục đích, yêu cầu"
    public var purposes = "Mục đích"
    public var requirements = "Yêu cầu"
    public var subjectsCriteriaPeriod = "Đối tượng, tiêu chí, thời gian phát động phong trào thi đua"
    public var subjects = "Đối tượng thi đua"
    public var criteria = "Tiêu chí thi đua:"
    public var collectives = "Đối với tập thể"
    public var individuals = "Đối với cá nhân"
    public var exclusions = "Không xét thi đua đối với các trường hợp:"
    public var period = "Tổ chức thi đua"
    public var rounds = "Các đợt thi đua"
    public var commendation = "Công tác khen thưởng"
    public var awards = "Hình thức khen thưởng"
    public var dossier = "Hồ sơ đề nghị xét khen thưởng"
    public var deadline = "Thời gian xét đề nghị khen thưởng"
    public var funding = "Mức chi và nguồn kinh phí khen thưởng"
    public var rates = "Mức chi khen thưởng"
    public var source = "Kinh phí"
    public var implementation = "Tổ chức thực hiện"
    public var recipients = "Nơi nhận:"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case purposesAndRequirements = "purposes_and_requirements", purposes, requirements,
            subjectsCriteriaPeriod = "subjects_criteria_period", subjects, criteria, collectives, individuals, exclusions, period,
            rounds, commendation, awards, dossier, deadline, funding, rates, source, implementation, recipients
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout String) throws {
            if let text = try c.decodeIfPresent(String.self, forKey: key) { value = text }
        }
        try read(.purposesAndRequirements, &purposesAndRequirements)
        try read(.purposes, &purposes)
        try read(.requirements, &requirements)
        try read(.subjectsCriteriaPeriod, &subjectsCriteriaPeriod)
        try read(.subjects, &subjects)
        try read(.criteria, &criteria)
        try read(.collectives, &collectives)
        try read(.individuals, &individuals)
        try read(.exclusions, &exclusions)
        try read(.period, &period)
        try read(.rounds, &rounds)
        try read(.commendation, &commendation)
        try read(.awards, &awards)
        try read(.dossier, &dossier)
        try read(.deadline, &deadline)
        try read(.funding, &funding)
        try read(.rates, &rates)
        try read(.source, &source)
        try read(.implementation, &implementation)
        try read(.recipients, &recipients)
    }
}
