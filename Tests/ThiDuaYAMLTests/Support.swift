import Foundation
import Testing
import ThiDuaYAML

// Helpers shared by the test suites. `SourceLocation` is ambiguous between Testing and ThiDuaYAML,
// so both are written with their module name here.

/// The name given to inline YAML in tests; diagnostics carry it as their file.
let inlineFile = "test.yaml"

/// The path of a file in Fixtures/ (copied into the test bundle as a resource).
func fixturePath(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let url = Bundle.module.url(
        forResource: (name as NSString).deletingPathExtension,
        withExtension: (name as NSString).pathExtension,
        subdirectory: "Fixtures")
    return try #require(url, "fixture \(name) is missing", sourceLocation: sourceLocation).path
}

/// The raw bytes of a fixture.
func fixtureBytes(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [UInt8] {
    let path = try fixturePath(name, sourceLocation: sourceLocation)
    return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
}

/// A fresh empty directory for files a test writes; removed by `removeScratch`.
func makeScratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("thidua-yaml-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeScratch(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

/// Decodes inline YAML through the throwing API and returns every diagnostic of the failure.
/// Records an issue when decoding succeeds.
func failures<T: Decodable>(
    decoding type: T.Type, _ yaml: String, limits: YAMLLimits = .default,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [Diagnostic] {
    do {
        _ = try YAMLDecoder(limits: limits).decode(T.self, from: yaml, file: inlineFile)
        Issue.record("decoding \(T.self) succeeded but should have failed", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// Decodes a file through the throwing API and returns every diagnostic of the failure.
func failures<T: Decodable>(
    decoding type: T.Type, fromFile path: String, limits: YAMLLimits = .default,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [Diagnostic] {
    do {
        _ = try YAMLDecoder(limits: limits).decode(T.self, fromFile: path)
        Issue.record("decoding \(path) succeeded but should have failed", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// Whether `diagnostic` is an error at exactly `file:line:column` whose message and hint contain
/// the given texts.
func matches(
    _ diagnostic: Diagnostic, severity: Diagnostic.Severity = .error, file: String, line: Int, column: Int,
    message: String, hint: String?
) -> Bool {
    guard diagnostic.severity == severity,
        diagnostic.location == ThiDuaYAML.SourceLocation(file: file, line: line, column: column),
        diagnostic.message.contains(message)
    else { return false }
    guard let hint else { return true }
    return diagnostic.hint?.contains(hint) ?? false
}

/// Expects one diagnostic among `diagnostics` at `line:column` with the message (and hint) given.
func expectDiagnostic(
    _ diagnostics: [Diagnostic], severity: Diagnostic.Severity = .error, file: String = inlineFile,
    at line: Int, _ column: Int, _ message: String, hint: String? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let found = diagnostics.contains {
        matches($0, severity: severity, file: file, line: line, column: column, message: message, hint: hint)
    }
    #expect(
        found,
        """
        expected \(severity) at \(file):\(line):\(column) containing "\(message)"\(hint.map { " with hint \"\($0)\"" } ?? "");
        got:
        \(diagnostics.map(\.description).joined(separator: "\n"))
        """, sourceLocation: sourceLocation)
}

/// Expects exactly one diagnostic, at `line:column`, with the message (and hint) given.
func expectOnlyDiagnostic(
    _ diagnostics: [Diagnostic], severity: Diagnostic.Severity = .error, file: String = inlineFile,
    at line: Int, _ column: Int, _ message: String, hint: String? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(
        diagnostics.count == 1, "expected one diagnostic, got:\n\(diagnostics.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation)
    expectDiagnostic(
        diagnostics, severity: severity, file: file, at: line, column, message, hint: hint,
        sourceLocation: sourceLocation)
}

/// Every node of a tree with the locations of the keys that lead to it, without recursion.
func allNodes(_ root: YAMLNode) -> (nodes: [YAMLNode], keyLocations: [ThiDuaYAML.SourceLocation]) {
    var nodes: [YAMLNode] = []
    var keys: [ThiDuaYAML.SourceLocation] = []
    var pending = [root]
    while let node = pending.popLast() {
        nodes.append(node)
        switch node.content {
        case .scalar: break
        case .sequence(let items): pending += items
        case .mapping(let mapping):
            for entry in mapping.entries {
                keys.append(entry.keyLocation)
                pending.append(entry.value)
            }
        }
    }
    return (nodes, keys)
}
