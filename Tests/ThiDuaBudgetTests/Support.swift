import Foundation
import Testing
import ThiDuaBudget
import ThiDuaCLI
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaOrganization
import ThiDuaSQLite
import ThiDuaTestSupport

/// The modules `thidua` links: the example configuration enables modules that build on the budget
/// too (council, decisions …), and a host refuses a module it does not link.
let budgetCatalog = thiduaModules

/// The package root.
let packageRoot = Thidua.packageRoot

/// The example configuration (`config/`), loaded once for the tests that only read it.
let exampleHost: LoadedHost = Host(catalog: budgetCatalog).load(
    configurationDirectory: packageRoot.appendingPathComponent("config").path)

/// The budget module of the example configuration.
func exampleBudget() throws -> BudgetModule {
    #expect(exampleHost.diagnostics.filter { $0.severity == .error } == [], "\(exampleHost.diagnostics)")
    return try #require(exampleHost.module(BudgetModule.self))
}

/// A copy of `config/` in a temporary directory, with its own data directory; removed at the end.
final class ConfigCopy {
    let url: URL
    var config: URL { url.appendingPathComponent("config") }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("config"), to: config)
        try replace("thidua.yaml", "directory: .thidua", with: "directory: \(url.path)/data")
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a configuration file.
    func path(_ relative: String) -> String { config.appendingPathComponent(relative).path }

    func text(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    /// Replaces `old` (which must be there) in a configuration file.
    func replace(_ relative: String, _ old: String, with new: String) throws {
        let text = try text(relative)
        guard text.contains(old) else { throw TestFailure("'\(old)' is not in \(relative)") }
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    /// "path:line:col" of the first occurrence of `fragment` in a configuration file (1-based).
    /// With `prefix`: the first occurrence of `prefix + fragment`, pointing at `fragment`.
    func position(of fragment: String, after prefix: String = "", in relative: String) throws -> String {
        let text = try text(relative)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: prefix + fragment) {
                return
                    "\(path(relative)):\(index + 1):\(line.distance(from: line.startIndex, to: range.lowerBound) + prefix.count + 1)"
            }
        }
        throw TestFailure("'\(fragment)' is not in \(relative)")
    }

    /// Loads the copy as `thidua` does (with the SQLite store).
    func load() -> LoadedHost {
        Host(catalog: budgetCatalog, storeBackend: SQLiteBackend()).load(configurationDirectory: config.path)
    }

    /// The error diagnostics of loading the copy, as `thidua check` prints them.
    func errors() -> [String] {
        load().diagnostics.filter { $0.severity == .error }.map(\.description)
    }
}

/// `yyyy-mm-dd` as a date (test input is always valid).
func date(_ text: String) throws -> CalendarDate {
    try #require(CalendarDate(iso: text))
}
