import Testing
import ThiDuaCore
import ThiDuaOrganization

@Suite("Loading units and people from YAML and CSV")
struct LoadingTests {
    @Test("the organization file gives the agency, units and people in the order written")
    func loadsYAML() throws {
        try loadOrganization { host, directory in
            #expect(host.diagnostics.isEmpty)
            let organization = try #require(host.organization)
            #expect(
                organization.agency
                    == Agency(name: "Sở Xây dựng", superior: "UBND tỉnh Bình Định", symbol: "SXD", place: "Bình Định"))
            #expect(organization.units.map(\.id) == ["bgd", "van-phong"])
            #expect(organization.units.map(\.kind) == [.leadership, .division])
            #expect(organization.units.map(\.head) == ["vo-tat-dung", nil])
            #expect(organization.units.first?.location.description == directory.file("organization/org.yaml") + ":7:5")
            #expect(organization.people.map(\.id) == ["vo-tat-dung", "dang-minh-tuan"])

            let dung = try #require(organization.person("vo-tat-dung"))
            #expect(dung.fullName == "Võ Tất Dũng")
            #expect(dung.unit == "bgd")
            #expect(dung.position == "Giám đốc")
            #expect(dung.kind == .civilServant)
            #expect(dung.email == nil && dung.phone == nil)
            #expect(dung.searchKey == "vo tat dung")
            #expect(dung.location.description == directory.file("organization/org.yaml") + ":15:5")

            let tuan = try #require(organization.person("dang-minh-tuan"))
            #expect(tuan.position == nil)
            #expect(tuan.email == "tuandm@sxd.example.vn")
            #expect(tuan.phone == "0256 3822 000")
            #expect(organization.unit("van-phong")?.name == "Văn phòng Sở")
            #expect(organization.members(of: "van-phong").map(\.id) == ["dang-minh-tuan"])
            #expect(organization.unit("nope") == nil && organization.person("nope") == nil)
        }
    }

    @Test("roster people come after the YAML people, in file order, with their CSV line")
    func loadsCSVAfterYAML() throws {
        let first =
            rosterHeader + """
                vo-thi-ngoc-anh,Võ Thị Ngọc Ánh,van-phong,Văn thư,public-employee,,
                phan-duc-long,Phan Đức Long,van-phong,Chuyên viên,civil-servant,longpd@sxd.example.vn,0905 000 111

                """
        let second = "id,full_name,unit,kind\nly-hoang-nam,Lý Hoàng Nam,bgd,worker\n"
        try loadOrganization(rosters: [("a.csv", utf8(first)), ("b.csv", utf8(second))]) { host, directory in
            #expect(host.diagnostics.isEmpty)
            let organization = try #require(host.organization)
            #expect(
                organization.people.map(\.id) == [
                    "vo-tat-dung", "dang-minh-tuan", "vo-thi-ngoc-anh", "phan-duc-long", "ly-hoang-nam",
                ])
            let anh = try #require(organization.person("vo-thi-ngoc-anh"))
            #expect(anh.kind == .publicEmployee)
            #expect(anh.position == "Văn thư")
            #expect(anh.email == nil && anh.phone == nil)
            #expect(anh.location.description == directory.file("organization/a.csv") + ":2:1")
            let long = try #require(organization.person("phan-duc-long"))
            #expect(long.email == "longpd@sxd.example.vn")
            #expect(long.phone == "0905 000 111")
            let nam = try #require(organization.person("ly-hoang-nam"))
            #expect(nam.kind == .worker)
            #expect(nam.position == nil)
            #expect(nam.location.description == directory.file("organization/b.csv") + ":2:1")
            #expect(
                host.files == [
                    directory.file("thidua.yaml"), directory.file("organization/org.yaml"),
                    directory.file("organization/a.csv"), directory.file("organization/b.csv"),
                ])
        }
    }

    @Test("quoted fields keep commas, \"\" is a quote, and a quoted line break moves the next row's line")
    func quotedFields() throws {
        let roster =
            rosterHeader + """
                duong-thi-yen,Dương Thị Yến,van-phong,"Nhân viên lái xe, bảo vệ",worker,,
                tran-van-a,"Trần Văn ""Út"" A",van-phong,"Tổ trưởng
                tổ xe",worker,,
                le-b,Lê B,van-phong,,worker,,

                """
        try loadOrganization(rosters: [("r.csv", utf8(roster))]) { host, directory in
            #expect(host.diagnostics.isEmpty)
            let organization = try #require(host.organization)
            #expect(organization.person("duong-thi-yen")?.position == "Nhân viên lái xe, bảo vệ")
            #expect(organization.person("tran-van-a")?.fullName == "Trần Văn \"Út\" A")
            #expect(organization.person("tran-van-a")?.position == "Tổ trưởng\ntổ xe")
            #expect(organization.person("tran-van-a")?.location.line == 3)
            #expect(organization.person("le-b")?.location.description == directory.file("organization/r.csv") + ":5:1")
        }
    }

    @Test("CRLF line endings and a UTF-8 byte order mark are accepted")
    func crlfAndBOM() throws {
        let text =
            "id,full_name,unit,kind\r\nvo-thi-ngoc-anh,Võ Thị Ngọc Ánh,van-phong,public-employee\r\n"
            + "le-b,\"Lê B\",van-phong,worker\r\n"
        try loadOrganization(rosters: [("r.csv", [0xEF, 0xBB, 0xBF] + utf8(text))]) { host, directory in
            #expect(host.diagnostics.isEmpty)
            let organization = try #require(host.organization)
            #expect(organization.person("vo-thi-ngoc-anh")?.kind == .publicEmployee)
            #expect(organization.person("le-b")?.kind == .worker)
            #expect(organization.person("le-b")?.location.description == directory.file("organization/r.csv") + ":3:1")
        }
    }

    @Test("a header, blank lines and a last line without a line break are fine; fields are trimmed")
    func blankLinesAndTrimming() throws {
        let text = " id , full_name ,unit,kind\n\n  le-b ,  Lê B  ,van-phong, worker \n\nle-c,Lê C,van-phong,worker"
        try loadOrganization(rosters: [("r.csv", utf8(text))]) { host, directory in
            #expect(host.diagnostics.isEmpty)
            let organization = try #require(host.organization)
            #expect(organization.person("le-b")?.fullName == "Lê B")
            #expect(organization.person("le-b")?.location.line == 3)
            #expect(organization.person("le-c")?.location.description == directory.file("organization/r.csv") + ":5:1")
        }
    }

    @Test("phone numbers and other digit strings need no quotes: every value is text")
    func valuesAreText() throws {
        let yaml = sampleOrganization.replacing("phone: 0256 3822 000", with: "phone: 0905123456")
            .replacing("position: Giám đốc", with: "position: 2024")
        try loadOrganization(yaml) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.organization?.person("dang-minh-tuan")?.phone == "0905123456")
            #expect(host.organization?.person("vo-tat-dung")?.position == "2024")
        }
    }

    @Test("a roster with only its header adds no one")
    func headerOnly() throws {
        try loadOrganization(rosters: [("r.csv", utf8(rosterHeader))]) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.organization?.people.count == 2)
        }
    }

    @Test("decomposed (NFD) names from CSV and YAML are stored composed (NFC)")
    func namesAreStoredNFC() throws {
        let nfdCSV = "Tra\u{302}\u{300}n Thi\u{323} Mai"
        let nfdYAML = "Vo\u{303} Ta\u{302}\u{301}t Du\u{303}ng"
        let organization = sampleOrganization.replacing("Võ Tất Dũng", with: nfdYAML)
        #expect(scalars(organization) != scalars(sampleOrganization))
        let roster = "id,full_name,unit,position,kind\ntran-thi-mai,\(nfdCSV),van-phong,Chánh Văn phòng,civil-servant\n"
        try loadOrganization(organization, rosters: [("r.csv", utf8(roster))]) { host, _ in
            #expect(host.diagnostics.isEmpty)
            let loaded = try #require(host.organization)
            #expect(scalars(try #require(loaded.person("tran-thi-mai")).fullName) == scalars("Trần Thị Mai".nfc))
            #expect(scalars(try #require(loaded.person("vo-tat-dung")).fullName) == scalars("Võ Tất Dũng".nfc))
            #expect(loaded.find("tran thi mai").map(\.id) == ["tran-thi-mai"])
        }
    }

    @Test("Person's initialiser stores NFC and computes the search key")
    func personInitialiserNormalises() {
        let person = Person(
            id: "x", fullName: "D\u{323}a\u{306}\u{323}ng", unit: "u", position: nil, kind: .worker,
            email: nil, phone: nil, location: .file(""))
        #expect(scalars(person.fullName) == ["1E0C", "1EB7", "6E", "67"])
        #expect(person.searchKey == "dang")
    }
}
