/// Decodes YAML files into `Decodable` types, reporting every problem with its file, line and
/// column.
///
/// ```swift
/// let campaign = try YAMLDecoder().decode(Campaign.self, fromFile: "config/campaigns/cchc-2024.yaml")
/// ```
///
/// What the decoder reports, all in one pass (see docs/configuration.md):
/// - syntax errors, tabs, non-UTF-8 bytes, over-deep nesting, alias bombs, oversize files;
/// - duplicate keys; unknown keys, with "did you mean …?" when a key the type reads is close;
/// - missing required keys; values of the wrong kind; scalars that break the scalar rules
///   (`yes` for a boolean, `0755` for a number, `2024-02-30` for a date);
/// - errors thrown by a type's own `init(from:)`, placed at the value that threw.
///
/// After an error the decoder goes on with the next key and the next list item, so one run shows
/// all the problems of a file; the value is returned only when there is no error.
public struct YAMLDecoder: Sendable {
    /// The limits every document is decoded under.
    public var limits: YAMLLimits

    /// A decoder with `limits`.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Decodes the file at `path`.
    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws(DiagnosticsError) -> T {
        try decode(type, from: YAMLParser(limits: limits).parse(file: path)).get()
    }

    /// Decodes `text`, naming it `file` in diagnostics.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, file: String = "<input>") throws(DiagnosticsError) -> T {
        try decode(type, from: YAMLParser(limits: limits).parse(text, file: file)).get()
    }

    /// Decodes a parsed document. The result carries the warnings on success, every diagnostic on
    /// failure.
    public func decode<T: Decodable>(_ type: T.Type, from document: YAMLDocument) -> DecodeResult<T> {
        var diagnostics = document.diagnostics
        guard let root = document.root else {
            if !diagnostics.hasErrors {
                diagnostics.append(
                    .error(
                        "the file is empty", at: SourceLocation(file: document.file, line: 1, column: 1),
                        hint: "write the configuration as 'key: value' lines"))
            }
            return DecodeResult(value: nil, diagnostics: diagnostics, partial: nil)
        }
        let state = DecodingState()
        var value: T?
        do {
            value = try state.decode(T.self, from: root, path: nil)
        } catch {
            // Already reported.
        }
        diagnostics += state.diagnostics
        diagnostics.sortByLocation()
        diagnostics.removeRepeats()
        return DecodeResult(value: diagnostics.hasErrors ? nil : value, diagnostics: diagnostics, partial: value)
    }

    /// Decodes one node (for instance a module's section of a larger file).
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) -> DecodeResult<T> {
        let state = DecodingState()
        var value: T?
        do {
            value = try state.decode(T.self, from: node, path: nil)
        } catch {
            // Already reported.
        }
        var diagnostics = state.diagnostics
        diagnostics.sortByLocation()
        diagnostics.removeRepeats()
        return DecodeResult(value: diagnostics.hasErrors ? nil : value, diagnostics: diagnostics, partial: value)
    }
}

/// A decoded value with its diagnostics: `value` is nil exactly when there is an error.
public struct DecodeResult<Value> {
    /// The value, nil exactly when a diagnostic is an error.
    public var value: Value?
    /// Every problem found, in document order.
    public var diagnostics: [Diagnostic]
    /// The value built despite errors, with stand-ins where values were wrong, when decoding could
    /// go on. Only for finding further problems (for instance to check the rest of a
    /// configuration); never act on it.
    public var partial: Value?

    /// The value, or a ``DiagnosticsError`` with every diagnostic.
    public func get() throws(DiagnosticsError) -> Value {
        guard let value, !diagnostics.hasErrors else { throw DiagnosticsError(diagnostics) }
        return value
    }
}

extension DecodeResult: Sendable where Value: Sendable {}

extension Array where Element == Diagnostic {
    /// Sorts by file, line and column, keeping the order of diagnostics at one place.
    public mutating func sortByLocation() {
        let indexed = enumerated().sorted { lhs, rhs in
            lhs.element.location == rhs.element.location ? lhs.offset < rhs.offset : lhs.element.location < rhs.element.location
        }
        self = indexed.map(\.element)
    }

