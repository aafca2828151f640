import Testing
import ThiDuaYAML

private struct Person: Decodable {
    var name: String
    var age: Int
    var note: String?
}

private struct Roster: Decodable {
    var units: [Unit]
    var criteria: [String]?
}

private struct OptionalCriteria: Decodable {
    var name: String
    var criteria: [String]?
}

private struct RequiredCriteria: Decodable {
    var name: String
    var criteria: [String]
}

private struct Scored: Decodable {
    var name: String
    var score: Double
}

private struct Dated: Decodable {
    var date: CalendarDate
}

@Suite("Diagnostics: each kind, with its position")
struct DiagnosticKindTests {
    // MARK: Syntax

    @Test func unclosedFlowSequenceIsASyntaxErrorWhereTheParserGaveUp() {
        let diagnostics = failures(decoding: OptionalCriteria.self, "criteria: [a, b\nname: x\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 5, "syntax error: did not find expected ',' or ']'")
        expectDiagnostic(diagnostics, at: 2, 5, "while parsing a flow sequence at line 1, column 11")
    }

    @Test func listItemIndentedOneSpaceMoreIsASyntaxError() {
        // The second '-' is one space to the right of the first.
        let yaml = "units:\n  - id: snv\n    name: Sở Nội vụ\n   - id: stc\n"
        let diagnostics = failures(decoding: Roster.self, yaml)
        expectOnlyDiagnostic(diagnostics, at: 4, 4, "syntax error: did not find expected '-' indicator")
        expectDiagnostic(diagnostics, at: 4, 4, "while parsing a block collection at line 2, column 3")
    }

    @Test func keyIndentedUnderAScalarIsASyntaxError() {
        let diagnostics = failures(decoding: Person.self, "name: Lan\n  age: 30\n")
        expectOnlyDiagnostic(
            diagnostics, at: 2, 6, "syntax error: mapping values are not allowed in this context",
            hint: "put a space after ':'")
    }

    @Test func syntaxErrorStopsTheFileAndDecodesNothing() {
        let document = YAMLParser().parse("name: [Lan\nage: 30\n", file: inlineFile)
        #expect(document.root == nil)
        #expect(document.diagnostics.count == 1)
    }

    // MARK: Wrong kind of value

    @Test func listWhereTextIsExpected() {
        let diagnostics = failures(decoding: Person.self, "name: [Lan, Huệ]\nage: 30\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 7, "expected text, found a list")
    }

    @Test func mappingWhereAWholeNumberIsExpected() {
        let diagnostics = failures(decoding: Person.self, "name: Lan\nage:\n  years: 30\n")
        expectOnlyDiagnostic(diagnostics, at: 3, 3, "expected a whole number, found a mapping")
    }

    @Test func mappingWhereADecimalNumberIsExpected() {
        let diagnostics = failures(decoding: Scored.self, "name: Lan\nscore: {value: 9}\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 8, "expected a number, found a mapping")
    }

    @Test func textWhereAListIsExpected() {
        let diagnostics = failures(decoding: RequiredCriteria.self, "name: Lan\ncriteria: chuyên cần\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 11, "expected a list, found 'chuyên cần'", hint: "'- '")
    }

    @Test func listWhereAMappingIsExpected() {
        let diagnostics = failures(decoding: [String: Person].self, "lan:\n  - name: Lan\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 3, "expected a mapping (key: value lines), found a list")
    }

    // MARK: Keys

    @Test func missingRequiredKeyIsReportedAtTheMapping() {
        let yaml = """
            units:
              - id: snv
                name: Sở Nội vụ
                score: 9
                staff: 4
                active: true
              - id: stc
                score: 8
                staff: 5
                active: false
            """
        let diagnostics = failures(decoding: Roster.self, yaml)
        expectOnlyDiagnostic(diagnostics, at: 7, 5, "missing required key 'name'", hint: "add 'name:' to this mapping")
    }

    @Test func missingRequiredKeyOfTheRootIsAtLineOneColumnOne() {
        let diagnostics = failures(decoding: Person.self, "name: Lan\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 1, "missing required key 'age'")
    }

    @Test func misspeltOptionalKeyIsUnknownWithASuggestion() {
        let diagnostics = failures(decoding: OptionalCriteria.self, "name: Lan\ncritera: [chuyên cần]\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 1, "unknown key 'critera'", hint: "did you mean 'criteria'?")
    }

    @Test func misspeltRequiredKeyIsUnknownWithASuggestionAndNotAlsoMissing() {
        let diagnostics = failures(decoding: RequiredCriteria.self, "name: Lan\ncritera: [chuyên cần]\n")
        expectOnlyDiagnostic(diagnostics, at: 2, 1, "unknown key 'critera'", hint: "did you mean 'criteria'?")
    }

    @Test func misspeltRequiredKeyStillHasItsValueChecked() {
        let diagnostics = failures(decoding: RequiredCriteria.self, "name: Lan\ncritera: chuyên cần\n")
        #expect(diagnostics.count == 2)
        expectDiagnostic(diagnostics, at: 2, 1, "unknown key 'critera'", hint: "did you mean 'criteria'?")
        expectDiagnostic(diagnostics, at: 2, 10, "expected a list, found 'chuyên cần'")
    }

    @Test func unknownKeyWithoutACloseMatchListsTheExpectedKeys() {
        let diagnostics = failures(decoding: Person.self, "name: Lan\nage: 30\nphone: 0905\n")
        expectOnlyDiagnostic(diagnostics, at: 3, 1, "unknown key 'phone'", hint: "expected one of: name, age, note")
    }

    @Test func duplicateKeyNamesTheFirstPosition() {
        let diagnostics = failures(decoding: Person.self, "name: Lan\nage: 30\n  \nname: Huệ\n")
        expectOnlyDiagnostic(
            diagnostics, at: 4, 1, "duplicate key 'name' (first written at line 1, column 1)",
            hint: "remove one of them")
    }

    @Test func duplicateKeyInANestedFlowMappingIsFoundToo() {
        let diagnostics = failures(decoding: [String: [String: Int]].self, "a: {x: 1, y: 2, x: 3}\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 17, "duplicate key 'x' (first written at line 1, column 5)")
    }

    // MARK: Dates

    @Test func thirtiethOfFebruaryIsNotADate() {
        let diagnostics = failures(decoding: Dated.self, "date: 2024-02-30\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 7, "'2024-02-30' is not a valid date: February 2024 has 29 days")
    }

    @Test func twentyNinthOfFebruaryOutsideALeapYearIsNotADate() {
        let diagnostics = failures(decoding: Dated.self, "date: 2023-02-29\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 7, "'2023-02-29' is not a valid date: February 2023 has 28 days")
    }

    @Test func twentyNinthOfFebruaryInALeapYearIsADate() throws {
        let value = try YAMLDecoder().decode(Dated.self, from: "date: 2024-02-29\n", file: inlineFile)
        #expect(value.date == CalendarDate(year: 2024, month: 2, day: 29))
    }

    @Test func monthThirteenIsNotADate() {
        let diagnostics = failures(decoding: Dated.self, "date: 2024-13-01\n")
        expectOnlyDiagnostic(
            diagnostics, at: 1, 7, "'2024-13-01' is not a valid date: there is no month 13",
            hint: "YYYY-MM-DD")
    }
}
