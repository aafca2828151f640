import Foundation
import Testing
import ThiDuaYAML

private struct Named: Decodable {
    var id: String
    var name: String
}

/// Runs `body` and returns how long it took.
private func timed(_ body: () -> Void) -> Duration {
    ContinuousClock().measure(body)
}

/// A "billion laughs" document: `levels` anchors, each a list of nine aliases to the one before.
private func aliasBomb(levels: Int) -> String {
    let names = (0..<levels).map { "l\($0)" }
    var yaml = "l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha]\n"
    for level in 1..<levels {
        let aliases = Array(repeating: "*\(names[level - 1])", count: 9).joined(separator: ",")
        yaml += "\(names[level]): &\(names[level]) [\(aliases)]\n"
    }
    return yaml
}

@Suite("Defences: depth, aliases, size, files and encodings")
struct DefenceTests {
    // MARK: Depth

    @Test func fiftyThousandNestedFlowListsStopAtTheDepthLimit() {
        let yaml = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        var diagnostics: [Diagnostic] = []
        let elapsed = timed { diagnostics = failures(decoding: [String].self, yaml) }
        // The 65th '[' opens the 65th level.
        expectOnlyDiagnostic(diagnostics, at: 1, 65, "nesting is deeper than 64 levels")
        #expect(elapsed < .seconds(2))
    }

    @Test func fiftyThousandNestedBlockListsStopAtTheDepthLimit() {
        let yaml = String(repeating: "- ", count: 50_000) + "x\n"
        var diagnostics: [Diagnostic] = []
        let elapsed = timed { diagnostics = failures(decoding: [String].self, yaml) }
        // Each "- " is two columns; the 65th '-' is at column 129.
        expectOnlyDiagnostic(diagnostics, at: 1, 129, "nesting is deeper than 64 levels")
        #expect(elapsed < .seconds(2))
    }

    @Test func nestingAtTheLimitIsAccepted() throws {
        let yaml = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let document = YAMLParser().parse(yaml, file: inlineFile)
        #expect(document.diagnostics.isEmpty)
        #expect(document.root?.height == 64)
    }

    @Test func aliasThatWouldNestTooDeepIsRefused() {
        let limits = YAMLLimits(maxDepth: 4)
        let document = YAMLParser(limits: limits).parse("a: &a [[x]]\nb: [[*a]]\n", file: inlineFile)
        expectOnlyDiagnostic(document.diagnostics, at: 2, 6, "nesting is deeper than 4 levels once the alias '*a' is expanded")
    }

    // MARK: Aliases

    @Test(arguments: [9, 10])
    func billionLaughsFailsWithTheAliasBombMessageQuickly(levels: Int) {
        let yaml = aliasBomb(levels: levels)
        var diagnostics: [Diagnostic] = []
        let elapsed = timed { diagnostics = failures(decoding: [String: [String]].self, yaml) }
        // "l6: &l6 [*l5, …" (line 7) pushes the expansion past 1,000,000 nodes at its first alias.
        expectOnlyDiagnostic(
            diagnostics, at: 7, 10, "aliases expand to more than 1000000 nodes",
            hint: "alias bomb ('billion laughs')")
        #expect(elapsed < .seconds(2))
    }

    @Test func aliasesWithinTheBudgetAreExpanded() throws {
        let yaml = "base: &b [x, y]\ncopy: *b\n"
        let value = try YAMLDecoder().decode([String: [String]].self, from: yaml, file: inlineFile)
        #expect(value["copy"] == ["x", "y"])
    }