    /// Keeps the first of identical diagnostics: a value reached through several aliases is
    /// decoded, and its problems found, once per alias.
    mutating func removeRepeats() {
        var seen = Set<Diagnostic>()
        self = filter { seen.insert($0).inserted }
    }
}

// MARK: - Reaching the YAML position from Decodable code

extension Decoder {
    /// Where the value being decoded was written, when decoding YAML with ``YAMLDecoder``.
    public var sourceLocation: SourceLocation? {
        (self as? NodeDecoder)?.node.location
    }

    /// The YAML node being decoded, when decoding with ``YAMLDecoder``.
    public var yamlNode: YAMLNode? {
        (self as? NodeDecoder)?.node
    }

    /// Adds a diagnostic at the value being decoded without stopping (for warnings, or for errors
    /// after which decoding can go on). Ignored by other decoders.
    public func report(_ severity: Diagnostic.Severity, _ message: String, hint: String? = nil) {
        guard let decoder = self as? NodeDecoder else { return }
        decoder.state.report(Diagnostic(severity, at: decoder.node.location, message, hint: hint))
    }
}

/// A value together with the place it was written, for validation that happens after decoding
/// ("the period ends before it starts" at the line of `end:`).
public struct Located<Value> {
    /// The value.
    public var value: Value
    /// Where the value was written; `SourceLocation.file("")` when not decoded from YAML.
    public var location: SourceLocation

    /// `value`, written at `location`.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Decodable where Value: Decodable {
    /// Decodes the value and remembers where it was written.
    public init(from decoder: any Decoder) throws {
        self.location = decoder.sourceLocation ?? .file("")
        self.value = try Value(from: decoder)
    }
}

extension Located: Encodable where Value: Encodable {
    /// Encodes only the value.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {
    /// Equal when the values are equal, wherever they were written.
    public static func == (lhs: Located, rhs: Located) -> Bool { lhs.value == rhs.value }
}
extension Located: Hashable where Value: Hashable {
    /// Hashes the value only.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// An error a `Decodable` type may throw from `init(from:)`; the decoder places it at the value.
public struct ConfigurationError: Error, Sendable {
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// An error saying `message`, with `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

// MARK: - Decoding machinery

/// Thrown upward after a problem was already reported, to leave a value that cannot be built.
/// Lists and dictionaries catch it and go on with their next item.
struct AlreadyReported: Error {}

/// Mutable state of one decoding run: the diagnostics found so far.
final class DecodingState {
    var diagnostics: [Diagnostic] = []
    /// While positive, diagnostics are dropped (used to build stand-in values).
    var silence = 0

    /// Errors reported so far in this run (not counting silenced ones).
    var errorCount = 0

    func report(_ diagnostic: Diagnostic) {
        guard silence == 0 else { return }
        diagnostics.append(diagnostic)
        if diagnostic.severity == .error { errorCount += 1 }
    }

    func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        report(.error(message, at: location, hint: hint))
    }

    /// Decodes `node` as `T`, dispatching to the fast paths for scalars, lists and dictionaries.
    func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, path: CodingPathLink?) throws -> T {
        if T.self == String.self, let value = try decodeString(node) as? T { return value }
        if T.self == Int.self, let value = try decodeInteger(Int.self, node) as? T { return value }
        if T.self == Bool.self, let value = try decodeBool(node) as? T { return value }
        if T.self == Double.self, let value = try decodeDouble(node) as? T { return value }
        if let scalarType = T.self as? any YAMLScalarDecodable.Type {
            if let value = try decodeScalar(scalarType, node) as? T { return value }
        }
        if let collection = T.self as? any YAMLCollectionDecodable.Type {
            if let value = try collection.decodeYAML(from: node, state: self, path: path) as? T { return value }
        }
        let usage = KeyUsage()
        let decoder = NodeDecoder(node: node, state: self, path: path, usage: usage)
        let before = diagnostics.count
        let value: T
        do {
            value = try T(from: decoder)
        } catch let error as AlreadyReported {
            throw error
        } catch {
            // After reporting a bad value the decoder hands out stand-ins ("", 0, 1970-01-01, the
            // first case); what the type throws once it has seen one (an enum built from "", "the
            // period ends before it starts") is no new problem.
            if diagnostics[before...].contains(where: { $0.severity == .error }) {
                throw AlreadyReported()
            }
            reportThrown(error, at: node, type: T.self)
            throw AlreadyReported()
        }
        if usage.mapping != nil { reportUnknownKeys(usage) }
        return value
    }

