public import ThiDuaYAML

/// Loads `config/thidua.yaml`, resolves the enabled modules against the catalog, orders them by
/// dependency and constructs them — the one validation that `thidua check` and every command run.
public struct Host: Sendable {
    /// The linked modules.
    public let catalog: ModuleCatalog
    /// Limits for every YAML file read.
    public var limits: YAMLLimits
    /// Opens the store for ``LoadedHost/openStore()`` (`thidua` passes the SQLite backend).
    public var storeBackend: (any StoreBackend)?

    /// The host file's name inside the configuration directory.
    public static let hostFileName = "thidua.yaml"

    /// A host for the modules of `catalog`; `storeBackend` opens the store for commands that need one.
    public init(catalog: ModuleCatalog, limits: YAMLLimits = .default, storeBackend: (any StoreBackend)? = nil) {
        self.catalog = catalog
        self.limits = limits
        self.storeBackend = storeBackend
    }

    /// Loads and validates everything under `configurationDirectory`. Never throws: every problem
    /// is a diagnostic in the result; modules that could be built are in it.
    public func load(configurationDirectory: String) -> LoadedHost {
        let hostFile = Paths.join(configurationDirectory, Host.hostFileName)
        switch Paths.kind(of: configurationDirectory) {
        case .missing:
            return LoadedHost(
                configurationDirectory: configurationDirectory, hostFile: hostFile,
                diagnostics: [
                    .error(
                        "the configuration directory does not exist", at: .file(configurationDirectory),
                        hint: "pass --config DIR, or run thidua from the directory that holds config/")
                ])
        case .file, .other:
            return LoadedHost(
                configurationDirectory: configurationDirectory, hostFile: hostFile,
                diagnostics: [
                    .error(
                        "is not a directory; --config expects the configuration directory", at: .file(configurationDirectory),
                        hint: "pass the directory that holds \(Host.hostFileName)")
                ])
        case .directory:
            break
        }

        if Paths.kind(of: hostFile) == .missing {
            return LoadedHost(
                configurationDirectory: configurationDirectory, hostFile: hostFile,
                diagnostics: [
                    .error(
                        "the configuration directory has no \(Host.hostFileName)", at: .file(hostFile),
                        hint: "create it (see docs/configuration.md), or pass --config with the directory that holds it")
                ])
        }
        let document = YAMLParser(limits: limits).parse(file: hostFile)
        let decoded = YAMLDecoder(limits: limits).decode(HostConfiguration.self, from: document)
        var diagnostics = decoded.diagnostics
        // With errors in the host file, go on with what could be read, to report the modules'
        // problems too; such a host is never used to run commands (`hostFileIsValid`).
        guard let configuration = decoded.value ?? decoded.partial else {
            return LoadedHost(configurationDirectory: configurationDirectory, hostFile: hostFile, diagnostics: diagnostics)
        }
        let hostFileIsValid = decoded.value != nil

        var plan = resolve(configuration.modules, diagnostics: &diagnostics)
        let dataDirectory = configuration.data.directory
        let linkedMigrations = catalog.modules.map {
            MigrationPlan.ModuleMigrations(module: $0.descriptor.id, migrations: $0.migrations)
        }
        // Modules read what was imported into the store only when the host file is valid (it says
        // where the database is) and the database exists; configuration alone works without one.
        let storeReading =
            hostFileIsValid
            ? storeBackend.map { StoreReading(backend: $0, settings: configuration.data, linked: linkedMigrations) } : nil
        var built: [String: any ThiDuaModule] = [:]
        var files = [hostFile]

        for index in plan.indices {
            let entry = plan[index].entry
            guard let type = catalog.module(id: entry.id), plan[index].state == .pending else { continue }
            let descriptor = type.descriptor
            if let blocker = descriptor.dependencies.first(where: { built[$0.id] == nil }) {
                plan[index].state = .skipped(because: blocker.id)
                diagnostics.append(
                    .init(
                        .note, at: entry.location,
                        "module '\(entry.id)' was not loaded because '\(blocker.id)', which it needs, failed"))
                continue
            }
            var dependencies: [String: any ThiDuaModule] = [:]
            for dependency in descriptor.dependencies { dependencies[dependency.id] = built[dependency.id] }
            // Contributors come earlier in the plan; one that failed is left out with a note.
            var contributors: [any ThiDuaModule] = []
            for step in plan[..<index] where contributes(step.entry.id, to: entry.id) {
                if let instance = built[step.entry.id] {
                    contributors.append(instance)
                } else {
                    diagnostics.append(
                        .init(
                            .note, at: entry.location,
                            "module '\(entry.id)' loads without what '\(step.entry.id)' gives it, because '\(step.entry.id)' failed"
                        ))
                }
            }
            let context = ModuleContext(
                moduleID: entry.id, configurationDirectory: configurationDirectory, dataDirectory: dataDirectory,
                entryLocation: entry.location, limits: limits, dependencies: dependencies, contributors: contributors,
                storeReading: storeReading, migrations: type.migrations)
            let outcome = construct(type, entry: entry, context: context)
            var moduleDiagnostics = outcome.diagnostics + context.diagnostics
            moduleDiagnostics.sortByLocation()
            diagnostics += moduleDiagnostics
            files += context.files
            if let instance = outcome.instance, !moduleDiagnostics.hasErrors {
                built[entry.id] = instance
                plan[index].instance = instance
                plan[index].state = .loaded
            } else {
                plan[index].state = .failed
                let count = moduleDiagnostics.filter { $0.severity == .error }.count
                if let failure = outcome.failure {
                    diagnostics.append(.error("module '\(entry.id)' failed: \(failure)", at: entry.location))
                } else if count > 0 {
                    diagnostics.append(
                        .init(
                            .note, at: entry.location,
                            "module '\(entry.id)' failed with \(count) error\(count == 1 ? "" : "s")"))
                }
            }
        }

        let modules = plan.map { step in
            LoadedModule(
                id: step.entry.id, location: step.entry.location,
                descriptor: catalog.module(id: step.entry.id)?.descriptor, state: step.state, instance: step.instance)
        }
        var loaded = LoadedHost(
            configurationDirectory: configurationDirectory, hostFile: hostFile,
            configuration: hostFileIsValid ? configuration : nil, diagnostics: diagnostics, modules: modules, files: files)
        loaded.storeBackend = storeBackend
        loaded.linkedMigrations = linkedMigrations
        return loaded
    }

