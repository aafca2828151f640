import Foundation
import Testing
import ThiDuaCore
import ThiDuaInitiatives
import ThiDuaSQLite

/// The initiatives module loads, validates its settings with located diagnostics, migrates, and
/// runs: records are stored with audit and announced after the commit.
@Suite struct InitiativesModuleTests {
    /// A configuration directory with only this module, and its data in the same temporary folder.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("thidua-initiatives-\(UUID().uuidString)")
        var configuration: String { url.appendingPathComponent("config").path }

        init(settings: String) throws {
            try FileManager.default.createDirectory(at: url.appendingPathComponent("config"), withIntermediateDirectories: true)
            let host = "format: 1\ndata:\n  directory: \(url.path)/data\nmodules:\n  initiatives:\n" + settings
            try Data(host.utf8).write(to: url.appendingPathComponent("config/thidua.yaml"))
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func load(_ directory: String) -> LoadedHost {
        Host(catalog: ModuleCatalog([InitiativesModule.self]), storeBackend: SQLiteBackend()).load(configurationDirectory: directory)
    }

    @Test func theExampleConfigurationLoads() throws {
        let host = load(Self.packageRoot.appendingPathComponent("config/examples/initiatives").path)
        #expect(host.diagnostics.isEmpty, "\(host.diagnostics.map(\.description))")
        let module = try #require(host.module(InitiativesModule.self))
        #expect(module.maxLength == 500)
        #expect(!module.title.isEmpty)
    }

    @Test func badSettingsAreReportedWhereTheyAreWritten() throws {
        let scratch = try Scratch(settings: "    title: Sổ\n    max_length: 0\n")
        let host = load(scratch.configuration)
        #expect(host.module(InitiativesModule.self) == nil)
        let range = try #require(host.diagnostics.first { $0.message.contains("'max_length' must be from 1 to") })
        #expect(range.severity == .error)
        #expect(range.location.line == 7 && range.location.column == 17)
        #expect(range.location.file.hasSuffix("config/thidua.yaml"))

        let unknown = try Scratch(settings: "    title: Sổ\n    max_lenght: 20\n")
        let errors = load(unknown.configuration).diagnostics.filter { $0.severity == .error }
        let misspelt = try #require(errors.first { $0.message.contains("max_lenght") })
        #expect(misspelt.location.line == 7)
        #expect(misspelt.hint?.contains("'max_length'") == true)
    }

    @Test func aMissingTitleIsAnError() throws {
        let scratch = try Scratch(settings: "    max_length: 20\n")
        let host = load(scratch.configuration)
        #expect(host.module(InitiativesModule.self) == nil)
        #expect(host.diagnostics.contains { $0.severity == .error && $0.message.contains("title") })
    }

    @Test func theMigrationsFollowTheRules() {
        #expect(Migration.problems(in: InitiativesModule.migrations, module: "initiatives").isEmpty)
    }

    @Test func recordsAreStoredWithAuditAndAnnouncedAfterTheCommit() throws {
        let scratch = try Scratch(settings: "    title: Sổ ghi chép\n    max_length: 40\n")
        let host = load(scratch.configuration)
        #expect(!host.hasErrors, "\(host.diagnostics.map(\.description))")
        let module = try #require(host.module(InitiativesModule.self))
        _ = try host.initializeStore()
        let store = try host.openStore()
        let events = try host.start(store: store)
        #expect(events.subscribers(of: InitiativesRecorded.name) == ["initiatives"])

        // Decomposed input is stored in NFC.
        let event = try module.add("  Ghi che\u{301}p đầu tiên ", actor: "admin", store: store)
        #expect(event.number == 1 && event.text == "Ghi chép đầu tiên")
        #expect(module.seen.all.isEmpty)
        try events.publish(event, from: "initiatives")
        #expect(module.seen.all == [1])

        let records = try module.records(in: store)
        #expect(records.map(\.text) == ["Ghi chép đầu tiên"])
        let audit = try store.read { try AuditLog.latest(in: $0, limit: 1) }
        #expect(audit.first?.action == "initiatives.record" && audit.first?.actor == "admin")
    }

    @Test func blankOrOverlongRecordsAreRefusedAndNothingIsWritten() throws {
        let scratch = try Scratch(settings: "    title: Sổ\n    max_length: 5\n")
        let host = load(scratch.configuration)
        let module = try #require(host.module(InitiativesModule.self))
        _ = try host.initializeStore()
        let store = try host.openStore()
        #expect(throws: CommandFailure.self) { try module.add("   ", actor: "admin", store: store) }
        #expect(throws: CommandFailure.self) { try module.add("quá dài", actor: "admin", store: store) }
        #expect(try module.records(in: store).isEmpty)
    }

    @Test func theCommandNamesItself() {
        #expect(InitiativesCommand.configuration.commandName == "initiatives")
        #expect(InitiativesCommand.configuration.subcommands.compactMap { $0.configuration.commandName } == ["add", "list"])
    }
}