    func decodeScalar<S: YAMLScalarDecodable>(_ type: S.Type, _ node: YAMLNode) throws -> S {
        guard case .scalar(let scalar) = node.content else {
            error("expected \(S.yamlExpectation), found \(node.kindDescription)", at: node.location)
            if let placeholder = S.yamlPlaceholder { return placeholder }
            throw AlreadyReported()
        }
        do throws(ScalarError) {
            return try S(yamlScalar: scalar)
        } catch {
            self.error(error.message, at: node.location, hint: error.hint)
            if let placeholder = S.yamlPlaceholder { return placeholder }
            throw AlreadyReported()
        }
    }

    func decodeString(_ node: YAMLNode) throws -> String {
        guard case .scalar(let scalar) = node.content else {
            error("expected text, found \(node.kindDescription)", at: node.location)
            return ""
        }
        if scalar.isNull {
            error(
                "expected text, found \(scalar.value.isEmpty ? "nothing" : "null ('\(scalar.value)')")", at: node.location,
                hint: "write the text, or quote it (\"\(scalar.value)\") if it is meant literally")
            return ""
        }
        return scalar.value
    }

    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type, _ node: YAMLNode) throws -> I {
        guard case .scalar(let scalar) = node.content else {
            error("expected a whole number, found \(node.kindDescription)", at: node.location)
            return 0
        }
        do throws(ScalarError) {
            return try ScalarRules.integer(scalar, as: I.self)
        } catch {
            self.error(error.message, at: node.location, hint: error.hint)
            return 0
        }
    }

    func decodeBool(_ node: YAMLNode) throws -> Bool {
        guard case .scalar(let scalar) = node.content else {
            error("expected true or false, found \(node.kindDescription)", at: node.location)
            return false
        }
        do throws(ScalarError) {
            return try ScalarRules.bool(scalar)
        } catch {
            self.error(error.message, at: node.location, hint: error.hint)
            return false
        }
    }

    func decodeDouble(_ node: YAMLNode) throws -> Double {
        guard case .scalar(let scalar) = node.content else {
            error("expected a number, found \(node.kindDescription)", at: node.location)
            return 0
        }
        do throws(ScalarError) {
            return try ScalarRules.double(scalar)
        } catch {
            self.error(error.message, at: node.location, hint: error.hint)
            return 0
        }
    }

    /// Turns an error thrown by a type's own code into a diagnostic at the node.
    private func reportThrown<T>(_ thrown: any Error, at node: YAMLNode, type: T.Type) {
        switch thrown {
        case let error as ConfigurationError:
            self.error(error.message, at: node.location, hint: error.hint)
        case let error as ScalarError:
            self.error(error.message, at: node.location, hint: error.hint)
        case DecodingError.dataCorrupted(let context):
            if let cases = caseNames(of: T.self), case .scalar(let scalar) = node.content {
                let suggestion = Suggestion.closest(to: scalar.value, in: cases)
                self.error(
                    "'\(scalar.value)' is not one of: \(cases.joined(separator: ", "))", at: node.location,
                    hint: suggestion.map { "did you mean '\($0)'?" })
            } else {
                self.error(context.debugDescription, at: node.location)
            }
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            self.error(context.debugDescription, at: node.location)
        case DecodingError.keyNotFound(let key, _):
            self.error("missing required key '\(key.stringValue)'", at: node.location)
        default:
            self.error("\(thrown)", at: node.location)
        }
    }

    /// Reports the keys of a mapping that the type never asked for.
    func reportUnknownKeys(_ usage: KeyUsage) {
        guard let mapping = usage.mapping else { return }
        for (index, entry) in mapping.entries.enumerated() where !usage.used[index] {
            let suggestion = Suggestion.closest(to: entry.key, in: usage.missed)
            error(
                "unknown key '\(entry.key)'", at: entry.keyLocation,
                hint: suggestion.map { "did you mean '\($0)'?" } ?? unknownKeyHint(usage))
        }
    }

    private func unknownKeyHint(_ usage: KeyUsage) -> String? {
        let known = usage.known
        guard !known.isEmpty, known.count <= 12 else { return "remove it or check its spelling" }
        return "expected one of: " + known.joined(separator: ", ")
    }

    /// Builds a throw-away value of `T` to go on decoding after an error, if `T` can be empty.
    func placeholder<T: Decodable>(_ type: T.Type, near node: YAMLNode) -> T? {
        if let cases = T.self as? any CaseIterable.Type, let first = firstCase(of: cases) as? T { return first }
        silence += 1
        defer { silence -= 1 }
        for content in [YAMLNode.Content.mapping(YAMLMapping([])), .sequence([])] {
            let empty = YAMLNode(content, at: node.location)
            let before = diagnostics.count
            if let value = try? decode(T.self, from: empty, path: nil), diagnostics.count == before {
                return value
            }
        }
        return nil
    }
}

