extension LoadedHost {
    /// Where the database file is (`data.directory`/`data.database` of `config/thidua.yaml`).
    public var databasePath: String {
        (configuration?.data ?? DataSettings()).databasePath
    }

    /// The migrations this configuration applies: the core's, then each loaded module's in start
    /// order. Throws when a module's list breaks the rules.
    public func migrationPlan() throws(StoreError) -> MigrationPlan {
        let enabled = modules.compactMap { module -> MigrationPlan.ModuleMigrations? in
            guard module.state == .loaded, let instance = module.instance else { return nil }
            return MigrationPlan.ModuleMigrations(module: module.id, migrations: type(of: instance).migrations)
        }
        return try MigrationPlan(modules: enabled, linked: linkedMigrations)
    }

    /// Opens the existing, up-to-date store for a command. Throws ``StoreError`` when the host file
    /// has errors, when there is no database yet (`.missing`: run `thidua init`), when it needs
    /// migrations (`.pendingMigrations`), or when this thidua must not touch it (newer database,
    /// changed migration).
    public func openStore() throws -> any Store {
        let (backend, settings) = try storeSettings()
        let plan = try migrationPlan()
        let store = try backend.open(settings, create: false)
        let status = try plan.status(of: store)
        if !status.pending.isEmpty {
            let names = status.pending.prefix(3).map { "\($0.module) \($0.version) \($0.name)" }
            let more = status.pending.count > 3 ? ", …" : ""
            throw StoreError(
                .pendingMigrations,
                "the database at \(store.location) needs \(status.pending.count) migration\(status.pending.count == 1 ? "" : "s") "
                    + "(\(names.joined(separator: ", "))\(more))",
                hint: "back it up, then run 'thidua init' to upgrade it")
        }
        return store
    }

    /// What `thidua init` does: creates the data directory and the database when missing and
    /// applies pending migrations. Refuses a configuration with any error, and any database
    /// ``MigrationPlan/status(of:)`` refuses, before changing anything.
    public func initializeStore(clock: () -> Instant = { Instant.now() }) throws -> StoreInitialization {
        let (backend, settings) = try storeSettings()
        let errors = diagnostics.filter { $0.severity == .error }.count
        guard errors == 0 else {
            throw StoreError(
                .cannotOpen, "the configuration has \(errors) error\(errors == 1 ? "" : "s"); the store is not touched",
                hint: "run 'thidua check' and fix them first")
        }
        let plan = try migrationPlan()
        let createdDirectory = Paths.kind(of: settings.directory) == .missing
        if createdDirectory {
            try Paths.createDirectory(settings.directory)
        } else if Paths.kind(of: settings.directory) != .directory {
            throw StoreError(
                .cannotOpen, "the data directory '\(settings.directory)' is not a directory",
                hint: "change 'data.directory' in \(hostFile)")
        }
        let store = try backend.open(settings, create: true)
        let run = try plan.apply(to: store, clock: clock)
        let status = try plan.status(of: store)
        return StoreInitialization(
            store: store, plan: plan, createdDirectory: createdDirectory, run: run, status: status)
    }

    private func storeSettings() throws(StoreError) -> (any StoreBackend, DataSettings) {
        guard let configuration else {
            throw StoreError(
                .cannotOpen, "the configuration could not be read, so the database cannot be found",
                hint: "run 'thidua check'")
        }
        guard let storeBackend else {
            throw StoreError(.cannotOpen, "this thidua was built without a store")
        }
        return (storeBackend, configuration.data)
    }
}

/// What ``LoadedHost/initializeStore(clock:)`` did.
public struct StoreInitialization: Sendable {
    /// The store, open.
    public var store: any Store
    /// The plan that was applied.
    public var plan: MigrationPlan
    /// The data directory did not exist and was created.
    public var createdDirectory: Bool
    /// The migrations applied, and the one that failed.
    public var run: MigrationRun
    /// The database's state afterwards.
    public var status: MigrationStatus
}
