import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// A temporary directory for one test's database, removed when the test ends.
final class DatabaseDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-sqlite-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The database file's path.
    var database: String { path + "/thidua.sqlite" }

    /// Opens (creating) the database with `options`.
    func open(_ options: SQLiteStore.Options = SQLiteStore.Options()) throws -> SQLiteStore {
        try SQLiteStore(path: database, create: true, options: options)
    }

    /// A connection that may run SQLite's own SQL (PRAGMA, sqlite_master): for checks and tampering.
    func raw() throws -> SQLiteStore {
        try open(SQLiteStore.Options(checksPortability: false))
    }

    /// Everything in the database as lines of text: schema objects, then every row of every table.
    func snapshot() throws -> [String] {
        try raw().read { transaction in
            let objects = try transaction.rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            var lines = objects.map(\.description)
            for object in objects {
                guard try object.string("type") == "table" else { continue }
                let table = try object.string("name")
                for row in try transaction.rows("SELECT * FROM \"\(table)\" ORDER BY 1") {
                    lines.append("\(table): \(row)")
                }
            }
            return lines
        }
    }

    /// The number of rows of `table`.
    func count(_ table: String) throws -> Int {
        try raw().read { try $0.row("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1 }
    }
}

/// Instants one second apart, from a fixed start, so that order and content are reproducible.
struct SteppingClock {
    private(set) var current = Instant(millisecondsSinceEpoch: 1_732_986_309_000)

    mutating func next() -> Instant {
        current.millisecondsSinceEpoch += 1000
        return current
    }
}

/// Migrations of a test module `dossiers`.
enum Dossiers {
    static let v1 = Migration(
        module: "dossiers", version: 1, name: "create dossiers",
        statements: [
            "CREATE TABLE dossiers (id TEXT PRIMARY KEY, title TEXT NOT NULL)"
        ])
    static let v2 = Migration(
        module: "dossiers", version: 2, name: "add points and votes",
        statements: [
            "ALTER TABLE dossiers ADD COLUMN points INTEGER NOT NULL DEFAULT 0",
            "CREATE TABLE dossiers_votes (dossier TEXT NOT NULL REFERENCES dossiers (id), voter TEXT NOT NULL, PRIMARY KEY (dossier, voter))",
        ])

    static func plan(_ migrations: [Migration], others: [MigrationPlan.ModuleMigrations] = []) throws -> MigrationPlan {
        try MigrationPlan(modules: others + [.init(module: "dossiers", migrations: migrations)])
    }
}

/// An error a unit of work throws on purpose.
struct Deliberate: Error, Equatable {}

/// Waits for a semaphore at most `seconds`, failing the test instead of hanging.
func wait(_ semaphore: DispatchSemaphore, seconds: Double = 30, _ what: String) {
    let result = semaphore.wait(timeout: .now() + seconds)
    #expect(result == .success, "timed out waiting for \(what)")
}