    // MARK: - Resolution and order

    /// Whether module `contributor` declares that it contributes to module `receiver`.
    func contributes(_ contributor: String, to receiver: String) -> Bool {
        catalog.module(id: contributor)?.descriptor.contributesTo.contains(receiver) ?? false
    }

    /// The ids a module must come after: its dependencies, and the enabled modules that contribute to it.
    func predecessors(of id: String, enabled: [String]) -> [String] {
        (catalog.module(id: id)?.descriptor.dependencies.map(\.id) ?? []) + enabled.filter { contributes($0, to: id) }
    }

    struct Step {
        var entry: ModuleEntry
        var state: LoadedModule.State
        var instance: (any ThiDuaModule)?
    }

    /// Checks ids, versions and dependencies, then orders the enabled modules: dependencies first,
    /// otherwise the order of `modules:` (Kahn's algorithm taking the earliest-declared ready module).
    func resolve(_ entries: [ModuleEntry], diagnostics: inout [Diagnostic]) -> [Step] {
        let linkedIDs = catalog.modules.map { $0.descriptor.id }
        var enabled: [ModuleEntry] = []
        var failed: Set<String> = []
        for entry in entries {
            guard let type = catalog.module(id: entry.id) else {
                let suggestion = Suggestion.closest(to: entry.id, in: linkedIDs)
                diagnostics.append(
                    .error(
                        "unknown module '\(entry.id)'", at: entry.location,
                        hint: suggestion.map { "did you mean '\($0)'?" }
                            ?? "modules linked into this thidua: \(linkedIDs.joined(separator: ", "))"))
                continue
            }
            if entry.enabled, let versions = entry.versions, !versions.contains(type.descriptor.version) {
                diagnostics.append(
                    .error(
                        "module '\(entry.id)' \(type.descriptor.version) is linked, but this configuration asks for \(versions)",
                        at: entry.location, hint: "change 'version:' or use a thidua with a matching module"))
                // Kept in the plan as failed, so that modules needing it are skipped with a note
                // instead of being told it is not enabled.
                failed.insert(entry.id)
            }
            if entry.enabled { enabled.append(entry) }
        }

        let enabledIDs = Set(enabled.map(\.id))
        for entry in enabled {
            guard let type = catalog.module(id: entry.id) else { continue }
            for dependency in type.descriptor.dependencies {
                guard let needed = catalog.module(id: dependency.id) else {
                    diagnostics.append(
                        .error(
                            "module '\(entry.id)' needs module '\(dependency.id)' (\(dependency.versions)), which is not linked into this thidua",
                            at: entry.location))
                    failed.insert(entry.id)
                    continue
                }
                if !dependency.versions.contains(needed.descriptor.version) {
                    diagnostics.append(
                        .error(
                            "module '\(entry.id)' needs '\(dependency.id)' \(dependency.versions), but '\(dependency.id)' \(needed.descriptor.version) is linked",
                            at: entry.location, hint: "the two modules are incompatible; update one of them"))
                    failed.insert(entry.id)
                } else if !enabledIDs.contains(dependency.id) {
                    let disabled = entries.contains { $0.id == dependency.id && !$0.enabled }
                    diagnostics.append(
                        .error(
                            "module '\(entry.id)' needs module '\(dependency.id)' (\(dependency.versions)), which is \(disabled ? "disabled" : "not enabled")",
                            at: entry.location,
                            hint: disabled
                                ? "set 'enabled: true' for '\(dependency.id)'" : "add '\(dependency.id):' under 'modules:'"))
                    failed.insert(entry.id)
                }
            }
        }

        // Kahn's algorithm over the enabled modules, ready modules taken in declaration order;
        // contributors count as predecessors of the modules they contribute to.
        let enabledList = enabled.map(\.id)
        var remaining = enabled
        var ordered: [Step] = []
        var placed: Set<String> = []
        while !remaining.isEmpty {
            if let next = remaining.firstIndex(where: { entry in
                predecessors(of: entry.id, enabled: enabledList).allSatisfy {
                    placed.contains($0) || !enabledIDs.contains($0)
                }
            }) {
                let entry = remaining.remove(at: next)
                placed.insert(entry.id)
                ordered.append(Step(entry: entry, state: failed.contains(entry.id) ? .failed : .pending, instance: nil))
                continue
            }
            // Only modules on a cycle or behind one are left. Report one cycle and fail its
            // members, then go on: every other cycle is reported too, and modules that merely
            // need a member are placed and skipped with a note when loading.
            let cycle = findCycle(in: remaining, enabled: enabledList)
            let members = Set(cycle.isEmpty ? remaining.map(\.id) : cycle)
            let first = remaining.first { $0.id == cycle.first } ?? remaining[0]
            diagnostics.append(
                .error(
                    "modules depend on each other in a cycle: \(cycle.joined(separator: " → "))", at: first.location,
                    hint: "a module cannot need itself, directly or through others"))
            for entry in remaining where members.contains(entry.id) {
                placed.insert(entry.id)
                ordered.append(Step(entry: entry, state: .failed, instance: nil))
            }
            remaining.removeAll { members.contains($0.id) }
        }
        return ordered
    }

