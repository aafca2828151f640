import Foundation
internal import GRDB
internal import GRDBSQLite
import Synchronization
public import ThiDuaCore

/// The embedded SQLite store: one database file, opened through GRDB.
///
/// - **WAL** journal mode: readers do not block the writer and the writer does not block readers.
/// - **Foreign keys** are enforced.
/// - **Busy handling**: a connection waits up to ``Options/busyTimeout`` for a lock; when that is
///   not enough, the whole unit of work is rolled back and run again, with growing pauses, until
///   ``Options/maximumWait`` has passed. Only then does the caller get a ``StoreError`` of kind
///   `.busy`, worded for people — never SQLite's "database is locked".
/// - Write transactions are `BEGIN IMMEDIATE`: a unit of work takes the write lock first, so it
///   never fails half-way because another writer came in between its read and its write.
/// - Every statement is checked against the portable subset (``PortableSQL``) first, unless
///   ``Options/checksPortability`` is off (tests and tools that need SQLite itself).
public final class SQLiteStore: Store {
    /// How the store waits and checks.
    public struct Options: Sendable {
        /// How long one attempt waits for a lock held by another connection, in seconds.
        public var busyTimeout: Double
        /// How long a unit of work keeps being retried while the database stays busy, in seconds.
        public var maximumWait: Double
        /// Whether SQL outside ``PortableSQL`` is refused.
        public var checksPortability: Bool

        /// Options; the defaults are what `thidua` uses.
        public init(busyTimeout: Double = 5, maximumWait: Double = 60, checksPortability: Bool = true) {
            self.busyTimeout = busyTimeout
            self.maximumWait = maximumWait
            self.checksPortability = checksPortability
        }
    }

    /// The database file's path as configured.
    public let location: String
    /// `SQLite 3.40.1 (WAL, foreign keys on, busy timeout 5 s)`.
    public let backendDescription: String
    /// The options the store was opened with.
    public let options: Options

    private let queue: DatabaseQueue
    private let state = Mutex(State())

    private struct State {
        var retries = 0
        var portable: Set<String> = []
    }

    @TaskLocal private static var activeStores: Set<ObjectIdentifier> = []

