/// The migrations one `thidua` applies, in order, and the checks that keep a database safe.
///
/// The order is the core's migrations first, then each enabled module's in host start order
/// (dependencies first). The plan works on any ``Store``: the bookkeeping table
/// `thidua_migrations` and every check are portable SQL, so a PostgreSQL backend reuses it as is.
///
/// Before changing anything, ``status(of:)`` refuses a database that
/// - has a migration of a linked module with a version newer than this thidua knows (written by a
///   newer thidua), or
/// - has an applied migration whose statements have changed since (checksum), or that lacks a
///   migration older than one it has.
public struct MigrationPlan: Sendable {
    /// A module's migrations, in version order.
    public struct ModuleMigrations: Sendable {
        /// The module id (`core` for the host's own).
        public var module: String
        /// Versions 1, 2, 3 …
        public var migrations: [Migration]

        /// The migrations of `module`.
        public init(module: String, migrations: [Migration]) {
            self.module = module
            self.migrations = migrations
        }
    }

    /// Every migration to apply, in order.
    public let migrations: [Migration]
    /// Every module this thidua links, with its migrations, for the refusal checks (modules that
    /// are linked but not enabled included).
    public let linked: [String: [Migration]]

    /// A plan for `modules` (in start order) after the core's migrations. `linked` adds modules that
    /// are linked but not enabled, for the checks. Throws when a module's list breaks the rules.
    public init(modules: [ModuleMigrations], linked: [ModuleMigrations] = [], core: [Migration] = AuditLog.migrations)
        throws(StoreError)
    {
        var problems: [String] = []
        let groups = [ModuleMigrations(module: Migration.coreModuleID, migrations: core)] + modules
        var seen: Set<String> = []
        for (index, group) in groups.enumerated() {
            if index > 0, group.module == Migration.coreModuleID {
                problems.append("a module cannot have the id 'core': it is the host's own")
            }
            if !seen.insert(group.module).inserted {
                problems.append("module '\(group.module)' is listed twice")
            }
            problems += Migration.problems(in: group.migrations, module: group.module)
        }
        guard problems.isEmpty else {
            throw StoreError(
                .invalidMigration, "the migrations break the rules: " + problems.joined(separator: "; "),
                hint: "this is a bug in the module that lists them; see 'Migrations' in docs/storage.md")
        }
        migrations = groups.flatMap(\.migrations)
        var linkedMigrations: [String: [Migration]] = [:]
        for group in linked + groups { linkedMigrations[group.module] = group.migrations }
        self.linked = linkedMigrations
    }

    // MARK: - Status

    /// What a store has and lacks. Throws ``StoreError`` (`.newerDatabase`, `.changedMigration`)
    /// when this thidua must not touch it. Reads only.
    public func status(of store: any Store) throws -> MigrationStatus {
        let applied = try store.read { transaction in try Self.appliedMigrations(in: transaction) }
        try check(applied ?? [], location: store.location)
        let done = Set((applied ?? []).map { MigrationKey(module: $0.module, version: $0.version) })
        let pending = migrations.filter { !done.contains(MigrationKey(module: $0.module, version: $0.version)) }
        return MigrationStatus(isNew: applied == nil, applied: applied ?? [], pending: pending)
    }

    /// The rows of `thidua_migrations`, or nil when the table does not exist (a new database).
    public static func appliedMigrations(in transaction: any Transaction) throws -> [AppliedMigration]? {
        guard try transaction.tableExists("thidua_migrations") else { return nil }
        return try transaction.rows(
            "SELECT module, version, name, applied_at, checksum FROM thidua_migrations ORDER BY applied_at, module, version"
        ).map { row in
            AppliedMigration(
                module: try row.string("module"), version: try row.int("version"), name: try row.string("name"),
                appliedAt: try row.string("applied_at"), checksum: try row.string("checksum"))
        }
    }

    private func check(_ applied: [AppliedMigration], location: String) throws(StoreError) {
        var highest: [String: Int] = [:]
        for migration in applied { highest[migration.module] = max(highest[migration.module] ?? 0, migration.version) }
        for (module, version) in highest.sorted(by: { $0.key < $1.key }) {
            guard let known = linked[module] else { continue }
            let newest = known.map(\.version).max() ?? 0
            if version > newest {
                throw StoreError(
                    .newerDatabase,
                    "the database at \(location) was written by a newer thidua (module '\(module)' at version \(version); "
                        + "this thidua knows up to \(newest))",
                    hint: "use a newer thidua or a backup; nothing was changed")
            }
        }
        for record in applied {
            guard let migration = linked[record.module]?.first(where: { $0.version == record.version }) else { continue }
            if migration.checksum != record.checksum {
                throw StoreError(
                    .changedMigration,
                    "migration \(record.module) \(record.version) '\(record.name)' was changed after it was applied to the database at "
                        + "\(location) (checksum \(record.checksum.prefix(12))… then, \(migration.checksum.prefix(12))… now)",
                    hint: "restore the migration as it was and add a new version for the change; nothing was changed")
            }
        }
        let done = Set(applied.map { MigrationKey(module: $0.module, version: $0.version) })
        for migration in migrations where !done.contains(MigrationKey(module: migration.module, version: migration.version)) {
            if let later = highest[migration.module], later > migration.version {
                throw StoreError(
                    .changedMigration,
                    "the database at \(location) has migration \(migration.module) \(later) but not \(migration.version) '\(migration.name)'",
                    hint: "thidua_migrations was changed outside thidua; restore a backup; nothing was changed")
            }
        }
    }

