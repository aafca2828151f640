import Testing
import ThiDuaCore

@testable import ThiDuaOrganization

/// The repository's `config/` directory, found from this file's path.
let exampleConfiguration: String = {
    var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)  // ExampleConfigurationTests.swift, ThiDuaOrganizationTests, Tests
    return components.joined(separator: "/") + "/config"
}()

@Suite("The example configuration and the roster reader on its own")
struct ExampleConfigurationTests {
    @Test("config/ in the repository loads without any diagnostic")
    func exampleConfigurationLoads() throws {
        let host = Host(catalog: ModuleCatalog([OrganizationModule.self])).load(configurationDirectory: exampleConfiguration)
        // config/thidua.yaml also enables modules this test does not link (criteria, campaigns).
        let diagnostics = host.diagnostics.filter { !$0.message.hasPrefix("unknown module '") }
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(
            host.files.map { $0.split(separator: "/").suffix(2).joined(separator: "/") } == [
                "config/thidua.yaml", "organization/so-xay-dung.yaml", "organization/nhan-su-bo-sung.csv",
            ])
        let organization = try #require(host.organization)
        #expect(organization.agency.symbol == "SXD")
        #expect(organization.units.count == 8)
        #expect(organization.people.count == 15)
        #expect(organization.units.allSatisfy { $0.head.flatMap(organization.person)?.unit == $0.id })
        #expect(organization.find("vo tat dung").map(\.id) == ["vo-tat-dung"])
        #expect(organization.find("DANG").map(\.fullName) == ["Đặng Minh Tuấn"])
        #expect(organization.person("duong-thi-yen")?.position == "Nhân viên lái xe, bảo vệ")
        #expect(organization.members(of: "tt-kiem-dinh").map(\.id) == ["huynh-van-duc", "truong-van-binh", "duong-thi-yen"])
    }

    @Test("the module describes itself: id, version, no dependencies, the personal data it holds")
    func descriptor() {
        let descriptor = OrganizationModule.descriptor
        #expect(descriptor.id == "organization")
        #expect(descriptor.version == SemanticVersion(1, 0, 0))
        #expect(descriptor.dependencies.isEmpty)
        #expect(descriptor.personalData == ["full names", "positions", "e-mail addresses", "phone numbers"])
        #expect(OrganizationModule.commands.count == 1)
    }

    @Test("readRoster accepts old Mac line ends (CR only) and a quoted last field at the end of the file")
    func readRosterLineEnds() {
        let bytes = utf8("id,full_name,unit,kind\rle-a,Lê A,u,worker\rle-b,Lê B,u,\"worker\"")
        let (people, diagnostics) = OrganizationModule.readRoster(bytes, file: "r.csv")
        #expect(diagnostics.isEmpty)
        #expect(people.map(\.id) == ["le-a", "le-b"])
        #expect(people.map(\.location.line) == [2, 3])
        #expect(people.last?.kind == .worker)
    }

    @Test("readRoster keeps the good rows of a roster with bad ones")
    func readRosterKeepsGoodRows() {
        let bytes = utf8("id,full_name,unit,kind\nle-a,Lê A,u,worker\nle-b,Lê B,u,boss\nle-c,Lê C,u,public-employee\n")
        let (people, diagnostics) = OrganizationModule.readRoster(bytes, file: "r.csv")
        #expect(people.map(\.id) == ["le-a", "le-c"])
        #expect(
            diagnostics.map(\.description) == ["r.csv:3:4: error: 'boss' is not one of: civil-servant, public-employee, worker"])
    }
}
