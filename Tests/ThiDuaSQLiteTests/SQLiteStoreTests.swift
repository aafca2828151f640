import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// The SQLite store: settings, units of work, values and errors.
@Suite struct SQLiteStoreTests {
    @Test("WAL and foreign keys are on, with a busy timeout")
    func settings() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        #expect(store.backendDescription.hasPrefix("SQLite 3."))
        #expect(store.backendDescription.contains("(WAL, foreign keys on, busy timeout 5 s)"))
        let pragmas = try directory.raw().read { transaction in
            (
                try transaction.row("PRAGMA journal_mode")?.string("journal_mode"),
                try transaction.row("PRAGMA foreign_keys")?.int("foreign_keys"),
                try transaction.row("PRAGMA busy_timeout")?.int("timeout"),
                try transaction.row("PRAGMA synchronous")?.int("synchronous")
            )
        }
        #expect(pragmas.0 == "wal")
        #expect(pragmas.1 == 1)
        #expect(pragmas.2 == 5000)
        #expect(pragmas.3 == 2, "synchronous FULL: a committed change survives a power cut")
    }

    @Test("a foreign key violation is refused as a constraint error")
    func foreignKeys() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { transaction in
            try transaction.execute("CREATE TABLE parents (id TEXT PRIMARY KEY)")
            try transaction.execute("CREATE TABLE children (parent TEXT NOT NULL REFERENCES parents (id))")
        }
        let error = #expect(throws: StoreError.self) {
            try store.write { try $0.execute("INSERT INTO children (parent) VALUES (?)", ["nobody"]) }
        }
        #expect(error?.kind == .constraint)
        #expect(error?.message.contains("FOREIGN KEY constraint failed") == true)
    }

    @Test("a unit of work that throws leaves nothing written")
    func rollback() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { try $0.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)") }
        #expect(throws: Deliberate.self) {
            try store.write { transaction in
                try transaction.execute("INSERT INTO notes (id, body) VALUES (?, ?)", ["a", "first"])
                try transaction.execute("INSERT INTO notes (id, body) VALUES (?, ?)", ["b", "second"])
                throw Deliberate()
            }
        }
        // A failing statement half-way rolls back the statements before it too.
        #expect(throws: StoreError.self) {
            try store.write { transaction in
                try transaction.execute("INSERT INTO notes (id, body) VALUES (?, ?)", ["c", "third"])
                try transaction.execute("INSERT INTO notes (id, body) VALUES (?, ?)", ["c", "duplicate"])
            }
        }
        #expect(try directory.count("notes") == 0)
    }

    @Test("values round-trip; RETURNING gives assigned ids; execute counts changed rows")
    func values() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, scan BLOB, done INTEGER)") }
        let ids = try store.write { transaction in
            try ["Bằng khen", "Giấy khen"].map { name in
                try transaction.row(
                    "INSERT INTO items (name, scan, done) VALUES (?, ?, ?) RETURNING id",
                    [name, [0x00, 0xff] as [UInt8], true])?.int("id")
            }
        }
        #expect(ids == [1, 2])
        let changed = try store.write { try $0.execute("UPDATE items SET name = ? WHERE id > ?", [SQLValue.null, 0]) }
        #expect(changed == 2)
        let row = try #require(
            try store.read { try $0.row("SELECT id, name, scan, done, 2.5 AS ratio FROM items WHERE id = ?", [1]) })
        #expect(try row.optionalString("name") == nil)
        #expect(try row.blob("scan") == [0x00, 0xff])
        #expect(try row.bool("done"))
        #expect(row["ratio"] == .real(2.5))
    }

    @Test("SQL outside the portable subset is refused before it runs")
    func portability() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { try $0.execute("CREATE TABLE items (id TEXT PRIMARY KEY)") }
        let error = #expect(throws: StoreError.self) {
            try store.write { try $0.execute("INSERT OR REPLACE INTO items (id) VALUES (?)", ["a"]) }
        }
        #expect(error?.kind == .notPortable)
        #expect(try directory.count("items") == 0)
    }

    @Test("a read-only unit of work cannot write")
    func readOnly() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { try $0.execute("CREATE TABLE items (id TEXT PRIMARY KEY)") }
        let error = #expect(throws: StoreError.self) {
            try store.read { try $0.execute("INSERT INTO items (id) VALUES (?)", ["a"]) }
        }
        #expect(error?.message == "a read-only unit of work tried to change data")
    }

    @Test("a unit of work inside another on the same store is an error, not a crash")
    func nested() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        let error = #expect(throws: StoreError.self) {
            try store.write { _ in try store.read { _ in 1 } }
        }
        #expect(error?.message.contains("inside another one") == true)
        // Another store (another connection) is fine.
        let other = try directory.open()
        #expect(try store.read { _ in try other.read { _ in 2 } } == 2)
    }

    @Test("a transaction kept after its unit of work cannot be used")
    func escapedTransaction() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        let kept = try store.read { $0 }
        let error = #expect(throws: StoreError.self) { try kept.rows("SELECT 1 AS one") }
        #expect(error?.message.contains("after its unit of work ended") == true)
    }

    @Test("a missing database, a file that is not one, and a missing directory are worded for people")
    func openErrors() throws {
        let directory = try DatabaseDirectory()
        let missing = #expect(throws: StoreError.self) {
            try SQLiteStore(path: directory.database, create: false)
        }
        #expect(missing?.kind == .missing)
        #expect(missing?.description == "there is no database at \(directory.database) yet (run 'thidua init' to create it)")
        #expect(!FileManager.default.fileExists(atPath: directory.database))

        try Data("not a database, just text that is long enough to fill a header page".utf8).write(
            to: URL(fileURLWithPath: directory.database))
        let notDatabase = #expect(throws: StoreError.self) { try SQLiteStore(path: directory.database) }
        #expect(notDatabase?.kind == .cannotOpen)
        #expect(notDatabase?.message.contains("is not a usable SQLite database") == true)

        let noDirectory = #expect(throws: StoreError.self) { try SQLiteStore(path: directory.path + "/absent/thidua.sqlite") }
        #expect(noDirectory?.kind == .cannotOpen)
    }

    @Test("the backend opens the file data settings name")
    func backend() throws {
        let directory = try DatabaseDirectory()
        let backend = SQLiteBackend()
        #expect(backend.name == "SQLite")
        let store = try backend.open(DataSettings(directory: directory.path, database: "other.sqlite"), create: true)
        #expect(store.location == directory.path + "/other.sqlite")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/other.sqlite"))
    }
}

