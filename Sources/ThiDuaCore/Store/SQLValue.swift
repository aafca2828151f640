/// A value that goes into or comes out of the store: the portable storage classes.
///
/// Columns are declared `INTEGER`, `TEXT` or `BLOB` (see ``PortableSQL``); `real` only appears as
/// the result of a computation such as `AVG(…)`.
public enum SQLValue: Hashable, Sendable, CustomStringConvertible {
    /// SQL `NULL`.
    case null
    /// An `INTEGER`.
    case integer(Int64)
    /// A `REAL`, only as the result of a computation.
    case real(Double)
    /// `TEXT`, UTF-8.
    case text(String)
    /// A `BLOB`.
    case blob([UInt8])

    /// Whether the value is SQL `NULL`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as an SQL literal would show it, for messages (texts quoted, blobs as `x'…'`).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "'" + value.replacing("'", with: "''") + "'"
        case .blob(let bytes): return "x'" + SHA256.hexString(bytes) + "'"
        }
    }

    /// The storage class name used in messages: NULL, INTEGER, REAL, TEXT or BLOB.
    public var typeName: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        case .blob: return "BLOB"
        }
    }
}

// MARK: - Converting Swift values

/// A Swift type that can be bound to a `?` parameter and read back from a ``Row``.
///
/// `Int`, `Int64`, `String`, `Bool` (stored as 0 or 1), `[UInt8]` (a BLOB), `Double`, ``SQLValue``
/// and optionals of them conform; `nil` is `NULL`. In an argument list, write a literal `NULL` as
/// `SQLValue.null`.
public protocol SQLValueConvertible: Sendable {
    /// The value to store.
    var sqlValue: SQLValue { get }
    /// The Swift value for a stored value, or nil when the stored value has another type.
    static func fromSQLValue(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLValueConvertible {
    /// The value itself.
    public var sqlValue: SQLValue { self }
    /// The value itself.
    public static func fromSQLValue(_ value: SQLValue) -> SQLValue? { value }
}

extension Int64: SQLValueConvertible {
    /// `.integer`.
    public var sqlValue: SQLValue { .integer(self) }
    /// From `.integer` only.
    public static func fromSQLValue(_ value: SQLValue) -> Int64? {
        if case .integer(let number) = value { return number }
        return nil
    }
}

extension Int: SQLValueConvertible {
    /// `.integer`.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    /// From `.integer` only (Int is 64 bits on every platform ThiDua runs on).
    public static func fromSQLValue(_ value: SQLValue) -> Int? {
        if case .integer(let number) = value { return Int(exactly: number) }
        return nil
    }
}

extension Bool: SQLValueConvertible {
    /// `.integer(1)` or `.integer(0)`: booleans are INTEGER columns in the portable subset.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    /// From `.integer(0)` or `.integer(1)` only.
    public static func fromSQLValue(_ value: SQLValue) -> Bool? {
        switch value {
        case .integer(0): return false
        case .integer(1): return true
        default: return nil
        }
    }
}

extension Double: SQLValueConvertible {
    /// `.real`. Columns cannot be REAL in the portable subset; this is for computed results.
    public var sqlValue: SQLValue { .real(self) }
    /// From `.real` or `.integer`.
    public static func fromSQLValue(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number): return number
        case .integer(let number): return Double(number)
        default: return nil
        }
    }
}

extension String: SQLValueConvertible {
    /// `.text`.
    public var sqlValue: SQLValue { .text(self) }
    /// From `.text` only.
    public static func fromSQLValue(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    /// `.blob`.
    public var sqlValue: SQLValue { .blob(self) }
    /// From `.blob` only.
    public static func fromSQLValue(_ value: SQLValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    /// `NULL` for nil.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    /// `.some(nil)` for `NULL`; nil when the value is neither `NULL` nor a `Wrapped`.
    public static func fromSQLValue(_ value: SQLValue) -> Wrapped?? {
        if value.isNull { return .some(nil) }
        guard let wrapped = Wrapped.fromSQLValue(value) else { return nil }
        return .some(wrapped)
    }
}

// MARK: - Literals

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    /// `.text`.
    public init(stringLiteral value: String) { self = .text(value) }
    /// `.integer`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// `.null`.
    public init(nilLiteral: ()) { self = .null }
}
