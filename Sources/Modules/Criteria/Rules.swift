public import ThiDuaCore
public import ThiDuaOrganization

/// Whom a list of criteria judges: a collective (a unit) or an individual (a person).
public enum SubjectKind: String, Decodable, Sendable, CaseIterable, Hashable {
    case collective
    case individual

    /// "tập thể" / "cá nhân".
    public var vietnamese: String { self == .collective ? "tập thể" : "cá nhân" }
}

/// The subject a verdict is about.
public enum Subject: Sendable, Hashable {
    case unit(Unit)
    case person(Person)

    public var id: String {
        switch self {
        case .unit(let unit): return unit.id
        case .person(let person): return person.id
        }
    }

    public var name: String {
        switch self {
        case .unit(let unit): return unit.name
        case .person(let person): return person.fullName
        }
    }

    public var kind: SubjectKind {
        switch self {
        case .unit: return .collective
        case .person: return .individual
        }
    }
}

/// An evaluation period: a calendar year (`period: 2024`). History rules count back year by year.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral, YAMLScalarDecodable {
    public var year: Int

    public init(_ year: Int) { self.year = year }
    public init(integerLiteral value: Int) { self.year = value }

    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        let year = try ScalarRules.integer(scalar, as: Int.self)
        guard (1900...2999).contains(year) else {
            throw ScalarError("\(year) is not a year", hint: "write the period as a year, e.g. 2024")
        }
        self.year = year
    }

    /// Parses a year from a CSV field or a command-line argument.
    public init?(_ text: String) {
        guard let period = try? Period(yamlScalar: YAMLScalar(text)) else { return nil }
        self = period
    }

    public static var yamlExpectation: String { "a year" }
    public static var yamlPlaceholder: Period? { Period(1970) }

    /// The period `years` earlier.
    public func earlier(by years: Int) -> Period { Period(year - years) }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.year < rhs.year }
    public var description: String { String(year) }
}

// MARK: - Criteria

