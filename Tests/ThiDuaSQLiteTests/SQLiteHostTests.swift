import Foundation
import Synchronization
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// The host with the SQLite backend: `initializeStore` (what `thidua init` runs), `openStore` for
/// commands, and the store reaching modules when they start.
@Suite struct SQLiteHostTests {
    /// Loads a configuration whose data directory is inside `directory`.
    static func host(_ directory: DatabaseDirectory, modules: [String], catalog: ModuleCatalog = HostFixture.catalog) throws
        -> LoadedHost
    {
        let configuration = directory.path + "/config"
        try FileManager.default.createDirectory(atPath: configuration, withIntermediateDirectories: true)
        let hostFile = """
            format: 1
            data:
              directory: \(directory.path)/data
            modules:\(modules.isEmpty ? " {}" : "")
            \(modules.map { "  \($0):" }.joined(separator: "\n"))
            """
        try Data(hostFile.utf8).write(to: URL(fileURLWithPath: configuration + "/thidua.yaml"))
        return Host(catalog: catalog, storeBackend: SQLiteBackend()).load(configurationDirectory: configuration)
    }

    @Test("initializing creates the data directory and the database, then reports up to date")
    func initialize() throws {
        let directory = try DatabaseDirectory()
        let host = try Self.host(directory, modules: ["host-notes"])
        #expect(host.databasePath == directory.path + "/data/thidua.sqlite")
        #expect(throws: StoreError.self) { try host.openStore() }
        let first = try host.initializeStore()
        #expect(first.createdDirectory)
        #expect(first.run.wasNew)
        #expect(first.run.applied.map(\.description) == ["core 1 create audit log", "host-notes 1 create notes"])
        #expect(first.status.isUpToDate)
        let second = try host.initializeStore()
        #expect(!second.createdDirectory)
        #expect(second.run.applied.isEmpty)
        _ = try host.openStore()
    }

    @Test("a command's store must exist and be up to date")
    func openStore() throws {
        let directory = try DatabaseDirectory()
        let missing = #expect(throws: StoreError.self) { try Self.host(directory, modules: []).openStore() }
        #expect(missing?.kind == .missing)
        _ = try Self.host(directory, modules: []).initializeStore()
        // Enabling a module with migrations makes the database need `thidua init`.
        let error = #expect(throws: StoreError.self) { try Self.host(directory, modules: ["host-notes"]).openStore() }
        #expect(error?.kind == .pendingMigrations)
        #expect(
            error?.description
                == "the database at \(directory.path)/data/thidua.sqlite needs 1 migration (host-notes 1 create notes) "
                + "(back it up, then run 'thidua init' to upgrade it)")
    }

    @Test("modules get the store when they start, and write through it with an audit entry")
    func startWithStore() throws {
        let directory = try DatabaseDirectory()
        let host = try Self.host(directory, modules: ["host-notes"])
        _ = try host.initializeStore()
        let store = try host.openStore()
        _ = try host.start(store: store)
        let verification = try store.read { try AuditLog.verify(in: $0) }
        #expect(verification.isIntact)
        let last = try store.read { try AuditLog.latest(in: $0, limit: 1) }
        #expect(last.map(\.action) == ["note.create"])
        let notes = { try store.read { try $0.row("SELECT COUNT(*) AS n FROM host_notes")?.int("n") } }
        #expect(try notes() == 1)
        // Without a store, the module sees nil and writes nothing.
        _ = try host.start()
        #expect(try notes() == 1)
    }
}

/// A module that writes one note (and its audit entry) when it starts with a store.
struct NotesModule: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(id: "host-notes", version: "1.0.0", summary: "notes")
    static var migrations: [Migration] {
        [
            Migration(
                module: "host-notes", version: 1, name: "create notes",
                statements: [
                    "CREATE TABLE host_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
                ])
        ]
    }

    init(configuration: Configuration, context: ModuleContext) throws {}

    func start(context: ModuleStartContext) throws {
        guard let store = context.store else { return }
        try store.write { transaction in
            guard let id = try transaction.row("INSERT INTO host_notes (body) VALUES (?) RETURNING id", ["xin chào"])?.int("id")
            else {
                throw StoreError(.other, "no id")
            }
            try transaction.audit(
                AuditEntry(
                    actor: "P001", action: "note.create", entity: AuditEntity("note", String(id)),
                    after: .object([("body", .string("xin chào"))])))
        }
    }
}

enum HostFixture {
    static let catalog = ModuleCatalog([NotesModule.self])
}