@Suite("Prepared statements")
struct SQLitePreparedStatementTests {
    @Test func bindRunAndReadManyRowsWithOneStatement() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        try store.write { transaction in
            try transaction.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER, note TEXT)")
            let insert = try transaction.prepare("INSERT INTO items (id, n, note) VALUES (?, ?, ?)")
            for number in 0..<1000 {
                try insert.bind("item-\(number)", at: 1)
                try insert.bind(number, at: 2)
                if number % 2 == 0 { try insert.bind("chẵn", at: 3) }  // odd rows leave 3 unbound: NULL, not the last value
                #expect(try insert.execute() == 1)
            }
            #expect(try insert.execute(["item-x", 7, SQLValue.null]) == 1)
        }
        let (count, nulls, sum, first) = try store.read { transaction -> (Int, Int, Int64, String?) in
            var count = 0
            var nulls = 0
            var sum: Int64 = 0
            try transaction.forEachRow("SELECT id, n, note FROM items WHERE n >= ? ORDER BY n", [0]) { row in
                count += 1
                if row.text(at: 2) == nil { nulls += 1 }
                sum += row.integer(at: 1) ?? 0
            }
            let first = try transaction.prepare("SELECT note FROM items WHERE id = ?").rows(["item-0"]).first?.value(at: 0)
            return (count, nulls, sum, first.flatMap { if case .text(let text) = $0 { return text } else { return nil } })
        }
        #expect(count == 1001)
        #expect(nulls == 501)
        #expect(sum == 499_500 + 7)
        #expect(first == "chẵn")
    }

    @Test func statementsAreCheckedAndStayInTheirUnitOfWork() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        #expect(throws: StoreError.self) { try store.write { try $0.prepare("INSERT OR REPLACE INTO x VALUES (1)") } }
        try store.write { try $0.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)") }
        let kept = try store.write { transaction in try transaction.prepare("INSERT INTO t (a) VALUES (?)") }
        #expect(throws: StoreError.self) { try kept.execute([1]) }
        let error = try #require(throws: StoreError.self) {
            try store.write { transaction in
                let insert = try transaction.prepare("INSERT INTO t (a) VALUES (?)")
                try insert.execute([1])
                try insert.execute([1])
            }
        }
        #expect(error.kind == .constraint)
        #expect(try store.read { try $0.row("SELECT COUNT(*) AS n FROM t")?.int("n") } == 0)
        #expect(throws: StoreError.self) { try store.read { try $0.prepare("INSERT INTO t (a) VALUES (?)").execute([2]) } }
        #expect(throws: StoreError.self) {
            try store.write { try $0.prepare("INSERT INTO t (a) VALUES (?)").bind(.integer(1), at: 2) }
        }
    }
}
