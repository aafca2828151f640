import ThiDuaCore

/// Something the dossier workflow refuses, worded for the person at the terminal. Nothing was
/// written (a refusal for lack of a role is only recorded in the audit log).
public struct DossierError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of refusal, for callers and tests.
    public enum Kind: Sendable, Hashable {
        /// Bad input: unknown ids, files, types, sizes, missing documents, duplicates …
        case invalid
        /// The actor lacks the role, or acts for another unit (recorded in the audit log).
        case notAllowed
        /// The dossier's deadline has passed.
        case late
        /// The dossier is not in a state that allows the action.
        case state
    }

    public var kind: Kind
    /// One or more sentences, without "error:".
    public var message: String
    /// What to do about it.
    public var hint: String?

    public init(_ message: String, hint: String? = nil, kind: Kind = .invalid) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// The message, then the hint in parentheses.
    public var description: String {
        hint.map { "\(message) (\($0))" } ?? message
    }
}

/// Several problems found at once (an import file with three bad rows): each is printed.
public struct DossierProblems: Error, CustomStringConvertible, Sendable {
    public var problems: [DossierError]

    public init(_ problems: [DossierError]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