    /// One dependency cycle among `entries`, as ids with the first repeated at the end.
    private func findCycle(in entries: [ModuleEntry], enabled: [String]) -> [String] {
        let ids = Set(entries.map(\.id))
        guard var current = entries.first?.id else { return [] }
        var path: [String] = []
        while !path.contains(current) {
            path.append(current)
            guard let next = predecessors(of: current, enabled: enabled).first(where: { ids.contains($0) }) else {
                return path
            }
            current = next
        }
        let start = path.firstIndex(of: current) ?? 0
        return Array(path[start...]) + [current]
    }

    private func construct<M: ThiDuaModule>(_ type: M.Type, entry: ModuleEntry, context: ModuleContext)
        -> (instance: M?, diagnostics: [Diagnostic], failure: String?)
    {
        let decoded = YAMLDecoder(limits: limits).decode(M.Configuration.self, from: entry.settings)
        guard let configuration = decoded.value else {
            return (nil, decoded.diagnostics, nil)
        }
        do {
            return (try M(configuration: configuration, context: context), decoded.diagnostics, nil)
        } catch let error as DiagnosticsError {
            return (nil, decoded.diagnostics + error.diagnostics, nil)
        } catch {
            return (nil, decoded.diagnostics, "\(error)")
        }
    }
}

