public import ThiDuaCore

/// The agency that runs campaigns and its units and people, as configuration describes them.
public struct Organization: Sendable {
    public var agency: Agency
    /// Units in the order written.
    public var units: [Unit]
    /// People in the order written (YAML files first, then CSV rosters).
    public var people: [Person]

    private var unitIndex: [String: Int]
    private var personIndex: [String: Int]

    public init(agency: Agency, units: [Unit], people: [Person]) {
        self.agency = agency
        self.units = units
        self.people = people
        var unitIndex: [String: Int] = [:]
        for (index, unit) in units.enumerated() where unitIndex[unit.id] == nil { unitIndex[unit.id] = index }
        var personIndex: [String: Int] = [:]
        for (index, person) in people.enumerated() where personIndex[person.id] == nil { personIndex[person.id] = index }
        self.unitIndex = unitIndex
        self.personIndex = personIndex
    }

    public func unit(_ id: String) -> Unit? { unitIndex[id].map { units[$0] } }
    public func person(_ id: String) -> Person? { personIndex[id].map { people[$0] } }

    /// The people of a unit, in roster order.
    public func members(of unitID: String) -> [Person] {
        people.filter { $0.unit == unitID }
    }

    /// People whose name (or id) matches `query` ignoring case, diacritics and đ/Đ, best first:
    /// whole-name matches, then names starting with the query, then names containing it.
    public func find(_ query: String) -> [Person] {
        let key = VietnameseText.searchKey(query)
        guard !key.isEmpty else { return [] }
        var ranked: [(rank: Int, index: Int)] = []
        for (index, person) in people.enumerated() {
            let name = person.searchKey
            let rank: Int
            if name == key || person.id == query {
                rank = 0
            } else if name.hasPrefix(key) {
                rank = 1
            } else if name.contains(key) || VietnameseText.searchKey(person.id).contains(key) {
                rank = 2
            } else {
                continue
            }
            ranked.append((rank, index))
        }
        ranked.sort { ($0.rank, $0.index) < ($1.rank, $1.index) }
        return ranked.map { people[$0.index] }
    }
}

/// The issuing agency: what the header of its documents says.
public struct Agency: Decodable, Sendable, Hashable {
    /// Full name, e.g. "Sở Xây dựng".
    public var name: String
    /// The directly superior body, printed above the name, e.g. "UBND tỉnh Bình Định".
    public var superior: String?
    /// The symbol used in document numbers, e.g. "SXD" in "05/KH-SXD".
    public var symbol: String
    /// The place name in "…, ngày … tháng … năm …".
    public var place: String

    public init(name: String, superior: String?, symbol: String, place: String) {
        self.name = name
        self.superior = superior
        self.symbol = symbol
        self.place = place
    }
}

/// A division (phòng chuyên môn) or an attached unit (đơn vị trực thuộc) — a collective in campaigns.
public struct Unit: Decodable, Sendable, Hashable {
    public enum Kind: String, Decodable, Sendable, CaseIterable, Hashable {
        /// Leadership board (Ban Giám đốc).
        case leadership
        /// Phòng chuyên môn / Văn phòng / Thanh tra.
        case division
        /// Đơn vị trực thuộc.
        case attachedUnit = "attached-unit"
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// The person id of the unit's head.
    public var head: String?
    /// Where the unit is written.
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case id, name, kind, head }

    public init(id: String, name: String, kind: Kind, head: String?, location: SourceLocation) {
        self.id = id
        self.name = name
        self.kind = kind
        self.head = head
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .kind)
        head = try container.decodeIfPresent(String.self, forKey: .head)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// A civil servant, public employee or worker.
public struct Person: Decodable, Sendable, Hashable {
    public enum Kind: String, Decodable, Sendable, CaseIterable, Hashable {
        /// Công chức.
        case civilServant = "civil-servant"
        /// Viên chức.
        case publicEmployee = "public-employee"
        /// Người lao động.
        case worker
    }

    public var id: String
    /// Full name in NFC ("Võ Tất Dũng").
    public var fullName: String
    /// The id of the person's unit.
    public var unit: String
    public var position: String?
    public var kind: Kind
    public var email: String?
    public var phone: String?
    /// What the person may do in ThiDua's workflows (submit dossiers, check them, decide …).
    public var roles: Set<Role>
    /// Where the person is written (YAML position or CSV line).
    public var location: SourceLocation
    /// `fullName` folded for search.
    public var searchKey: String

    enum CodingKeys: String, CodingKey {
        case id, fullName = "full_name", unit, position, kind, email, phone, roles
    }

    public init(
        id: String, fullName: String, unit: String, position: String?, kind: Kind, email: String?, phone: String?,
        roles: Set<Role> = [], location: SourceLocation
    ) {
        self.id = id
        self.fullName = VietnameseText.normalized(fullName)
        self.unit = unit
        self.position = position
        self.kind = kind
        self.email = email
        self.phone = phone
        self.roles = roles
        self.location = location
        self.searchKey = VietnameseText.searchKey(fullName)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            fullName: try container.decode(String.self, forKey: .fullName),
            unit: try container.decode(String.self, forKey: .unit),
            position: try container.decodeIfPresent(String.self, forKey: .position),
            kind: try container.decode(Kind.self, forKey: .kind),
            email: try container.decodeIfPresent(String.self, forKey: .email),
            phone: try container.decodeIfPresent(String.self, forKey: .phone),
            roles: Set(try container.decodeIfPresent([Role].self, forKey: .roles) ?? []),
            location: decoder.sourceLocation ?? .file(""))
    }
}

/// What a person may do in ThiDua's workflows. Roles are granted in the organization file
/// (`roles: [unit-clerk]`) or the roster's `roles` column (`unit-clerk;council-member`).
public enum Role: String, Decodable, Sendable, CaseIterable, Hashable, Comparable {
    /// Prepares and submits the dossiers of their own unit (cán bộ phụ trách thi đua của đơn vị).
    case unitClerk = "unit-clerk"
    /// The standing office of the emulation council (Thường trực Hội đồng TĐKT - Văn phòng Sở):
    /// checks dossiers, returns or accepts them.
    case standingOffice = "standing-office"
    /// A member of the emulation and commendation council (thành viên Hội đồng TĐKT): reviews.
    case councilMember = "council-member"
    /// The head of the agency (Thủ trưởng, e.g. Giám đốc Sở): decides.
    case head
    /// Records deadline extensions and other administrative acts; every act is audited.
    case administrator

    public static func < (lhs: Role, rhs: Role) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
