import Testing
import ThiDuaCore

/// base needs nothing; other needs nothing; user needs base only and, while it is built, asks the
/// context for base (declared) and for other (not declared).
enum Reach {
    enum Base: FakeSpec { static let id = "base" }
    enum Other: FakeSpec { static let id = "other" }
    enum User: FakeSpec {
        static let id = "user"
        static var dependencies: [ModuleDependency] { [needs("base")] }
        static func construct(_ context: ModuleContext) throws -> [String] {
            var notes: [String] = []
            let base = try context.dependency(Fake<Base>.self)
            notes.append("base label: \(base.label ?? "none")")
            do {
                _ = try context.dependency(Fake<Other>.self)
                notes.append("other was handed out")
            } catch {
                notes.append("\(error)")
            }
            return notes
        }
    }
    static let catalog: [any ThiDuaModule.Type] = [Fake<Base>.self, Fake<Other>.self, Fake<User>.self]
}

@Suite("ModuleContext: further files and dependencies")
struct ModuleContextTests {
    @Test("decode(_:file:referencedAt:) reads a further file relative to the configuration directory")
    func decodeReadsFurtherFile() throws {
        let yaml = """
            format: 1
            modules:
              base:
                file: plans/ke-hoach.yaml
            """
        let files = ["plans/ke-hoach.yaml": "title: Kế hoạch thi đua năm 2024\n"]
        try load(Reach.catalog, hostFile: yaml, files: files) { host, directory in
            #expect(host.diagnostics.isEmpty)
            let base = try #require(host.module(Fake<Reach.Base>.self))
            #expect(base.further?.title == "Kế hoạch thi đua năm 2024")
            #expect(host.files == [directory.file("thidua.yaml"), directory.file("plans/ke-hoach.yaml")])
        }
    }

    @Test("a missing further file names the file and where thidua.yaml referenced it")
    func missingFurtherFileIsReferenced() throws {
        let yaml = """
            format: 1
            modules:
              base:
                file: plans/missing.yaml
              other:
            """
        try load(Reach.catalog, hostFile: yaml) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "no such file")
            #expect(error.location == .file(directory.file("plans/missing.yaml")))
            #expect(
                error.hint == "check the path; relative paths are read from the configuration directory; "
                    + "referenced at \(directory.file("thidua.yaml")):4:11")
            #expect(error.description.hasPrefix(directory.file("plans/missing.yaml") + ": error: no such file ("))
            #expect(host.state(of: "base") == .failed)
            #expect(host.state(of: "other") == .loaded)
            #expect(host.diagnostics(containing: "module 'base' failed with 1 error").count == 1)
        }
    }

    @Test("errors inside a further file are reported at that file's line and column")
    func furtherFileErrorsAreLocated() throws {
        let yaml = """
            format: 1
            modules:
              base:
                file: plans/ke-hoach.yaml
            """
        let files = ["plans/ke-hoach.yaml": "# Kế hoạch\ntitel: Kế hoạch thi đua\n"]
        try load(Reach.catalog, hostFile: yaml, files: files) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "unknown key 'titel'")
            #expect(error.hint == "did you mean 'title'?")
            #expect(error.location.description == directory.file("plans/ke-hoach.yaml") + ":2:1")
            #expect(host.state(of: "base") == .failed)
        }
    }

    @Test("dependency(_:) hands out a declared dependency and throws for an undeclared one")
    func dependencyIsOnlyForDeclaredModules() throws {
        let yaml = """
            format: 1
            modules:
              other:
              user:
              base:
                label: cơ sở
            """
        try load(Reach.catalog, hostFile: yaml) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.order == ["other", "base", "user"])
            let user = try #require(host.module(Fake<Reach.User>.self))
            #expect(
                user.notes == [
                    "base label: cơ sở",
                    "module 'user' uses 'other' without declaring it as a dependency",
                ])
        }
    }

    @Test("an error thrown by dependency(_:) out of init fails the module with that message")
    func undeclaredDependencyThrownOutOfInit() throws {
        // base is enabled and loaded before strict, but strict did not declare it.
        let strictYAML = """
            format: 1
            modules:
              base:
              strict:
            """
        try load([Fake<Reach.Base>.self, Fake<Strict>.self], hostFile: strictYAML) { host, directory in
            let error = try #require(host.errors.only)
            #expect(error.message == "module 'strict' failed: module 'strict' uses 'base' without declaring it as a dependency")
            #expect(error.location.description == directory.file("thidua.yaml") + ":4:3")
            #expect(host.state(of: "base") == .loaded)
            #expect(host.state(of: "strict") == .failed)
        }
    }
}

/// A module that asks for base without declaring it, and lets the error escape.
enum Strict: FakeSpec {
    static let id = "strict"
    static func construct(_ context: ModuleContext) throws -> [String] {
        _ = try context.dependency(Fake<Reach.Base>.self)
        return []
    }
}
