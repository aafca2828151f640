import Foundation
import Testing
import ThiDuaCore

/// The host's side of the store: where the database is, the migration plan in start order, and
/// refusing to open or initialise a store when it must not.
@Suite struct StoreHostTests {
    @Test("the database defaults to thidua.sqlite in .thidua, and data.database overrides it")
    func databasePath() throws {
        #expect(DataSettings().databasePath == ".thidua/thidua.sqlite")
        #expect(DataSettings(directory: "/srv/thidua", database: "so-xd.sqlite").databasePath == "/srv/thidua/so-xd.sqlite")
        #expect(DataSettings(directory: "data", database: "/var/lib/thidua.sqlite").databasePath == "/var/lib/thidua.sqlite")
        let host = try StoreTestConfiguration.load(
            """
            format: 1
            data:
              directory: var/data
              database: campaigns.sqlite
            modules: {}
            """)
        #expect(!host.hasErrors)
        #expect(host.databasePath == "var/data/campaigns.sqlite")
    }

    @Test("an empty database name is a located configuration error")
    func emptyDatabaseName() throws {
        let host = try StoreTestConfiguration.load(
            """
            format: 1
            data:
              database: ""
            modules: {}
            """)
        let error = try #require(host.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("'database' must name a file"))
        #expect(error.location.line == 3)
    }

    @Test("the plan holds the core's migrations, then the modules' in start order (dependencies first)")
    func planFollowsStartOrder() throws {
        // alpha needs beta, so beta starts (and migrates) first although alpha is declared first.
        let host = try StoreTestConfiguration.load(
            """
            format: 1
            modules:
              store-alpha:
              store-beta:
            """)
        #expect(host.modules.map(\.id) == ["store-beta", "store-alpha"])
        let plan = try host.migrationPlan()
        #expect(
            plan.migrations.map(\.description) == [
                "core 1 create audit log", "store-beta 1 create beta", "store-alpha 1 create alpha", "store-alpha 2 add note",
            ])
        // Linked modules that are not enabled are known for the refusal checks.
        #expect(plan.linked["store-gamma"]?.count == 1)
    }

    @Test("a module with no migrations adds nothing")
    func noMigrations() throws {
        #expect(StoreGammaModule.self.migrations.count == 1)
        #expect(StoreNoMigrationModule.migrations.isEmpty)
    }

    @Test("opening the store needs a backend and a readable host file")
    func openStoreRefusals() throws {
        let withoutBackend = try StoreTestConfiguration.load("format: 1\nmodules: {}\n", backend: nil)
        let missing = #expect(throws: StoreError.self) { try withoutBackend.openStore() }
        #expect(missing?.message == "this thidua was built without a store")
        let broken = try StoreTestConfiguration.load("format: 2\nmodules: {}\n")
        let unreadable = #expect(throws: StoreError.self) { try broken.openStore() }
        #expect(unreadable?.message.contains("the configuration could not be read") == true)
    }

    @Test("initialising refuses a configuration with errors before opening anything")
    func initializeRefusesErrors() throws {
        let backend = StoreRecordingBackend()
        let host = try StoreTestConfiguration.load(
            """
            format: 1
            modules:
              store-alpha:
              store-beta:
              unknown-module:
            """, backend: backend)
        let error = #expect(throws: StoreError.self) { try host.initializeStore() }
        #expect(error?.message.contains("the configuration has 1 error") == true)
        #expect(backend.opened == 0)
    }
}

// MARK: - Support

/// Fake modules with migrations; `store-alpha` needs `store-beta`.
struct StoreAlphaModule: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(
        id: "store-alpha", version: "1.0.0", summary: "alpha", dependencies: [ModuleDependency("store-beta", .any)])
    static var migrations: [Migration] {
        [
            Migration(
                module: "store-alpha", version: 1, name: "create alpha",
                statements: ["CREATE TABLE store_alpha (id TEXT PRIMARY KEY)"]),
            Migration(
                module: "store-alpha", version: 2, name: "add note", statements: ["ALTER TABLE store_alpha ADD COLUMN note TEXT"]),
        ]
    }
    init(configuration: Configuration, context: ModuleContext) throws {}
}

struct StoreBetaModule: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(id: "store-beta", version: "1.0.0", summary: "beta")
    static var migrations: [Migration] {
        [
            Migration(
                module: "store-beta", version: 1, name: "create beta",
                statements: ["CREATE TABLE store_beta (id TEXT PRIMARY KEY)"])
        ]
    }
    init(configuration: Configuration, context: ModuleContext) throws {}
}

struct StoreGammaModule: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(id: "store-gamma", version: "1.0.0", summary: "gamma, linked but not enabled")
    static var migrations: [Migration] {
        [Migration(module: "store-gamma", version: 1, name: "create gamma", statements: ["CREATE TABLE store_gamma (id TEXT)"])]
    }
    init(configuration: Configuration, context: ModuleContext) throws {}
}

struct StoreNoMigrationModule: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(id: "store-plain", version: "1.0.0", summary: "no storage")
    init(configuration: Configuration, context: ModuleContext) throws {}
}

/// A backend that only counts how often it was asked to open a store.
final class StoreRecordingBackend: StoreBackend, @unchecked Sendable {
    private(set) var opened = 0
    var name: String { "recording" }
    func open(_ settings: DataSettings, create: Bool) throws -> any Store {
        opened += 1
        throw StoreError(.cannotOpen, "the recording backend opens nothing")
    }
}

enum StoreTestConfiguration {
    static let catalog = ModuleCatalog([
        StoreAlphaModule.self, StoreBetaModule.self, StoreGammaModule.self, StoreNoMigrationModule.self,
    ])

    /// Loads `hostFile` as thidua.yaml from a temporary configuration directory.
    static func load(_ hostFile: String, backend: (any StoreBackend)? = StoreRecordingBackend()) throws -> LoadedHost {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(hostFile.utf8).write(to: directory.appendingPathComponent("thidua.yaml"))
        return Host(catalog: catalog, storeBackend: backend).load(configurationDirectory: directory.path)
    }
}