/// One criterion of a campaign or a title: `{id, title, rule}`.
///
/// ```yaml
/// - id: xuat-sac
///   title: Hoàn thành xuất sắc nhiệm vụ được giao năm 2024
///   rule: {kind: rating, fact: xep_loai, at_least: htxsnv}
/// ```
public struct Criterion: Decodable, Sendable {
    public var id: Located<String>
    public var title: String
    public var rule: CriterionRule
    /// Where the criterion starts.
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, title, rule }

    public init(id: Located<String>, title: String, rule: CriterionRule, location: SourceLocation) {
        self.id = id
        self.title = title
        self.rule = rule
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        rule = try container.decode(CriterionRule.self, forKey: .rule)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// A gate checked before any criterion: when its rule PASSES, the subject is excluded (not
/// considered at all): under discipline or investigation, employed less than N months, …
///
/// ```yaml
/// - id: dang-bi-xem-xet-ky-luat
///   title: Đang bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra
///   rule: {kind: flag, fact: dang_xem_xet_ky_luat, expect: true}
/// ```
///
/// An exclusion is written exactly like a criterion (`id`, `title`, `rule`); only its meaning
/// differs, so it is the same type.
public typealias Exclusion = Criterion

// MARK: - Rules

/// The `rule:` of a criterion or exclusion: a mapping with a `kind` and the keys of that kind.
/// Every rule may also have a `label`, shown in explanations.
///
/// | kind | reads |
/// |---|---|
/// | `rating` | `fact`, one of `at_least` / `better_than` / `at_most` / `worse_than` (a level of the fact's scale) |
/// | `threshold` | `fact`, one of `at_least` / `more_than` / `at_most` / `less_than` / `equal` (a number, or a percentage 0–100 %) |
/// | `flag` | `fact`, `expect` (true or false) |
/// | `title` | `title` (a title id), optional `fact` (the titles fact) |
/// | `members` | `rule` (judged for each member), `require` (`all`, `none`, `{at_least: 70%}` or `{at_least: 3}`), optional `member_kinds` |
/// | `all_of`, `any_of` | `rules` |
/// | `at_least` | `count`, `rules`, optional `mandatory` |
/// | `points` | `items`, optional `bonus`, `bands`, `at_least` (a band), optional `scale`, `downgrade` |
/// | `history` | `years`, optional `up_to` (`current` or `previous`), and `rule`, or `title`, or `fact` with a rating comparison |
public struct CriterionRule: Decodable, Sendable {
    /// The kinds of rule, as written after `kind:`.
    public enum Kind: String, Decodable, Sendable, CaseIterable, Hashable {
        case rating, threshold, flag, title, members
        case allOf = "all_of"
        case anyOf = "any_of"
        case atLeast = "at_least"
        case points, history
    }

    /// What the rule checks.
    public indirect enum Body: Sendable {
        case rating(RatingRule)
        case threshold(ThresholdRule)
        case flag(FlagRule)
        case title(TitleRule)
        case members(MembersRule)
        case allOf([CriterionRule])
        case anyOf([CriterionRule])
        case atLeast(AtLeastRule)
        case points(PointsRule)
        case history(HistoryRule)
    }

    public var body: Body
    /// An optional text shown in explanations instead of the generated one (`label:`, most useful
    /// inside compositions).
    public var label: String?
    /// Where the rule's mapping starts.
    public var location: SourceLocation
    /// Where its `kind` is written.
    public var kindLocation: SourceLocation

    public init(_ body: Body, label: String? = nil, location: SourceLocation = .file(""), kindLocation: SourceLocation? = nil) {
        self.body = body
        self.label = label
        self.location = location
        self.kindLocation = kindLocation ?? location
    }

    public var kind: Kind {
        switch body {
        case .rating: return .rating
        case .threshold: return .threshold
        case .flag: return .flag
        case .title: return .title
        case .members: return .members
        case .allOf: return .allOf
        case .anyOf: return .anyOf
        case .atLeast: return .atLeast
        case .points: return .points
        case .history: return .history
        }
    }

    /// Every key some kind of rule reads (so that a rule with a bad kind reports only truly unknown keys).
    static let allKeys = [
        "kind", "label", "title", "fact", "at_least", "better_than", "at_most", "worse_than", "more_than", "less_than", "equal",
        "expect", "rule", "require", "member_kinds", "rules", "count", "mandatory", "items", "bonus", "bands", "scale",
        "downgrade", "years", "up_to",
    ]

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        location = decoder.sourceLocation ?? .file("")
        // Read the kind without claiming the mapping, so that the kind's own type reports
        // unknown keys with suggestions among the keys of that kind.
        var kind: Kind?
        var kindLocation = location
        if let node = decoder.yamlNode {
            if case .mapping(let mapping) = node.content, let entry = mapping.entry("kind"), let scalar = entry.value.scalar,
                !scalar.isNull
            {
                kind = Kind(rawValue: scalar.value)
                kindLocation = entry.value.location
            }
        } else {
            let container = try decoder.container(keyedBy: AnyKey.self)
            kind = try container.decode(Kind.self, forKey: AnyKey("kind"))
        }
        self.kindLocation = kindLocation
        let single = try decoder.singleValueContainer()
        guard let kind else {
            // Let the decoder report the missing or unknown kind, with "did you mean".
            _ = try single.decode(KindOnly.self)
            throw ConfigurationError("the rule has no valid kind")
        }
        switch kind {
        case .rating: body = .rating(try single.decode(RatingRule.self))
        case .threshold: body = .threshold(try single.decode(ThresholdRule.self))
        case .flag: body = .flag(try single.decode(FlagRule.self))
        case .title: body = .title(try single.decode(TitleRule.self))
        case .members: body = .members(try single.decode(MembersRule.self))
        case .allOf: body = .allOf(try single.decode(CompositeRule.self).rules)
        case .anyOf: body = .anyOf(try single.decode(CompositeRule.self).rules)
        case .atLeast: body = .atLeast(try single.decode(AtLeastRule.self))
        case .points: body = .points(try single.decode(PointsRule.self))
        case .history: body = .history(try single.decode(HistoryRule.self))
        }
        label = try? single.decode(LabelOnly.self).label
    }

    /// Reads only `kind` (reporting it), marking every other known key as used.
    private struct KindOnly: Decodable {
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in CriterionRule.allKeys where key != "kind" { _ = container.contains(AnyKey(key)) }
            _ = try container.decode(Kind.self, forKey: AnyKey("kind"))
        }
    }

    /// Reads only `label`, marking every other key as used (its kind's type reported them).
    private struct LabelOnly: Decodable {
        var label: String?
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys { _ = container.contains(key) }
            label = try container.decodeIfPresent(String.self, forKey: AnyKey("label"))
        }
    }
}

