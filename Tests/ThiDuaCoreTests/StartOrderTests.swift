import Testing
import ThiDuaCore

/// `thidua.yaml` enabling `ids` in this order, with no settings.
func hostFile(enabling ids: [String]) -> String {
    "format: 1\nmodules:\n" + ids.map { "  \($0):\n" }.joined()
}

/// Modules without dependencies.
enum Independent {
    enum A: FakeSpec { static let id = "a" }
    enum B: FakeSpec { static let id = "b" }
    enum C: FakeSpec { static let id = "c" }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self]
}

/// c needs a; b and d need nothing.
enum OneEdge {
    enum A: FakeSpec { static let id = "a" }
    enum B: FakeSpec { static let id = "b" }
    enum C: FakeSpec {
        static let id = "c"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum D: FakeSpec { static let id = "d" }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self, Fake<D>.self]
}

/// a needs b, b needs c.
enum Chain {
    enum A: FakeSpec {
        static let id = "a"
        static var dependencies: [ModuleDependency] { [needs("b")] }
    }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("c")] }
    }
    enum C: FakeSpec { static let id = "c" }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self]
}

/// d needs b and c; b and c need a.
enum Diamond {
    enum A: FakeSpec { static let id = "a" }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum C: FakeSpec {
        static let id = "c"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    enum D: FakeSpec {
        static let id = "d"
        static var dependencies: [ModuleDependency] { [needs("b"), needs("c")] }
    }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self, Fake<D>.self]
}

@Suite("Start order: dependencies first, then the order of modules: in thidua.yaml")
struct StartOrderTests {
    @Test("independent modules start in the order thidua.yaml lists them, not catalog order")
    func independentModulesFollowDeclarationOrder() throws {
        try load(Independent.catalog, hostFile: hostFile(enabling: ["c", "a", "b"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["c", "a", "b"])
            #expect(host.modules.allSatisfy { $0.state == .loaded })
        }
    }

    @Test("a module waits for its dependency; earlier-declared ready modules go first")
    func dependencyIsPlacedBeforeItsDependent() throws {
        // d is ready; c is not (needs a); b is ready; then a; then c is ready.
        try load(OneEdge.catalog, hostFile: hostFile(enabling: ["d", "c", "b", "a"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["d", "b", "a", "c"])
        }
    }

    @Test("a chain starts from its end")
    func chainStartsFromItsEnd() throws {
        try load(Chain.catalog, hostFile: hostFile(enabling: ["a", "b", "c"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["c", "b", "a"])
        }
    }

    @Test(
        "a diamond starts with its root and ends with its top; the middle follows thidua.yaml",
        arguments: [
            (["d", "c", "b", "a"], ["a", "c", "b", "d"]),
            (["a", "b", "c", "d"], ["a", "b", "c", "d"]),
            (["b", "d", "a", "c"], ["a", "b", "c", "d"]),
            (["d", "a", "c", "b"], ["a", "c", "b", "d"]),
        ])
    func diamondOrder(declared: [String], expected: [String]) throws {
        try load(Diamond.catalog, hostFile: hostFile(enabling: declared)) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == expected)
            #expect(host.modules.allSatisfy { $0.state == .loaded })
        }
    }

    @Test("the same configuration always gives the same order, whatever the catalog order")
    func orderIsDeterministic() throws {
        let declared = ["d", "c", "b", "a"]
        var orders: [[String]] = []
        for catalog in [Diamond.catalog, Diamond.catalog.reversed(), Diamond.catalog, Diamond.catalog.reversed()] {
            for _ in 0..<3 {
                orders.append(try load(catalog, hostFile: hostFile(enabling: declared)) { host, _ in host.order })
            }
        }
        #expect(orders.count == 12)
        #expect(orders.allSatisfy { $0 == ["a", "c", "b", "d"] })
    }

    @Test("a module that is linked but not listed in thidua.yaml is not in the plan")
    func unlistedModulesAreNotLoaded() throws {
        try load(Independent.catalog, hostFile: hostFile(enabling: ["b"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["b"])
            #expect(host.module(Fake<Independent.A>.self) == nil)
            #expect(host.module(Fake<Independent.B>.self) != nil)
        }
    }

    @Test("a module with 'enabled: false' is neither in the plan nor an error")
    func disabledModuleIsLeftOut() throws {
        let yaml = """
            format: 1
            modules:
              a:
                enabled: false
              b:
                enabled: true
              c:
            """
        try load(Independent.catalog, hostFile: yaml) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["b", "c"])
            #expect(host.configuration?.modules.map(\.id) == ["a", "b", "c"])
            #expect(host.configuration?.modules.map(\.enabled) == [false, true, true])
        }
    }
}
