import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Fixtures {
    /// The copied Fixtures folder of the test bundle.
    static var directory: String {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw TestFailure("the Fixtures folder is not in the test bundle")
            }
            return url.path
        }
    }

    static func path(_ name: String) throws -> String {
        try directory + "/" + name
    }

    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `Fixtures/library.yaml`.
    static func library() throws -> Library {
        try YAMLDecoder().decode(LibraryFile.self, fromFile: try path("library.yaml")).library
    }
}

/// A small organization: two units with members, an empty unit, six people (one a worker).
func smallOrganization() -> Organization {
    let here = SourceLocation.file("test")
    let units = [
        Unit(id: "u1", name: "Phòng A", kind: .division, head: "a1", location: here),
        Unit(id: "u2", name: "Trung tâm B", kind: .attachedUnit, head: "b1", location: here),
        Unit(id: "u3", name: "Phòng trống", kind: .division, head: nil, location: here),
    ]
    func person(_ id: String, _ name: String, _ unit: String, _ kind: Person.Kind = .civilServant) -> Person {
        Person(id: id, fullName: name, unit: unit, position: nil, kind: kind, email: nil, phone: nil, location: here)
    }
    let people = [
        person("a1", "Nguyễn Văn An", "u1"), person("a2", "Trần Thị Bình", "u1"), person("a3", "Lê Văn Cường", "u1"),
        person("a4", "Phạm Văn Dũng", "u1", .worker), person("b1", "Võ Thị Em", "u2", .publicEmployee),
        person("b2", "Đỗ Văn Phúc", "u2", .publicEmployee),
    ]
    return Organization(agency: Agency(name: "Sở", superior: nil, symbol: "S", place: "Bình Định"), units: units, people: people)
}

/// A library, an organization and facts, with helpers to evaluate rules written in YAML.
struct World {
    let library: Library
    let organization: Organization
    let store: FactStore
    var evaluator: Evaluator { Evaluator(facts: store) }

    /// `facts` are YAML fact documents (`period:` + `subjects:`).
    init(facts: [String], library: Library? = nil, organization: Organization = smallOrganization()) throws {
        let library = try library ?? Fixtures.library()
        self.library = library
        self.organization = organization
        let table = SubjectTable(organization: organization)
        let subjects = FactFiles.Subjects(knows: { table.index[$0] != nil }, all: { table.ids })
        var records: [FactRecord] = []
        for (index, text) in facts.enumerated() {
            let document = YAMLParser().parse(text, file: "facts-\(index).yaml")
            let (read, diagnostics) = FactFiles.readYAML(document, library: library, subjects: subjects)
            if diagnostics.hasErrors { throw DiagnosticsError(diagnostics) }
            records += read
        }
        store = FactStore(library: library, organization: organization, records: records)
    }

    func rule(_ yaml: String) throws -> CriterionRule {
        try YAMLDecoder().decode(CriterionRule.self, from: yaml, file: "rule.yaml")
    }

    func subject(_ id: String) throws -> Subject {
        if let unit = organization.unit(id) { return .unit(unit) }
        if let person = organization.person(id) { return .person(person) }
        throw TestFailure("no subject '\(id)'")
    }

    /// Compiles `rule` as the only criterion; fails the test on any diagnostic.
    func compile(_ yaml: String, exclusions: [String] = [], kind: SubjectKind) throws -> CompiledCriteria {
        let criterion = Criterion(
            id: Located("c", at: .file("rule.yaml")), title: "Tiêu chí", rule: try rule(yaml), location: .file("rule.yaml"))
        let gates = try exclusions.enumerated().map { index, text in
            Exclusion(
                id: Located("e\(index + 1)", at: .file("rule.yaml")), title: "Loại trừ \(index + 1)", rule: try rule(text),
                location: .file("rule.yaml"))
        }
        let compiled = evaluator.compile(criteria: [criterion], exclusions: gates, subject: kind)
        if compiled.diagnostics.hasErrors { throw DiagnosticsError(compiled.diagnostics) }
        return compiled
    }

    /// The outcome of `rule` for `subject` in `period`, checked to agree between the fast path
    /// and the explanation tree.
    func outcome(_ yaml: String, _ subject: String, period: Period = 2024) throws -> Outcome {
        let who = try self.subject(subject)
        let compiled = try compile(yaml, kind: who.kind)
        let verdict = evaluator.evaluate(compiled, subject: who, period: period)
        let index = try #require(evaluator.subjectIndex(of: subject))
        let fast = evaluator.outcome(compiled, criterion: 0, subjectIndex: index, period: period)
        let explained = try #require(verdict.criteria.first).outcome
        #expect(fast == explained, "fast path \(fast) ≠ explanation \(explained) for \(subject)")
        return fast
    }

    /// The explanation of `rule` for `subject`.
    func result(_ yaml: String, _ subject: String, period: Period = 2024) throws -> CriterionResult {
        let who = try self.subject(subject)
        let verdict = evaluator.evaluate(try compile(yaml, kind: who.kind), subject: who, period: period)
        return try #require(verdict.criteria.first)
    }

    /// What validating `rule` reports.
    func diagnostics(_ yaml: String, kind: SubjectKind = .individual) throws -> [Diagnostic] {
        let criterion = Criterion(
            id: Located("c", at: .file("rule.yaml")), title: "Tiêu chí", rule: try rule(yaml), location: .file("rule.yaml"))
        return evaluator.compile(criteria: [criterion], subject: kind).diagnostics
    }
}

extension Array where Element == Diagnostic {
    /// `file:line:col: severity: message` lines, for readable expectations.
    var lines: [String] { map(\.description) }
}

/// The diagnostics of decoding `text` as `T`, empty when it decodes.
func decodingDiagnostics<T: Decodable>(_ type: T.Type, _ text: String, file: String = "rule.yaml") -> [Diagnostic] {
    do {
        _ = try YAMLDecoder().decode(T.self, from: text, file: file)
        return []
    } catch {
        return error.diagnostics
    }
}
