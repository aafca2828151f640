import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite
import ThiDuaTestSupport

/// `thidua init` and `thidua audit …` on the built executable, each in its own working directory.
@Suite struct StoreCommandsTests {
    /// A working directory with `config/thidua.yaml` holding `hostFile`.
    static func workspace(_ hostFile: String = "format: 1\nmodules: {}\n") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("config/thidua.yaml", hostFile)
        return directory
    }

    @Test func initCreatesTheDatabaseThenReportsUpToDate() throws {
        let directory = try Self.workspace()
        let first = try Thidua.run(["init"], in: directory.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.lines.first?.hasPrefix("Database .thidua/thidua.sqlite — SQLite 3.") == true)
        #expect(first.stdout.contains("(WAL, foreign keys on, busy timeout 5 s)"))
        #expect(first.stdout.contains("Created the data directory .thidua."))
        #expect(first.stdout.contains("core 1 create audit log … applied"))
        #expect(first.stdout.contains("Applied 1 migration; up to date (core 1)."))
        #expect(FileManager.default.fileExists(atPath: directory.path(".thidua/thidua.sqlite")))

        let second = try Thidua.run(["init"], in: directory.url)
        #expect(second.status == 0)
        #expect(second.lines.last == "Up to date (core 1).")

        let json = try Thidua.run(["init", "--format", "json"], in: directory.url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["up_to_date"] as? Bool == true)
        #expect((object["applied"] as? [Any])?.isEmpty == true)
        #expect(object["database"] as? String == ".thidua/thidua.sqlite")
    }

    @Test func initWithTheExampleConfiguration() throws {
        let directory = try TemporaryDirectory()
        let run = try Thidua.run(
            ["init", "--config", Thidua.packageRoot.appendingPathComponent("config").path], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("core 1 create audit log … applied"))
    }

    @Test func initRefusesAConfigurationWithErrorsAndCreatesNothing() throws {
        let directory = try Self.workspace("format: 1\nmodules:\n  organisation: {}\n")
        let run = try Thidua.run(["init"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown module 'organisation'"))
        #expect(run.stderr.contains("error: the configuration has 1 error; 'thidua init' does not touch the database"))
        #expect(!FileManager.default.fileExists(atPath: directory.path(".thidua")))
    }

    @Test func theDatabaseGoesWhereDataSettingsSay() throws {
        let directory = try Self.workspace("format: 1\ndata:\n  directory: var/store\n  database: so-xd.sqlite\nmodules: {}\n")
        let run = try Thidua.run(["init"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("var/store/so-xd.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: directory.path(".thidua")))
    }

    @Test func auditCommandsNeedADatabase() throws {
        let directory = try Self.workspace()
        for command in [["audit", "list"], ["audit", "verify"]] {
            let run = try Thidua.run(command, in: directory.url)
            #expect(run.status == 1)
            #expect(
                run.stderr.contains("error: there is no database at .thidua/thidua.sqlite yet (run 'thidua init' to create it)"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path(".thidua/thidua.sqlite")))
    }

    @Test func auditListShowsEntriesInVietnamTime() throws {
        let directory = try Self.workspace()
        _ = try Thidua.run(["init"], in: directory.url)
        let text = try Thidua.run(["audit", "list"], in: directory.url)
        #expect(text.status == 0)
        #expect(text.lines.first?.hasPrefix("#  TIME (ASIA/HO_CHI_MINH)  ACTOR   ACTION") == true)
        #expect(text.lines.dropFirst().first?.contains("thidua  store.migrate  migration core/1") == true)
        let json = try Thidua.run(["audit", "list", "--limit", "5", "--format", "json"], in: directory.url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect((entries.first?["recorded_at_local"] as? String)?.hasSuffix("+07:00") == true)
        #expect((entries.first?["hash"] as? String)?.count == 64)
        let bad = try Thidua.run(["audit", "list", "--limit", "0"], in: directory.url)
        #expect(bad.status == 64)
    }

    @Test func auditVerifyPassesThenNamesTheChangedEntry() throws {
        let directory = try Self.workspace()
        _ = try Thidua.run(["init"], in: directory.url)
        let clean = try Thidua.run(["audit", "verify"], in: directory.url)
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("The audit log of .thidua/thidua.sqlite is intact: 1 entry."))
        #expect(clean.stdout.contains("Head: entry 1, hash "))
        let anchor = try #require(
            clean.lines.first { $0.hasPrefix("(record it elsewhere;") }?
                .split(separator: " ").first { $0.hasPrefix("1:") }.map { String($0.filter { $0 != "'" }) })
        let anchored = try Thidua.run(["audit", "verify", "--anchor", anchor], in: directory.url)
        #expect(anchored.status == 0, "\(anchored.stdout)\(anchored.stderr)")
        let wrongAnchor = try Thidua.run(
            ["audit", "verify", "--anchor", "1:" + String(repeating: "ab", count: 32)], in: directory.url)
        #expect(wrongAnchor.status == 1)
        #expect(wrongAnchor.stdout.contains("audit entry 1 no longer has the hash recorded for it (abababababab…)"))
        #expect(try Thidua.run(["audit", "verify", "--anchor", "1:xyz"], in: directory.url).status == 64)

        try Self.tamper(directory, "UPDATE thidua_audit SET actor = 'someone' WHERE sequence = 1")
        let changed = try Thidua.run(["audit", "verify"], in: directory.url)
        #expect(changed.status == 1)
        #expect(changed.lines.first == "audit entry 1 was changed (hash mismatch)")
        #expect(changed.stdout.contains("is NOT intact: 1 problem in 1 entry."))

        try Self.tamper(directory, "DELETE FROM thidua_audit")
        let json = try Thidua.run(["audit", "verify", "--format", "json"], in: directory.url)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == false)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.first?["message"] as? String == "audit entry 1 is missing (the log ends before its recorded head)")
    }

    @Test func initRefusesANewerDatabaseAndLeavesItUnchanged() throws {
        let directory = try Self.workspace()
        _ = try Thidua.run(["init"], in: directory.url)
        try Self.tamper(
            directory,
            """
            INSERT INTO thidua_migrations (module, version, name, applied_at, checksum)
            VALUES ('core', 9, 'from the future', '2030-01-01T00:00:00.000Z', 'x')
            """)
        let before = try Data(contentsOf: URL(fileURLWithPath: directory.path(".thidua/thidua.sqlite")))
        for command in [["init"], ["audit", "list"]] {
            let run = try Thidua.run(command, in: directory.url)
            #expect(run.status == 1)
            #expect(
                run.stderr.contains(
                    "error: the database at .thidua/thidua.sqlite was written by a newer thidua (module 'core' at version 9; this thidua knows up to 1) "
                        + "(use a newer thidua or a backup; nothing was changed)"))
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: directory.path(".thidua/thidua.sqlite")))
        #expect(after == before)
    }

    @Test func helpListsTheStoreCommands() throws {
        let help = try Thidua.run(["--help"])
        #expect(help.stdout.contains("  init "))
        #expect(help.stdout.contains("  audit "))
        for command in [["init", "--help"], ["audit", "list", "--help"], ["audit", "verify", "--help"]] {
            let run = try Thidua.run(command)
            #expect(run.status == 0)
            #expect(run.stdout.contains("--config <dir>"))
            #expect(run.stdout.contains("--format <format>"))
        }
    }

    /// Runs SQL that thidua would never run on the workspace's database.
    static func tamper(_ directory: TemporaryDirectory, _ sql: String) throws {
        let store = try SQLiteStore(
            path: directory.path(".thidua/thidua.sqlite"), create: false, options: SQLiteStore.Options(checksPortability: false))
        try store.write { try $0.execute(sql) }
    }
}
