public import ThiDuaCore

/// `{kind: points, ...}` — a point grid (bảng chấm điểm): items with maximum points, deductions
/// per incident and a floor, bonus points, bands with half-open ranges `[from, to)`, the band the
/// subject must reach, and downgrades that cap the band when a condition fails.
///
/// ```yaml
/// rule:
///   kind: points
///   items:
///     - id: chi-dao-dieu-hanh
///       title: Công tác chỉ đạo, điều hành
///       max: 20
///       fact: diem_chi_dao            # points scored (a number fact), capped at max
///     - id: dung-han
///       title: Giải quyết hồ sơ đúng hạn
///       max: 30                        # no fact and no rule: starts from max
///       deductions:
///         - {fact: so_ho_so_tre_han, per: 2, title: Hồ sơ trễ hạn}
///       floor: 0                       # never below 0 (the default)
///     - id: ke-hoach
///       title: Ban hành kế hoạch đúng hạn
///       max: 10
///       rule: {kind: flag, fact: ke_hoach_dung_han, expect: true}   # all or nothing
///   bonus:
///     - {id: sang-kien, title: Sáng kiến, fact: so_sang_kien, per: 2, max: 5}
///   scale: xep-loai-chi-so             # optional: band ids must be levels of this scale
///   bands:
///     - {id: tot, from: 90}            # [90, ∞)
///     - {id: kha, from: 80, to: 90}    # [80, 90)
///     - {id: trung-binh, from: 65, to: 80}
///     - {id: yeu, from: 0, to: 65}
///   at_least: kha                      # the band needed to pass
///   downgrade:
///     - condition: {kind: flag, fact: ky_luat, expect: false}
///       at_most: trung-binh            # when the condition fails, the band is at most trung-binh
/// ```
public struct PointsRule: Decodable, Sendable {
    public var items: [PointItem]
    public var bonus: [BonusItem]
    /// The scale band ids belong to, if any.
    public var scale: Located<String>?
    /// Bands as written.
    public var bands: [Band]
    /// The band needed to pass.
    public var atLeast: Located<String>
    public var downgrades: [Downgrade]
    /// Where `bands:` is written.
    public var bandsLocation: SourceLocation

    public init(
        items: [PointItem], bonus: [BonusItem] = [], scale: Located<String>? = nil, bands: [Band], atLeast: Located<String>,
        downgrades: [Downgrade] = [], bandsLocation: SourceLocation = .file("")
    ) {
        self.items = items
        self.bonus = bonus
        self.scale = scale
        self.bands = bands
        self.atLeast = atLeast
        self.downgrades = downgrades
        self.bandsLocation = bandsLocation
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, items, bonus, scale, bands, downgrade
        case atLeast = "at_least"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = container.contains(.kind)
        _ = container.contains(.label)
        items = try container.decode([PointItem].self, forKey: .items)
        bonus = try container.decodeIfPresent([BonusItem].self, forKey: .bonus) ?? []
        scale = try container.decodeIfPresent(Located<String>.self, forKey: .scale)
        let bands = try container.decode(LocatedList<Band>.self, forKey: .bands)
        self.bands = bands.items
        bandsLocation = bands.location
        atLeast = try container.decode(Located<String>.self, forKey: .atLeast)
        downgrades = try container.decodeIfPresent([Downgrade].self, forKey: .downgrade) ?? []
        if items.isEmpty, decoder.yamlNode.map({ nonEmptyList($0, "items") }) != true {
            try container.superDecoder(forKey: .items).report(
                .error, "the point grid has no items", hint: "list at least one item")
        }
    }

    /// The highest total: every item at its maximum and every bonus at its cap (nil when a bonus has no cap).
    public var maximumTotal: ExactDecimal? {
        var total = ExactDecimal.zero
        for item in items { total = (try? total.adding(item.max.value)) ?? .max }
        for bonus in bonus {
            guard let cap = bonus.max?.value else { return nil }
            total = (try? total.adding(cap)) ?? .max
        }
        return total
    }

    /// The lowest total: every item at its floor, no bonus.
    public var minimumTotal: ExactDecimal {
        var total = ExactDecimal.zero
        for item in items { total = (try? total.adding(Swift.min(item.floor.value, item.max.value))) ?? .min }
        return total
    }
}

