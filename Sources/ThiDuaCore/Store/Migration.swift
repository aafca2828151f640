/// One versioned step of a module's schema: a name and the portable statements that make it.
///
/// A module lists its migrations in ``ThiDuaModule/migrations``, versions 1, 2, 3 … in order.
/// `thidua init` applies the ones a database lacks, each in its own transaction, and records them
/// in `thidua_migrations` with a checksum of the statements:
///
/// ```swift
/// static var migrations: [Migration] {
///     [
///         Migration(module: "dossiers", version: 1, name: "create dossiers", statements: [
///             """
///             CREATE TABLE dossiers (
///                 id TEXT PRIMARY KEY,
///                 campaign TEXT NOT NULL,
///                 title TEXT NOT NULL,
///                 submitted_at TEXT
///             )
///             """,
///             "CREATE INDEX dossiers_by_campaign ON dossiers (campaign)",
///         ]),
///         Migration(module: "dossiers", version: 2, name: "add points", statements: [
///             "ALTER TABLE dossiers ADD COLUMN points INTEGER NOT NULL DEFAULT 0",
///         ]),
///     ]
/// }
/// ```
///
/// Rules, checked before anything is applied:
/// - Never edit a migration that may have been applied anywhere (its checksum is compared on every
///   run); add the next version instead.
/// - Upgrades never lose data: add tables and columns, copy data; do not drop what holds data.
/// - Statements are portable SQL (``PortableSQL``), one per string.
/// - A module creates, alters and drops only tables, indexes and views named after it: the module
///   id itself or `<id>_…` (the core's are `thidua_…`).
public struct Migration: Sendable, Hashable, CustomStringConvertible {
    /// The id of the module that owns the migration (`core` for the host's own).
    public var module: String
    /// 1 for the first migration of the module, then 2, 3 …
    public var version: Int
    /// A few words for `thidua init` and the `thidua_migrations` table.
    public var name: String
    /// Portable SQL statements, one per string, run in order in one transaction.
    public var statements: [String]

    /// A migration of `module`.
    public init(module: String, version: Int, name: String, statements: [String]) {
        self.module = module
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// SHA-256 of the statements (each prefixed by its length in bytes), in hexadecimal. An applied
    /// migration whose checksum changed is refused.
    public var checksum: String {
        var hasher = SHA256()
        for statement in statements {
            hasher.update("\(statement.utf8.count):")
            hasher.update(statement)
            hasher.update("\n")
        }
        return SHA256.hexString(hasher.finalize())
    }

    /// `dossiers 2 add points`.
    public var description: String { "\(module) \(version) \(name)" }

    /// The module id the core's own migrations use.
    public static let coreModuleID = "core"

    /// The prefix of every table, index and view of `module`: the id with other characters than
    /// letters, digits and `_` replaced by `_`; `thidua` for the core.
    public static func tablePrefix(for module: String) -> String {
        if module == coreModuleID { return "thidua" }
        return String(
            decoding: module.asciiLowercased.utf8.map {
                (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "_") ? $0 : UInt8(ascii: "_")
            }, as: UTF8.self)
    }

    /// Every way the migrations of `module` break the rules, as sentences (empty when they are fine).
    public static func problems(in migrations: [Migration], module: String) -> [String] {
        var problems: [String] = []
        let prefix = tablePrefix(for: module)
        for (index, migration) in migrations.enumerated() {
            let label = "migration \(migration.module) \(migration.version)"
            if migration.module != module {
                problems.append("\(label) is listed by module '\(module)'; a module lists only its own migrations")
            }
            if migration.version != index + 1 {
                problems.append(
                    "\(label) is number \(index + 1) in the list; versions must be 1, 2, 3 … in order, without gaps or repeats")
            }
            if migration.name.isEmpty {
                problems.append("\(label) has no name")
            }
            if migration.statements.isEmpty {
                problems.append("\(label) has no statements")
            }
            for statement in migration.statements {
                for problem in PortableSQL.problems(in: statement) {
                    problems.append("\(label): \(problem) — in: \(PortableSQL.abbreviate(statement))")
                }
                for name in PortableSQL.schemaObjects(in: statement) where name != prefix && !name.hasPrefix(prefix + "_") {
                    problems.append(
                        "\(label) touches '\(name)'; a module's tables, indexes and views are named '\(prefix)' or '\(prefix)_…'")
                }
            }
        }
        return problems
    }
}

/// A migration as `thidua_migrations` records it.
public struct AppliedMigration: Sendable, Hashable {
    /// The module id.
    public var module: String
    /// The migration's version.
    public var version: Int
    /// The name it had when applied.
    public var name: String
    /// When it was applied (UTC text, see ``Instant/utcText``).
    public var appliedAt: String
    /// The checksum of its statements when applied.
    public var checksum: String

    /// A record of an applied migration.
    public init(module: String, version: Int, name: String, appliedAt: String, checksum: String) {
        self.module = module
        self.version = version
        self.name = name
        self.appliedAt = appliedAt
        self.checksum = checksum
    }
}