private func firstCase<C: CaseIterable>(of type: C.Type) -> Any? {
    C.allCases.first
}

/// The raw values of a `CaseIterable` string enum, for "is not one of" messages.
func caseNames<T>(of type: T.Type) -> [String]? {
    guard let iterable = T.self as? any CaseIterable.Type else { return nil }
    return rawValues(iterable)
}

private func rawValues<C: CaseIterable>(_ type: C.Type) -> [String]? {
    let names = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
    return names.isEmpty ? nil : names
}

/// Which keys of a mapping a type asked for, to report the others as unknown.
final class KeyUsage {
    var mapping: YAMLMapping?
    var used: [Bool] = []
    var cursor = 0
    /// Keys asked for but absent: the candidates for "did you mean".
    var missed: [String] = []
    /// Every key asked for, present or not, in the order first asked.
    var asked: [String] = []

    var known: [String] { asked }

    func attach(_ mapping: YAMLMapping) {
        guard self.mapping == nil else { return }
        self.mapping = mapping
        used = Array(repeating: false, count: mapping.entries.count)
    }

    /// Index of `key`, scanning from just after the last key found (keys are usually read in the
    /// order they are written, which makes a lookup one comparison).
    func find(_ key: String) -> Int? {
        if !asked.contains(key) { asked.append(key) }
        guard let entries = mapping?.entries, !entries.isEmpty else {
            missed.append(key)
            return nil
        }
        let count = entries.count
        var index = cursor < count ? cursor : 0
        for _ in 0..<count {
            if entries[index].key == key {
                used[index] = true
                cursor = index + 1
                return index
            }
            index += 1
            if index == count { index = 0 }
        }
        missed.append(key)
        return nil
    }
}

/// The coding path as a linked list, built only as deep as decoding goes.
final class CodingPathLink {
    let parent: CodingPathLink?
    let key: any CodingKey

    init(parent: CodingPathLink?, key: any CodingKey) {
        self.parent = parent
        self.key = key
    }

    var array: [any CodingKey] {
        var keys: [any CodingKey] = []
        var link: CodingPathLink? = self
        while let current = link {
            keys.append(current.key)
            link = current.parent
        }
        return keys.reversed()
    }
}

struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

// MARK: - Lists and dictionaries: go on after a failed item