/// `{kind: rating, fact: xep_loai, at_least: htxsnv}` — a rating fact compared with a level of its
/// scale. Levels are ordered best first: `at_least: httnv` passes for httnv and htxsnv.
public struct RatingRule: Decodable, Sendable {
    public enum Comparison: String, Sendable, CaseIterable, Hashable {
        /// This level or better.
        case atLeast = "at_least"
        /// Strictly better than this level.
        case betterThan = "better_than"
        /// This level or worse.
        case atMost = "at_most"
        /// Strictly worse than this level.
        case worseThan = "worse_than"

        /// Vietnamese wording for explanations.
        public var vietnamese: String {
            switch self {
            case .atLeast: return "từ mức"
            case .betterThan: return "cao hơn mức"
            case .atMost: return "không cao hơn mức"
            case .worseThan: return "thấp hơn mức"
            }
        }
    }

    public var fact: Located<String>
    public var comparison: Comparison
    /// The level compared with, by id.
    public var level: Located<String>

    public init(fact: Located<String>, comparison: Comparison, level: Located<String>) {
        self.fact = fact
        self.comparison = comparison
        self.level = level
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, fact
        case atLeast = "at_least", betterThan = "better_than", atMost = "at_most", worseThan = "worse_than"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        fact = try container.decode(Located<String>.self, forKey: .fact)
        let (comparison, key) = try chooseComparison(
            decoder, container, Comparison.allCases.map { ($0, CodingKeys(rawValue: $0.rawValue) ?? .atLeast) },
            example: "at_least: htxsnv")
        self.comparison = comparison
        level = try container.decode(Located<String>.self, forKey: key)
    }
}

/// `{kind: threshold, fact: ty_le_nhiem_vu_cchc, at_least: 100%}` — a number or percentage fact
/// compared with a value.
public struct ThresholdRule: Decodable, Sendable {
    public enum Comparison: String, Sendable, CaseIterable, Hashable {
        case atLeast = "at_least"
        case moreThan = "more_than"
        case atMost = "at_most"
        case lessThan = "less_than"
        case equal

        public var symbol: String {
            switch self {
            case .atLeast: return "≥"
            case .moreThan: return ">"
            case .atMost: return "≤"
            case .lessThan: return "<"
            case .equal: return "="
            }
        }
    }

    public var fact: Located<String>
    public var comparison: Comparison
    public var value: Located<ThresholdValue>

    public init(fact: Located<String>, comparison: Comparison, value: Located<ThresholdValue>) {
        self.fact = fact
        self.comparison = comparison
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, fact
        case atLeast = "at_least", moreThan = "more_than", atMost = "at_most", lessThan = "less_than", equal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        fact = try container.decode(Located<String>.self, forKey: .fact)
        let (comparison, key) = try chooseComparison(
            decoder, container, Comparison.allCases.map { ($0, CodingKeys(rawValue: $0.rawValue) ?? .atLeast) },
            example: "at_least: 100%")
        self.comparison = comparison
        value = try container.decode(Located<ThresholdValue>.self, forKey: key)
    }
}

/// A threshold as written: a number (`10`, `8.5`) or a percentage (`70%`, which must lie within 0–100 %).
public enum ThresholdValue: Sendable, Hashable, CustomStringConvertible, YAMLScalarDecodable {
    case number(ExactDecimal)
    case percent(Percent)

    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        if scalar.isPlain, scalar.value.hasSuffix("%") {
            self = .percent(try Percent(yamlScalar: scalar).validatedAsThreshold())
        } else {
            self = .number(try ExactDecimal(yamlScalar: scalar))
        }
    }

    public static var yamlExpectation: String { "a number or a percentage" }
    /// None: a wrong threshold makes its rule fail, so that no check runs on a stand-in.
    public static var yamlPlaceholder: ThresholdValue? { nil }

    public var description: String {
        switch self {
        case .number(let value): return value.description
        case .percent(let value): return value.description
        }
    }

    /// Vietnamese style (`8,5`, `70,5%`).
    public var formatted: String {
        switch self {
        case .number(let value): return value.formatted
        case .percent(let value): return value.formatted
        }
    }
}

/// `{kind: flag, fact: ky_luat, expect: false}` — a yes/no fact must have the expected value.
public struct FlagRule: Decodable, Sendable {
    public var fact: Located<String>
    public var expect: Bool

    public init(fact: Located<String>, expect: Bool) {
        self.fact = fact
        self.expect = expect
    }

