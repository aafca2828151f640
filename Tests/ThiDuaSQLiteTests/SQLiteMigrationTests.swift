import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// Migrations on a real SQLite database: order, idempotence, upgrades, and refusals that change nothing.
@Suite struct SQLiteMigrationTests {
    static let beta = Migration(module: "beta", version: 1, name: "create beta", statements: ["CREATE TABLE beta (id TEXT)"])

    @Test("a new database gets the core's migrations first, then each module's in plan order")
    func order() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        let plan = try Dossiers.plan([Dossiers.v1, Dossiers.v2], others: [.init(module: "beta", migrations: [Self.beta])])
        var clock = SteppingClock()
        let run = try plan.apply(to: store, clock: { clock.next() })
        #expect(run.wasNew)
        #expect(run.failed == nil)
        let expected = [
            "core 1 create audit log", "beta 1 create beta", "dossiers 1 create dossiers", "dossiers 2 add points and votes",
        ]
        #expect(run.applied.map(\.description) == expected)
        let recorded = try store.read { transaction in
            try transaction.rows("SELECT module, version, name, applied_at, checksum FROM thidua_migrations ORDER BY applied_at")
                .map { "\(try $0.string("module")) \(try $0.int("version")) \(try $0.string("name"))" }
        }
        #expect(recorded == expected)
        let audited = try store.read { try AuditLog.entries(in: $0).map { "\($0.action) \($0.entityID) \($0.recordedAt)" } }
        #expect(
            audited == [
                "store.migrate core/1 2024-11-30T17:05:10.000Z", "store.migrate beta/1 2024-11-30T17:05:11.000Z",
                "store.migrate dossiers/1 2024-11-30T17:05:12.000Z", "store.migrate dossiers/2 2024-11-30T17:05:13.000Z",
            ])
        let status = try plan.status(of: store)
        #expect(status.isUpToDate)
        #expect(
            status.versions(of: ["core", "beta", "dossiers"]).map { "\($0.module) \($0.version)" } == [
                "core 1", "beta 1", "dossiers 2",
            ])
        #expect(status.applied.allSatisfy { applied in plan.migrations.contains { $0.checksum == applied.checksum } })
    }

    @Test("running again when nothing is pending changes nothing")
    func rerun() throws {
        let directory = try DatabaseDirectory()
        let plan = try Dossiers.plan([Dossiers.v1])
        _ = try plan.apply(to: try directory.open())
        let before = try directory.snapshot()
        let again = try plan.apply(to: try directory.open())
        #expect(!again.wasNew)
        #expect(again.applied.isEmpty)
        #expect(try directory.snapshot() == before)
    }

    @Test("an upgrade keeps every row and adds the new column and table")
    func upgradeKeepsData() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        _ = try Dossiers.plan([Dossiers.v1]).apply(to: store)
        try store.write { transaction in
            for (id, title) in [("HS-1", "Tập thể Phòng Quản lý xây dựng"), ("HS-2", "Ông Võ Tất Dũng")] {
                try transaction.execute("INSERT INTO dossiers (id, title) VALUES (?, ?)", [id, title])
            }
        }
        let upgraded = try Dossiers.plan([Dossiers.v1, Dossiers.v2])
        #expect(try upgraded.status(of: store).pending.map(\.description) == ["dossiers 2 add points and votes"])
        let run = try upgraded.apply(to: store)
        #expect(run.applied.map(\.version) == [2])
        let rows = try store.read { transaction in
            try transaction.rows("SELECT id, title, points FROM dossiers ORDER BY id").map {
                "\(try $0.string("id")) \(try $0.string("title")) \(try $0.int("points"))"
            }
        }
        #expect(rows == ["HS-1 Tập thể Phòng Quản lý xây dựng 0", "HS-2 Ông Võ Tất Dũng 0"])
        try store.write { try $0.execute("INSERT INTO dossiers_votes (dossier, voter) VALUES (?, ?)", ["HS-1", "P001"]) }
        #expect(try directory.count("dossiers_votes") == 1)
    }

    @Test("a database written by a newer thidua is refused, naming the module and versions, and left unchanged")
    func newerRefused() throws {
        let directory = try DatabaseDirectory()
        _ = try Dossiers.plan([Dossiers.v1, Dossiers.v2]).apply(to: try directory.open())
        let before = try directory.snapshot()
        let older = try Dossiers.plan([Dossiers.v1])
        let error = #expect(throws: StoreError.self) { try older.apply(to: try directory.open()) }
        #expect(error?.kind == .newerDatabase)
        #expect(
            error?.description == "the database at \(directory.database) was written by a newer thidua "
                + "(module 'dossiers' at version 2; this thidua knows up to 1) (use a newer thidua or a backup; nothing was changed)"
        )
        #expect(try directory.snapshot() == before)

        // The core is checked the same way.
        try directory.raw().write { transaction in
            try transaction.execute(
                "INSERT INTO thidua_migrations (module, version, name, applied_at, checksum) VALUES ('core', 3, 'future', 'x', 'x')"
            )
        }
        let withFutureCore = try directory.snapshot()
        let core = #expect(throws: StoreError.self) {
            try Dossiers.plan([Dossiers.v1, Dossiers.v2]).apply(to: try directory.open())
        }
        #expect(core?.message.contains("(module 'core' at version 3; this thidua knows up to 1)") == true)
        #expect(try directory.snapshot() == withFutureCore)
    }

    @Test("a module in the database that this thidua does not link is left alone")
    func unknownModule() throws {
        let directory = try DatabaseDirectory()
        _ = try MigrationPlan(modules: [
            .init(
                module: "retired",
                migrations: [
                    Migration(
                        module: "retired", version: 1, name: "create retired", statements: ["CREATE TABLE retired (id TEXT)"])
                ])
        ]).apply(to: try directory.open())
        let run = try Dossiers.plan([Dossiers.v1]).apply(to: try directory.open())
        #expect(run.applied.map(\.description) == ["dossiers 1 create dossiers"])
        #expect(try directory.count("retired") == 0)
    }

    @Test("an applied migration whose statements changed is refused, and nothing is changed")
    func changedChecksum() throws {
        let directory = try DatabaseDirectory()
        _ = try Dossiers.plan([Dossiers.v1]).apply(to: try directory.open())
        let before = try directory.snapshot()
        var edited = Dossiers.v1
        edited.statements = ["CREATE TABLE dossiers (id TEXT PRIMARY KEY, title TEXT NOT NULL, extra TEXT)"]
        let plan = try Dossiers.plan([edited, Dossiers.v2])
        let error = #expect(throws: StoreError.self) { try plan.apply(to: try directory.open()) }
        #expect(error?.kind == .changedMigration)
        #expect(error?.message.hasPrefix("migration dossiers 1 'create dossiers' was changed after it was applied") == true)
        #expect(error?.hint == "restore the migration as it was and add a new version for the change; nothing was changed")
        #expect(try directory.snapshot() == before)
        // Reading commands are refused too.
        #expect(throws: StoreError.self) { try plan.status(of: try directory.open()) }
    }

    @Test("a database that lacks an older migration than one it has is refused")
    func missingOlderMigration() throws {
        let directory = try DatabaseDirectory()
        _ = try Dossiers.plan([Dossiers.v1, Dossiers.v2]).apply(to: try directory.open())
        try directory.raw().write { try $0.execute("DELETE FROM thidua_migrations WHERE module = 'dossiers' AND version = 1") }
        let error = #expect(throws: StoreError.self) {
            try Dossiers.plan([Dossiers.v1, Dossiers.v2]).apply(to: try directory.open())
        }
        #expect(error?.message.contains("has migration dossiers 2 but not 1 'create dossiers'") == true)
    }

    @Test("a failing migration is rolled back entirely and leaves the database as it was")
    func failingMigration() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        _ = try Dossiers.plan([Dossiers.v1]).apply(to: store)
        try store.write { try $0.execute("INSERT INTO dossiers (id, title) VALUES (?, ?)", ["HS-1", "Bằng khen"]) }
        let before = try directory.snapshot()
        let broken = Migration(
            module: "dossiers", version: 2, name: "broken",
            statements: [
                "CREATE TABLE dossiers_extra (id TEXT)",
                "ALTER TABLE dossiers ADD COLUMN points INTEGER",
                "INSERT INTO dossiers_extra (id, missing_column) VALUES (?, ?)",
            ])
        let run = try Dossiers.plan([Dossiers.v1, broken]).apply(to: store)
        #expect(run.applied.isEmpty)
        let failure = try #require(run.failed)
        #expect(failure.migration.version == 2)
        #expect(failure.error.kind == .migrationFailed)
        #expect(
            failure.error.message.hasPrefix(
                "migration dossiers 2 'broken' failed and was rolled back: SQLite: table dossiers_extra has no column named missing_column"
            ))
        #expect(failure.error.hint == "nothing was changed")
        #expect(try directory.snapshot() == before)
    }

    @Test("migrations before a failing one stay applied; the ones after it are not tried")
    func failureStopsTheRun() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        let failing = Migration(module: "dossiers", version: 3, name: "fails", statements: ["DROP TABLE dossiers_nonexistent"])
        let never = Migration(
            module: "dossiers", version: 4, name: "never", statements: ["CREATE TABLE dossiers_never (id TEXT)"])
        let run = try Dossiers.plan([Dossiers.v1, Dossiers.v2, failing, never]).apply(to: store)
        #expect(
            run.applied.map(\.description) == [
                "core 1 create audit log", "dossiers 1 create dossiers", "dossiers 2 add points and votes",
            ])
        #expect(run.failed?.migration.version == 3)
        #expect(run.failed?.error.hint == "the migrations before it were applied")
        let status = try Dossiers.plan([Dossiers.v1, Dossiers.v2, failing, never]).status(of: store)
        #expect(status.pending.map(\.version) == [3, 4])
    }
}
