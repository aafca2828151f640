import Foundation
import Testing
import ThiDuaYAML

// The examples of docs/configuration.md with the exact output the documentation shows.
// Keep the two in step: change the text here and there together.

@Suite("Examples of docs/configuration.md")
struct DocumentationExampleTests {
    @Test func limitsAreTheDocumentedOnes() {
        let limits = YAMLLimits.default
        #expect(limits.maxDepth == 64)
        #expect(limits.maxAliasExpansion == 1_000_000)
        #expect(limits.maxFileSize == 64 * 1024 * 1024)
    }

    /// "Scalar rules": the Norway problem cannot happen.
    @Test func norwayStaysNorway() throws {
        let countries = try YAMLDecoder().decode([String].self, from: "[SE, NO, DK]", file: inlineFile)
        #expect(countries == ["SE", "NO", "DK"])
        let diagnostics = failures(decoding: [Bool].self, "[true, NO]")
        #expect(
            diagnostics.map(\.description) == [
                "test.yaml:1:8: error: 'NO' is not a boolean here (write false; YAML 1.1 words like yes/no/on/off are not accepted)"
            ])
    }

    /// "Diagnostics": a campaign file with six problems, all reported in one run.
    @Test func diagnosticsExampleGivesTheDocumentedOutput() {
        let yaml = """
            id: cchc-2024
            name: Thi đua cải cách hành chính
            level: tnh
            period:
              start: 2024-02-30
              end: 2024-11-30
            units:
              - id: snv
                name: Sở Nội vụ
                score: 92.5
                staff: 0755
                active: yes
              - id: stc
                nme: Sở Tài chính
                score: 88
                staff: 12
                active: true
            weights:
              attendance: 0.3
            critera: [chuyên cần]
            """
        do {
            _ = try YAMLDecoder().decode(Campaign.self, from: yaml, file: "config/campaigns/cchc-2024.yaml")
            Issue.record("decoding succeeded")
        } catch {
            #expect(
                error.description == """
                    config/campaigns/cchc-2024.yaml:3:8: error: 'tnh' is not one of: co_so, tinh, trung_uong (did you mean 'tinh'?)
                    config/campaigns/cchc-2024.yaml:5:10: error: '2024-02-30' is not a valid date: February 2024 has 29 days
                    config/campaigns/cchc-2024.yaml:11:12: error: '0755' has a leading zero (YAML 1.1 reads it as an octal number; write it without the leading zero, or quote it if it is a code)
                    config/campaigns/cchc-2024.yaml:12:13: error: 'yes' is not a boolean here (write true; YAML 1.1 words like yes/no/on/off are not accepted)
                    config/campaigns/cchc-2024.yaml:14:5: error: unknown key 'nme' (did you mean 'name'?)
                    config/campaigns/cchc-2024.yaml:20:1: error: unknown key 'critera' (did you mean 'criteria'?)
                    """)
        }
    }

    /// "Diagnostics": an unknown key with no close match lists the keys the section reads.
    @Test func unknownKeyExampleListsTheExpectedKeys() {
        struct Person: Decodable {
            var name: String
            var age: Int
            var note: String?
        }
        let diagnostics = failures(decoding: Person.self, "name: Lan\nage: 30\nphone: 0905\n")
        #expect(
            diagnostics.map(\.description) == [
                "test.yaml:3:1: error: unknown key 'phone' (expected one of: name, age, note)"
            ])
    }

    /// "Anchors, aliases and merge keys".
    @Test func mergeExampleDecodesAsDocumented() throws {
        struct Unit: Decodable, Equatable {
            var name: String
            var level: String
            var staff: Int
        }
        let yaml = """
            snv: &unit
              name: Sở Nội vụ
              level: tinh
              staff: 45
            stc:
              <<: *unit
              name: Sở Tài chính
              staff: 12
            stp:
              name: Sở Tư pháp
              <<: *unit
            """
        let units = try YAMLDecoder().decode([String: Unit].self, from: yaml, file: inlineFile)
        #expect(units["snv"] == Unit(name: "Sở Nội vụ", level: "tinh", staff: 45))
        #expect(units["stc"] == Unit(name: "Sở Tài chính", level: "tinh", staff: 12))
        #expect(units["stp"] == Unit(name: "Sở Tư pháp", level: "tinh", staff: 45))
    }

    @Test func mergeErrorsAreAsDocumented() {
        let scalar = failures(decoding: [String: [String: String]].self, "snv:\n  <<: defaults\n")
        #expect(
            scalar.map(\.description) == [
                "test.yaml:2:7: error: '<<' (merge) needs a mapping or a list of mappings, found 'defaults' (write '<<: *name' where '&name' marks a mapping)"
            ])
        let unknown = failures(decoding: [String: [String: String]].self, "snv:\n  <<: *defaults\n")
        #expect(
            unknown.map(\.description) == [
                "test.yaml:2:7: error: unknown alias '*defaults' (define it with '&defaults' before using it)"
            ])
        let selfReference = failures(decoding: [String: [String]].self, "a: &a [x, *a]\n")
        #expect(
            selfReference.map(\.description) == [
                "test.yaml:1:11: error: the alias '*a' refers to a node that contains it (a node cannot include itself)"
            ])
    }

    /// "How ThiDua reads YAML": the file-level messages.
    @Test func fileLevelMessagesAreAsDocumented() throws {
        let latin1 = try fixturePath("latin1.yaml")
        #expect(
            failures(decoding: [String: String].self, fromFile: latin1).map(\.description) == [
                "\(latin1):2:18: error: the file is not valid UTF-8 (invalid UTF-8 sequence: byte 0xE9) (save the file as UTF-8)"
            ])
        let twoDocuments = try fixturePath("two-documents.yaml")
        #expect(
            failures(decoding: [String: String].self, fromFile: twoDocuments).map(\.description) == [
                "\(twoDocuments):3:1: error: this file holds more than one YAML document (ThiDua reads one document per file; remove the second '---' or split the file)"
            ])
        let tabs = try fixturePath("tabs.yaml")
        #expect(
            failures(decoding: [String: String].self, fromFile: tabs).first?.hint
                == "YAML does not allow tabs for indentation; indent with spaces")
        let empty = try fixturePath("empty.yaml")
        #expect(
            failures(decoding: [String: String].self, fromFile: empty).map(\.description) == [
                "\(empty):1:1: error: the file is empty (write the configuration as 'key: value' lines)"
            ])
        #expect(
            failures(decoding: [String].self, String(repeating: "[", count: 100)).map(\.description) == [
                "test.yaml:1:65: error: nesting is deeper than 64 levels (configuration never needs this depth; check for a runaway structure)"
            ])
    }

    @Test func fileLevelExamplesPrintAsDocumented() throws {
        let latin1 = YAMLParser().parse(bytes: try fixtureBytes("latin1.yaml"), file: "config/units.yaml")
        #expect(
            YAMLDecoder().decode([String: String].self, from: latin1).diagnostics.map(\.description) == [
                "config/units.yaml:2:18: error: the file is not valid UTF-8 (invalid UTF-8 sequence: byte 0xE9) (save the file as UTF-8)"
            ])
        let twoDocuments = YAMLParser().parse(
            bytes: try fixtureBytes("two-documents.yaml"),
            file: "config/campaigns/cchc-2024.yaml")
        #expect(
            YAMLDecoder().decode([String: String].self, from: twoDocuments).diagnostics.map(\.description) == [
                "config/campaigns/cchc-2024.yaml:3:1: error: this file holds more than one YAML document (ThiDua reads one document per file; remove the second '---' or split the file)"
            ])
    }

    @Test func sizeLimitIsShownInMebibytes() throws {
        let directory = try makeScratchDirectory()
        defer { removeScratch(directory) }
        let url = directory.appendingPathComponent("large.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 3 << 19).write(to: url)
        let diagnostics = failures(
            decoding: [String: String].self, fromFile: url.path,
            limits: YAMLLimits(maxFileSize: 1 << 20))
        #expect(
            diagnostics.map(\.description) == [
                "\(url.path): error: file is 1.5 MiB; the limit is 1.0 MiB (split it into several files)"
            ])
    }

    @Test func keysMustBePlainText() {
        let diagnostics = failures(decoding: [String: String].self, "? [a, b]\n: x\n")
        #expect(
            diagnostics.map(\.description) == [
                "test.yaml:1:3: error: a key must be plain text, not a list (complex keys ('? ') are not used in ThiDua configuration)"
            ])
    }
}
