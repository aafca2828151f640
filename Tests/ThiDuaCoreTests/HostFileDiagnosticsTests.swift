import Testing
import ThiDuaCore

/// alpha 1.4.0; beta needs alpha ^1.0; gamma needs a module that is not linked; delta needs
/// alpha ^2.0.0; solo needs nothing.
enum Named {
    enum Alpha: FakeSpec {
        static let id = "alpha"
        static var version: SemanticVersion { "1.4.0" }
    }
    enum Beta: FakeSpec {
        static let id = "beta"
        static var dependencies: [ModuleDependency] { [needs("alpha", "^1.0")] }
    }
    enum Gamma: FakeSpec {
        static let id = "gamma"
        static var dependencies: [ModuleDependency] { [needs("missing-module", "^1.0")] }
    }
    enum Delta: FakeSpec {
        static let id = "delta"
        static var dependencies: [ModuleDependency] { [needs("alpha", "^2.0.0")] }
    }
    enum Solo: FakeSpec { static let id = "solo" }
    static let catalog: [any ThiDuaModule.Type] = [
        Fake<Alpha>.self, Fake<Beta>.self, Fake<Gamma>.self, Fake<Delta>.self, Fake<Solo>.self,
    ]
}

/// a needs b, b needs a.
enum TwoCycle {
    enum A: FakeSpec {
        static let id = "a"
        static var dependencies: [ModuleDependency] { [needs("b")] }
    }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self]
}

/// a needs b, b needs c, c needs a.
enum ThreeCycle {
    enum A: FakeSpec {
        static let id = "a"
        static var dependencies: [ModuleDependency] { [needs("b")] }
    }
    enum B: FakeSpec {
        static let id = "b"
        static var dependencies: [ModuleDependency] { [needs("c")] }
    }
    enum C: FakeSpec {
        static let id = "c"
        static var dependencies: [ModuleDependency] { [needs("a")] }
    }
    static let catalog: [any ThiDuaModule.Type] = [Fake<A>.self, Fake<B>.self, Fake<C>.self]
}

/// A module that needs itself.
enum Selfish: FakeSpec {
    static let id = "selfish"
    static var dependencies: [ModuleDependency] { [needs("selfish")] }
}

@Suite("Errors in thidua.yaml name the module and the place that asked for it")
struct HostFileDiagnosticsTests {
    // MARK: Module ids