    @Test func aliasBeforeItsAnchorIsUnknown() {
        let diagnostics = failures(decoding: [String: String].self, "a: *x\nb: &x 1\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 4, "unknown alias '*x'")
    }

    @Test func aliasToItsOwnEnclosingListIsRefused() {
        let diagnostics = failures(decoding: [String: [String]].self, "a: &a [x, *a]\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 11, "the alias '*a' refers to a node that contains it")
    }

    @Test func aliasToItsOwnEnclosingMappingIsRefused() {
        let diagnostics = failures(decoding: [String: [String: String]].self, "a: &a\n  b: *a\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 6, "the alias '*a' refers to a node that contains it")
    }

    @Test func unknownAliasIsRefused() {
        let diagnostics = failures(decoding: Named.self, "id: *ma\nname: x\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 5, "unknown alias '*ma'", hint: "define it with '&ma'")
    }

    // MARK: Files

    @Test func fileLargerThanTheSizeLimitIsRefusedBeforeParsing() throws {
        let directory = try makeScratchDirectory()
        defer { removeScratch(directory) }
        let path = directory.appendingPathComponent("large.yaml").path
        let yaml = (0..<200).map { "key\($0): value\n" }.joined()
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        let limits = YAMLLimits(maxFileSize: 1024)
        let diagnostics = failures(decoding: [String: String].self, fromFile: path, limits: limits)
        #expect(
            diagnostics.map(\.description) == [
                "\(path): error: file is 2.6 KiB; the limit is 1.0 KiB (split it into several files)"
            ])
        // The same text within the default limit is fine.
        #expect(try YAMLDecoder().decode([String: String].self, fromFile: path).count == 200)
    }

    @Test func textLargerThanTheSizeLimitIsRefused() {
        let yaml = String(repeating: "# padding\n", count: 300)
        let diagnostics = failures(decoding: [String: String].self, yaml, limits: YAMLLimits(maxFileSize: 1024))
        #expect(
            diagnostics.map(\.description) == [
                "test.yaml: error: input is 2.9 KiB; the limit is 1.0 KiB (split it into several files)"
            ])
    }

    @Test func directoryWhereAFileIsExpected() throws {
        let directory = try makeScratchDirectory()
        defer { removeScratch(directory) }
        let diagnostics = failures(decoding: Named.self, fromFile: directory.path)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == .file(directory.path))
        #expect(diagnostics.first?.message == "is a directory, expected a YAML file")
    }

    @Test func missingFile() throws {
        let directory = try makeScratchDirectory()
        defer { removeScratch(directory) }
        let path = directory.appendingPathComponent("thidua.yaml").path
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        #expect(
            diagnostics.map(\.description) == [
                "\(path): error: no such file (check the path; relative paths are read from the configuration directory)"
            ])
    }

    @Test func emptyFile() throws {
        let path = try fixturePath("empty.yaml")
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        expectOnlyDiagnostic(diagnostics, file: path, at: 1, 1, "the file is empty", hint: "'key: value'")
    }

    @Test func fileWithOnlyCommentsIsEmpty() throws {
        let path = try fixturePath("comments-only.yaml")
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        expectOnlyDiagnostic(diagnostics, file: path, at: 1, 1, "the file is empty")
    }

    // MARK: Encodings

    @Test func latin1ByteIsNotUTF8AndPointsAtTheByte() throws {
        let path = try fixturePath("latin1.yaml")
        #expect(try fixtureBytes("latin1.yaml").contains(0xE9))
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        // Line 2 is "name: Sở Nội vụ S" in UTF-8, then 0xE9: the 18th character, the line's 24th byte.
        expectOnlyDiagnostic(diagnostics, file: path, at: 2, 18, "the file is not valid UTF-8", hint: "save the file as UTF-8")
        expectDiagnostic(diagnostics, file: path, at: 2, 18, "byte 0xE9")
    }

    @Test func utf16FileWithAByteOrderMarkIsRefusedAndNamed() throws {
        let path = try fixturePath("utf16.yaml")
        #expect(try fixtureBytes("utf16.yaml").prefix(2) == [0xFF, 0xFE])
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        expectOnlyDiagnostic(
            diagnostics, file: path, at: 1, 1, "the file is UTF-16; ThiDua reads UTF-8 only", hint: "save the file as UTF-8")
    }

