import Testing
import ThiDuaCore

/// Migration lists: checksums, the rules every module's list follows, and the order of a plan.
@Suite struct StoreMigrationTests {
    static let first = Migration(
        module: "dossiers", version: 1, name: "create dossiers",
        statements: [
            "CREATE TABLE dossiers (id TEXT PRIMARY KEY, title TEXT NOT NULL)",
            "CREATE INDEX dossiers_by_title ON dossiers (title)",
        ])
    static let second = Migration(
        module: "dossiers", version: 2, name: "add points",
        statements: [
            "ALTER TABLE dossiers ADD COLUMN points INTEGER NOT NULL DEFAULT 0"
        ])

    @Test("the checksum depends on the statements only, including how they are split")
    func checksum() {
        var renamed = Self.first
        renamed.name = "another name"
        #expect(renamed.checksum == Self.first.checksum)
        var edited = Self.first
        edited.statements[0] += " "
        #expect(edited.checksum != Self.first.checksum)
        let joined = Migration(module: "m", version: 1, name: "x", statements: ["ab"])
        let split = Migration(module: "m", version: 1, name: "x", statements: ["a", "b"])
        #expect(joined.checksum != split.checksum)
        #expect(Self.first.checksum.count == 64)
    }

    @Test("a well-formed list has no problems")
    func wellFormed() {
        #expect(Migration.problems(in: [Self.first, Self.second], module: "dossiers") == [])
    }

    @Test("versions must be 1, 2, 3 … in order")
    func versionsInOrder() {
        let gap = Migration.problems(
            in: [Self.first, Migration(module: "dossiers", version: 3, name: "x", statements: ["DROP INDEX dossiers_by_title"])],
            module: "dossiers")
        #expect(gap.contains { $0.contains("migration dossiers 3 is number 2") })
        let reversed = Migration.problems(in: [Self.second, Self.first], module: "dossiers")
        #expect(reversed.count == 2)
    }

    @Test("a module lists only its own migrations and touches only its own tables")
    func ownership() {
        let foreign = Migration.problems(in: [Self.first], module: "budget")
        #expect(foreign.contains { $0.contains("is listed by module 'budget'") })
        #expect(foreign.contains { $0.contains("touches 'dossiers'") && $0.contains("'budget_…'") })
        let core = Migration(module: "dossiers", version: 1, name: "x", statements: ["DROP TABLE thidua_audit"])
        #expect(Migration.problems(in: [core], module: "dossiers").contains { $0.contains("touches 'thidua_audit'") })
        #expect(Migration.tablePrefix(for: "core") == "thidua")
        #expect(Migration.tablePrefix(for: "Khen-Thuong") == "khen_thuong")
    }

    @Test("statements must be portable, and a migration needs a name and statements")
    func portableAndComplete() {
        let sqliteOnly = Migration(
            module: "m", version: 1, name: "x", statements: ["CREATE TABLE m (id INTEGER PRIMARY KEY AUTOINCREMENT)"])
        #expect(Migration.problems(in: [sqliteOnly], module: "m").contains { $0.contains("AUTOINCREMENT") })
        let empty = Migration(module: "m", version: 1, name: "", statements: [])
        let problems = Migration.problems(in: [empty], module: "m")
        #expect(problems.contains("migration m 1 has no name"))
        #expect(problems.contains("migration m 1 has no statements"))
    }

    @Test("the core's own migrations follow the rules")
    func coreMigrations() {
        #expect(Migration.problems(in: AuditLog.migrations, module: "core") == [])
        #expect(AuditLog.migrations.first?.description == "core 1 create audit log")
    }

    @Test("a plan applies the core first, then modules in the order given")
    func planOrder() throws {
        let budget = Migration(module: "budget", version: 1, name: "create budget", statements: ["CREATE TABLE budget (id TEXT)"])
        let plan = try MigrationPlan(modules: [
            .init(module: "budget", migrations: [budget]), .init(module: "dossiers", migrations: [Self.first, Self.second]),
        ])
        #expect(
            plan.migrations.map(\.description) == [
                "core 1 create audit log", "budget 1 create budget", "dossiers 1 create dossiers", "dossiers 2 add points",
            ])
        #expect(plan.linked["dossiers"]?.count == 2)
    }

    @Test("a plan refuses a broken list, a module called 'core' and a module listed twice")
    func planRefuses() {
        let broken = #expect(throws: StoreError.self) {
            try MigrationPlan(modules: [.init(module: "dossiers", migrations: [Self.second])])
        }
        #expect(broken?.kind == .invalidMigration)
        #expect(broken?.hint?.contains("bug in the module") == true)
        let core = #expect(throws: StoreError.self) { try MigrationPlan(modules: [.init(module: "core", migrations: [])]) }
        #expect(core?.message.contains("cannot have the id 'core'") == true)
        let twice = #expect(throws: StoreError.self) {
            try MigrationPlan(modules: [.init(module: "m", migrations: []), .init(module: "m", migrations: [])])
        }
        #expect(twice?.message.contains("listed twice") == true)
    }
}
