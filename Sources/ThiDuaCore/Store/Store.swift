/// The database behind ThiDua, as modules see it: units of work in transactions, portable SQL.
///
/// A module never sees the backend (SQLite through GRDB today, PostgreSQL possibly next). It runs
/// a *unit of work* — a closure that receives a ``Transaction`` — and everything the closure writes
/// is committed together when it returns, or not at all when it throws:
///
/// ```swift
/// let store = try host.openStore()
/// try store.write { transaction in
///     try transaction.execute("INSERT INTO dossiers (id, title, status) VALUES (?, ?, ?)", [id, title, "draft"])
///     try transaction.audit(AuditEntry(actor: person, action: "dossier.create", entity: .init("dossier", id),
///                                      after: .object([("title", .string(title))])))
/// }
/// ```
///
/// SQL must stay within the portable subset (``PortableSQL``): `?` parameters, `INTEGER`, `TEXT`
/// and `BLOB` columns, no SQLite-only syntax. The SQLite store refuses SQL outside it.
///
/// ## Retries
///
/// When another process holds the database, ``write(_:)`` waits, and may run the whole unit of
/// work again from the start after a rollback. A unit of work must therefore only touch the
/// database: compute outside, print after it returns.
public protocol Store: AnyObject, Sendable {
    /// Where the data is, for messages: the file path of an SQLite database.
    var location: String { get }

    /// The backend and its version, e.g. `SQLite 3.40.1`.
    var backendDescription: String { get }

    /// Runs `work` in one write transaction and commits it when `work` returns; rolls everything
    /// back when it throws (and rethrows the error). Writers are serialised; a busy database is
    /// waited for and the unit retried, so the caller never sees "database is locked".
    @discardableResult
    func write<T>(_ work: (any Transaction) throws -> T) throws -> T

    /// Runs `work` in one read-only transaction: a consistent snapshot; writes fail.
    func read<T>(_ work: (any Transaction) throws -> T) throws -> T
}

/// What a unit of work can do: run portable, parameterised SQL inside the current transaction.
///
/// A transaction is valid only inside the closure it was passed to; do not keep it.
public protocol Transaction: AnyObject {
    /// Runs one statement that returns no rows (`INSERT`, `UPDATE`, `DELETE`, DDL in migrations)
    /// with `arguments` bound to its `?` parameters, in order. Returns the number of rows changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLValueConvertible]) throws -> Int

    /// Runs one query and returns every row as plain values.
    func rows(_ sql: String, _ arguments: [any SQLValueConvertible]) throws -> [Row]

    /// Whether a table named `name` exists (a portable question the SQL subset cannot ask).
    func tableExists(_ name: String) throws -> Bool
}

extension Transaction {
    /// Runs one statement without parameters.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }

    /// Runs one query without parameters.
    public func rows(_ sql: String) throws -> [Row] {
        try rows(sql, [])
    }

    /// The first row of a query, or nil when it returns none.
    public func row(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Row? {
        try rows(sql, arguments).first
    }
}

/// Opens stores of one kind. The `thidua` host is given the SQLite backend; tests and a future
/// PostgreSQL backend supply their own. Modules never use this: they get a ``Store`` from
/// ``LoadedHost/openStore()`` or ``ModuleStartContext/store``.
public protocol StoreBackend: Sendable {
    /// The backend's name for messages (`SQLite`).
    var name: String { get }

    /// Opens the store that `settings` name. With `create`, a missing database is created empty
    /// (its directory must exist); without, a missing database is a ``StoreError`` of kind
    /// `.missing`.
    func open(_ settings: DataSettings, create: Bool) throws -> any Store
}

/// A problem with the store, worded for the person running `thidua`.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for callers that react differently.
    public enum Kind: Sendable, Hashable {
        /// There is no database yet.
        case missing
        /// The database cannot be opened or is not a ThiDua database.
        case cannotOpen
        /// Another process kept the database busy for longer than the store waits.
        case busy
        /// A constraint (unique, foreign key, not null, check) refused a change.
        case constraint
        /// The database was written by a newer thidua.
        case newerDatabase
        /// A migration that was applied has been changed since.
        case changedMigration
        /// The database needs `thidua init` to apply migrations first.
        case pendingMigrations
        /// A module's migration list breaks the rules (order, ids, portability).
        case invalidMigration
        /// SQL outside the portable subset.
        case notPortable
        /// A migration failed; it was rolled back.
        case migrationFailed
        /// A row does not have the column or type asked for.
        case row
        /// The audit log is not consistent.
        case audit
        /// Anything else the backend reported.
        case other
    }

    /// The kind of problem.
    public var kind: Kind
    /// One sentence, without "error:".
    public var message: String
    /// What to do about it, when there is something to do.
    public var hint: String?

    /// A store error.
    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// The message, followed by the hint in parentheses.
    public var description: String {
        hint.map { "\(message) (\($0))" } ?? message
    }
}