    enum CodingKeys: String, CodingKey { case kind, label, fact, expect }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        fact = try container.decode(Located<String>.self, forKey: .fact)
        expect = try container.decode(Bool.self, forKey: .expect)
    }
}

/// `{kind: title, title: ldtt}` — the subject holds a title (danh hiệu) in the period. `fact` names
/// the titles fact; it may be left out when the library declares exactly one.
public struct TitleRule: Decodable, Sendable {
    public var titleID: Located<String>
    public var fact: Located<String>?

    public init(titleID: Located<String>, fact: Located<String>? = nil) {
        self.titleID = titleID
        self.fact = fact
    }

    enum CodingKeys: String, CodingKey { case kind, label, title, fact }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        titleID = try container.decode(Located<String>.self, forKey: .title)
        fact = try container.decodeIfPresent(Located<String>.self, forKey: .fact)
    }
}

/// `{kind: members, rule: {...}, require: {at_least: 70%}}` — a rule judged for each member of a
/// collective (the people whose `unit` is the collective), aggregated.
public struct MembersRule: Decodable, Sendable {
    /// How many members must pass.
    public enum Requirement: Sendable, Hashable, CustomStringConvertible {
        /// Every member (`require: all`).
        case all
        /// No member (`require: none`): e.g. no member disciplined.
        case none
        /// At least this share of the members (`require: {at_least: 70%}`).
        case atLeastShare(Percent)
        /// At least this many members (`require: {at_least: 3}`).
        case atLeastCount(Int)

        public var description: String {
            switch self {
            case .all: return "all"
            case .none: return "none"
            case .atLeastShare(let share): return "at least \(share)"
            case .atLeastCount(let count): return "at least \(count)"
            }
        }
    }

    public var rule: CriterionRule
    public var require: Located<Requirement>
    /// Only members of these kinds count (all members when nil).
    public var memberKinds: [Person.Kind]?

    public init(rule: CriterionRule, require: Located<Requirement>, memberKinds: [Person.Kind]? = nil) {
        self.rule = rule
        self.require = require
        self.memberKinds = memberKinds
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, rule, require
        case memberKinds = "member_kinds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        rule = try container.decode(CriterionRule.self, forKey: .rule)
        let written = try container.decode(Located<RequirementText>.self, forKey: .require)
        require = Located(written.value.requirement, at: written.location)
        memberKinds = try container.decodeIfPresent([Person.Kind].self, forKey: .memberKinds)
    }

    /// `all`, `none`, `{at_least: 70%}` or `{at_least: 3}`.
    struct RequirementText: Decodable {
        var requirement: Requirement

        enum CodingKeys: String, CodingKey { case atLeast = "at_least" }

        init(from decoder: any Decoder) throws {
            if let scalar = decoder.yamlNode?.scalar {
                switch scalar.value {
                case "all": requirement = .all
                case "none": requirement = .none
                default:
                    throw ConfigurationError(
                        "'\(scalar.value)' is not a requirement",
                        hint: "write all, none, {at_least: 70%} or {at_least: 3}")
                }
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let value = try container.decode(ThresholdValue.self, forKey: .atLeast)
            switch value {
            case .percent(let share):
                requirement = .atLeastShare(share)
            case .number(let number):
                guard number.isWhole, number >= .one, let count = Int(exactly: number.units / ExactDecimal.unitsPerOne) else {
                    throw ConfigurationError(
                        "\(number) is not a number of members",
                        hint: "write a whole number of members (at least 1) or a share such as 70%")
                }
                requirement = .atLeastCount(count)
            }
        }
    }
}

/// `{kind: all_of, rules: [...]}` and `{kind: any_of, rules: [...]}`.
struct CompositeRule: Decodable {
    var rules: [CriterionRule]

    enum CodingKeys: String, CodingKey { case kind, label, rules }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        rules = try container.decode([CriterionRule].self, forKey: .rules)
        if rules.isEmpty, decoder.yamlNode.map({ nonEmptyList($0, "rules") }) != true {
            try container.superDecoder(forKey: .rules).report(
                .error, "the list of rules is empty", hint: "list at least one rule")
        }
    }
}

/// `{kind: at_least, count: 2, rules: [...], mandatory: [...]}` — at least `count` of all the
/// rules pass (the mandatory ones count too), and every mandatory rule passes.
public struct AtLeastRule: Decodable, Sendable {
    public var count: Located<Int>
    public var rules: [CriterionRule]
    public var mandatory: [CriterionRule]

