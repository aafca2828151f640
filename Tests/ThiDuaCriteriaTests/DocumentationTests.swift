import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

/// Every example in docs/modules/criteria.md, run as its `<!-- test: … -->` comment says:
///
/// - `settings`: a host file whose `criteria` section decodes;
/// - `library`: the library the other examples use;
/// - `facts` / `csv PERIOD`: fact data the examples are evaluated on (with the example organization);
/// - `rule individual|collective ID=OUTCOME …`: the rule decodes, validates and gives these outcomes in 2024;
/// - `set ID=OUTCOME …`: a criteria set (with exclusions) gives these verdicts in 2024;
/// - `invalid individual|collective`: the rule gives exactly the diagnostics of the next ```text block.
@Suite struct DocumentationTests {
    struct Example {
        var test: [String]
        var language: String
        var body: String
        var expected: String?
        var line: Int
    }

    static func examples() throws -> [Example] {
        let path = Fixtures.packageRoot + "/docs/modules/criteria.md"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        func block(at start: Int) -> (language: String, body: String, end: Int)? {
            guard start < lines.count, lines[start].hasPrefix("```") else { return nil }
            var end = start + 1
            while end < lines.count, lines[end] != "```" { end += 1 }
            return (String(lines[start].dropFirst(3)), lines[(start + 1)..<end].joined(separator: "\n"), end)
        }
        var examples: [Example] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("<!-- test: ") {
            let test = line.dropFirst("<!-- test: ".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            guard let code = block(at: index + 1) else { throw TestFailure("no code block after line \(index + 1)") }
            let expected = test.first == "invalid" ? block(at: code.end + 1)?.body : nil
            examples.append(Example(test: test, language: code.language, body: code.body, expected: expected, line: index + 1))
        }
        return examples
    }

    struct DocWorld {
        var library: Library
        var world: World
    }

    static func world() throws -> DocWorld {
        let examples = try examples()
        guard let libraryText = examples.first(where: { $0.test.first == "library" })?.body else {
            throw TestFailure("no library example")
        }
        let library = try Library.decode(yaml: libraryText, file: "library.yaml")
        let host = Host(catalog: ModuleCatalog([OrganizationModule.self])).load(
            configurationDirectory: Fixtures.packageRoot + "/config")
        let organization = try #require(host.module(OrganizationModule.self)).organization
        let facts = examples.filter { $0.test.first == "facts" }.map(\.body)
        // The YAML and CSV examples, read as the module reads them.
        let table = SubjectTable(organization: organization)
        let subjects = FactFiles.Subjects(knows: { table.index[$0] != nil }, all: { table.ids })
        var records: [FactRecord] = []
        for example in examples where example.test.first == "csv" {
            let period = Period(example.test[1]).map { Located($0, at: .file("doc")) }
            let (read, diagnostics) = FactFiles.readCSV(
                Array(example.body.utf8), file: "facts.csv", period: period, library: library,
                subjects: subjects)
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            records += read
        }
        for (index, text) in facts.enumerated() {
            let (read, _) = FactFiles.readYAML(
                YAMLParser().parse(text, file: "facts-\(index).yaml"), library: library, subjects: subjects)
            records += read
        }
        return DocWorld(
            library: library,
            world: World(
                store: FactStore(library: library, organization: organization, records: records),
                library: library, organization: organization))
    }

    static func expectations(_ words: ArraySlice<String>) -> [(String, Outcome)] {
        words.compactMap { word in
            let parts = word.split(separator: "=").map(String.init)
            guard parts.count == 2, let outcome = Outcome(rawValue: parts[1]) else { return nil }
            return (parts[0], outcome)
        }
    }

    @Test func everyExampleIsTested() throws {
        let examples = try Self.examples()
        let kinds = Set(examples.compactMap(\.test.first))
        #expect(kinds == ["settings", "library", "facts", "csv", "rule", "set", "invalid"])
        #expect(examples.filter { $0.test.first == "rule" }.count >= 15)
        // Every yaml block of the page has a test comment.
        let path = Fixtures.packageRoot + "/docs/modules/criteria.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.components(separatedBy: "```yaml").count - 1 == examples.filter { $0.language == "yaml" }.count)
    }

    /// The text output shown on the page is what `thidua criteria evaluate` prints for qhkt.
    @Test func textOutputIsReal() throws {
        let path = Fixtures.packageRoot + "/docs/modules/criteria.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let shown = try #require(
            text.components(separatedBy: "Text output, for every subject:\n\n```text\n").last?
                .components(separatedBy: "\n```").first)
        let host = Host(catalog: catalog).load(configurationDirectory: Fixtures.packageRoot + "/config")
        let module = try #require(host.module(CriteriaModule.self))
        let set = try #require(module.library.set("cchc-2024-tap-the"))
        let subject = try #require(module.subject("qhkt"))
        let verdict = module.evaluator.evaluate(
            criteria: set.criteria, exclusions: set.exclusions, subject: subject, period: 2024)
        let printed = verdict.text.replacingOccurrences(of: Fixtures.packageRoot + "/", with: "")
        #expect(shown.split(separator: "\n").count > 5)
        for line in shown.split(separator: "\n") where !line.hasSuffix("…") {
            #expect(printed.contains(line), "not printed: \(line)")
        }
    }