/// Collections that decode their items one by one and go on after a failed item, so that one
/// run reports the problems of every item.
protocol YAMLCollectionDecodable {
    static func decodeYAML(from node: YAMLNode, state: DecodingState, path: CodingPathLink?) throws -> Self
}

extension Array: YAMLCollectionDecodable where Element: Decodable {
    static func decodeYAML(from node: YAMLNode, state: DecodingState, path: CodingPathLink?) throws -> [Element] {
        guard case .sequence(let items) = node.content else {
            state.error(
                "expected a list, found \(node.kindDescription)", at: node.location,
                hint: node.isNull ? "write '[]' for an empty list" : "write each item on its own line starting with '- '")
            return []
        }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let errorsBefore = state.errorCount
            do {
                let element = try state.decode(Element.self, from: item, path: CodingPathLink(parent: path, key: IndexKey(index)))
                // An item with an error inside holds stand-ins: leave it out, so that code
                // checking the list later does not report problems that are not there.
                if state.errorCount == errorsBefore { result.append(element) }
            } catch {
                // Reported; go on with the next item.
            }
        }
        return result
    }
}

extension Dictionary: YAMLCollectionDecodable where Key == String, Value: Decodable {
    static func decodeYAML(from node: YAMLNode, state: DecodingState, path: CodingPathLink?) throws -> [String: Value] {
        guard case .mapping(let mapping) = node.content else {
            state.error(
                "expected a mapping (key: value lines), found \(node.kindDescription)", at: node.location,
                hint: node.isNull ? "write '{}' for an empty mapping" : nil)
            return [:]
        }
        var result: [String: Value] = [:]
        result.reserveCapacity(mapping.entries.count)
        for entry in mapping.entries {
            let errorsBefore = state.errorCount
            do {
                let value = try state.decode(Value.self, from: entry.value, path: path)
                if state.errorCount == errorsBefore { result[entry.key] = value }
            } catch {
                // Reported; go on with the next entry.
            }
        }
        return result
    }
}

// MARK: - The Decoder

struct NodeDecoder: Decoder {
    let node: YAMLNode
    let state: DecodingState
    let path: CodingPathLink?
    let usage: KeyUsage

