/// A parsed YAML value that remembers where it was written.
///
/// Nodes are immutable once the parser has built them, so a node reached through several
/// aliases is one shared object (the parser counts how far aliases expand; see ``YAMLLimits``).
public final class YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar.
        case scalar(YAMLScalar)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping of keys to nodes.
        case mapping(YAMLMapping)
    }

    /// The scalar, sequence or mapping.
    public let content: Content
    /// Where the node starts.
    public let location: SourceLocation
    /// How many nodes this node stands for once every alias in it is expanded (saturating).
    public let weight: Int
    /// How deep the node's subtree is once aliases are expanded (a scalar is 1).
    public let height: Int

    /// A node holding `content`, starting at `location`; `weight` and `height` count expanded aliases.
    public init(_ content: Content, at location: SourceLocation, weight: Int = 1, height: Int = 1) {
        self.content = content
        self.location = location
        self.weight = weight
        self.height = height
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// Whether the node is a YAML null (`~`, `null`, `Null`, `NULL` or nothing at all, unquoted).
    public var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.isNull }
        return false
    }

    /// A short description of the node's kind for messages: "a list", "a mapping", "the text 'x'".
    public var kindDescription: String {
        switch content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            if scalar.isNull { return scalar.value.isEmpty ? "nothing" : "null ('\(scalar.value)')" }
            let shown = scalar.value.count > 40 ? String(scalar.value.prefix(40)) + "…" : scalar.value
            return "'\(shown)'"
        }
    }
}

/// A scalar as written: its text and how it was quoted.
public struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written. Only plain scalars can be numbers, booleans or null.
    public enum Style: Sendable, Hashable {
        /// Unquoted.
        case plain
        /// In single quotes.
        case singleQuoted
        /// In double quotes.
        case doubleQuoted
        /// A literal block (`|`).
        case literal
        /// A folded block (`>`).
        case folded
    }

    /// The text, NFC-normalised.
    public var value: String
    /// How it was written (plain, quoted, block).
    public var style: Style

    /// A scalar with the text `value`, written in `style`.
    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    /// Whether the scalar was written without quotes or block indicators.
    public var isPlain: Bool { style == .plain }

    /// Whether the scalar is a YAML null: unquoted `~`, `null`, `Null`, `NULL` or empty.
    public var isNull: Bool {
        guard style == .plain else { return false }
        switch value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

/// The entries of a mapping in the order they were written (merge-key entries last).
public struct YAMLMapping: Sendable {
    /// One `key: value` pair. Keys are always scalars in ThiDua configuration.
    public struct Entry: Sendable {
        /// The key's text.
        public var key: String
        /// Where the key is written.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: YAMLNode

        /// An entry `key: value`.
        public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// The entries in the order written.
    public var entries: [Entry]

    /// A mapping of `entries`.
    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The value for `key`, if present.
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key == key }?.value
    }

    /// The entry for `key`, if present.
    public func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }
}

/// A parsed file: its root node (nil when the file is empty or could not be parsed) and what the
/// parser found wrong with it.
public struct YAMLDocument: Sendable {
    /// The file's path, as given.
    public var file: String
    /// The document's root node; nil for an empty document or one that could not be parsed.
    public var root: YAMLNode?
    /// The problems found while parsing.
    public var diagnostics: [Diagnostic]

    /// A parsed document.
    public init(file: String, root: YAMLNode?, diagnostics: [Diagnostic]) {
        self.file = file
        self.root = root
        self.diagnostics = diagnostics
    }

    /// The mapping at the root, if the root is one.
    public var rootMapping: YAMLMapping? {
        if case .mapping(let mapping)? = root?.content { return mapping }
        return nil
    }
}

/// The defences of the parser. The defaults suit configuration files; tests lower them.
public struct YAMLLimits: Sendable, Hashable {
    /// Deepest nesting of lists and mappings, aliases expanded. A configuration needs fewer than 20.
    public var maxDepth: Int
    /// Most nodes that aliases may add when expanded, over a whole file ("billion laughs" guard).
    public var maxAliasExpansion: Int
    /// Largest input accepted, in bytes.
    public var maxFileSize: Int

    /// Limits: nesting depth, nodes after alias expansion, and file size in bytes.
    public init(maxDepth: Int = 64, maxAliasExpansion: Int = 1_000_000, maxFileSize: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxFileSize = maxFileSize
    }

    /// 64 levels, a million expanded nodes, 64 MiB.
    public static let `default` = YAMLLimits()
}
