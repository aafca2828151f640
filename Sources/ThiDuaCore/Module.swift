public import ArgumentParser
import ThiDuaYAML

/// A feature module of ThiDua: campaigns, criteria, dossiers, budget, notifications, or yours.
///
/// A module is a type linked into `thidua` through the module catalog and switched on by an entry
/// under `modules:` in `config/thidua.yaml`. The host decodes the module's own section into
/// ``Configuration``, constructs the module in dependency order, then starts it:
///
/// 1. ``init(configuration:context:)`` reads the module's further files and validates everything,
///    adding located diagnostics through the context. `thidua check` stops here; this is the same
///    code every command runs at start, so "check passed but start failed" cannot happen for
///    configuration.
/// 2. ``start(context:)`` subscribes to events and opens resources; only commands that run do it.
///
/// Modules talk to each other through the event bus and through the public types of the modules
/// they declare as dependencies (``ModuleContext/dependency(_:)``).
public protocol ThiDuaModule: Sendable {
    /// The module's section of `config/thidua.yaml`, decoded with the YAML layer's rules (unknown
    /// keys are errors).
    associatedtype Configuration: Decodable & Sendable

    /// Identity, version, dependencies and what the module publishes, handles and touches.
    static var descriptor: ModuleDescriptor { get }

    /// The commands the module contributes to `thidua` (each shows in `thidua --help`).
    static var commands: [any ParsableCommand.Type] { get }

    /// Loads and validates. Problems go to `context.report(_:)`; throw only when the module cannot
    /// be built at all (the host then marks it failed and skips modules that depend on it).
    init(configuration: Configuration, context: ModuleContext) throws

    /// Subscribes to events and prepares to run. Called in dependency order, after every module
    /// was constructed without errors.
    func start(context: ModuleStartContext) throws

    /// The module's storage migrations, versions 1, 2, 3 … in order (see ``Migration``); `thidua init`
    /// applies the ones a database lacks. Default: none.
    static var migrations: [Migration] { get }
}

extension ThiDuaModule {
    /// No commands.
    public static var commands: [any ParsableCommand.Type] { [] }
    /// No storage.
    public static var migrations: [Migration] { [] }
    /// Nothing to start.
    public func start(context: ModuleStartContext) throws {}
}

/// What the host needs to know about a module before loading it.
public struct ModuleDescriptor: Sendable {
    /// The key under `modules:` in `config/thidua.yaml` (`campaigns`, `dossiers`, …).
    public var id: String
    /// The module's own version (semantic: a new major for incompatible changes).
    public var version: SemanticVersion
    /// One line for `thidua modules`.
    public var summary: String
    /// The modules this one needs, with the versions that will do; built before it.
    public var dependencies: [ModuleDependency]
    /// Names of the events the module publishes (`dossier.submitted`, …).
    public var publishes: [String]
    /// Names of the events the module handles.
    public var handles: [String]
    /// The kinds of personal data the module reads or stores (names, contact details, ratings …),
    /// shown by `thidua modules` for data-protection reviews.
    public var personalData: [String]
    /// The ids of modules this module gives data to while they load (the initiatives register
    /// gives facts to `criteria`). When both are enabled, this module is constructed first and the
    /// other finds it with ``ModuleContext/contributions(as:)``; it does not need this module, so
    /// it still loads when this one fails (with a note). The other direction of a dependency: a
    /// module cannot both depend on a module and contribute to it.
    public var contributesTo: [String]

    /// A descriptor; only `id`, `version` and `summary` are required.
    public init(
        id: String, version: SemanticVersion, summary: String, dependencies: [ModuleDependency] = [],
        publishes: [String] = [], handles: [String] = [], personalData: [String] = [], contributesTo: [String] = []
    ) {
        self.id = id
        self.version = version
        self.summary = summary
        self.dependencies = dependencies
        self.publishes = publishes
        self.handles = handles
        self.personalData = personalData
        self.contributesTo = contributesTo
    }
}

/// A module another module needs, and which of its versions will do.
public struct ModuleDependency: Sendable, Hashable {
    /// The id of the module needed.
    public var id: String
    /// The versions of it that will do.
    public var versions: VersionRange

    /// A need for module `id` in `versions` (usually `.upToNextMajor(from:)`).
    public init(_ id: String, _ versions: VersionRange) {
        self.id = id
        self.versions = versions
    }
}

/// The modules linked into an executable, in a fixed order. `thidua`'s list is the single file
/// `Sources/ThiDuaCLI/ModuleCatalog.swift`; tests build their own.
public struct ModuleCatalog: Sendable {
    /// The linked module types, in catalog order.
    public let modules: [any ThiDuaModule.Type]

    /// A catalog of `modules`, in this order.
    public init(_ modules: [any ThiDuaModule.Type]) {
        self.modules = modules
    }

    /// The module type with `id`.
    public func module(id: String) -> (any ThiDuaModule.Type)? {
        modules.first { $0.descriptor.id == id }
    }

    /// Every command contributed by a linked module, in catalog order.
    public var commands: [any ParsableCommand.Type] {
        modules.flatMap { $0.commands }
    }
}
