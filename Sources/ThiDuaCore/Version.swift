/// A semantic version `MAJOR.MINOR.PATCH` of a module or of a configuration format.
public struct SemanticVersion: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Incompatible changes.
    public var major: Int
    /// Compatible additions.
    public var minor: Int
    /// Fixes.
    public var patch: Int

    /// The version `major.minor.patch`.
    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `1`, `1.2` or `1.2.3` (missing parts are 0).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            // Digits only (Int alone would take "+1"); below Int.max, so that ranges can add 1.
            guard !part.isEmpty, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(part),
                number < Int.max
            else { return nil }
            numbers.append(number)
        }
        while numbers.count < 3 { numbers.append(0) }
        self.init(numbers[0], numbers[1], numbers[2])
    }

    /// For literals in code; an invalid literal is a programming error caught by the host's tests.
    public init(stringLiteral value: String) {
        self = SemanticVersion(value) ?? SemanticVersion(0, 0, 0)
    }

    /// `1.2.3`.
    public var description: String { "\(major).\(minor).\(patch)" }

    /// Orders by major, then minor, then patch.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// A set of acceptable versions: `^1.2` (same major, at least 1.2.0), `~1.2` (same minor),
/// `>=1.0 <2.0`, `=1.2.3`, `1.2.3` (exactly), or `*` (any).
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    /// Lowest accepted version (inclusive), if any.
    public var lower: SemanticVersion?
    /// First version no longer accepted (exclusive), if any.
    public var upper: SemanticVersion?
    /// How the range was written.
    public var text: String

    /// A range from `lower` (included) to `upper` (excluded); `text` is how it is shown.
    public init(lower: SemanticVersion?, upper: SemanticVersion?, text: String) {
        self.lower = lower
        self.upper = upper
        self.text = text
    }

    /// Versions from `version` up to the next major version.
    public static func upToNextMajor(from version: SemanticVersion) -> VersionRange {
        VersionRange(lower: version, upper: SemanticVersion(version.major + 1, 0, 0), text: "^\(version)")
    }

    /// Any version.
    public static let any = VersionRange(lower: nil, upper: nil, text: "*")

    /// Parses a range; nil when it is not one of the accepted forms.
    public init?(_ text: String) {
        let trimmed = text.split(separator: " ").map(String.init)
        guard !trimmed.isEmpty else { return nil }
        var lower: SemanticVersion?
        var upper: SemanticVersion?
        for part in trimmed {
            if part == "*" { continue }
            if part.hasPrefix("^"), let version = SemanticVersion(String(part.dropFirst())) {
                lower = version
                upper = version.major > 0 ? SemanticVersion(version.major + 1, 0, 0) : SemanticVersion(0, version.minor + 1, 0)
            } else if part.hasPrefix("~"), let version = SemanticVersion(String(part.dropFirst())) {
                lower = version
                upper = SemanticVersion(version.major, version.minor + 1, 0)
            } else if part.hasPrefix(">="), let version = SemanticVersion(String(part.dropFirst(2))) {
                lower = version
            } else if part.hasPrefix(">"), let version = SemanticVersion(String(part.dropFirst())) {
                lower = SemanticVersion(version.major, version.minor, version.patch + 1)
            } else if part.hasPrefix("<="), let version = SemanticVersion(String(part.dropFirst(2))) {
                upper = SemanticVersion(version.major, version.minor, version.patch + 1)
            } else if part.hasPrefix("<"), let version = SemanticVersion(String(part.dropFirst())) {
                upper = version
            } else if let version = SemanticVersion(part.hasPrefix("=") ? String(part.dropFirst()) : part) {
                lower = version
                upper = SemanticVersion(version.major, version.minor, version.patch + 1)
            } else {
                return nil
            }
        }
        self.init(lower: lower, upper: upper, text: text)
    }

    /// Whether `version` lies in the range.
    public func contains(_ version: SemanticVersion) -> Bool {
        if let lower, version < lower { return false }
        if let upper, !(version < upper) { return false }
        return true
    }

    /// The range as written (`^1.0`, `>=1.0 <2.0`).
    public var description: String { text }
}
