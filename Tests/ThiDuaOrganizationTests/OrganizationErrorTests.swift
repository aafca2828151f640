import Testing
import ThiDuaCore
import ThiDuaOrganization

@Suite("Errors in the organization file and its cross-references, with file and line")
struct OrganizationErrorTests {
    @Test("a duplicate unit id is reported at the second unit, naming the first")
    func duplicateUnitID() throws {
        let yaml = sampleOrganization.replacing(
            "people:\n", with: "  - id: bgd\n    name: Ban trùng\n    kind: division\npeople:\n")
        try loadOrganization(yaml) { host, directory in
            let file = directory.file("organization/org.yaml")
            let error = try #require(host.errors.only)
            #expect(error.message == "duplicate unit id 'bgd' (first at \(file):7:5)")
            #expect(error.hint == "give each unit its own id")
            #expect(error.location.description == file + ":14:5")
            #expect(host.organization == nil)
            #expect(host.modules.first?.state == .failed)
        }
    }

    @Test("a person id used in YAML and again in a CSV roster is reported at the CSV line")
    func duplicatePersonIDAcrossFiles() throws {
        let roster = rosterHeader + "le-b,Lê B,van-phong,,worker,,\nvo-tat-dung,Võ Tất Dũng,bgd,Giám đốc,civil-servant,,\n"
        try loadOrganization(rosters: [("r.csv", utf8(roster))]) { host, directory in
            let error = try #require(host.errors.only)
            #expect(
                error.message == "duplicate person id 'vo-tat-dung' (first at \(directory.file("organization/org.yaml")):15:5)")
            #expect(error.hint == "give each person their own id")
            #expect(error.location.description == directory.file("organization/r.csv") + ":3:1")
        }
    }

    @Test("a person id used twice in one roster is reported at the second row")
    func duplicatePersonIDInRoster() throws {
        let roster = rosterHeader + "le-b,Lê B,van-phong,,worker,,\nle-b,Lê Bình,van-phong,,worker,,\n"
        try loadOrganization(rosters: [("r.csv", utf8(roster))]) { host, directory in
            let file = directory.file("organization/r.csv")
            let error = try #require(host.errors.only)
            #expect(error.message == "duplicate person id 'le-b' (first at \(file):2:1)")
            #expect(error.location.description == file + ":3:1")
        }
    }

    @Test("a person in an unknown unit is reported with a did-you-mean, in YAML and in CSV")
    func unknownUnit() throws {
        let yaml = sampleOrganization.replacing("unit: van-phong", with: "unit: van-phng")
        let roster = "id,full_name,unit,kind\nle-b,Lê B,phong-ke-toan,worker\n"
        try loadOrganization(yaml, rosters: [("r.csv", utf8(roster))]) { host, directory in
            #expect(host.errors.count == 2)
            let inYAML = try #require(host.errors.first)
            #expect(inYAML.message == "'Đặng Minh Tuấn' belongs to the unknown unit 'van-phng'")
            #expect(inYAML.hint == "did you mean 'van-phong'?")
            #expect(inYAML.location.description == directory.file("organization/org.yaml") + ":20:5")
            let inCSV = try #require(host.errors.last)
            #expect(inCSV.message == "'Lê B' belongs to the unknown unit 'phong-ke-toan'")
            #expect(inCSV.hint == "add the unit under 'units:'")
            #expect(inCSV.location.description == directory.file("organization/r.csv") + ":2:1")
        }
    }

    @Test("a unit head who is not a known person is an error at the unit")
    func unknownHead() throws {
        let yaml = sampleOrganization.replacing("head: vo-tat-dung", with: "head: vo-tat-dug")
        try loadOrganization(yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "the head 'vo-tat-dug' of unit 'bgd' is not a known person")
            #expect(error.hint == "use the id of a person under 'people:'")
            #expect(error.location.description == directory.file("organization/org.yaml") + ":7:5")
        }
    }

    @Test("a unit head who belongs to another unit is a warning, and the module loads")
    func headOfAnotherUnit() throws {
        let yaml = sampleOrganization.replacing("    kind: division\n", with: "    kind: division\n    head: vo-tat-dung\n")
        try loadOrganization(yaml) { host, directory in
            #expect(host.errors.isEmpty)
            let warning = try #require(host.warnings.only)
            #expect(warning.message == "the head 'vo-tat-dung' of unit 'van-phong' belongs to unit 'bgd'")
            #expect(warning.location.description == directory.file("organization/org.yaml") + ":11:5")
            #expect(host.organization?.unit("van-phong")?.head == "vo-tat-dung")
        }
    }

    @Test("a bad unit kind in YAML is reported at the value with a did-you-mean")
    func badUnitKind() throws {
        let yaml = sampleOrganization.replacing("kind: division", with: "kind: divison")
        try loadOrganization(yaml) { host, directory in
            let error = try #require(host.errors.first)
            #expect(error.message == "'divison' is not one of: leadership, division, attached-unit")
            #expect(error.hint == "did you mean 'division'?")
            #expect(error.location.description == directory.file("organization/org.yaml") + ":13:11")
            #expect(host.organization == nil)
        }
    }

    @Test("a misspelt key of a person is reported with a did-you-mean")
    func misspeltPersonKey() throws {
        let yaml = sampleOrganization.replacing("    email: tuandm", with: "    emial: tuandm")
        try loadOrganization(yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'emial'")
            #expect(error.hint == "did you mean 'email'?")
            #expect(error.location.description == directory.file("organization/org.yaml") + ":24:5")
        }
    }

    @Test("cross-references are not checked while a file has errors, so one typo gives one error")
    func crossReferencesWaitForCleanFiles() throws {
        // The unit's id is misspelt AND a roster row is malformed: only the malformed row and the
        // YAML error are reported, not 'unknown unit' for every member.
        let yaml = sampleOrganization.replacing("kind: leadership", with: "kind: leader")
        let roster = "id,full_name,unit,kind\nle-b,Lê B,nowhere,worker\n"
        try loadOrganization(yaml, rosters: [("r.csv", utf8(roster))]) { host, _ in
            #expect(host.errors.map(\.message) == ["'leader' is not one of: leadership, division, attached-unit"])
        }
    }

    @Test("a missing roster holds back the cross-reference checks too: no false 'unknown head'")
    func missingRosterHoldsBackCrossReferences() throws {
        // The head of van-phong is listed in the roster that is missing.
        let yaml = sampleOrganization.replacing("    kind: division\n", with: "    kind: division\n    head: tran-thi-mai\n")
        let hostFile = organizationHostFile(rosters: ["organization/missing.csv"])
        try loadOrganization(yaml, hostFile: hostFile) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "no such file")
            #expect(error.location == .file(directory.file("organization/missing.csv")))
        }
    }

    // MARK: The module's settings and files

    @Test("a missing organization file names the place in thidua.yaml that asked for it")
    func missingOrganizationFile() throws {
        try loadOrganization(nil) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "no such file")
            #expect(error.location == .file(directory.file("organization/org.yaml")))
            #expect(error.hint?.hasSuffix("referenced at \(directory.file("thidua.yaml")):4:11") == true)
            #expect(host.modules.first?.state == .failed)
        }
    }

    @Test("a missing roster names the place in thidua.yaml that asked for it")
    func missingRoster() throws {
        let hostFile = organizationHostFile(rosters: ["organization/a.csv", "organization/missing.csv"])
        try loadOrganization(rosters: [("a.csv", utf8(rosterHeader))], hostFile: hostFile) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "no such file")
            #expect(error.location == .file(directory.file("organization/missing.csv")))
            #expect(error.hint?.hasSuffix("referenced at \(directory.file("thidua.yaml")):7:9") == true)
        }
    }

    @Test("an unknown key in the module's settings is reported at the key with a did-you-mean")
    func unknownSettingsKey() throws {
        let hostFile = "format: 1\nmodules:\n  organization:\n    file: organization/org.yaml\n    roster: [organization/r.csv]\n"
        try loadOrganization(hostFile: hostFile) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'roster'")
            #expect(error.hint == "did you mean 'rosters'?")
            #expect(error.location.description == directory.file("thidua.yaml") + ":5:5")
        }
    }

    @Test("settings without file: are reported as missing it")
    func missingFileSetting() throws {
        let hostFile = "format: 1\nmodules:\n  organization:\n    rosters: []\n"
        try loadOrganization(hostFile: hostFile) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "missing required key 'file'")
            #expect(error.hint == "add 'file:' to this mapping")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:5")
        }
    }
}
