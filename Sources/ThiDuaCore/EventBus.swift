import Synchronization

/// Something that happened in a module that other modules may react to (`dossier.submitted`, …).
public protocol ThiDuaEvent: Sendable {
    /// The event's name, as modules list it in ``ModuleDescriptor/publishes`` and ``ModuleDescriptor/handles``.
    static var name: String { get }
}

/// The in-process event bus.
///
/// Delivery is synchronous and ordered: handlers run in the order they subscribed, which is the
/// host's start order (dependency order, then the order of `modules:` in `config/thidua.yaml`).
/// An event published from inside a handler is delivered completely before the outer delivery
/// goes on (depth first). If a handler throws, the remaining handlers are not called and
/// ``publish(_:from:)`` throws an ``EventHandlerError`` naming the module, so the publisher can
/// undo its own change.
public final class EventBus: Sendable {
    private struct Subscription: Sendable {
        var module: String
        var handler: @Sendable (any ThiDuaEvent) throws -> Void
    }

    private let subscriptions = Mutex<[String: [Subscription]]>([:])
    private let journal = Mutex<[Delivery]>([])
    private let depth = Mutex<Int>(0)

    /// How deep events may publish events before the bus stops a runaway loop.
    public static let maximumNesting = 32

    /// One call of one handler, for diagnostics and tests.
    public struct Delivery: Sendable, Hashable {
        /// The event's name.
        public var event: String
        /// The module that published it.
        public var publisher: String
        /// The module whose handler was called.
        public var handler: String
    }

    /// An empty bus; the host makes one per run in ``LoadedHost/start(store:)``.
    public init() {}

    /// Calls `handler` with every event of type `E`, after the handlers that subscribed earlier.
    public func subscribe<E: ThiDuaEvent>(_ type: E.Type, by module: String, _ handler: @escaping @Sendable (E) throws -> Void) {
        let subscription = Subscription(module: module) { event in
            if let event = event as? E { try handler(event) }
        }
        subscriptions.withLock { $0[E.name, default: []].append(subscription) }
    }

    /// Delivers `event` to its handlers in order. Throws the first handler failure.
    public func publish<E: ThiDuaEvent>(_ event: E, from module: String) throws(EventHandlerError) {
        let handlers = subscriptions.withLock { $0[E.name] ?? [] }
        let level = depth.withLock { value -> Int in
            value += 1
            return value
        }
        defer { depth.withLock { $0 -= 1 } }
        if level > EventBus.maximumNesting {
            throw EventHandlerError(
                event: E.name, module: module,
                underlying: ModuleError(
                    "events nested more than \(EventBus.maximumNesting) deep; a handler probably publishes the event it handles"))
        }
        for subscription in handlers {
            journal.withLock { $0.append(Delivery(event: E.name, publisher: module, handler: subscription.module)) }
            do {
                try subscription.handler(event)
            } catch {
                throw EventHandlerError(event: E.name, module: subscription.module, underlying: error)
            }
        }
    }

    /// The modules subscribed to `name`, in delivery order.
    public func subscribers(of name: String) -> [String] {
        subscriptions.withLock { ($0[name] ?? []).map(\.module) }
    }

    /// Every delivery so far, in order.
    public var deliveries: [Delivery] {
        journal.withLock { $0 }
    }
}

/// A handler failed while an event was delivered.
public struct EventHandlerError: Error, CustomStringConvertible {
    /// The event's name.
    public var event: String
    /// The module whose handler failed.
    public var module: String
    /// What the handler threw.
    public var underlying: any Error

    /// `module 'x' failed to handle 'y': …`.
    public var description: String {
        "module '\(module)' failed to handle '\(event)': \(underlying)"
    }
}