/// One item of a point grid. Its points start from the `fact` (a number fact, capped at `max`),
/// from `rule` (all `max` points when it passes, none when it fails), or from `max`; then each
/// deduction subtracts `per` points per incident, and the result never goes below `floor`.
public struct PointItem: Decodable, Sendable {
    public var id: Located<String>
    public var title: String
    public var max: Located<ExactDecimal>
    public var fact: Located<String>?
    public var rule: CriterionRule?
    public var deductions: [Deduction]
    /// The lowest the item can go after deductions (default 0).
    public var floor: Located<ExactDecimal>
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, title, max, fact, rule, deductions, floor }

    public init(
        id: Located<String>, title: String, max: Located<ExactDecimal>, fact: Located<String>? = nil, rule: CriterionRule? = nil,
        deductions: [Deduction] = [], floor: Located<ExactDecimal>? = nil, location: SourceLocation = .file("")
    ) {
        self.id = id
        self.title = title
        self.max = max
        self.fact = fact
        self.rule = rule
        self.deductions = deductions
        self.floor = floor ?? Located(.zero, at: location)
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = decoder.sourceLocation ?? .file("")
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        max = try container.decode(Located<ExactDecimal>.self, forKey: .max)
        fact = try container.decodeIfPresent(Located<String>.self, forKey: .fact)
        rule = try container.decodeIfPresent(CriterionRule.self, forKey: .rule)
        deductions = try container.decodeIfPresent([Deduction].self, forKey: .deductions) ?? []
        floor = try container.decodeIfPresent(Located<ExactDecimal>.self, forKey: .floor) ?? Located(.zero, at: location)
        if max.value <= .zero {
            decoder.report(.error("the maximum of item '\(id.value)' must be above 0", at: max.location))
        }
        if fact != nil, rule != nil, let at = keyLocation(decoder, "rule") {
            decoder.report(
                .error(
                    "an item takes its points from 'fact' or from 'rule', not both", at: at,
                    hint: "keep 'fact' for scored points, 'rule' for all-or-nothing points"))
        }
        if floor.value > max.value {
            decoder.report(.error("the floor \(floor.value) is above the maximum \(max.value)", at: floor.location))
        }
    }
}

/// `{fact: so_ho_so_tre_han, per: 2, title: Hồ sơ trễ hạn}` — subtracts `per` points for each
/// incident counted by a number fact.
public struct Deduction: Decodable, Sendable {
    public var fact: Located<String>
    public var per: Located<ExactDecimal>
    public var title: String?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case fact, per, title }

    public init(fact: Located<String>, per: Located<ExactDecimal>, title: String? = nil, location: SourceLocation = .file("")) {
        self.fact = fact
        self.per = per
        self.title = title
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = decoder.sourceLocation ?? .file("")
        fact = try container.decode(Located<String>.self, forKey: .fact)
        per = try container.decode(Located<ExactDecimal>.self, forKey: .per)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        if per.value <= .zero {
            decoder.report(.error("'per' must be above 0: it is the points taken off per incident", at: per.location))
        }
    }
}

/// `{id: sang-kien, title: Sáng kiến, fact: so_sang_kien, per: 2, max: 5}` — bonus points: the
/// fact's value (or `per` points per counted item), capped at `max`.
public struct BonusItem: Decodable, Sendable {
    public var id: Located<String>
    public var title: String
    public var fact: Located<String>
    public var per: Located<ExactDecimal>?
    public var max: Located<ExactDecimal>?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, title, fact, per, max }

    public init(
        id: Located<String>, title: String, fact: Located<String>, per: Located<ExactDecimal>? = nil,
        max: Located<ExactDecimal>? = nil, location: SourceLocation = .file("")
    ) {
        self.id = id
        self.title = title
        self.fact = fact
        self.per = per
        self.max = max
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = decoder.sourceLocation ?? .file("")
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        fact = try container.decode(Located<String>.self, forKey: .fact)
        per = try container.decodeIfPresent(Located<ExactDecimal>.self, forKey: .per)
        max = try container.decodeIfPresent(Located<ExactDecimal>.self, forKey: .max)
        if let per, per.value <= .zero {
            decoder.report(.error("'per' must be above 0: it is the points given per counted item", at: per.location))
        }
        if let max, max.value < .zero {
            decoder.report(.error("the bonus cap must not be negative", at: max.location))
        }
    }
}

/// `{id: kha, from: 80, to: 90}` — the band of totals in `[from, to)`; the best band may leave
/// out `to` (no upper bound).
public struct Band: Decodable, Sendable {
    public var id: Located<String>
    public var title: String?
    public var from: Located<ExactDecimal>
    public var to: Located<ExactDecimal>?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, title, from, to }

    public init(
        id: Located<String>, title: String? = nil, from: Located<ExactDecimal>, to: Located<ExactDecimal>? = nil,
        location: SourceLocation = .file("")
    ) {
        self.id = id
        self.title = title
        self.from = from
        self.to = to
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = decoder.sourceLocation ?? .file("")
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        from = try container.decode(Located<ExactDecimal>.self, forKey: .from)
        to = try container.decodeIfPresent(Located<ExactDecimal>.self, forKey: .to)
        if let to, to.value <= from.value {
            decoder.report(
                .error(
                    "the band '\(id.value)' is empty: 'to' (\(to.value)) must be above 'from' (\(from.value))",
                    at: to.location, hint: "bands are half-open ranges [from, to)"))
        }
    }
}

/// `{condition: {...}, at_most: trung-binh}` — when the condition fails, the band is at most the
/// given band (when it is missing, the band may be at most that band).
public struct Downgrade: Decodable, Sendable {
    public var condition: CriterionRule
    public var atMost: Located<String>
    public var title: String?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey {
        case condition, title
        case atMost = "at_most"
    }

    public init(condition: CriterionRule, atMost: Located<String>, title: String? = nil, location: SourceLocation = .file("")) {
        self.condition = condition
        self.atMost = atMost
        self.title = title
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = decoder.sourceLocation ?? .file("")
        condition = try container.decode(CriterionRule.self, forKey: .condition)
        atMost = try container.decode(Located<String>.self, forKey: .atMost)
        title = try container.decodeIfPresent(String.self, forKey: .title)
    }
}