    var codingPath: [any CodingKey] { path?.array ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node.content else {
            state.error("expected a mapping (key: value lines), found \(node.kindDescription)", at: node.location)
            throw AlreadyReported()
        }
        usage.attach(mapping)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.content else {
            state.error("expected a list, found \(node.kindDescription)", at: node.location)
            throw AlreadyReported()
        }
        return UnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    func decodeScalarValue<S: YAMLScalarDecodable>(_ type: S.Type) throws -> S {
        try state.decodeScalar(S.self, node)
    }

    func child(_ node: YAMLNode, key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, state: state, path: CodingPathLink(parent: path, key: key), usage: KeyUsage())
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let mapping: YAMLMapping

    var codingPath: [any CodingKey] { decoder.codingPath }
    var state: DecodingState { decoder.state }
    var usage: KeyUsage { decoder.usage }

    var allKeys: [Key] {
        mapping.entries.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        usage.find(key.stringValue) != nil
    }

    private func node(for key: Key) -> YAMLNode? {
        guard let index = usage.find(key.stringValue) else { return nil }
        return mapping.entries[index].value
    }

    /// A required key is absent. If an unused key is a likely misspelling, reports it as unknown
    /// with a suggestion and decodes its value instead (to find further problems); otherwise
    /// reports the missing key. Returns the node to go on with, if any.
    private func missing(_ key: Key) -> YAMLNode? {
        let name = key.stringValue
        let unused = mapping.entries.indices.filter { !usage.used[$0] }
        if let guess = Suggestion.closest(to: name, in: unused.map { mapping.entries[$0].key }),
            let index = unused.first(where: { mapping.entries[$0].key == guess })
        {
            usage.used[index] = true
            state.error("unknown key '\(guess)'", at: mapping.entries[index].keyLocation, hint: "did you mean '\(name)'?")
            return mapping.entries[index].value
        }
        state.error(
            "missing required key '\(name)'", at: decoder.node.location,
            hint: "add '\(name):' to this mapping")
        return nil
    }

    private func required<T>(_ key: Key, _ body: (YAMLNode) throws -> T, placeholder: T) throws -> T {
        if let node = node(for: key) { return try body(node) }
        if let node = missing(key) { return try body(node) }
        return placeholder
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = node(for: key) else { return true }
        return node.isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try required(key, state.decodeBool, placeholder: false)
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try required(key, state.decodeString, placeholder: "")
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try required(key, state.decodeDouble, placeholder: 0)
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try required(key, state.decodeDouble, placeholder: 0))
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try required(key, { try state.decodeInteger(I.self, $0) }, placeholder: 0)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let path = CodingPathLink(parent: decoder.path, key: key)
        if let node = node(for: key) ?? missing(key) {
            do {
                return try state.decode(T.self, from: node, path: path)
            } catch let error as AlreadyReported {
                // Reported; a stand-in lets the enclosing type go on to its next keys.
                if let value = state.placeholder(T.self, near: node) { return value }
                throw error
            }
        }
        if let value = state.placeholder(T.self, near: decoder.node) { return value }
        throw AlreadyReported()
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = node(for: key), !node.isNull else { return nil }
        do {
            return try state.decode(T.self, from: node, path: CodingPathLink(parent: decoder.path, key: key))
        } catch {
            return nil  // Reported; the whole result is discarded because of it.
        }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = node(for: key), !node.isNull else { return nil }
        return try state.decodeString(node)
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let node = node(for: key), !node.isNull else { return nil }
        return try state.decodeInteger(Int.self, node)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let node = node(for: key), !node.isNull else { return nil }
        return try state.decodeBool(node)
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let node = node(for: key), !node.isNull else { return nil }
        return try state.decodeDouble(node)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        guard let node = node(for: key) ?? missing(key) else { throw AlreadyReported() }
        let child = decoder.child(node, key: key)
        let container = try child.container(keyedBy: NestedKey.self)
        return container
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let node = node(for: key) ?? missing(key) else { throw AlreadyReported() }
        return try decoder.child(node, key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        guard let node = node(for: key) ?? missing(key) else { throw AlreadyReported() }
        return decoder.child(node, key: key)
    }
}

struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [YAMLNode]
    var currentIndex = 0

    init(decoder: NodeDecoder, items: [YAMLNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (YAMLNode, CodingPathLink) {
        guard currentIndex < items.count else {
            decoder.state.error("the list has too few items (\(items.count))", at: decoder.node.location)
            throw AlreadyReported()
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], CodingPathLink(parent: decoder.path, key: IndexKey(currentIndex)))
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count else { return false }
        if items[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, path) = try next()
        return try decoder.state.decode(T.self, from: node, path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey>
    {
        let (node, _) = try next()
        return try decoder.child(node, key: IndexKey(currentIndex - 1)).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, _) = try next()
        return try decoder.child(node, key: IndexKey(currentIndex - 1)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, _) = try next()
        return decoder.child(node, key: IndexKey(currentIndex - 1))
    }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.state.decodeBool(decoder.node) }
    func decode(_ type: String.Type) throws -> String { try decoder.state.decodeString(decoder.node) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.state.decodeDouble(decoder.node) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.state.decodeDouble(decoder.node)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.state.decodeInteger(Int.self, decoder.node) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.state.decodeInteger(Int8.self, decoder.node) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.state.decodeInteger(Int16.self, decoder.node) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.state.decodeInteger(Int32.self, decoder.node) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.state.decodeInteger(Int64.self, decoder.node) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.state.decodeInteger(UInt.self, decoder.node) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.state.decodeInteger(UInt8.self, decoder.node) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.state.decodeInteger(UInt16.self, decoder.node) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.state.decodeInteger(UInt32.self, decoder.node) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.state.decodeInteger(UInt64.self, decoder.node) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.state.decode(T.self, from: decoder.node, path: decoder.path)
    }
}