    public init(count: Located<Int>, rules: [CriterionRule], mandatory: [CriterionRule] = []) {
        self.count = count
        self.rules = rules
        self.mandatory = mandatory
    }

    enum CodingKeys: String, CodingKey { case kind, label, count, rules, mandatory }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        count = try container.decode(Located<Int>.self, forKey: .count)
        rules = try container.decode([CriterionRule].self, forKey: .rules)
        mandatory = try container.decodeIfPresent([CriterionRule].self, forKey: .mandatory) ?? []
    }
}

/// `{kind: history, years: 2, fact: xep_loai, at_least: htxsnv}`,
/// `{kind: history, years: 2, title: cstd-co-so}` or `{kind: history, years: 3, rule: {...}}` —
/// the rule passes in each of `years` consecutive periods ending with the current period
/// (`up_to: current`, the default) or with the one before (`up_to: previous`).
public struct HistoryRule: Decodable, Sendable {
    public enum End: String, Decodable, Sendable, CaseIterable, Hashable {
        case current
        case previous
    }

    public var years: Located<Int>
    public var upTo: End
    /// The rule each year must pass (the shorthands `title:` and `fact:` + comparison become one).
    public var rule: CriterionRule

    public init(years: Located<Int>, upTo: End = .current, rule: CriterionRule) {
        self.years = years
        self.upTo = upTo
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, title, years, rule, fact
        case upTo = "up_to"
        case atLeast = "at_least", betterThan = "better_than", atMost = "at_most", worseThan = "worse_than"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        let location = decoder.sourceLocation ?? .file("")
        years = try container.decode(Located<Int>.self, forKey: .years)
        upTo = try container.decodeIfPresent(End.self, forKey: .upTo) ?? .current
        if container.contains(.rule) {
            rule = try container.decode(CriterionRule.self, forKey: .rule)
        } else if container.contains(.fact) {
            let fact = try container.decode(Located<String>.self, forKey: .fact)
            let (comparison, key) = try chooseComparison(
                decoder, container,
                RatingRule.Comparison.allCases.map { ($0, CodingKeys(rawValue: $0.rawValue) ?? .atLeast) },
                example: "at_least: htxsnv")
            let level = try container.decode(Located<String>.self, forKey: key)
            rule = CriterionRule(.rating(RatingRule(fact: fact, comparison: comparison, level: level)), location: location)
        } else if container.contains(.title) {
            let title = try container.decode(Located<String>.self, forKey: .title)
            rule = CriterionRule(.title(TitleRule(titleID: title)), location: location)
        } else {
            throw ConfigurationError(
                "the history rule needs 'rule', 'title' or 'fact'",
                hint:
                    "write e.g. {kind: history, years: 2, title: cstd-co-so} or {kind: history, years: 2, fact: xep_loai, at_least: htxsnv}"
            )
        }
    }
}

// MARK: - Helpers

/// The one comparison key present among `options`; reports a second one and asks for one when none is.
func chooseComparison<Comparison, Key: CodingKey>(
    _ decoder: any Decoder, _ container: KeyedDecodingContainer<Key>, _ options: [(Comparison, Key)], example: String
) throws -> (Comparison, Key) {
    let present = options.filter { container.contains($0.1) }
    guard let first = present.first else {
        throw ConfigurationError(
            "the rule needs one of: \(options.map(\.1.stringValue).joined(separator: ", "))", hint: "write e.g. '\(example)'")
    }
    for extra in present.dropFirst() {
        let location = keyLocation(decoder, extra.1.stringValue) ?? decoder.sourceLocation ?? .file("")
        decoder.report(
            .error(
                "'\(extra.1.stringValue)' and '\(first.1.stringValue)' cannot both be given", at: location,
                hint: "keep one comparison per rule; combine rules with all_of"))
    }
    return first
}

/// Where `key` is written in the mapping being decoded.
func keyLocation(_ decoder: any Decoder, _ key: String) -> SourceLocation? {
    guard case .mapping(let mapping)? = decoder.yamlNode?.content else { return nil }
    return mapping.entry(key)?.keyLocation
}

/// Whether the mapping's `key` holds a non-empty list (so that an empty result means errors were reported).
func nonEmptyList(_ node: YAMLNode, _ key: String) -> Bool {
    guard case .mapping(let mapping) = node.content, case .sequence(let items)? = mapping[key]?.content else { return false }
    return !items.isEmpty
}
