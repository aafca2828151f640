import Synchronization
import ThiDuaYAML

/// The store as modules see it while they load: opened at most once, and only when the database
/// file exists — configuration without a database works as before, and nothing is ever created.
final class StoreReading: Sendable {
    let backend: any StoreBackend
    let settings: DataSettings
    let linked: [MigrationPlan.ModuleMigrations]
    private let state = Mutex<Opened?>(nil)

    enum Opened: Sendable {
        case missing
        case failed(StoreError)
        case open(any Store)
    }

    init(backend: any StoreBackend, settings: DataSettings, linked: [MigrationPlan.ModuleMigrations]) {
        self.backend = backend
        self.settings = settings
        self.linked = linked
    }

    /// Opens the database once; later calls get the same answer.
    func open() -> Opened {
        state.withLock { opened in
            if let opened { return opened }
            let result: Opened
            switch Paths.kind(of: settings.databasePath) {
            case .missing:
                result = .missing
            case .file:
                do {
                    result = .open(try backend.open(settings, create: false))
                } catch let error as StoreError {
                    result = error.kind == .missing ? .missing : .failed(error)
                } catch {
                    result = .failed(StoreError(.cannotOpen, "\(error)"))
                }
            case .directory, .other:
                result = .failed(
                    StoreError(.cannotOpen, "\(settings.databasePath) is not a file", hint: "check 'data:' in thidua.yaml"))
            }
            opened = result
            return result
        }
    }
}

extension ModuleContext {
    /// Where the database is (`data:` in `thidua.yaml`), for messages; nil when this host reads no
    /// store.
    public var storeLocation: String? { storeReading?.settings.databasePath }

    /// Reads what this module keeps in the store — data imported with `thidua import` — in one
    /// read-only unit of work, while the module loads:
    ///
    /// ```swift
    /// let imported = context.readStore { transaction in
    ///     try transaction.rows("SELECT id, full_name FROM organization_people")
    /// } ?? []
    /// ```
    ///
    /// Returns nil, and reports nothing, when there is no database (configuration-only use) or
    /// when the database has none of the module's tables yet (nothing can have been imported).
    /// Returns nil with a **warning** when the database needs `thidua init` for this module's newer
    /// migrations (its data is left out until then), and nil with an **error** when the database
    /// cannot be read or must not be used (written by a newer thidua, a changed migration) or
    /// `work` throws.
    public func readStore<T>(_ work: (any Transaction) throws -> T) -> T? {
        guard let storeReading, !migrations.isEmpty else { return nil }
        let location = storeReading.settings.databasePath
        switch storeReading.open() {
        case .missing:
            return nil
        case .failed(let error):
            report(
                .error("cannot read the data imported into the database: \(error.message)", at: entryLocation, hint: error.hint))
            return nil
        case .open(let store):
            do {
                let plan = try MigrationPlan(
                    modules: [MigrationPlan.ModuleMigrations(module: moduleID, migrations: migrations)],
                    linked: storeReading.linked)
                let pending = try plan.status(of: store).pending.filter { $0.module == moduleID }
                if pending.count == migrations.count { return nil }
                if !pending.isEmpty {
                    let names = pending.map { "\($0.module) \($0.version) \($0.name)" }.joined(separator: ", ")
                    report(
                        .warning(
                            "the database at \(location) needs \(pending.count == 1 ? "a migration" : "migrations") (\(names)); "
                                + "the data imported into it for '\(moduleID)' is left out until then",
                            at: entryLocation, hint: "back it up, then run 'thidua init'"))
                    return nil
                }
                return try store.read(work)
            } catch let error as StoreError {
                report(
                    .error("cannot use the data imported into \(location): \(error.message)", at: entryLocation, hint: error.hint)
                )
                return nil
            } catch {
                report(.error("cannot use the data imported into \(location): \(error)", at: entryLocation))
                return nil
            }
        }
    }
}