    @Test("an unknown module id is reported at its key with a did-you-mean")
    func unknownModuleWithSuggestion() throws {
        let yaml = """
            format: 1
            modules:
              alpha:
              alpah:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown module 'alpah'")
            #expect(error.hint == "did you mean 'alpha'?")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.order == ["alpha"])
            #expect(host.state(of: "alpha") == .loaded)
        }
    }

    @Test("an unknown module id without a close match lists the linked modules")
    func unknownModuleWithoutSuggestion() throws {
        let yaml = """
            format: 1
            modules:
              campaigns:
            """
        try load([Fake<Named.Alpha>.self, Fake<Named.Solo>.self], hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown module 'campaigns'")
            #expect(error.hint == "modules linked into this thidua: alpha, solo")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.modules.isEmpty)
        }
    }

    // MARK: Dependencies

    @Test("a dependency that is not under modules: is an error at the dependent")
    func dependencyNotEnabled() throws {
        let yaml = """
            format: 1
            modules:
              solo:
              beta:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'beta' needs module 'alpha' (^1.0), which is not enabled")
            #expect(error.hint == "add 'alpha:' under 'modules:'")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.state(of: "beta") == .failed)
            #expect(host.state(of: "solo") == .loaded)
        }
    }

    @Test("a dependency switched off with 'enabled: false' is reported as disabled")
    func dependencyDisabled() throws {
        let yaml = """
            format: 1
            modules:
              alpha:
                enabled: false
              beta:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'beta' needs module 'alpha' (^1.0), which is disabled")
            #expect(error.hint == "set 'enabled: true' for 'alpha'")
            #expect(error.location.description == directory.file("thidua.yaml") + ":5:3")
            #expect(host.order == ["beta"])
            #expect(host.state(of: "beta") == .failed)
        }
    }

    @Test("a dependency that is not linked into the catalog is reported")
    func dependencyNotLinked() throws {
        let yaml = """
            format: 1
            modules:
              gamma:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'gamma' needs module 'missing-module' (^1.0), which is not linked into this thidua")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.state(of: "gamma") == .failed)
        }
    }

    @Test("a dependency range the linked module does not satisfy is reported with both versions")
    func incompatibleDependencyVersion() throws {
        let yaml = """
            format: 1
            modules:
              alpha:
              delta:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'delta' needs 'alpha' ^2.0.0, but 'alpha' 1.4.0 is linked")
            #expect(error.hint == "the two modules are incompatible; update one of them")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.state(of: "alpha") == .loaded)
            #expect(host.state(of: "delta") == .failed)
        }
    }

    // MARK: Version pins

    @Test("a version: pin the linked module does not satisfy is reported at the module")
    func versionPinNotSatisfied() throws {
        let yaml = """
            format: 1
            modules:
              solo:
              alpha:
                version: ^2.0
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'alpha' 1.4.0 is linked, but this configuration asks for ^2.0")
            #expect(error.hint == "change 'version:' or use a thidua with a matching module")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.module(Fake<Named.Alpha>.self) == nil)
            #expect(host.state(of: "alpha") == .failed)
            #expect(host.state(of: "solo") == .loaded)
        }
    }

    @Test("a version: pin the linked module satisfies is accepted", arguments: ["^1.2", "~1.4", ">=1.0 <2.0", "1.4.0", "*"])
    func versionPinSatisfied(pin: String) throws {
        let yaml = """
            format: 1
            modules:
              alpha:
                version: "\(pin)"
            """
        try load(Named.catalog, hostFile: yaml) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.state(of: "alpha") == .loaded)
            #expect(host.configuration?.modules.first?.versions?.text == pin)
        }
    }

    @Test(
        "an invalid version: text is reported at the value and makes the host file invalid",
        arguments: ["one point two", "+1", "^9223372036854775807", "1.2.3.4"])
    func invalidVersionText(text: String) throws {
        let yaml = """
            format: 1
            modules:
              alpha:
                version: \(text)
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "'version' must be a version range such as '^1.0' or '>=1.2 <2.0'")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:14")
            #expect(host.configuration == nil)
            #expect(host.module(Fake<Named.Alpha>.self) == nil)
        }
    }

    // MARK: Cycles

    @Test("a 2-cycle is reported once, at the first module of the cycle, with the path")
    func twoCycle() throws {
        let yaml = """
            format: 1
            modules:
              a:
              b:
            """
        try load(TwoCycle.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "modules depend on each other in a cycle: a → b → a")
            #expect(error.hint == "a module cannot need itself, directly or through others")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.state(of: "a") == .failed)
            #expect(host.state(of: "b") == .failed)
        }
    }

    @Test("a 3-cycle shows every module on the path, starting where thidua.yaml first lists one")
    func threeCycle() throws {
        let yaml = """
            format: 1
            modules:
              b:
              c:
              a:
            """
        try load(ThreeCycle.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "modules depend on each other in a cycle: b → c → a → b")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.modules.map(\.state) == [.failed, .failed, .failed])
        }
    }

    @Test("a module that needs itself is a cycle of one")
    func selfCycle() throws {
        let yaml = """
            format: 1
            modules:
              selfish:
            """
        try load([Fake<Selfish>.self], hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "modules depend on each other in a cycle: selfish → selfish")
            #expect(error.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.state(of: "selfish") == .failed)
        }
    }

    // MARK: The host file's own keys

    @Test("format: 2 is refused at the value")
    func unsupportedFormat() throws {
        let yaml = """
            format: 2
            modules:
              solo:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "format 2 is not supported by this thidua")
            #expect(error.hint == "this version reads format 1")
            #expect(error.location.description == directory.file("thidua.yaml") + ":1:9")
            #expect(host.configuration == nil)
        }
    }

    @Test("an unknown top-level key is reported with a did-you-mean")
    func unknownTopLevelKey() throws {
        let yaml = """
            format: 1
            dta:
              directory: /srv/thidua
            modules:
              solo:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'dta'")
            #expect(error.hint == "did you mean 'data'?")
            #expect(error.location.description == directory.file("thidua.yaml") + ":2:1")
            #expect(host.configuration == nil)
            // The modules are still checked, but such a host is never used.
            #expect(host.state(of: "solo") == .loaded)
            #expect(host.module(Fake<Named.Solo>.self) == nil)
        }
    }

    @Test("a misspelt modules: key is reported as unknown with a did-you-mean")
    func misspeltModulesKey() throws {
        let yaml = """
            format: 1
            modlues:
              solo:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'modlues'")
            #expect(error.hint == "did you mean 'modules'?")
            #expect(error.location.description == directory.file("thidua.yaml") + ":2:1")
        }
    }

    @Test("modules: that is not a mapping is reported at its value")
    func modulesNotAMapping() throws {
        let yaml = """
            format: 1
            modules: [alpha, solo]
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "'modules' must be a mapping of module ids to their settings, found a list")
            #expect(error.hint == "write e.g. 'modules:' then '  campaigns:' on the next line")
            #expect(error.location.description == directory.file("thidua.yaml") + ":2:10")
            #expect(host.configuration == nil)
            #expect(host.modules.isEmpty)
        }
    }

    @Test("a module's settings that are not a mapping are reported at the value")
    func moduleSettingsNotAMapping() throws {
        let yaml = """
            format: 1
            modules:
              alpha: [label]
              solo: on
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            #expect(host.errors.count == 2)
            let list = try #require(host.errors.first)
            #expect(list.message == "the settings of module 'alpha' must be a mapping, found a list")
            #expect(list.hint == "leave it empty ('alpha:') to use the defaults")
            #expect(list.location.description == directory.file("thidua.yaml") + ":3:10")
            let scalar = try #require(host.errors.last)
            #expect(scalar.message == "the settings of module 'solo' must be a mapping, found 'on'")
            #expect(scalar.location.description == directory.file("thidua.yaml") + ":4:9")
            #expect(host.configuration == nil)
        }
    }

    @Test("'enabled' that is not true or false is reported at the value")
    func enabledNotABoolean() throws {
        let yaml = """
            format: 1
            modules:
              solo:
                enabled: yes
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "'yes' is not a boolean here")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:14")
        }
    }

    @Test("an unknown key in a module's settings is reported by its Configuration at the key")
    func unknownKeyInModuleSettings() throws {
        let yaml = """
            format: 1
            modules:
              alpha:
                lable: Sở Xây dựng
              solo:
            """
        try load(Named.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'lable'")
            #expect(error.hint == "did you mean 'label'?")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:5")
            let note = try #require(host.diagnostics.first { $0.severity == .note })
            #expect(note.message == "module 'alpha' failed with 1 error")
            #expect(note.location.description == directory.file("thidua.yaml") + ":3:3")
            #expect(host.state(of: "alpha") == .failed)
            #expect(host.state(of: "solo") == .loaded)
            // The host file itself is valid: the other modules can be used.
            #expect(host.module(Fake<Named.Solo>.self) != nil)
        }
    }

    @Test("a module's settings reach its Configuration without 'enabled' and 'version'")
    func settingsReachConfiguration() throws {
        let yaml = """
            format: 1
            data:
              directory: /srv/thidua-data
            modules:
              alpha:
                enabled: true
                version: ^1.0
                label: Sở Xây dựng
            """
        try load(Named.catalog, hostFile: yaml) { host, _ in
            #expect(host.diagnostics.isEmpty)
            let alpha = try #require(host.module(Fake<Named.Alpha>.self))
            #expect(alpha.label == "Sở Xây dựng")
            #expect(host.dataDirectory == "/srv/thidua-data")
        }
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