    @Test func utf16FileWithoutAByteOrderMarkIsRefusedForItsNULBytes() {
        // "id: snv" in UTF-16LE: the first 0x00 byte is the second character.
        let bytes = Array("id: snv\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let document = YAMLParser().parse(bytes: bytes, file: inlineFile)
        expectOnlyDiagnostic(
            document.diagnostics, at: 1, 2, "the file contains a NUL byte; it is not UTF-8 text", hint: "save the file as UTF-8")
        #expect(document.root == nil)
    }

    @Test func utf8ByteOrderMarkIsSkippedAndColumnsStayRight() throws {
        struct Holder: Decodable {
            var id: String
            var name: String
        }
        let path = try fixturePath("bom.yaml")
        #expect(try fixtureBytes("bom.yaml").prefix(3) == [0xEF, 0xBB, 0xBF])
        let document = YAMLParser().parse(file: path)
        #expect(document.diagnostics.isEmpty)
        #expect(document.rootMapping?.entry("id")?.keyLocation == ThiDuaYAML.SourceLocation(file: path, line: 1, column: 1))
        #expect(document.rootMapping?["id"]?.location == ThiDuaYAML.SourceLocation(file: path, line: 1, column: 5))
        let diagnostics = failures(decoding: Holder.self, fromFile: path)
        expectOnlyDiagnostic(diagnostics, file: path, at: 2, 7, "expected text, found a mapping")
    }

    @Test func tabIndentationIsASyntaxErrorWithAHintAboutTabs() throws {
        let path = try fixturePath("tabs.yaml")
        #expect(try fixtureBytes("tabs.yaml").contains(0x09))
        let diagnostics = failures(decoding: [String: [Named]].self, fromFile: path)
        // Line 3 ends in Vietnamese text; the tab starts line 4.
        expectOnlyDiagnostic(
            diagnostics, file: path, at: 4, 1, "found a tab character",
            hint: "YAML does not allow tabs for indentation; indent with spaces")
    }

    // MARK: Documents and tags

    @Test func secondDocumentInAFileIsRefused() throws {
        let path = try fixturePath("two-documents.yaml")
        let diagnostics = failures(decoding: Named.self, fromFile: path)
        expectOnlyDiagnostic(
            diagnostics, file: path, at: 3, 1, "this file holds more than one YAML document",
            hint: "remove the second '---'")
    }

    @Test func explicitStartOfTheOnlyDocumentIsFine() throws {
        let value = try YAMLDecoder().decode(Named.self, from: "---\nid: a\nname: b\n...\n", file: inlineFile)
        #expect(value.name == "b")
    }

    @Test func unsupportedTagIsRefused() {
        let diagnostics = failures(decoding: Named.self, "id: a\nname: !foo Lan\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 7, "the tag '!foo' is not supported", hint: "remove it")
    }

    @Test func unsupportedTagOnAListIsRefused() {
        let diagnostics = failures(decoding: [String: [String]].self, "a: !set [x]\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 4, "the tag '!set' is not supported")
    }

    @Test func strTagMakesANumberText() throws {
        struct Holder: Decodable {
            var code: String
            var count: Int
        }
        let value = try YAMLDecoder().decode(Holder.self, from: "code: !!str 123\ncount: 123\n", file: inlineFile)
        #expect(value.code == "123")
        let diagnostics = failures(decoding: Holder.self, "code: x\ncount: !!str 123\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 8, "expected a whole number, found the quoted text \"123\"")
    }
}

@Suite("Messages for unusual input")
struct UnusualInputMessageTests {
    @Test func controlCharacterIsNamedAsSuch() {
        let document = YAMLParser().parse("id: a\u{0C}b\n", file: "x.yaml")
        #expect(
            document.diagnostics.map(\.description) == [
                "x.yaml:1:6: error: the file contains the control character U+000C, which YAML does not allow (remove it; only tabs and line breaks may appear as control characters)"
            ])
    }

    @Test func exponentInAWholeNumberFieldGetsItsOwnHint() throws {
        struct Holder: Decodable { var count: Int }
        do {
            _ = try YAMLDecoder().decode(Holder.self, from: "count: 1e3\n", file: "x.yaml")
            Issue.record("1e3 was accepted as a whole number")
        } catch {
            #expect(error.diagnostics.first?.hint == "write the number in full, without an exponent")
        }
    }

    @Test(arguments: [
        ("0000-01-01", "there is no year 0"), ("2024-01-00", "days start at 01"), ("2024-13-01", "there is no month 13"),
    ])
    func impossibleDatesSayWhy(text: String, reason: String) {
        #expect(throws: ScalarError.self) { try CalendarDate(yamlScalar: YAMLScalar(text)) }
        do {
            _ = try CalendarDate(yamlScalar: YAMLScalar(text))
        } catch {
            #expect(error.message == "'\(text)' is not a valid date: \(reason)")
        }
    }
}