    /// Opens the database at `path`. With `create`, a missing file is created (its directory must
    /// exist); without, a missing file is a ``StoreError`` of kind `.missing`.
    public init(path: String, create: Bool = true, options: Options = Options()) throws {
        self.location = path
        self.options = options
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.missing, "there is no database at \(path) yet", hint: "run 'thidua init' to create it")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.foreignKeysEnabled = true
        // WAL is set here rather than with GRDB's `journalMode = .wal`, which also lowers
        // `synchronous` to NORMAL and creates and drops a table at every open (a write, and a
        // changed file, even for commands that only read).
        configuration.prepareDatabase { db in
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" else { return }
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            if mode != "wal" {
                throw DatabaseError(
                    resultCode: .SQLITE_CANTOPEN, message: "could not switch to WAL mode (journal mode is \(mode ?? "?"))")
            }
        }
        configuration.label = "thidua"
        let opened = try Self.retrying(location: path, options: options, onRetry: {}) { () throws -> (DatabaseQueue, String) in
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                let description = try queue.read { db in
                    let version = try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?"
                    let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
                    let foreignKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
                    return "SQLite \(version) (\(journal.uppercased()), foreign keys \(foreignKeys ? "on" : "off"), "
                        + "busy timeout \(Self.seconds(options.busyTimeout)))"
                }
                return (queue, description)
            } catch let error as DatabaseError {
                throw Self.storeError(error, location: path, sql: nil, opening: true)
            }
        }
        self.queue = opened.0
        self.backendDescription = opened.1
    }

    /// How often a unit of work was run again because the database was busy (for tests and
    /// diagnostics).
    public var busyRetries: Int { state.withLock { $0.retries } }

    // MARK: - Units of work

    /// Runs `work` in a `BEGIN IMMEDIATE` transaction; see ``Store/write(_:)``.
    @discardableResult
    public func write<T>(_ work: (any Transaction) throws -> T) throws -> T {
        try enter {
            try retrying { () throws -> T in
                try translatingErrors {
                    try queue.writeWithoutTransaction { db in
                        var result: T?
                        try db.inTransaction(.immediate) {
                            let transaction = SQLiteTransaction(db: db, store: self)
                            defer { transaction.isValid = false }
                            result = try work(transaction)
                            return .commit
                        }
                        guard let result else { throw StoreError(.other, "the unit of work did not complete") }
                        return result
                    }
                }
            }
        }
    }

    /// Runs `work` in a read-only transaction; see ``Store/read(_:)``.
    public func read<T>(_ work: (any Transaction) throws -> T) throws -> T {
        try enter {
            try retrying { () throws -> T in
                try translatingErrors {
                    try queue.read { db in
                        let transaction = SQLiteTransaction(db: db, store: self, readOnly: true)
                        defer { transaction.isValid = false }
                        return try work(transaction)
                    }
                }
            }
        }
    }

    /// Refuses a unit of work started inside another of the same store (GRDB would stop the process).
    private func enter<T>(_ body: () throws -> T) throws -> T {
        let id = ObjectIdentifier(self)
        if Self.activeStores.contains(id) {
            throw StoreError(
                .other, "a unit of work was started inside another one on the same store",
                hint: "use the transaction the outer unit of work was given")
        }
        return try Self.$activeStores.withValue(Self.activeStores.union([id])) { try body() }
    }

    private func retrying<T>(_ body: () throws -> T) throws -> T {
        try Self.retrying(location: location, options: options, onRetry: { state.withLock { $0.retries += 1 } }, body)
    }

    /// Runs `body` until it does not fail with a busy database or `maximumWait` has passed.
    private static func retrying<T>(
        location: String, options: Options, onRetry: () -> Void, _ body: () throws -> T
    ) throws -> T {
        let start = ContinuousClock.now
        var pause = 0.01
        while true {
            do {
                return try body()
            } catch let error where isBusy(error) {
                let waited = ContinuousClock.now - start
                if waited >= .milliseconds(Int64(options.maximumWait * 1000)) {
                    throw StoreError(
                        .busy,
                        "the database at \(location) is busy: another program has been using it for more than "
                            + "\(seconds(options.maximumWait))",
                        hint: "try again when the other thidua command has finished")
                }
                onRetry()
                let jitter = Double.random(in: 0.5...1.5)
                usleep(UInt32(min(pause * jitter, 1) * 1_000_000))
                pause = min(pause * 2, 0.5)
            }
        }
    }

    private static func isBusy(_ error: any Error) -> Bool {
        if let error = error as? StoreError { return error.kind == .busy }
        if let error = error as? DatabaseError {
            return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        }
        return false
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.storeError(error, location: location, sql: error.sql, opening: false)
        }
    }

    // MARK: - Checks and errors

    func checkPortable(_ sql: String) throws {
        guard options.checksPortability else { return }
        if state.withLock({ $0.portable.contains(sql) }) { return }
        try PortableSQL.check(sql)
        state.withLock { state in
            if state.portable.count > 2000 { state.portable.removeAll() }
            state.portable.insert(sql)
        }
    }

    /// A GRDB error worded for people. SQLite's own text for busy databases is never shown.
    static func storeError(_ error: DatabaseError, location: String, sql: String?, opening: Bool) -> StoreError {
        let statement = sql.map { " — in: \(PortableSQL.abbreviate($0))" } ?? ""
        let detail = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy, "the database at \(location) is busy", hint: "try again when the other thidua command has finished")
        case .SQLITE_CONSTRAINT:
            return StoreError(.constraint, "the database refused the change: \(detail)\(statement)")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(
                .cannotOpen, "the file at \(location) is not a usable SQLite database (\(detail))",
                hint: "check 'data.database' in config/thidua.yaml, or restore a backup")
        case .SQLITE_CANTOPEN:
            return StoreError(
                .cannotOpen, "cannot open the database at \(location) (\(detail))",
                hint: "check that its directory exists and can be written; 'thidua init' creates it")
        case .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError(
                .cannotOpen, "the database at \(location) cannot be written (\(detail))",
                hint: "check the permissions of the file and of its directory")
        case .SQLITE_FULL:
            return StoreError(.other, "the disk holding \(location) is full")
        default:
            return StoreError(opening ? .cannotOpen : .other, "SQLite: \(detail)\(statement)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// What a unit of work gets from the SQLite store.
final class SQLiteTransaction: ThiDuaCore.Transaction {
    private let db: Database
    private let store: SQLiteStore
    private let readOnly: Bool
    var isValid = true

    init(db: Database, store: SQLiteStore, readOnly: Bool = false) {
        self.db = db
        self.store = store
        self.readOnly = readOnly
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLValueConvertible]) throws -> Int {
        try checkUsable(sql)
        do {
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
        } catch let error as DatabaseError where readOnly && error.resultCode == .SQLITE_READONLY {
            throw StoreError(
                .other, "a read-only unit of work tried to change data", hint: "change data inside store.write { … }")
        }
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [any SQLValueConvertible]) throws -> [ThiDuaCore.Row] {
        try checkUsable(sql)
        let rows = try GRDB.Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments))
        return rows.map { row in
            ThiDuaCore.Row(columns: Array(row.columnNames), values: row.databaseValues.map(Self.value))
        }
    }

    func tableExists(_ name: String) throws -> Bool {
        guard isValid else { throw Self.escaped }
        return try db.tableExists(name)
    }

    /// A statement prepared once for many runs, bound and stepped through SQLite's C API: no
    /// argument array per run, text copied once into SQLite.
    func prepare(_ sql: String) throws -> any PreparedStatement {
        try checkUsable(sql)
        let statement = try db.makeStatement(sql: sql)
        return SQLitePreparedStatement(statement: statement, transaction: self, readOnly: readOnly)
    }

    func checkValid() throws {
        guard isValid else { throw Self.escaped }
    }

    private func checkUsable(_ sql: String) throws {
        guard isValid else { throw Self.escaped }
        try store.checkPortable(sql)
    }

    private static let escaped = StoreError(
        .other, "a transaction was used after its unit of work ended", hint: "use it only inside the closure it was passed to")

    static func arguments(_ values: [any SQLValueConvertible]) -> StatementArguments {
        StatementArguments(values.map { databaseValue($0.sqlValue) })
    }

    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let number): return number.databaseValue
        case .real(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        }
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob([UInt8](data))
        }
    }
}

