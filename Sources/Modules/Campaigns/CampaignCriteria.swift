public import ThiDuaCore

/// A criterion of a campaign: an id, the plan's wording and the machine rule.
///
/// The rule is kept as written until the criteria module reads it.
public struct CampaignCriterion: Decodable, Sendable {
    public var id: Located<String>
    /// The plan's wording ("Hoàn thành xuất sắc nhiệm vụ được giao trong năm 2024;").
    public var title: Located<String>
    /// The rule as written.
    public var rule: YAMLNode?

    enum CodingKeys: String, CodingKey { case id, title, rule }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Located<String>.self, forKey: .id)
        title = try container.decode(Located<String>.self, forKey: .title)
        rule = try container.superDecoder(forKey: .rule).yamlNode
    }
}

/// A condition that rules a subject out ("đang bị xem xét kỷ luật").
public struct CampaignExclusion: Decodable, Sendable {
    public var node: YAMLNode?

    public init(from decoder: any Decoder) throws {
        node = decoder.yamlNode
    }
}
