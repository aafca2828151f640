import Synchronization
public import ThiDuaYAML

/// What a module sees while it is constructed: its configuration directory, a way to read further
/// files with located diagnostics, and the modules it depends on.
public final class ModuleContext: Sendable {
    /// The id of the module being constructed.
    public let moduleID: String
    /// The configuration directory (`--config`, default `config`).
    public let configurationDirectory: String
    /// Where data lives (`data.directory` in `config/thidua.yaml`).
    public let dataDirectory: String
    /// Where the module is switched on in `config/thidua.yaml`.
    public let entryLocation: SourceLocation
    /// Limits for every YAML file the module reads.
    public let limits: YAMLLimits

    private let state = Mutex<State>(State())
    private let dependencies: [String: any ThiDuaModule]
    /// The modules that contribute to this one (``ModuleDescriptor/contributesTo``), built, in start order.
    private let contributors: [any ThiDuaModule]
    /// The store as it is while modules load (see ``readStore(_:)``); nil without a backend.
    let storeReading: StoreReading?
    /// The module's own migrations, to tell whether the store has its tables.
    let migrations: [Migration]

    private struct State {
        var diagnostics: [Diagnostic] = []
        var files: [String] = []
    }

    init(
        moduleID: String, configurationDirectory: String, dataDirectory: String, entryLocation: SourceLocation,
        limits: YAMLLimits, dependencies: [String: any ThiDuaModule], contributors: [any ThiDuaModule] = [],
        storeReading: StoreReading? = nil, migrations: [Migration] = []
    ) {
        self.contributors = contributors
        self.storeReading = storeReading
        self.migrations = migrations
        self.moduleID = moduleID
        self.configurationDirectory = configurationDirectory
        self.dataDirectory = dataDirectory
        self.entryLocation = entryLocation
        self.limits = limits
        self.dependencies = dependencies
    }

    /// Adds a diagnostic. Any error makes the module count as failed.
    public func report(_ diagnostic: Diagnostic) {
        state.withLock { $0.diagnostics.append(diagnostic) }
    }

    /// Adds several diagnostics.
    public func report(_ diagnostics: [Diagnostic]) {
        state.withLock { $0.diagnostics.append(contentsOf: diagnostics) }
    }

    /// The diagnostics reported so far.
    public var diagnostics: [Diagnostic] { state.withLock { $0.diagnostics } }

    /// The files read so far.
    public var files: [String] { state.withLock { $0.files } }

    /// A path from configuration made usable: relative paths are relative to the configuration
    /// directory.
    public func resolve(_ path: String) -> String {
        Paths.join(configurationDirectory, path)
    }

    /// Reads and decodes a further file named in configuration. Every diagnostic of the file is
    /// reported; the value is nil when there was an error. `reference` is where the path was
    /// written, so that "no such file" also says who asked for it.
    public func decode<T: Decodable>(_ type: T.Type, file path: String, referencedAt reference: SourceLocation? = nil) -> T? {
        let document = parse(file: path, referencedAt: reference)
        let result = YAMLDecoder(limits: limits).decode(T.self, from: document)
        report(result.diagnostics)
        return result.value
    }

    /// Parses a further file without decoding it (diagnostics of the parse are not yet reported;
    /// pass the document to ``YAMLDecoder`` or report them yourself).
    public func parse(file path: String, referencedAt reference: SourceLocation? = nil) -> YAMLDocument {
        let resolved = resolve(path)
        state.withLock { $0.files.append(resolved) }
        var document = YAMLParser(limits: limits).parse(file: resolved)
        if let reference {
            for index in document.diagnostics.indices where document.diagnostics[index].location.line == 0 {
                let hint = document.diagnostics[index].hint.map { "\($0); " } ?? ""
                document.diagnostics[index].hint = hint + "referenced at \(reference)"
            }
        }
        return document
    }

    /// Reads a further file's bytes (for CSV and other formats), reporting a missing or oversize file.
    public func readBytes(file path: String, referencedAt reference: SourceLocation? = nil) -> [UInt8]? {
        let resolved = resolve(path)
        state.withLock { $0.files.append(resolved) }
        switch FileReader.read(resolved, limit: limits.maxFileSize) {
        case .success(let bytes):
            return bytes
        case .failure(var diagnostic):
            if let reference { diagnostic.hint = (diagnostic.hint.map { "\($0); " } ?? "") + "referenced at \(reference)" }
            report(diagnostic)
            return nil
        }
    }

    /// The modules that declared they contribute to this one (``ModuleDescriptor/contributesTo``)
    /// and loaded, in start order, as the protocol the receiving module defines for them:
    ///
    /// ```swift
    /// for contributor in context.contributions(as: (any FactContributor).self) {
    ///     records += contributor.contributedFacts
    /// }
    /// ```
    ///
    /// A contributor that does not conform to `T` is left out.
    public func contributions<T>(as type: T.Type) -> [T] {
        contributors.compactMap { $0 as? T }
    }

    /// A module this module declared as a dependency, already constructed.
    public func dependency<M: ThiDuaModule>(_ type: M.Type) throws -> M {
        guard let module = dependencies[M.descriptor.id] as? M else {
            throw ModuleError("module '\(moduleID)' uses '\(M.descriptor.id)' without declaring it as a dependency")
        }
        return module
    }
}

/// What a module sees when it starts: the event bus, where data lives and the store.
public struct ModuleStartContext: Sendable {
    /// The id of the module being started.
    public let moduleID: String
    /// The bus every module of this run shares: subscribe here.
    public let events: EventBus
    /// Where data lives (`data.directory`).
    public let dataDirectory: String
    /// The store the running command opened (``LoadedHost/openStore()``), migrated and ready; nil
    /// when the command works without one.
    public internal(set) var store: (any Store)? = nil
}

/// A module could not be built or started.
public struct ModuleError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one sentence.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
