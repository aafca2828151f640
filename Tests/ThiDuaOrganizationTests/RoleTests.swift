import Testing
import ThiDuaCore
import ThiDuaOrganization

@Suite("Roles: who may submit, check, review and decide")
struct RoleTests {
    @Test("roles come from the organization file and the roster's roles column")
    func rolesFromYAMLAndCSV() throws {
        let organization = sampleOrganization.replacingOccurrences(
            of: "    position: Giám đốc\n", with: "    position: Giám đốc\n    roles: [head, council-member]\n")
        let roster =
            "id,full_name,unit,position,kind,email,phone,roles\n"
            + "le-a,Lê A,van-phong,,civil-servant,,,unit-clerk;standing-office\n"
            + "le-b,Lê B,van-phong,,worker,,,\n"
        try loadOrganization(organization, rosters: [("r.csv", utf8(roster))]) { host, _ in
            #expect(host.errors.isEmpty, "\(host.errors)")
            let loaded = try #require(host.organization)
            #expect(loaded.person("vo-tat-dung")?.roles == [.head, .councilMember])
            #expect(loaded.person("le-a")?.roles == [.unitClerk, .standingOffice])
            #expect(loaded.person("le-b")?.roles == [])
            #expect(loaded.person("dang-minh-tuan")?.roles == [])
        }
    }

    @Test("an unknown role in YAML is an error at its position with a did-you-mean")
    func unknownRoleInYAML() throws {
        let organization = sampleOrganization.replacingOccurrences(
            of: "    position: Giám đốc\n", with: "    position: Giám đốc\n    roles: [haed]\n")
        try loadOrganization(organization) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.location.description == directory.file("organization/org.yaml") + ":19:13")
            #expect(error.message == "'haed' is not one of: unit-clerk, standing-office, council-member, head, administrator")
            #expect(error.hint == "did you mean 'head'?")
        }
    }

    @Test("an unknown role in a roster is an error at its line and field, and the row is skipped")
    func unknownRoleInCSV() throws {
        let roster =
            "id,full_name,unit,position,kind,email,phone,roles\n"
            + "le-a,Lê A,van-phong,,civil-servant,,,unit-clerk;standing-ofice\n"
        try loadOrganization(rosters: [("r.csv", utf8(roster))]) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.location.description == directory.file("organization/r.csv") + ":2:8")
            #expect(error.message.hasPrefix("'standing-ofice' is not one of:"))
            #expect(error.hint == "did you mean 'standing-office'?")
        }
    }
}
