import Synchronization
import Testing
import ThiDuaCore

extension EventBus.Delivery {
    /// `event publisher→handler`.
    var summary: String { "\(event) \(publisher)→\(handler)" }
}

/// A second event type.
struct Pong: ThiDuaEvent {
    static let name = "test.pong"
    var round: Int
}

/// A dossier event with a payload.
struct DossierSubmitted: ThiDuaEvent {
    static let name = "dossier.submitted"
    var dossier: String
}

struct Refusal: Error, CustomStringConvertible {
    var description: String { "the budget is closed" }
}

/// Collects handler calls from `@Sendable` handlers.
final class Recorder: Sendable {
    private let calls = Mutex<[String]>([])
    func record(_ call: String) { calls.withLock { $0.append(call) } }
    var all: [String] { calls.withLock { $0 } }
}

/// Modules for the bus through the host: relay turns a Ping into a Pong; echo handles Pong;
/// refuser throws on Ping; late subscribes to Ping after the others; broken cannot start.
enum Wiring {
    enum Relay: FakeSpec {
        static let id = "relay"
        static func start(_ context: ModuleStartContext) throws {
            let bus = context.events
            context.events.subscribe(Ping.self, by: context.moduleID) { _ in
                try bus.publish(Pong(round: 1), from: "relay")
            }
        }
    }
    enum Echo: FakeSpec {
        static let id = "echo"
        static func start(_ context: ModuleStartContext) throws {
            context.events.subscribe(Pong.self, by: context.moduleID) { _ in }
        }
    }
    enum Refuser: FakeSpec {
        static let id = "refuser"
        static func start(_ context: ModuleStartContext) throws {
            context.events.subscribe(Ping.self, by: context.moduleID) { _ in throw Refusal() }
        }
    }
    enum Late: FakeSpec { static let id = "late" }
    enum Broken: FakeSpec {
        static let id = "broken"
        static func start(_ context: ModuleStartContext) throws {
            throw ModuleError("port 8080 is in use")
        }
    }
    static let catalog: [any ThiDuaModule.Type] = [
        Fake<Relay>.self, Fake<Echo>.self, Fake<Refuser>.self, Fake<Late>.self, Fake<Broken>.self,
    ]
}

@Suite("Event bus: ordered, depth-first, stops at a failing handler")
struct EventBusTests {
    // MARK: The bus on its own

