public import ThiDuaCore

/// What criteria can refer to, declared once in `criteria/library.yaml`: ordered scales, the facts
/// known about subjects (with their types), the titles (danh hiệu) that facts and history refer
/// to, and named criteria sets.
///
/// ```yaml
/// scales:
///   xep-loai-cbccvc:
///     title: Xếp loại chất lượng cán bộ, công chức, viên chức
///     levels:                     # best first
///       - {id: htxsnv, title: Hoàn thành xuất sắc nhiệm vụ}
///       - {id: httnv, title: Hoàn thành tốt nhiệm vụ}
/// titles:
///   ldtt: Lao động tiên tiến
/// facts:
///   xep_loai: {type: rating, scale: xep-loai-cbccvc, title: Kết quả xếp loại năm}
///   ky_luat: {type: flag, title: Vi phạm kỷ luật, kỷ cương hành chính}
/// ```
public struct Library: Sendable {
    /// Scales in the order written.
    public var scales: [Scale]
    /// Facts in the order written.
    public var facts: [FactDefinition]
    /// Titles in the order written.
    public var titles: [TitleDefinition]
    /// Named criteria sets in the order written.
    public var sets: [CriteriaSet]

    private var scaleIndex: [String: Int]
    private var factIndex: [String: Int]
    private var titleIndex: [String: Int]
    private var setIndex: [String: Int]

    public init(scales: [Scale] = [], facts: [FactDefinition] = [], titles: [TitleDefinition] = [], sets: [CriteriaSet] = []) {
        self.scales = scales
        self.facts = facts
        self.titles = titles
        self.sets = sets
        scaleIndex = Library.index(scales.map(\.id))
        factIndex = Library.index(facts.map(\.id))
        titleIndex = Library.index(titles.map(\.id))
        setIndex = Library.index(sets.map(\.id))
    }

    private static func index(_ ids: [String]) -> [String: Int] {
        var result: [String: Int] = [:]
        for (offset, id) in ids.enumerated() where result[id] == nil { result[id] = offset }
        return result
    }

    public func scale(_ id: String) -> Scale? { scaleIndex[id].map { scales[$0] } }
    public func fact(_ id: String) -> FactDefinition? { factIndex[id].map { facts[$0] } }
    public func title(_ id: String) -> TitleDefinition? { titleIndex[id].map { titles[$0] } }
    public func set(_ id: String) -> CriteriaSet? { setIndex[id].map { sets[$0] } }

    /// The position of a fact in ``facts`` (its slot in the fact store).
    public func slot(ofFact id: String) -> Int? { factIndex[id] }
    /// The position of a title in ``titles`` (its bit in a titles value).
    public func position(ofTitle id: String) -> Int? { titleIndex[id] }

    /// Titles facts can hold at most this many different titles.
    public static let maximumTitles = 63
}

/// An ordered scale of levels, best first: staff evaluation (hoàn thành xuất sắc nhiệm vụ > … >
/// không hoàn thành nhiệm vụ) or an index band (Tốt > Khá > Trung bình > Yếu).
public struct Scale: Sendable, Hashable {
    public var id: String
    public var title: String
    /// Levels, best first; a level's rank is its position (0 is the best).
    public var levels: [ScaleLevel]
    /// Where the scale's id is written.
    public var location: SourceLocation

    public init(id: String, title: String, levels: [ScaleLevel], location: SourceLocation) {
        self.id = id
        self.title = title
        self.levels = levels
        self.location = location
    }

    /// The rank of a level (0 is the best), by id.
    public func rank(of levelID: String) -> Int? {
        levels.firstIndex { $0.id == levelID }
    }

    /// The rank of a level written by id or by title, ignoring case and diacritics
    /// ("Hoàn thành tốt nhiệm vụ", "hoan thanh tot nhiem vu" and "httnv" are one level).
    public func rank(matching text: String) -> Int? {
        if let rank = rank(of: text) { return rank }
        let key = VietnameseText.searchKey(text)
        return levels.firstIndex { VietnameseText.searchKey($0.id) == key || VietnameseText.searchKey($0.title) == key }
    }
}

/// One level of a scale.
public struct ScaleLevel: Decodable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, title }

    public init(id: String, title: String, location: SourceLocation = .file("")) {
        self.id = id
        self.title = title
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// The type of a fact: what values it holds and which rules can use it.
public enum FactType: String, Decodable, Sendable, CaseIterable, Hashable {
    /// A level of a scale (`htxsnv`); used by `rating` rules and point-grid bands.
    case rating
    /// true or false (`ky_luat: false`); used by `flag` rules.
    case flag
    /// A decimal number (`so_thang_cong_tac: 14`, `diem: 8.5`); used by `threshold` rules and point grids.
    case number
    /// A percentage (`100%`); used by `threshold` rules.
    case percent
    /// A set of titles (`[ldtt, cstd-co-so]`); used by `title` and `history` rules.
    case titles

    /// How messages name a value of this type.
    public var valueDescription: String {
        switch self {
        case .rating: return "a level of its scale"
        case .flag: return "true or false"
        case .number: return "a number"
        case .percent: return "a percentage such as 70%"
        case .titles: return "a list of titles"
        }
    }
}

/// A fact known about subjects per period (`xep_loai`, `ky_luat`, …).
public struct FactDefinition: Sendable, Hashable {
    public var id: String
    public var type: FactType
    /// The scale of a rating fact.
    public var scale: String?
    public var title: String?
    /// Where the fact's id is written.
    public var location: SourceLocation

    public init(id: String, type: FactType, scale: String? = nil, title: String? = nil, location: SourceLocation = .file("")) {
        self.id = id
        self.type = type
        self.scale = scale
        self.title = title
        self.location = location
    }

    /// The title, or the id when there is none.
    public var displayTitle: String { title ?? id }
}

/// A title (danh hiệu) that `titles` facts hold: `ldtt: Lao động tiên tiến`.
public struct TitleDefinition: Sendable, Hashable {
    public var id: String
    public var title: String
    public var location: SourceLocation

    public init(id: String, title: String, location: SourceLocation = .file("")) {
        self.id = id
        self.title = title
        self.location = location
    }
}

/// A named list of criteria with its exclusions, for one kind of subject: the criteria of a
/// title (Lao động tiên tiến) or of a campaign's award, kept in the library so that
/// `thidua criteria evaluate SET` can run them.
public struct CriteriaSet: Sendable {
    public var id: String
    public var title: String
    public var subject: SubjectKind
    public var exclusions: [Exclusion]
    public var criteria: [Criterion]
    public var location: SourceLocation

    public init(
        id: String, title: String, subject: SubjectKind, exclusions: [Exclusion], criteria: [Criterion], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.subject = subject
        self.exclusions = exclusions
        self.criteria = criteria
        self.location = location
    }
}