/// What ``SQLiteTransaction/prepare(_:)`` returns.
final class SQLitePreparedStatement: PreparedStatement {
    let sql: String
    private let statement: Statement
    private let handle: SQLiteStatement
    private let transaction: SQLiteTransaction
    private let readOnly: Bool
    private let parameterCount: Int

    /// SQLite copies the bytes of a value bound with this destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(statement: Statement, transaction: SQLiteTransaction, readOnly: Bool) {
        self.statement = statement
        self.handle = statement.sqliteStatement
        self.sql = statement.sql
        self.transaction = transaction
        self.readOnly = readOnly
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
    }

    func bind(_ value: SQLValue, at position: Int) throws {
        guard position >= 1, position <= parameterCount else {
            throw StoreError(
                .other,
                "the statement has \(parameterCount) parameter\(parameterCount == 1 ? "" : "s"); there is none at \(position)",
                hint: "positions start at 1 — in: \(PortableSQL.abbreviate(sql))")
        }
        let index = Int32(position)
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let number):
            code = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            code = sqlite3_bind_double(handle, index, number)
        case .text(var text):
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { characters in
                    guard let base = characters.baseAddress else {
                        return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    }
                    return sqlite3_bind_text(handle, index, base, Int32(characters.count), Self.transient)
                }
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { raw in
                sqlite3_bind_blob(
                    handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
            }
        }
        if code != SQLITE_OK { throw failure(code) }
        bound[(position - 1) >> 6] |= 1 << UInt64((position - 1) & 63)
    }

    /// Parameters bound since the last run: bit n of word n / 64 for position n + 1.
    private lazy var bound = [UInt64](repeating: 0, count: (parameterCount + 63) / 64)

    /// Gives the parameters not bound since the last run `NULL`, as the protocol promises —
    /// cheaper than clearing every binding after each run.
    private func nullUnbound() {
        for word in bound.indices {
            let positions = min(64, parameterCount - word * 64)
            let full: UInt64 = positions == 64 ? .max : (1 << UInt64(positions)) - 1
            guard bound[word] != full else { continue }
            for bit in 0..<positions where bound[word] & (1 << UInt64(bit)) == 0 {
                sqlite3_bind_null(handle, Int32(word * 64 + bit + 1))
            }
        }
    }

    @discardableResult
    func execute() throws -> Int {
        try transaction.checkValid()
        nullUnbound()
        defer { finish() }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE: return Int(sqlite3_changes(sqlite3_db_handle(handle)))
            case SQLITE_ROW: continue
            default: throw failure(code)
            }
        }
    }

    func forEachRow(_ body: (any ThiDuaCore.RowCursor) throws -> Void) throws {
        try transaction.checkValid()
        nullUnbound()
        defer { finish() }
        let cursor = SQLiteRowCursor(handle: handle)
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE: return
            case SQLITE_ROW: try body(cursor)
            default: throw failure(code)
            }
        }
    }

    private func finish() {
        sqlite3_reset(handle)
        for word in bound.indices { bound[word] = 0 }
    }

    /// SQLite's error as GRDB words it, so that the store translates it like every other error.
    private func failure(_ code: Int32) -> any Error {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        sqlite3_reset(handle)
        let resultCode = ResultCode(rawValue: code)
        if readOnly, resultCode.primaryResultCode == .SQLITE_READONLY {
            return StoreError(
                .other, "a read-only unit of work tried to change data", hint: "change data inside store.write { … }")
        }
        return DatabaseError(resultCode: resultCode, message: message, sql: sql)
    }
}

/// The current row of an ``SQLitePreparedStatement``, read straight from SQLite.
struct SQLiteRowCursor: ThiDuaCore.RowCursor {
    let handle: SQLiteStatement

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func value(at index: Int) -> SQLValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob([UInt8](UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            return text(at: index).map { .text($0) } ?? .null
        }
    }

    func text(at index: Int) -> String? {
        let column = Int32(index)
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func integer(at index: Int) -> Int64? {
        let column = Int32(index)
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        return sqlite3_column_int64(handle, column)
    }
}

/// Opens ``SQLiteStore``s for the host: the database file named by `data:` in `config/thidua.yaml`.
public struct SQLiteBackend: StoreBackend {
    /// The options every store is opened with.
    public var options: SQLiteStore.Options

    /// A backend with `options`.
    public init(options: SQLiteStore.Options = SQLiteStore.Options()) {
        self.options = options
    }

    /// `SQLite`.
    public var name: String { "SQLite" }

    /// Opens the database at ``DataSettings/databasePath``.
    public func open(_ settings: DataSettings, create: Bool) throws -> any Store {
        try SQLiteStore(path: settings.databasePath, create: create, options: options)
    }
}