    // MARK: - Applying

    /// Applies every pending migration in order, each in its own transaction with its
    /// `thidua_migrations` row (and an audit entry once the audit log exists). Stops at the first
    /// failure, which is rolled back; what was applied before it stays. Refusals (see
    /// ``status(of:)``) throw before anything is changed.
    public func apply(to store: any Store, clock: () -> Instant = { Instant.now() }) throws -> MigrationRun {
        let status = try status(of: store)
        var run = MigrationRun(wasNew: status.isNew, applied: [], failed: nil)
        guard !status.pending.isEmpty else { return run }
        if status.isNew {
            try store.write { transaction in
                try transaction.execute(
                    """
                    CREATE TABLE IF NOT EXISTS thidua_migrations (
                        module TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        applied_at TEXT NOT NULL,
                        checksum TEXT NOT NULL,
                        PRIMARY KEY (module, version)
                    )
                    """)
            }
        }
        for migration in status.pending {
            do {
                let applied = try store.write { transaction in
                    try Self.apply(migration, in: transaction, at: clock())
                }
                if applied { run.applied.append(migration) }
            } catch let error as StoreError where error.kind == .busy {
                throw error
            } catch {
                let reason = (error as? StoreError)?.message ?? "\(error)"
                run.failed = (
                    migration,
                    StoreError(
                        .migrationFailed,
                        "migration \(migration.module) \(migration.version) '\(migration.name)' failed and was rolled back: \(reason)",
                        hint: run.applied.isEmpty ? "nothing was changed" : "the migrations before it were applied")
                )
                break
            }
        }
        return run
    }

    /// Runs one migration's statements and records it; false when another process applied it first.
    private static func apply(_ migration: Migration, in transaction: any Transaction, at instant: Instant) throws -> Bool {
        let existing = try transaction.row(
            "SELECT checksum FROM thidua_migrations WHERE module = ? AND version = ?", [migration.module, migration.version])
        if existing != nil { return false }
        for statement in migration.statements {
            try transaction.execute(statement)
        }
        try transaction.execute(
            "INSERT INTO thidua_migrations (module, version, name, applied_at, checksum) VALUES (?, ?, ?, ?, ?)",
            [migration.module, migration.version, migration.name, instant.utcText, migration.checksum])
        if try transaction.tableExists("thidua_audit_head") {
            try transaction.audit(
                AuditEntry(
                    actor: AuditLog.systemActor, action: "store.migrate",
                    entity: AuditEntity("migration", "\(migration.module)/\(migration.version)"),
                    after: .object([
                        ("module", .string(migration.module)), ("version", .int(migration.version)),
                        ("name", .string(migration.name)), ("checksum", .string(migration.checksum)),
                    ])),
                at: instant)
        }
        return true
    }
}

/// What a database has and what this thidua would apply.
public struct MigrationStatus: Sendable {
    /// No `thidua_migrations` table yet: a new, empty database.
    public var isNew: Bool
    /// What the database records, oldest first.
    public var applied: [AppliedMigration]
    /// What this thidua would apply, in order.
    public var pending: [Migration]

    /// Whether there is nothing to apply.
    public var isUpToDate: Bool { pending.isEmpty }

    /// The highest applied version of each module, in the order given.
    public func versions(of modules: [String]) -> [(module: String, version: Int)] {
        modules.compactMap { module in
            applied.filter { $0.module == module }.map(\.version).max().map { (module, $0) }
        }
    }
}

/// What ``MigrationPlan/apply(to:clock:)`` did.
public struct MigrationRun: Sendable {
    /// The database had no `thidua_migrations` table before.
    public var wasNew: Bool
    /// The migrations applied, in order.
    public var applied: [Migration]
    /// The migration that failed (rolled back) and why; the ones after it were not tried.
    public var failed: (migration: Migration, error: StoreError)?
}

struct MigrationKey: Hashable {
    var module: String
    var version: Int
}