/// A module as the host left it after loading.
public struct LoadedModule: Sendable {
    /// How far loading got.
    public enum State: Sendable, Hashable {
        /// Not yet constructed (only while loading).
        case pending
        /// Constructed without errors.
        case loaded
        /// Its configuration has errors, or it could not be built.
        case failed
        /// Not constructed because a module it needs failed.
        case skipped(because: String)
    }

    /// The module id.
    public var id: String
    /// Where the module is enabled in `config/thidua.yaml`.
    public var location: SourceLocation
    /// Nil for an id that is not linked.
    public var descriptor: ModuleDescriptor?
    /// Whether it loaded, failed, or was skipped.
    public var state: State
    /// The constructed module, when it loaded.
    public var instance: (any ThiDuaModule)?
}

/// The outcome of ``Host/load(configurationDirectory:)``.
public struct LoadedHost: Sendable {
    /// The configuration directory, as given.
    public var configurationDirectory: String
    /// The path of `thidua.yaml` in it.
    public var hostFile: String
    /// The host file's settings; nil when the host file has errors (then no command runs).
    public var configuration: HostConfiguration?
    /// Every diagnostic of every file, host file first, then modules in start order.
    public var diagnostics: [Diagnostic]
    /// The enabled modules in start order.
    public var modules: [LoadedModule]
    /// Every file read.
    public var files: [String]
    /// Opens the store (see ``openStore()``); nil when the host was built without one.
    var storeBackend: (any StoreBackend)?
    /// The migrations of every linked module, enabled or not (for the store's refusal checks).
    var linkedMigrations: [MigrationPlan.ModuleMigrations] = []

    init(
        configurationDirectory: String, hostFile: String, configuration: HostConfiguration? = nil,
        diagnostics: [Diagnostic], modules: [LoadedModule] = [], files: [String] = []
    ) {
        self.configurationDirectory = configurationDirectory
        self.hostFile = hostFile
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.modules = modules
        self.files = files
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The loaded instance of module type `M`, if it is enabled and loaded (and the host file
    /// itself has no error).
    public func module<M: ThiDuaModule>(_ type: M.Type) -> M? {
        guard configuration != nil else { return nil }
        return modules.lazy.compactMap { $0.instance as? M }.first
    }

    /// The loaded instance of module type `M`, or a ``CommandFailure`` naming the module: what a
    /// module's command calls first.
    public func required<M: ThiDuaModule>(_ type: M.Type) throws(CommandFailure) -> M {
        guard let instance = module(type) else {
            throw CommandFailure("the '\(M.descriptor.id)' module is not available (run 'thidua check')")
        }
        return instance
    }

    /// Where data lives.
    public var dataDirectory: String { configuration?.data.directory ?? ".thidua" }

    /// Starts every loaded module in order and returns the event bus they share. `store` is what
    /// modules see as ``ModuleStartContext/store`` (open it with ``openStore()``).
    public func start(store: (any Store)? = nil) throws -> EventBus {
        guard configuration != nil else {
            throw ModuleError("thidua.yaml has errors; run 'thidua check' and fix them first")
        }
        let bus = EventBus()
        for module in modules {
            guard let instance = module.instance else { continue }
            do {
                try instance.start(
                    context: ModuleStartContext(
                        moduleID: module.id, events: bus, dataDirectory: dataDirectory, store: store))
            } catch {
                throw ModuleError("module '\(module.id)' failed to start: \(error)")
            }
        }
        return bus
    }
}
