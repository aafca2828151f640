/// A place in a configuration file: the file's path and a 1-based line and column.
///
/// Columns count Unicode scalars (characters as a reader sees them), the way libyaml counts them,
/// so "Võ Tất Dũng" is 11 columns wide whatever its UTF-8 length.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file's path as the user gave it (relative paths stay relative).
    public var file: String
    /// 1-based line; 0 when the location names only a file.
    public var line: Int
    /// 1-based column; 0 when the location names only a file.
    public var column: Int

    /// The place `line`:`column` (1-based) in `file`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location that names a file but no position in it (a missing file, a directory …).
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }

    /// `path:line:col`, or just `path` when there is no position.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One finding about a configuration: where, how serious, what is wrong and what to do.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is. Errors stop the host from starting; warnings do not.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The configuration cannot be used as it is.
        case error
        /// Worth fixing; does not stop anything.
        case warning
        /// Context for another diagnostic (a module skipped because another failed …).
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// Where it is.
    public var location: SourceLocation
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it, when there is something specific to say.
    public var hint: String?

    /// A diagnostic of `severity` at `location`.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// An error at `location`.
    public static func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    /// A warning at `location`.
    public static func warning(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint)
    }

    /// `path:line:col: error: message (hint)` — the format compilers use, which editors can jump to.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// The error thrown when a file (or a whole configuration) has at least one error diagnostic.
/// It carries every diagnostic found, warnings included, in file order.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic, warnings included.
    public var diagnostics: [Diagnostic]

    /// An error carrying `diagnostics`.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The errors among them.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One line per diagnostic.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
extension Diagnostic: Error {}
