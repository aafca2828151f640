import Testing
import ThiDuaCore

/// The portable SQL subset: what passes, what is refused and why, and the PostgreSQL rewrite.
@Suite struct StorePortableSQLTests {
    @Test(
        "portable statements pass",
        arguments: [
            "CREATE TABLE dossiers (id TEXT PRIMARY KEY, title TEXT NOT NULL, points INTEGER NOT NULL DEFAULT 0, scan BLOB)",
            "CREATE TABLE IF NOT EXISTS dossiers_votes (dossier TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE, "
                + "voter TEXT NOT NULL, PRIMARY KEY (dossier, voter))",
            "CREATE UNIQUE INDEX dossiers_by_code ON dossiers (code)",
            "ALTER TABLE dossiers ADD COLUMN submitted_at TEXT",
            "INSERT INTO dossiers (id, title) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title",
            "INSERT INTO dossiers (title) VALUES (?) RETURNING id",
            "SELECT id, COALESCE(points, 0) AS points FROM dossiers WHERE title LIKE ? ORDER BY id LIMIT ? OFFSET ?",
            "SELECT COUNT(*) AS n FROM dossiers WHERE status <> 'draft' AND note = 'INSERT OR REPLACE; -- not code'",
            "UPDATE dossiers SET points = points + ? WHERE id = ? -- a comment with PRAGMA",
            "DELETE FROM dossiers WHERE id = ?;",
            "SELECT MAX(points) AS top FROM dossiers",
            "SELECT \"order\" FROM dossiers_steps /* quoted keyword */",
        ])
    func portable(sql: String) {
        #expect(PortableSQL.problems(in: sql) == [])
    }

    @Test(
        "SQLite-only SQL is refused with a reason",
        arguments: [
            ("INSERT OR REPLACE INTO t (id) VALUES (?)", "INSERT OR REPLACE is SQLite-only"),
            ("INSERT OR IGNORE INTO t (id) VALUES (?)", "INSERT OR IGNORE is SQLite-only"),
            ("REPLACE INTO t (id) VALUES (?)", "REPLACE INTO is SQLite-only"),
            ("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)", "AUTOINCREMENT is SQLite-only"),
            ("CREATE TABLE t (id TEXT PRIMARY KEY) WITHOUT ROWID", "WITHOUT ROWID"),
            ("CREATE TABLE t (id TEXT UNIQUE ON CONFLICT REPLACE)", "ON CONFLICT REPLACE"),
            ("CREATE TABLE t (name VARCHAR(20))", "declared VARCHAR"),
            ("CREATE TABLE t (amount REAL)", "declared REAL"),
            ("CREATE TABLE t (done BOOLEAN)", "declared BOOLEAN"),
            ("CREATE TABLE t (created DATETIME)", "declared DATETIME"),
            ("CREATE TABLE t (note TEXT(200))", "sizes are not portable"),
            ("CREATE TABLE t (anything)", "has no type"),
            ("ALTER TABLE t ADD COLUMN price NUMERIC", "declared NUMERIC"),
            ("SELECT * FROM t WHERE id = ?1", "numbered parameters"),
            ("SELECT * FROM t WHERE id = :id", "named parameters"),
            ("SELECT * FROM t WHERE id = $1", "named parameters"),
            ("SELECT * FROM `t`", "backticks"),
            ("SELECT * FROM [t]", "square brackets"),
            ("PRAGMA foreign_keys = ON", "PRAGMA is SQLite-only"),
            ("BEGIN IMMEDIATE", "the store runs transactions"),
            ("SELECT ifnull(a, 0) FROM t", "ifnull() is SQLite-only"),
            ("SELECT datetime('now')", "datetime() is SQLite-only"),
            ("SELECT group_concat(name) FROM t", "group_concat() is SQLite-only"),
            ("SELECT last_insert_rowid()", "last_insert_rowid() is SQLite-only"),
            ("SELECT max(a, b) FROM t", "with several arguments"),
            ("SELECT rowid FROM t", "rowid is SQLite-only"),
            ("SELECT * FROM t WHERE a == 1", "== is SQLite-only"),
            ("SELECT * FROM t WHERE name GLOB 'a*'", "GLOB is SQLite-only"),
            ("SELECT * FROM t ORDER BY name COLLATE NOCASE", "COLLATE is not portable"),
            ("INSERT INTO t (at) VALUES (CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP"),
            ("UPDATE t SET done = TRUE", "booleans are INTEGER 0 and 1"),
            ("SELECT * FROM t LIMIT 10, 20", "LIMIT n, m is SQLite-only"),
            ("INSERT INTO t (data) VALUES (x'00ff')", "blob literals"),
            ("CREATE TRIGGER t_after AFTER INSERT ON t BEGIN SELECT 1; END", "triggers"),
            ("CREATE VIRTUAL TABLE t USING fts5(body)", "virtual tables"),
            ("SELECT 1; SELECT 2", "one statement per string"),
            ("SELECT 'unclosed", "not closed"),
            ("", "there is no statement"),
        ])
    func refused(sql: String, reason: String) {
        let problems = PortableSQL.problems(in: sql)
        #expect(problems.contains { $0.contains(reason) }, "\(problems)")
    }

    @Test("check throws a notPortable error that quotes the statement")
    func checkThrows() {
        let error = #expect(throws: StoreError.self) { try PortableSQL.check("INSERT OR REPLACE INTO t (id) VALUES (?)") }
        #expect(error?.kind == .notPortable)
        #expect(error?.message.contains("in: INSERT OR REPLACE INTO t (id) VALUES (?)") == true)
        #expect(error?.hint?.contains("docs/storage.md") == true)
    }

    @Test("the PostgreSQL rewrite numbers parameters and maps INTEGER, BLOB and the integer key")
    func postgreSQLRewrite() {
        #expect(
            PortableSQL.postgreSQL("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?")
                == "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2")
        #expect(
            PortableSQL.postgreSQL("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, data BLOB, name TEXT)")
                == "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT NOT NULL, data BYTEA, name TEXT)"
        )
        #expect(PortableSQL.postgreSQL("ALTER TABLE t ADD COLUMN scan BLOB") == "ALTER TABLE t ADD COLUMN scan BYTEA")
        #expect(PortableSQL.postgreSQL("SELECT CAST(n AS INTEGER) FROM t") == "SELECT CAST(n AS INTEGER) FROM t")
    }

    @Test("schema objects are the tables, indexes and views created, altered or dropped")
    func schemaObjects() {
        #expect(PortableSQL.schemaObjects(in: "CREATE TABLE IF NOT EXISTS \"Dossiers_X\" (id TEXT)") == ["dossiers_x"])
        #expect(PortableSQL.schemaObjects(in: "CREATE UNIQUE INDEX IF NOT EXISTS a_idx ON b (c)") == ["a_idx", "b"])
        #expect(PortableSQL.schemaObjects(in: "ALTER TABLE a ADD COLUMN b TEXT") == ["a"])
        #expect(PortableSQL.schemaObjects(in: "DROP VIEW IF EXISTS v") == ["v"])
        #expect(PortableSQL.schemaObjects(in: "INSERT INTO other (a) VALUES (1)") == [])
    }
}
