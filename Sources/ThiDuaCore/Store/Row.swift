/// One row of a query result: column names and plain values, detached from the database.
///
/// ```swift
/// for row in try transaction.rows("SELECT id, title, points FROM dossiers WHERE campaign = ?", [campaign]) {
///     let id: String = try row.get("id")
///     let points: Int? = try row.get("points")     // NULL becomes nil
/// }
/// ```
///
/// Column names are matched without regard to ASCII case, because PostgreSQL folds unquoted names to
/// lower case: write them in `snake_case`.
public struct Row: Sendable, CustomStringConvertible {
    /// The column names in result order.
    public let columns: [String]
    /// The values, one per column.
    public let values: [SQLValue]

    /// A row with `columns` and `values` (same count).
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of `column`, or nil when the row has no such column.
    public subscript(column: String) -> SQLValue? {
        index(of: column).map { values[$0] }
    }

    /// The value of `column` as `T`. Throws ``StoreError`` (kind `.row`) when there is no such
    /// column or when the stored value is of another type (`NULL` into a non-optional included).
    public func get<T: SQLValueConvertible>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        guard let index = index(of: column) else {
            throw StoreError(
                .row, "the result has no column '\(column)'", hint: "its columns are \(columns.joined(separator: ", "))")
        }
        let value = values[index]
        guard let converted = T.fromSQLValue(value) else {
            throw StoreError(.row, "column '\(column)' holds \(value.typeName) \(value), which is not a \(T.self)")
        }
        return converted
    }

    /// The value of `column` as an `Int`.
    public func int(_ column: String) throws(StoreError) -> Int { try get(column) }

    /// The value of `column` as a `String`.
    public func string(_ column: String) throws(StoreError) -> String { try get(column) }

    /// The value of `column` as a `String`, nil for `NULL`.
    public func optionalString(_ column: String) throws(StoreError) -> String? { try get(column) }

    /// The value of `column` as an `Int`, nil for `NULL`.
    public func optionalInt(_ column: String) throws(StoreError) -> Int? { try get(column) }

    /// The value of `column` as a `Bool` (stored 0 or 1).
    public func bool(_ column: String) throws(StoreError) -> Bool { try get(column) }

    /// The value of `column` as bytes.
    public func blob(_ column: String) throws(StoreError) -> [UInt8] { try get(column) }

    /// `column = value` pairs, for debugging.
    public var description: String {
        zip(columns, values).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    private func index(of column: String) -> Int? {
        if let exact = columns.firstIndex(of: column) { return exact }
        let lowered = column.asciiLowercased
        return columns.firstIndex { $0.asciiLowercased == lowered }
    }
}

extension String {
    /// The string with ASCII letters in lower case (SQL identifiers; no Foundation).
    var asciiLowercased: String {
        String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The string with ASCII letters in upper case.
    var asciiUppercased: String {
        String(decoding: utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
