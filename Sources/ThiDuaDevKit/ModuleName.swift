/// The names a new module gets from the one word a developer types: `hr-scores` becomes the
/// module id `hr-scores`, the type prefix `HrScores`, the target `ThiDuaHrScores` under
/// `Sources/Modules/HrScores`, the test target `ThiDuaHrScoresTests` and the table prefix
/// `hr_scores`.
public struct ModuleName: Sendable, Hashable {
    /// The key under `modules:` in `thidua.yaml`, the command name and the docs page name.
    public let id: String
    /// `HrScores`: the prefix of the module's types and its folder under `Sources/Modules`.
    public let typeName: String

    /// Module ids that would clash with the host: its own migrations, its commands, help.
    public static let reserved: Set<String> = [
        "core", "thidua", "check", "modules", "init", "audit", "import", "help", "evaluate", "dev", "module",
    ]

    /// The longest id: the generated code stays within the formatter's 130 columns with it.
    public static let maximumLength = 30

    /// Checks `text` and derives the names, or throws a ``ScaffoldError`` that says what to type.
    public init(_ text: String) throws(ScaffoldError) {
        let hint =
            "use lower-case ASCII letters and digits, words joined by '-', starting with a letter: e.g. 'initiatives' or 'hr-scores'"
        guard !text.isEmpty else { throw ScaffoldError("the module name is empty", hint: hint) }
        guard text.utf8.count <= Self.maximumLength else {
            throw ScaffoldError("the module name '\(text)' is longer than \(Self.maximumLength) characters", hint: hint)
        }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }) else {
            throw ScaffoldError("the module name '\(text)' has characters other than a-z, 0-9 and '-'", hint: hint)
        }
        guard let first = bytes.first, (0x61...0x7A).contains(first) else {
            throw ScaffoldError("the module name '\(text)' does not start with a letter", hint: hint)
        }
        guard bytes.last != UInt8(ascii: "-"), !text.contains("--") else {
            throw ScaffoldError("the module name '\(text)' has an empty word (a '-' at the end or two in a row)", hint: hint)
        }
        guard !Self.reserved.contains(text) else {
            throw ScaffoldError(
                "'\(text)' is a name the host itself uses",
                hint: "choose another name; taken: \(Self.reserved.sorted().joined(separator: ", "))")
        }
        id = text
        typeName = text.split(separator: "-").map { word in word.prefix(1).uppercased() + word.dropFirst() }.joined()
    }

    /// `ThiDuaHrScores`.
    public var targetName: String { "ThiDua" + typeName }
    /// `ThiDuaHrScoresTests`.
    public var testTargetName: String { targetName + "Tests" }
    /// `HrScoresModule`.
    public var moduleType: String { typeName + "Module" }
    /// `hr_scores`: what the module's tables start with (the core's `Migration.tablePrefix(for:)`).
    public var tablePrefix: String { id.replacingOccurrences(of: "-", with: "_") }
}

/// Why the scaffold refused: a sentence and what to do, and nothing was written.
public struct ScaffoldError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// A refusal with `message` and, when there is something to do, `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// `message (hint)`.
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
