import Foundation
import Testing
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization
import ThiDuaSQLite
import ThiDuaTestSupport

@testable import ThiDuaCLI

/// `thidua import roster|facts`: on the built executable in a working directory of its own, and
/// in process for the modules' view of imported data.
@Suite struct ImportTests {
    // MARK: - A small configuration

    static let organization = """
        agency: {name: Sở Xây dựng, symbol: SXD, place: Bình Định}
        units:
          - {id: van-phong, name: Văn phòng Sở, kind: division}
          - {id: qlxd, name: Phòng Quản lý xây dựng, kind: division}
        people:
          - {id: quan-tri, full_name: Quản Trị Viên, unit: van-phong, kind: civil-servant, roles: [administrator]}
          - {id: le-van-a, full_name: Lê Văn A, unit: van-phong, kind: civil-servant}
          - {id: tran-thi-mai, full_name: Trần Thị Mai, unit: qlxd, kind: civil-servant}

        """
    static let library = """
        scales:
          xep-loai:
            title: Xếp loại
            levels: [{id: htxsnv, title: Hoàn thành xuất sắc nhiệm vụ}, {id: httnv, title: Hoàn thành tốt nhiệm vụ}]
        facts:
          xep_loai: {type: rating, scale: xep-loai, title: Xếp loại}
          ky_luat: {type: flag, title: Kỷ luật}
          so_sang_kien: {type: number, title: Số sáng kiến}

        """
    static let roster = """
        id,full_name,unit,position,kind,email,phone,roles
        vo-thi-ngoc-anh,Võ Thị Ngọc Ánh,van-phong,Văn thư,public-employee,,,
        phan-duc-long,Phan Đức Long,qlxd,"Chuyên viên, kế toán",civil-servant,longpd@sxd.example.vn,,unit-clerk
        duong-thi-yen,Dương Thị Yến,qlxd,,worker,,0256 3822 111,

        """
    static let facts = """
        subject,xep_loai,ky_luat,so_sang_kien
        vo-thi-ngoc-anh,Hoàn thành tốt nhiệm vụ,không,1
        phan-duc-long,htxsnv,false,
        qlxd,htxsnv,,2.5

        """