    @Test func settingsDecode() throws {
        for example in try Self.examples() where example.test.first == "settings" {
            let host = try YAMLDecoder().decode(HostConfiguration.self, from: example.body, file: "thidua.yaml")
            let entry = try #require(host.modules.first { $0.id == "criteria" })
            let settings = try YAMLDecoder().decode(CriteriaModule.Configuration.self, from: entry.settings).get()
            #expect(settings.library.value == "criteria/library.yaml")
            #expect(
                settings.facts?.map(\.file.value) == [
                    "criteria/facts-2023.yaml", "criteria/facts-2024.yaml", "criteria/facts-2024.csv",
                ])
            #expect(settings.facts?.last?.period?.value == 2024)
        }
    }

    @Test func rulesGiveTheDocumentedOutcomes() throws {
        let doc = try Self.world()
        for example in try Self.examples() where example.test.first == "rule" {
            let kind = try #require(SubjectKind(rawValue: example.test[1]))
            #expect(try doc.world.diagnostics(example.body, kind: kind).isEmpty, "line \(example.line)")
            for (subject, outcome) in Self.expectations(example.test.dropFirst(2)) {
                #expect(try doc.world.outcome(example.body, subject) == outcome, "line \(example.line): \(subject)")
            }
        }
    }

    @Test func setsGiveTheDocumentedVerdicts() throws {
        let doc = try Self.world()
        for example in try Self.examples() where example.test.first == "set" {
            let sets = try YAMLDecoder().decode(KeyedEntries<LibraryFile.SetSpec>.self, from: example.body, file: "set.yaml")
            let spec = try #require(sets.entries.first).value
            let evaluator = doc.world.evaluator
            let compiled = evaluator.compile(
                criteria: spec.criteria.items, exclusions: spec.exclusions ?? [], subject: spec.subject)
            #expect(compiled.diagnostics.isEmpty)
            for (subject, outcome) in Self.expectations(example.test.dropFirst()) {
                let verdict = evaluator.evaluate(compiled, subject: try doc.world.subject(subject), period: 2024)
                #expect(verdict.eligible == outcome, "line \(example.line): \(subject)")
            }
        }
    }

    @Test func errorsAreTheDocumentedOnes() throws {
        let doc = try Self.world()
        for example in try Self.examples() where example.test.first == "invalid" {
            let kind = try #require(SubjectKind(rawValue: example.test[1]))
            var diagnostics = decodingDiagnostics(CriterionRule.self, example.body)
            if diagnostics.isEmpty { diagnostics = try doc.world.diagnostics(example.body, kind: kind) }
            #expect(diagnostics.lines.joined(separator: "\n") == example.expected, "line \(example.line)")
        }
    }
}

extension World {
    init(store: FactStore, library: Library, organization: Organization) {
        self.library = library
        self.organization = organization
        self.store = store
    }
}
