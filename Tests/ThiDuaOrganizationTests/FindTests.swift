import Testing
import ThiDuaCore
import ThiDuaOrganization

/// An organization built directly, without files.
func organization(people names: [(id: String, name: String)]) -> Organization {
    let unit = Unit(id: "u", name: "Đơn vị", kind: .division, head: nil, location: .file(""))
    let people = names.map {
        Person(
            id: $0.id, fullName: $0.name, unit: "u", position: nil, kind: .civilServant, email: nil, phone: nil,
            location: .file(""))
    }
    return Organization(agency: Agency(name: "Sở", superior: nil, symbol: "S", place: "P"), units: [unit], people: people)
}

@Suite("Organization.find: accent- and case-insensitive, best matches first")
struct FindTests {
    @Test("'vo tat dung' finds Võ Tất Dũng and 'DANG' finds Đặng Minh Tuấn, through the host")
    func findsThroughHost() throws {
        try loadOrganization { host, _ in
            let organization = try #require(host.organization)
            #expect(organization.find("vo tat dung").map(\.fullName) == ["Võ Tất Dũng"])
            #expect(organization.find("DANG").map(\.fullName) == ["Đặng Minh Tuấn"])
            #expect(organization.find("  VÕ  tất ").map(\.id) == ["vo-tat-dung"])
            #expect(organization.find("Vo\u{303}").map(\.id) == ["vo-tat-dung"])
        }
    }

    @Test("whole-name matches come before prefix matches, which come before contains matches")
    func ranking() {
        let organization = organization(people: [
            (id: "p1", name: "Phạm Thị Thu Hà"),  // contains "ha"
            (id: "p2", name: "Hà Văn Nam"),  // starts with "ha"
            (id: "p3", name: "Thái Bình"),  // contains "ha" (thai)
            (id: "p4", name: "Hà"),  // exactly "ha"
            (id: "p5", name: "Hạnh Lê"),  // starts with "ha" (hanh)
            (id: "p6", name: "Nguyễn Văn Bình"),  // no match
        ])
        #expect(organization.find("hà").map(\.id) == ["p4", "p2", "p5", "p1", "p3"])
        #expect(organization.find("HA").map(\.id) == ["p4", "p2", "p5", "p1", "p3"])
    }

    @Test("an exact id is a best match; a part of an id matches like a part of a name")
    func findsByID() {
        let organization = organization(people: [
            (id: "tran-van-binh", name: "Bình Trần"),
            (id: "binh", name: "Lê Thị Hoa"),
        ])
        #expect(organization.find("binh").map(\.id) == ["binh", "tran-van-binh"])
        #expect(organization.find("van-binh").map(\.id) == ["tran-van-binh"])
    }

    @Test("an empty or blank query, and one that matches nobody, find nothing")
    func noMatches() {
        let organization = organization(people: [(id: "p1", name: "Võ Tất Dũng")])
        #expect(organization.find("").isEmpty)
        #expect(organization.find("   ").isEmpty)
        #expect(organization.find("nguyen").isEmpty)
    }

    @Test("people of equal rank keep roster order")
    func equalRankKeepsOrder() {
        let organization = organization(people: [
            (id: "c", name: "Nguyễn Văn C"), (id: "a", name: "Nguyễn Văn A"), (id: "b", name: "Nguyễn Thị B"),
        ])
        #expect(organization.find("nguyen").map(\.id) == ["c", "a", "b"])
    }

    @Test("lookups by id return the first of duplicate ids")
    func duplicateIDsLookUpFirst() {
        let organization = organization(people: [(id: "x", name: "Thứ nhất"), (id: "x", name: "Thứ hai")])
        #expect(organization.person("x")?.fullName == "Thứ nhất")
        #expect(organization.people.count == 2)
    }
}