    /// A working directory with `config/` (organization, criteria with one configured fact file)
    /// and the import files `roster.csv` and `facts.csv`.
    static func workspace(configuredFacts: String = "subject,xep_loai\ntran-thi-mai,httnv\n") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "config/thidua.yaml",
            """
            format: 1
            modules:
              organization:
                file: organization/org.yaml
              criteria:
                library: criteria/library.yaml
                facts:
                  - {file: criteria/facts.csv, period: 2024}

            """)
        try directory.write("config/organization/org.yaml", organization)
        try directory.write("config/criteria/library.yaml", library)
        try directory.write("config/criteria/facts.csv", configuredFacts)
        try directory.write("roster.csv", roster)
        try directory.write("facts.csv", facts)
        return directory
    }

    /// An initialised workspace.
    static func initialised() throws -> TemporaryDirectory {
        let directory = try workspace()
        let run = try Thidua.run(["init"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        return directory
    }

    /// Runs thidua with extra environment variables (THIDUA_ACTOR).
    static func run(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String]) throws -> Run {
        var variables: [String: String?] = ["THIDUA_ACTOR": nil]
        for (key, value) in environment { variables[key] = .some(value) }
        return try Thidua.run(arguments, in: directory.url, environment: variables)
    }

    /// `thidua ARGUMENTS --as quan-tri` without THIDUA_ACTOR.
    static func asAdministrator(_ arguments: [String], in directory: TemporaryDirectory) throws -> Run {
        try run(arguments + ["--as", "quan-tri"], in: directory, environment: [:])
    }

    /// Rows of a query on the workspace's database, each as `column = value, …`.
    static func rows(_ sql: String, in directory: TemporaryDirectory) throws -> [String] {
        let store = try SQLiteStore(path: directory.path(".thidua/thidua.sqlite"), create: false)
        return try store.read { transaction in try transaction.rows(sql).map(\.description) }
    }

    static func count(_ table: String, in directory: TemporaryDirectory) throws -> Int {
        let store = try SQLiteStore(path: directory.path(".thidua/thidua.sqlite"), create: false)
        return try store.read { transaction in try transaction.row("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1 }
    }

    // MARK: - Import, then read back

    @Test func importedPeopleAndFactsAreStoredAndUsedByTheModules() throws {
        let directory = try Self.initialised()
        let roster = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        #expect(roster.status == 0, "\(roster.stderr)")
        #expect(roster.stderr.isEmpty, "no progress and no warning when stderr is not a terminal: \(roster.stderr)")
        #expect(roster.lines.first == "Imported 3 people from roster.csv into .thidua/thidua.sqlite: 3 new, 0 updated.")
        #expect(
            try Self.rows(
                "SELECT id, full_name, unit, position, kind, email, phone, roles, source_file, source_line FROM organization_people ORDER BY source_line",
                in: directory)
                == [
                    "id = 'vo-thi-ngoc-anh', full_name = 'Võ Thị Ngọc Ánh', unit = 'van-phong', position = 'Văn thư', kind = 'public-employee', email = NULL, phone = NULL, roles = '', source_file = 'roster.csv', source_line = 2",
                    "id = 'phan-duc-long', full_name = 'Phan Đức Long', unit = 'qlxd', position = 'Chuyên viên, kế toán', kind = 'civil-servant', email = 'longpd@sxd.example.vn', phone = NULL, roles = 'unit-clerk', source_file = 'roster.csv', source_line = 3",
                    "id = 'duong-thi-yen', full_name = 'Dương Thị Yến', unit = 'qlxd', position = NULL, kind = 'worker', email = NULL, phone = '0256 3822 111', roles = '', source_file = 'roster.csv', source_line = 4",
                ])

        let facts = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(
            facts.lines.first
                == "Imported 7 fact values (3 rows, 3 facts, 2024) from facts.csv into .thidua/thidua.sqlite; 0 stored values replaced."
        )
        // Values in their canonical text: the rating's title became its id, "không" became false.
        #expect(
            try Self.rows(
                "SELECT subject, period, fact, value, source_line FROM criteria_facts ORDER BY subject, fact", in: directory)
                == [
                    "subject = 'phan-duc-long', period = 2024, fact = 'ky_luat', value = 'false', source_line = 3",
                    "subject = 'phan-duc-long', period = 2024, fact = 'xep_loai', value = 'htxsnv', source_line = 3",
                    "subject = 'qlxd', period = 2024, fact = 'so_sang_kien', value = '2.5', source_line = 4",
                    "subject = 'qlxd', period = 2024, fact = 'xep_loai', value = 'htxsnv', source_line = 4",
                    "subject = 'vo-thi-ngoc-anh', period = 2024, fact = 'ky_luat', value = 'false', source_line = 2",
                    "subject = 'vo-thi-ngoc-anh', period = 2024, fact = 'so_sang_kien', value = '1', source_line = 2",
                    "subject = 'vo-thi-ngoc-anh', period = 2024, fact = 'xep_loai', value = 'httnv', source_line = 2",
                ])

        // The modules use what was imported: search, listing, facts.
        let find = try Thidua.run(["org", "find", "duc long"], in: directory.url)
        #expect(find.lines == ["phan-duc-long\tPhan Đức Long\tChuyên viên, kế toán\tPhòng Quản lý xây dựng\tcivil-servant"])
        let people = try Thidua.run(["org", "people", "--unit", "qlxd"], in: directory.url)
        #expect(
            people.lines.map { $0.split(separator: "\t").first.map(String.init) } == [
                "tran-thi-mai", "phan-duc-long", "duong-thi-yen",
            ])
        let known = try Thidua.run(["criteria", "facts", "vo-thi-ngoc-anh", "--period", "2024"], in: directory.url)
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains("httnv"), "\(known.stdout)")
        #expect(known.stdout.contains("facts.csv:2:1"))
    }

    @Test func theModulesSeeImportedDataInProcessAndOnlyWithADatabase() throws {
        let directory = try Self.initialised()
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        _ = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        // Point the host at the workspace's database by an absolute path.
        var hostFile = try String(contentsOf: directory.url.appendingPathComponent("config/thidua.yaml"), encoding: .utf8)
        hostFile = hostFile.replacingOccurrences(
            of: "format: 1\n", with: "format: 1\ndata:\n  directory: \(directory.path(".thidua"))\n")
        try directory.write("config/thidua.yaml", hostFile)
        let host = Host(catalog: thiduaModules, storeBackend: SQLiteBackend()).load(
            configurationDirectory: directory.path("config"))
        #expect(!host.hasErrors, "\(host.diagnostics)")
        let organization = try #require(host.module(OrganizationModule.self))
        #expect(organization.organization.people.count == 6)
        #expect(organization.isImported("phan-duc-long"))
        #expect(!organization.isImported("tran-thi-mai"))
        #expect(organization.organization.person("phan-duc-long")?.roles == [.unitClerk])
        let criteria = try #require(host.module(CriteriaModule.self))
        #expect(criteria.importedCount == 7)
        #expect(criteria.facts.value(of: "xep_loai", for: "phan-duc-long", in: 2024) == .rating("htxsnv"))
        #expect(criteria.facts.value(of: "xep_loai", for: "tran-thi-mai", in: 2024) == .rating("httnv"))
        #expect(criteria.facts.source(of: "so_sang_kien", for: "qlxd", in: 2024)?.description == "facts.csv:4:1")

        // Without a backend (or without a database) the same configuration works on its own.
        let alone = Host(catalog: thiduaModules).load(configurationDirectory: directory.path("config"))
        #expect(!alone.hasErrors)
        #expect(alone.module(OrganizationModule.self)?.organization.people.count == 3)
        #expect(alone.module(CriteriaModule.self)?.importedCount == 0)
    }

    @Test func checkWorksWithoutADatabaseAndCreatesNone() throws {
        let directory = try Self.workspace()
        let check = try Thidua.run(["check"], in: directory.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path(".thidua")))
        let find = try Thidua.run(["org", "find", "mai"], in: directory.url)
        #expect(find.status == 0)
        let noDatabase = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        #expect(noDatabase.status == 1)
        #expect(
            noDatabase.stderr.contains(
                "error: there is no database at .thidua/thidua.sqlite yet (run 'thidua init' to create it)"))
    }

    // MARK: - Idempotence

    @Test func importingTheSameFilesAgainChangesNothing() throws {
        let directory = try Self.initialised()
        let peopleQuery =
            "SELECT id, full_name, unit, position, kind, email, phone, roles, source_file, source_line FROM organization_people ORDER BY id"
        let factsQuery =
            "SELECT subject, period, fact, value, source_file, source_line FROM criteria_facts ORDER BY subject, period, fact"
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        _ = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        let people = try Self.rows(peopleQuery, in: directory)
        let facts = try Self.rows(factsQuery, in: directory)

        let roster = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        #expect(roster.status == 0)
        #expect(roster.lines.first == "Imported 3 people from roster.csv into .thidua/thidua.sqlite: 0 new, 3 updated.")
        let again = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        #expect(again.status == 0)
        #expect(again.lines.first?.hasSuffix("7 stored values replaced.") == true)
        #expect(try Self.rows(peopleQuery, in: directory) == people)
        #expect(try Self.rows(factsQuery, in: directory) == facts)

        // An empty cell removes what an earlier import stored for that subject, period and fact;
        // other periods are left alone.
        try directory.write(
            "facts.csv", "subject,period,xep_loai,ky_luat\nvo-thi-ngoc-anh,2024,,true\nvo-thi-ngoc-anh,2023,htxsnv,\n")
        let changed = try Self.asAdministrator(["import", "facts", "facts.csv"], in: directory)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(
            try Self.rows(
                "SELECT period, fact, value FROM criteria_facts WHERE subject = 'vo-thi-ngoc-anh' ORDER BY period, fact",
                in: directory)
                == [
                    "period = 2023, fact = 'xep_loai', value = 'htxsnv'", "period = 2024, fact = 'ky_luat', value = 'true'",
                    "period = 2024, fact = 'so_sang_kien', value = '1'",
                ])
    }

    @Test func aRowWithMoreValuesThanOneStatementCarriesIsWrittenWhole() throws {
        let directory = try Self.workspace()
        let ids = (1...150).map { "f\($0)" }
        try directory.write(
            "config/criteria/library.yaml",
            Self.library + ids.map { "  \($0): {type: number, title: Số \($0)}\n" }.joined())
        _ = try Thidua.run(["init"], in: directory.url)
        try directory.write(
            "facts.csv",
            "subject," + ids.joined(separator: ",") + "\nle-van-a," + (1...150).map(String.init).joined(separator: ",") + "\n")
        let run = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.count("criteria_facts", in: directory) == 150)
        #expect(
            try Self.rows("SELECT SUM(CAST(value AS INTEGER)) AS total FROM criteria_facts", in: directory) == ["total = 11325"])
    }

    // MARK: - Any error, nothing written

    @Test(
        "an error anywhere in the file: every problem located, nothing written",
        arguments: [
            (
                "roster", "id,full_name,unit,kind\nle-b,Lê B,van-phong,worker\nle-c,Lê C,van-phong,wroker\n",
                "roster.csv:3:4: error: 'wroker' is not one of: civil-servant, public-employee, worker (did you mean 'worker'?)"
            ),
            (
                "roster", "id,full_name,unit,kind\nle-b,Lê B,van-phng,worker\n",
                "roster.csv:2:1: error: 'Lê B' belongs to the unknown unit 'van-phng' (did you mean 'van-phong'?)"
            ),
            (
                "roster", "id,full_name,unit,kind\nle-b,Lê B,van-phong,worker\nle-b,Lê Bê,qlxd,worker\n",
                "roster.csv:3:1: error: duplicate person id 'le-b' (first at roster.csv:2:1) (give each person their own id)"
            ),
            (
                "roster", "id,full_name,unit,kind,roles\nle-b,Lê B,van-phong,worker,admin\n",
                "roster.csv:2:5: error: 'admin' is not one of: unit-clerk, standing-office, council-member, head, administrator"
            ),
            (
                "roster", "id,full_name,unit,kind\nle-van-a,Lê Văn A,van-phong,worker\n",
                "roster.csv:2:1: error: the person 'le-van-a' is already in the configuration (at config/organization/org.yaml:7:5)"
            ),
            (
                "facts", "subject,xep_loai,so_sang_kien\nle-van-a,htxsnv,1\nle-van-b,htxsnv,2\n",
                "facts.csv:3:1: error: unknown subject 'le-van-b': no unit or person has this id (did you mean 'le-van-a'?)"
            ),
            (
                "facts", "subject,xep_loai,so_sang_kien\nle-van-a,htxsnv,1\nquan-tri,htxs,2\n",
                "facts.csv:3:10: error: 'htxs' is not a level of the scale 'xep-loai'"
            ),
            (
                "facts", "subject,xep_loia\nle-van-a,htxsnv\n",
                "facts.csv:1:9: error: unknown column 'xep_loia': it is not a fact of the library (did you mean 'xep_loai'?)"
            ),
            (
                "facts", "subject,xep_loai\nle-van-a,htxsnv\nle-van-a,httnv\n",
                "facts.csv:3:10: error: 'xep_loai' of 'le-van-a' for 2024 is given twice (first at facts.csv:2:10)"
            ),
            (
                "facts", "subject,xep_loai\ntran-thi-mai,htxsnv\n",
                "facts.csv:2:14: error: 'xep_loai' of 'tran-thi-mai' for 2024 is already in the configuration"
            ),
        ])
    func anErrorWritesNothing(kind: String, text: String, message: String) throws {
        let directory = try Self.initialised()
        let file = kind == "roster" ? "roster.csv" : "facts.csv"
        try directory.write(file, text)
        let audit = try Self.count("thidua_audit", in: directory)
        let run = try Self.asAdministrator(
            ["import", kind, file] + (kind == "facts" ? ["--period", "2024"] : []), in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains("error: nothing was imported: \(file) has "))
        #expect(try Self.count("organization_people", in: directory) == 0)
        #expect(try Self.count("criteria_facts", in: directory) == 0)
        #expect(try Self.count("thidua_audit", in: directory) == audit)
    }

    @Test func aFactFileWithoutAPeriodNamesTheOption() throws {
        let directory = try Self.initialised()
        let run = try Self.asAdministrator(["import", "facts", "facts.csv"], in: directory)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("facts.csv:1:1: error: the file gives no period (add a 'period' column, or pass --period 2024)"))
        let missing = try Self.asAdministrator(["import", "roster", "nhan-su.csv"], in: directory)
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains(
                "nhan-su.csv: error: no such file (check the path; it is relative to the directory thidua runs in)"))
        #expect(try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "24"], in: directory).status == 64)
    }

    // MARK: - Who may import

    @Test func onlyAnAdministratorMayImport() throws {
        let directory = try Self.initialised()
        let nobody = try Self.run(["import", "roster", "roster.csv"], in: directory, environment: [:])
        #expect(nobody.status == 64)
        #expect(nobody.stderr.contains("name the person who imports with --as ID or the THIDUA_ACTOR environment variable"))
        let clerk = try Self.run(["import", "roster", "roster.csv", "--as", "le-van-a"], in: directory, environment: [:])
        #expect(clerk.status == 1)
        #expect(clerk.stderr.contains("error: Lê Văn A (le-van-a) may not import: only a person with the administrator role may"))
        let unknown = try Self.run(["import", "roster", "roster.csv", "--as", "quan-trj"], in: directory, environment: [:])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr.contains("error: no person has the id 'quan-trj', so they cannot import (did you mean 'quan-tri'?)"))
        #expect(try Self.count("organization_people", in: directory) == 0)
        let environment = try Self.run(
            ["import", "roster", "roster.csv"], in: directory, environment: ["THIDUA_ACTOR": "quan-tri"])
        #expect(environment.status == 0, "\(environment.stderr)")
        // --as wins over the environment.
        let both = try Self.run(
            ["import", "roster", "roster.csv", "--as", "le-van-a"], in: directory, environment: ["THIDUA_ACTOR": "quan-tri"])
        #expect(both.status == 1)
    }

    // MARK: - Audit

    @Test func eachImportIsOneAuditEntryWithCountsAndTheFilesHash() throws {
        let directory = try Self.initialised()
        let before = try Self.count("thidua_audit", in: directory)
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        let facts = try Self.asAdministrator(
            ["import", "facts", "facts.csv", "--period", "2024", "--format", "json"], in: directory)
        #expect(try Self.count("thidua_audit", in: directory) == before + 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(facts.stdout.utf8)) as? [String: Any])
        #expect(json["written"] as? Int == 7)
        #expect(json["audit_entry"] as? Int == before + 2)

        let list = try Thidua.run(["audit", "list", "--limit", "2", "--format", "json"], in: directory.url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.map { $0["action"] as? String } == ["organization.import-roster", "criteria.import-facts"])
        #expect(entries.map { $0["actor"] as? String } == ["quan-tri", "quan-tri"])
        #expect(entries.map { ($0["entity"] as? [String: Any])?["id"] as? String } == ["roster.csv", "facts.csv"])
        let afterText = try #require(entries.first?["after"] as? String)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(afterText.utf8)) as? [String: Any])
        #expect(after["sha256"] as? String == SHA256.hexString(SHA256.hash(Array(Self.roster.utf8))))
        #expect(after["rows"] as? Int == 3)
        #expect(after["inserted"] as? Int == 3)
        #expect(after["updated"] as? Int == 0)
        let verify = try Thidua.run(["audit", "verify"], in: directory.url)
        #expect(verify.status == 0)
    }

    // MARK: - Precedence: configuration and store

    @Test func aPersonInBothConfigurationAndStoreIsAnErrorNamingBoth() throws {
        let directory = try Self.initialised()
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        try directory.write(
            "config/organization/org.yaml",
            Self.organization + "  - {id: duong-thi-yen, full_name: Dương Thị Yến, unit: qlxd, kind: worker}\n")
        let check = try Thidua.run(["check"], in: directory.url)
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "config/organization/org.yaml:9:5: error: the person 'duong-thi-yen' is both in the configuration and in the database at "
                    + ".thidua/thidua.sqlite (imported from roster.csv:4) (a person comes from configuration or from 'thidua import roster', "
                    + "not both: remove them here to use the imported record)"), "\(check.stdout)")
        // Without the database the configuration is fine again.
        try FileManager.default.removeItem(atPath: directory.path(".thidua"))
        #expect(try Thidua.run(["check"], in: directory.url).status == 0)
    }

    @Test func aFactInBothConfigurationAndStoreIsAnErrorNamingBoth() throws {
        let directory = try Self.initialised()
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        _ = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        try directory.write("config/criteria/facts.csv", "subject,xep_loai\ntran-thi-mai,httnv\nphan-duc-long,httnv\n")
        let check = try Thidua.run(["check"], in: directory.url)
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "config/criteria/facts.csv:3:15: error: 'xep_loai' of 'phan-duc-long' for 2024 is both in the configuration and in the "
                    + "database at .thidua/thidua.sqlite (imported from facts.csv:3)"), "\(check.stdout)")
    }

    @Test func importedDataThatNoLongerFitsIsLeftOutWithAWarning() throws {
        let directory = try Self.initialised()
        _ = try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory)
        _ = try Self.asAdministrator(["import", "facts", "facts.csv", "--period", "2024"], in: directory)
        // The library loses a fact; the organization loses a unit.
        try directory.write(
            "config/criteria/library.yaml",
            Self.library.replacingOccurrences(of: "  so_sang_kien: {type: number, title: Số sáng kiến}\n", with: ""))
        try directory.write(
            "config/organization/org.yaml",
            Self.organization.replacingOccurrences(of: "  - {id: qlxd, name: Phòng Quản lý xây dựng, kind: division}\n", with: "")
                .replacingOccurrences(of: "unit: qlxd", with: "unit: van-phong"))
        let check = try Thidua.run(["check"], in: directory.url)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(
            check.stdout.contains(
                "'Phan Đức Long' (phan-duc-long), imported into .thidua/thidua.sqlite from roster.csv:3, belongs to the unknown unit 'qlxd'; they are left out"
            ))
        #expect(check.stdout.contains("2 values of 'so_sang_kien', which the library no longer has"))
        #expect(check.stdout.contains("3 values for 2 subjects that are no longer a unit or person ('phan-duc-long', 'qlxd')"))
        // An import of a corrected roster still works, so the data can be fixed.
        try directory.write("roster.csv", "id,full_name,unit,kind\nphan-duc-long,Phan Đức Long,van-phong,civil-servant\n")
        #expect(try Self.asAdministrator(["import", "roster", "roster.csv"], in: directory).status == 0)
    }

    // MARK: - Progress

    @Test func progressIsShownOnlyOnATerminalAfterASecond() {
        #expect(!ImportProgress.shows(isTerminal: false, elapsed: .seconds(30)))
        #expect(!ImportProgress.shows(isTerminal: true, elapsed: .milliseconds(999)))
        #expect(!ImportProgress.shows(isTerminal: true, elapsed: .seconds(1)))
        #expect(ImportProgress.shows(isTerminal: true, elapsed: .milliseconds(1001)))
        #expect(
            ImportProgress.line(file: "facts.csv", noun: "facts", done: 120_000, total: 240_000, elapsed: .seconds(2))
                == "Importing facts.csv: 120000/240000 facts (50%, 60000 facts/s)")
        var progress = ImportProgress(
            file: "f.csv", noun: "facts", total: 10, started: ContinuousClock.now - .seconds(5), isTerminal: false)
        progress.update(5)
        progress.finish()
        #expect(!progress.shown)
    }
}
