public import ThiDuaCore
public import ThiDuaCriteria

/// An award form or emulation title the agency can give (`giay-khen-giam-doc-so`), declared once
/// in the awards file that the campaigns module's settings name. Campaigns refer to it by id;
/// modules that pay reward money use the same ids.
///
/// ```yaml
/// awards:
///   - id: giay-khen-giam-doc-so
///     name: Giấy khen của Giám đốc Sở
///     for: [collective, individual]
/// ```
public struct AwardForm: Decodable, Sendable, Hashable {
    public var id: String
    /// The Vietnamese name ("Giấy khen của Giám đốc Sở").
    public var name: String
    /// Who may receive it; both when not written.
    public var recipients: [SubjectKind]
    /// Where it is declared.
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, name, `for` }

    public init(id: String, name: String, recipients: [SubjectKind] = SubjectKind.allCases, location: SourceLocation = .file(""))
    {
        self.id = id
        self.name = name
        self.recipients = recipients
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        recipients = try container.decodeIfPresent([SubjectKind].self, forKey: .for) ?? SubjectKind.allCases
        location = decoder.sourceLocation ?? .file("")
    }
}

/// The awards file.
struct AwardsFile: Decodable {
    var awards: [AwardForm]
}