    @Test("handlers run in subscription order and receive the event")
    func handlersRunInSubscriptionOrder() throws {
        let bus = EventBus()
        let recorder = Recorder()
        for module in ["dossiers", "notifications", "audit"] {
            bus.subscribe(DossierSubmitted.self, by: module) { event in recorder.record("\(module):\(event.dossier)") }
        }
        try bus.publish(DossierSubmitted(dossier: "HS-001"), from: "dossiers")
        #expect(recorder.all == ["dossiers:HS-001", "notifications:HS-001", "audit:HS-001"])
        #expect(bus.subscribers(of: "dossier.submitted") == ["dossiers", "notifications", "audit"])
        #expect(
            bus.deliveries.map(\.summary) == [
                "dossier.submitted dossiers→dossiers",
                "dossier.submitted dossiers→notifications",
                "dossier.submitted dossiers→audit",
            ])
    }

    @Test("an event reaches only the handlers of its own type")
    func eventsAreDeliveredByType() throws {
        let bus = EventBus()
        let recorder = Recorder()
        bus.subscribe(Ping.self, by: "a") { _ in recorder.record("a:ping") }
        bus.subscribe(Pong.self, by: "b") { event in recorder.record("b:pong \(event.round)") }
        try bus.publish(Pong(round: 7), from: "x")
        #expect(recorder.all == ["b:pong 7"])
        #expect(bus.subscribers(of: "test.ping") == ["a"])
        #expect(bus.subscribers(of: "nobody.listens").isEmpty)
    }

    @Test("publishing with no subscriber delivers nothing and does not throw")
    func publishWithoutSubscribers() throws {
        let bus = EventBus()
        try bus.publish(Ping(), from: "x")
        #expect(bus.deliveries.isEmpty)
    }

    @Test("an event published inside a handler is delivered completely before the outer delivery goes on")
    func nestedPublishIsDepthFirst() throws {
        let bus = EventBus()
        let recorder = Recorder()
        bus.subscribe(Ping.self, by: "first") { _ in
            recorder.record("first:ping")
            try bus.publish(Pong(round: 1), from: "first")
            recorder.record("first:ping done")
        }
        bus.subscribe(Pong.self, by: "p1") { _ in recorder.record("p1:pong") }
        bus.subscribe(Ping.self, by: "second") { _ in recorder.record("second:ping") }
        bus.subscribe(Pong.self, by: "p2") { _ in recorder.record("p2:pong") }
        try bus.publish(Ping(), from: "origin")
        #expect(recorder.all == ["first:ping", "p1:pong", "p2:pong", "first:ping done", "second:ping"])
        #expect(
            bus.deliveries.map(\.summary) == [
                "test.ping origin→first", "test.pong first→p1", "test.pong first→p2", "test.ping origin→second",
            ])
    }

    @Test("a throwing handler stops the delivery and publish throws an error naming its module")
    func throwingHandlerStopsDelivery() {
        let bus = EventBus()
        let recorder = Recorder()
        bus.subscribe(DossierSubmitted.self, by: "dossiers") { _ in recorder.record("dossiers") }
        bus.subscribe(DossierSubmitted.self, by: "budget") { _ in throw Refusal() }
        bus.subscribe(DossierSubmitted.self, by: "audit") { _ in recorder.record("audit") }
        let error = #expect(throws: EventHandlerError.self) {
            try bus.publish(DossierSubmitted(dossier: "HS-002"), from: "dossiers")
        }
        #expect(error?.module == "budget")
        #expect(error?.event == "dossier.submitted")
        #expect(error?.underlying is Refusal)
        #expect(error?.description == "module 'budget' failed to handle 'dossier.submitted': the budget is closed")
        #expect(recorder.all == ["dossiers"])
        #expect(bus.deliveries.map(\.handler) == ["dossiers", "budget"])
    }

    @Test("a failure in a nested delivery names the outer handler, wrapping the inner failure")
    func nestedFailureIsWrapped() {
        let bus = EventBus()
        bus.subscribe(Ping.self, by: "relay") { _ in try bus.publish(Pong(round: 2), from: "relay") }
        bus.subscribe(Pong.self, by: "refuser") { _ in throw Refusal() }
        let error = #expect(throws: EventHandlerError.self) { try bus.publish(Ping(), from: "origin") }
        #expect(error?.module == "relay")
        let inner = error?.underlying as? EventHandlerError
        #expect(inner?.module == "refuser")
        #expect(inner?.event == "test.pong")
    }

    // MARK: Through the host

    @Test("modules subscribing in start(context:) are called in start order")
    func handlersFollowStartOrder() throws {
        try load(OneEdge.catalog, hostFile: hostFile(enabling: ["d", "c", "b", "a"])) { host, _ in
            #expect(host.order == ["d", "b", "a", "c"])
            let bus = try host.start()
            #expect(bus.subscribers(of: Ping.name) == ["d", "b", "a", "c"])
            try bus.publish(Ping(), from: "test")
            #expect(bus.deliveries.map(\.handler) == ["d", "b", "a", "c"])
            #expect(bus.deliveries.allSatisfy { $0.publisher == "test" && $0.event == "test.ping" })
        }
    }

    @Test("start() starts only the modules that loaded")
    func failedModulesAreNotStarted() throws {
        let yaml = """
            format: 1
            modules:
              base:
                error: broken
              user:
              solo:
            """
        try load(Layers.catalog, hostFile: yaml) { host, _ in
            let bus = try host.start()
            #expect(bus.subscribers(of: Ping.name) == ["solo"])
        }
    }

    @Test("a nested publish between modules is depth-first and journaled")
    func nestedPublishBetweenModules() throws {
        try load(Wiring.catalog, hostFile: hostFile(enabling: ["relay", "echo", "late"])) { host, _ in
            let bus = try host.start()
            try bus.publish(Ping(), from: "test")
            #expect(
                bus.deliveries.map(\.summary) == [
                    "test.ping test→relay",
                    "test.pong relay→echo",
                    "test.ping test→late",
                ])
        }
    }

    @Test("a module's failing handler stops delivery to the modules after it")
    func failingModuleHandlerStopsDelivery() throws {
        try load(Wiring.catalog, hostFile: hostFile(enabling: ["echo", "refuser", "late"])) { host, _ in
            let bus = try host.start()
            let error = #expect(throws: EventHandlerError.self) { try bus.publish(Ping(), from: "test") }
            #expect(error?.module == "refuser")
            #expect(bus.deliveries.map(\.handler) == ["refuser"])
        }
    }

    @Test("a module that cannot start makes start() throw an error naming it")
    func startFailureNamesModule() throws {
        try load(Wiring.catalog, hostFile: hostFile(enabling: ["late", "broken"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            let error = #expect(throws: ModuleError.self) { try host.start() }
            #expect(error?.message == "module 'broken' failed to start: port 8080 is in use")
        }
    }
}

@Suite("Event bus: runaway nesting")
struct EventBusNestingTests {
    struct Ping: ThiDuaEvent {
        static let name = "test.ping"
    }

    @Test("a handler that republishes its own event is stopped with a clear error")
    func runawayRepublishingIsStopped() {
        let bus = EventBus()
        bus.subscribe(Ping.self, by: "echo") { event in
            try bus.publish(event, from: "echo")
        }
        do {
            try bus.publish(Ping(), from: "test")
            Issue.record("the runaway loop was not stopped")
        } catch {
            #expect("\(error)".contains("events nested more than 32 deep"))
        }
        #expect(bus.deliveries.count == EventBus.maximumNesting)
    }
}
