import Testing
import ThiDuaCore

/// base needs nothing; user needs base; top needs user; solo needs nothing.
enum Layers {
    enum Base: FakeSpec { static let id = "base" }
    enum User: FakeSpec {
        static let id = "user"
        static var dependencies: [ModuleDependency] { [needs("base")] }
    }
    enum Top: FakeSpec {
        static let id = "top"
        static var dependencies: [ModuleDependency] { [needs("user")] }
    }
    enum Solo: FakeSpec { static let id = "solo" }
    static let catalog: [any ThiDuaModule.Type] = [Fake<Base>.self, Fake<User>.self, Fake<Top>.self, Fake<Solo>.self]
}

/// a and b need each other; outside needs a; solo needs nothing.
enum CycleWithDependent {
    enum A: FakeSpec {
        static let id = "a"
        static var dependencies: [ModuleDependency] { [needs("b")] }
    }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum Outside: FakeSpec {
        static let id = "outside"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum Solo: FakeSpec { static let id = "solo" }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<Outside>.self, Fake<Solo>.self]
}

/// Two separate cycles: a ↔ b and c ↔ d.
enum TwoCycles {
    enum A: FakeSpec {
        static let id = "a"
        static var dependencies: [ModuleDependency] { [needs("b")] }
    }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum C: FakeSpec {
        static let id = "c"
        static var dependencies: [ModuleDependency] { [needs("d")] }
    }
    enum D: FakeSpec {
        static let id = "d"
        static var dependencies: [ModuleDependency] { [needs("c")] }
    }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self, Fake<D>.self]
}

@Suite("One failing module does not stop the others")
struct FailureIsolationTests {
    @Test("an error reported through context.report fails the module, skips its dependents, spares the rest")
    func reportedErrorFailsModuleAndSkipsDependents() throws {
        let yaml = """
            format: 1
            modules:
              base:
                error: the roster is broken
              user:
              solo:
            """
        try load(Layers.catalog, hostFile: yaml) { host, directory in
            let hostFile = directory.file("thidua.yaml")
            #expect(host.order == ["base", "user", "solo"])
            #expect(host.state(of: "base") == .failed)
            #expect(host.state(of: "user") == .skipped(because: "base"))
            #expect(host.state(of: "solo") == .loaded)

            let error = try #require(host.errors.only)
            #expect(error.message == "the roster is broken")
            #expect(error.location.description == hostFile + ":3:3")

            let notes = host.diagnostics.filter { $0.severity == .note }
            #expect(
                notes.map(\.message) == [
                    "module 'base' failed with 1 error",
                    "module 'user' was not loaded because 'base', which it needs, failed",
                ])
            #expect(notes.map(\.location.description) == [hostFile + ":3:3", hostFile + ":5:3"])

            #expect(host.module(Fake<Layers.Base>.self) == nil)
            #expect(host.module(Fake<Layers.User>.self) == nil)
            #expect(host.module(Fake<Layers.Solo>.self) != nil)
        }
    }

    @Test("an error thrown from init fails the module with the error's text at its entry")
    func thrownErrorFailsModule() throws {
        let yaml = """
            format: 1
            modules:
              solo:
              base:
                failure: cannot open the archive
              user:
            """
        try load(Layers.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'base' failed: cannot open the archive")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.state(of: "base") == .failed)
            #expect(host.state(of: "user") == .skipped(because: "base"))
            #expect(host.state(of: "solo") == .loaded)
        }
    }

    @Test("skipping carries through a chain: each module names the dependency that is missing")
    func skippingIsTransitive() throws {
        let yaml = """
            format: 1
            modules:
              top:
              user:
              base:
                lable: typo
            """
        try load(Layers.catalog, hostFile: yaml) { host, _ in
            #expect(host.order == ["base", "user", "top"])
            #expect(host.state(of: "base") == .failed)
            #expect(host.state(of: "user") == .skipped(because: "base"))
            #expect(host.state(of: "top") == .skipped(because: "user"))
            #expect(host.diagnostics(containing: "'top' was not loaded because 'user'").count == 1)
        }
    }

    @Test("a module that failed its dependency check makes its dependents skip, not fail")
    func dependencyCheckFailureSkipsDependents() throws {
        // user needs base, which is not enabled: user fails; top, which needs user, is skipped.
        let yaml = """
            format: 1
            modules:
              user:
              top:
              solo:
            """
        try load(Layers.catalog, hostFile: yaml) { host, _ in
            #expect(host.errors.map(\.message) == ["module 'user' needs module 'base' (^1.0), which is not enabled"])
            #expect(host.state(of: "user") == .failed)
            #expect(host.state(of: "top") == .skipped(because: "user"))
            #expect(host.state(of: "solo") == .loaded)
        }
    }

    @Test("the dependents of a module whose version: pin fails are skipped, not told it is missing")
    func versionPinFailureSkipsDependents() throws {
        let yaml = """
            format: 1
            modules:
              base:
                version: ^2.0
              user:
              solo:
            """
        try load(Layers.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'base' 1.0.0 is linked, but this configuration asks for ^2.0")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.state(of: "base") == .failed)
            #expect(host.state(of: "user") == .skipped(because: "base"))
            #expect(host.state(of: "solo") == .loaded)
        }
    }

    @Test("a module that needs a module in a cycle is skipped with a note; independent modules load")
    func dependentOfCycleIsSkipped() throws {
        let yaml = """
            format: 1
            modules:
              outside:
              a:
              b:
              solo:
            """
        try load(CycleWithDependent.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "modules depend on each other in a cycle: a → b → a")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.state(of: "a") == .failed)
            #expect(host.state(of: "b") == .failed)
            #expect(host.state(of: "outside") == .skipped(because: "a"))
            #expect(host.state(of: "solo") == .loaded)
            let note = try #require(host.diagnostics(containing: "'outside' was not loaded").only)
            #expect(note.severity == .note)
            #expect(note.location.description == directory.file("thidua.yaml") + ":3:3")
        }
    }

    @Test("every cycle is reported, not only the first")
    func everyCycleIsReported() throws {
        let yaml = """
            format: 1
            modules:
              a:
              b:
              c:
              d:
            """
        try load(TwoCycles.catalog, hostFile: yaml) { host, directory in
            #expect(
                host.errors.map(\.message) == [
                    "modules depend on each other in a cycle: a → b → a",
                    "modules depend on each other in a cycle: c → d → c",
                ])
            #expect(
                host.errors.map(\.location.description) == [
                    directory.file("thidua.yaml") + ":3:3", directory.file("thidua.yaml") + ":5:3",
                ])
            #expect(host.modules.map(\.state) == [.failed, .failed, .failed, .failed])
        }
    }
}
