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

    /// Prepares one statement to run many times in this unit of work with different values — the
    /// way to write thousands of rows (an import) without parsing the SQL each time:
    ///
    /// ```swift
    /// let insert = try transaction.prepare("INSERT INTO criteria_facts (subject, period, fact, value) VALUES (?, ?, ?, ?)")
    /// for record in records {
    ///     try insert.bind(record.subject, at: 1)
    ///     try insert.bind(record.period, at: 2)
    ///     try insert.bind(record.fact, at: 3)
    ///     try insert.bind(record.value, at: 4)
    ///     try insert.execute()
    /// }
    /// ```
    ///
    /// The statement is checked once, like any other (portable subset), and is valid only inside
    /// the unit of work. A backend without prepared statements may keep the default, which runs
    /// ``execute(_:_:)`` and ``rows(_:_:)`` with the bound values.
    func prepare(_ sql: String) throws -> any PreparedStatement
}

/// A statement prepared by ``Transaction/prepare(_:)``: bind values to its `?` parameters by
/// position (1 for the first), then run it; the values are cleared (to `NULL`) after each run.
///
/// Binding by position maps one to one onto PostgreSQL's `$1, $2 …`, so the protocol stays
/// portable; no argument array is built per row.
public protocol PreparedStatement: AnyObject {
    /// The statement's SQL.
    var sql: String { get }

    /// Binds `value` to the parameter at `position` (1-based) for the next run.
    func bind(_ value: SQLValue, at position: Int) throws

    /// Runs the statement with the bound values and returns the number of rows changed; then
    /// clears the values.
    @discardableResult
    func execute() throws -> Int

    /// Runs a query with the bound values and calls `body` for each row, without copying rows into
    /// ``Row`` values; then clears the values. The cursor is valid only during the call.
    func forEachRow(_ body: (any RowCursor) throws -> Void) throws
}

/// The current row of a query run by ``PreparedStatement/forEachRow(_:)``. Columns are numbered
/// from 0, in the order of the `SELECT` list.
public protocol RowCursor {
    /// How many columns the row has.
    var columnCount: Int { get }
    /// The value of the column at `index` (0-based).
    func value(at index: Int) -> SQLValue
    /// The column as text; nil for `NULL` (other types are converted the way the backend does).
    func text(at index: Int) -> String?
    /// The column as an integer; nil for `NULL`.
    func integer(at index: Int) -> Int64?
}

extension RowCursor {
    /// The column as text; nil for `NULL`.
    public func text(at index: Int) -> String? {
        switch value(at: index) {
        case .null: return nil
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The column as an integer; nil for `NULL` or a value that is not an integer.
    public func integer(at index: Int) -> Int64? {
        if case .integer(let number) = value(at: index) { return number }
        return nil
    }
}

extension PreparedStatement {
    /// Binds text, or `NULL` for nil.
    public func bind(_ text: String?, at position: Int) throws {
        try bind(text.map { SQLValue.text($0) } ?? .null, at: position)
    }

    /// Binds an integer, or `NULL` for nil.
    public func bind(_ number: Int?, at position: Int) throws {
        try bind(number.map { SQLValue.integer(Int64($0)) } ?? .null, at: position)
    }

    /// Binds `arguments` to the parameters in order and runs the statement.
    @discardableResult
    public func execute(_ arguments: [any SQLValueConvertible]) throws -> Int {
        for (offset, argument) in arguments.enumerated() { try bind(argument.sqlValue, at: offset + 1) }
        return try execute()
    }

    /// Binds `arguments` in order, runs the query and returns its rows as ``Row`` values.
    public func rows(_ arguments: [any SQLValueConvertible] = []) throws -> [Row] {
        for (offset, argument) in arguments.enumerated() { try bind(argument.sqlValue, at: offset + 1) }
        var columns: [String] = []
        var rows: [Row] = []
        try forEachRow { cursor in
            if columns.isEmpty { columns = (0..<cursor.columnCount).map { "column\($0)" } }
            rows.append(Row(columns: columns, values: (0..<cursor.columnCount).map { cursor.value(at: $0) }))
        }
        return rows
    }
}

extension Transaction {
    /// The portable fallback: a statement that runs ``Transaction/execute(_:_:)`` and
    /// ``Transaction/rows(_:_:)`` with the values bound.
    public func prepare(_ sql: String) throws -> any PreparedStatement {
        UnpreparedStatement(sql: sql, transaction: self)
    }

    /// Runs one query and calls `body` for each row without building ``Row`` values (for reading
    /// many rows).
    public func forEachRow(
        _ sql: String, _ arguments: [any SQLValueConvertible] = [], _ body: (any RowCursor) throws -> Void
    ) throws {
        let statement = try prepare(sql)
        for (offset, argument) in arguments.enumerated() { try statement.bind(argument.sqlValue, at: offset + 1) }
        try statement.forEachRow(body)
    }
}

/// ``Transaction/prepare(_:)`` for backends that do not prepare statements themselves.
final class UnpreparedStatement: PreparedStatement {
    let sql: String
    private let transaction: any Transaction
    private var values: [SQLValue] = []

    init(sql: String, transaction: any Transaction) {
        self.sql = sql
        self.transaction = transaction
    }

    func bind(_ value: SQLValue, at position: Int) throws {
        guard position >= 1 else { throw StoreError(.other, "parameter positions start at 1, found \(position)") }
        while values.count < position { values.append(.null) }
        values[position - 1] = value
    }

    func execute() throws -> Int {
        defer { values.removeAll(keepingCapacity: true) }
        return try transaction.execute(sql, values)
    }

    func forEachRow(_ body: (any RowCursor) throws -> Void) throws {
        let rows = try transaction.rows(sql, values)
        values.removeAll(keepingCapacity: true)
        for row in rows { try body(row) }
    }
}

extension Row: RowCursor {
    /// How many columns the row has.
    public var columnCount: Int { values.count }
    /// The value of the column at `index`.
    public func value(at index: Int) -> SQLValue { values[index] }
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
