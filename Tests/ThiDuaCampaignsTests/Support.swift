import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaInitiatives
import ThiDuaOrganization

/// A problem in a test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Paths_ {
    /// The package root: the nearest directory above this file that holds Package.swift.
    static var packageRoot: URL {
        get throws {
            try ancestor(of: #filePath) {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("Package.swift").path)
            }
        }
    }

    /// `shared/reference`: found by walking up from this file (the worktree sits beside `shared`,
    /// and CI clones the package beside its copy of `shared`).
    static var referenceDirectory: URL {
        get throws {
            try ancestor(of: #filePath) {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("shared/reference").path)
            }.appendingPathComponent("shared/reference")
        }
    }

    static var fixtures: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw TestFailure("the Fixtures resource is missing from the test bundle")
            }
            return url
        }
    }

    private static func ancestor(of file: String, where matches: (URL) -> Bool) throws -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            if matches(directory) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        throw TestFailure("no matching directory above \(file)")
    }
}

/// The modules the campaigns tests load.
/// The school example (config/examples/truong-thpt) also enables the initiatives register.
let testCatalog = ModuleCatalog([OrganizationModule.self, CriteriaModule.self, CampaignsModule.self, InitiativesModule.self])

/// Loads a configuration directory as `thidua` does.
func loadHost(_ directory: URL) -> LoadedHost {
    Host(catalog: testCatalog).load(configurationDirectory: directory.path)
}

/// The loaded campaigns module, or a failure listing the diagnostics.
func campaignsModule(_ host: LoadedHost) throws -> CampaignsModule {
    // config/thidua.yaml also enables modules these tests do not link (dossiers).
    let errors = host.diagnostics.filter { $0.severity == .error && !$0.message.hasPrefix("unknown module '") }
    guard let module = host.module(CampaignsModule.self), errors.isEmpty else {
        throw TestFailure("the configuration did not load:\n" + host.diagnostics.map(\.description).joined(separator: "\n"))
    }
    return module
}

/// A copy of a configuration directory in a temporary place, removed when the value goes away.
final class ConfigurationCopy {
    let url: URL

    init(of source: URL) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-campaigns-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: url)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Replaces `old` (which must occur exactly once) in a file.
    func replace(_ path: String, _ old: String, with new: String) throws {
        let text = try read(path)
        let parts = text.components(separatedBy: old)
        guard parts.count == 2 else { throw TestFailure("'\(old)' occurs \(parts.count - 1) times in \(path)") }
        try write(path, parts.joined(separator: new))
    }

    /// Removes the YAML list item whose first or any line contains `marker`: the item's "- " line
    /// and every following line indented deeper than its dash.
    func removeListItem(_ path: String, containing marker: String) throws {
        var lines = try read(path).components(separatedBy: "\n")
        guard let hit = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw TestFailure("'\(marker)' is not in \(path)")
        }
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        var start = hit
        while start >= 0,
            !lines[start].trimmingCharacters(in: .whitespaces).hasPrefix("- ") || indent(lines[start]) > indent(lines[hit])
        {
            start -= 1
        }
        guard start >= 0 else { throw TestFailure("no list item around '\(marker)' in \(path)") }
        let dash = indent(lines[start])
        var end = start + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).isEmpty, indent(lines[end]) > dash {
            end += 1
        }
        lines.removeSubrange(start..<end)
        try write(path, lines.joined(separator: "\n"))
    }
}

extension Array where Element == Diagnostic {
    /// `file:line:col: severity: message` lines of the errors, for expectations and failure output.
    var errorLines: [String] { filter { $0.severity == .error }.map(\.description) }
    var warningLines: [String] { filter { $0.severity == .warning }.map(\.description) }
}
