import Testing
import ThiDuaCore

/// The identity and behaviour of one fake module. Each conforming enum is one module id, so
/// that a test catalog can hold several (`ModuleCatalog([Fake<A>.self, Fake<B>.self])`).
protocol FakeSpec: Sendable {
    static var id: String { get }
    static var version: SemanticVersion { get }
    static var dependencies: [ModuleDependency] { get }
    /// Runs inside `init(configuration:context:)`; its notes are kept on the instance.
    static func construct(_ context: ModuleContext) throws -> [String]
    /// Runs as the module's `start(context:)`.
    static func start(_ context: ModuleStartContext) throws
}

extension FakeSpec {
    static var version: SemanticVersion { "1.0.0" }
    static var dependencies: [ModuleDependency] { [] }
    static func construct(_ context: ModuleContext) throws -> [String] { [] }
    /// By default a module subscribes to ``Ping``, so that the bus shows the start order.
    static func start(_ context: ModuleStartContext) throws {
        context.events.subscribe(Ping.self, by: context.moduleID) { _ in }
    }
}

/// Shorthand for a dependency with a range written as text.
func needs(_ id: String, _ range: String = "^1.0") -> ModuleDependency {
    ModuleDependency(id, VersionRange(range) ?? .any)
}

/// A module whose behaviour comes from its spec and from its settings in thidua.yaml:
///
/// ```yaml
/// modules:
///   a:
///     label: anything          # kept on the instance
///     error: some message      # reported through context.report at the module's entry
///     failure: some message    # thrown from init
///     file: further.yaml       # read with context.decode(FakeFile.self, file:referencedAt:)
/// ```
struct Fake<Spec: FakeSpec>: ThiDuaModule {
    struct Configuration: Decodable, Sendable {
        var label: String?
        var error: String?
        var failure: String?
        var file: Located<String>?
    }

    static var descriptor: ModuleDescriptor {
        ModuleDescriptor(
            id: Spec.id, version: Spec.version, summary: "fake module \(Spec.id)",
            dependencies: Spec.dependencies)
    }

    let label: String?
    let notes: [String]
    let further: FakeFile?

    init(configuration: Configuration, context: ModuleContext) throws {
        if let failure = configuration.failure { throw ModuleError(failure) }
        if let error = configuration.error { context.report(.error(error, at: context.entryLocation)) }
        label = configuration.label
        further = configuration.file.flatMap { context.decode(FakeFile.self, file: $0.value, referencedAt: $0.location) }
        notes = try Spec.construct(context)
    }

    func start(context: ModuleStartContext) throws {
        try Spec.start(context)
    }
}

/// A further file a fake module reads.
struct FakeFile: Decodable, Sendable {
    var title: String
}

/// The event every fake module handles by default.
struct Ping: ThiDuaEvent {
    static let name = "test.ping"
}

// MARK: - Loading

/// Writes `thidua.yaml` (and `files`) into a temporary directory, loads it with `modules`, and
/// hands the result to `body`.
func load<Result>(
    _ modules: [any ThiDuaModule.Type], hostFile: String, files: [String: String] = [:],
    _ body: (LoadedHost, TemporaryDirectory) throws -> Result
) throws -> Result {
    try withTemporaryDirectory { directory in
        try directory.write("thidua.yaml", hostFile)
        for (path, text) in files { try directory.write(path, text) }
        let host = Host(catalog: ModuleCatalog(modules)).load(configurationDirectory: directory.path)
        return try body(host, directory)
    }
}

extension LoadedHost {
    /// Module ids in start order.
    var order: [String] { modules.map(\.id) }

    /// The state of module `id`, if it is in the plan.
    func state(of id: String) -> LoadedModule.State? {
        modules.first { $0.id == id }?.state
    }

    /// The diagnostics whose message contains `text`.
    func diagnostics(containing text: String) -> [Diagnostic] {
        diagnostics.filter { $0.message.contains(text) }
    }

    /// Error diagnostics only.
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
