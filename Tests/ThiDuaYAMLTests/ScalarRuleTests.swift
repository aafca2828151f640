import Testing
import ThiDuaYAML

// Each scalar is written as "value: <scalar>", so it starts at line 1, column 8.

private struct Field<Value: Decodable>: Decodable {
    var value: Value
}

/// Decodes "value: <scalar>" as `Value`.
private func decode<Value: Decodable>(_ scalar: String, as type: Value.Type) throws(DiagnosticsError) -> Value {
    try YAMLDecoder().decode(Field<Value>.self, from: "value: \(scalar)\n", file: inlineFile).value
}

/// The diagnostics of decoding "value: <scalar>" as `Value`; records an issue if it succeeds.
private func refusals<Value: Decodable>(
    _ scalar: String, as type: Value.Type, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [Diagnostic] {
    failures(decoding: Field<Value>.self, "value: \(scalar)\n", sourceLocation: sourceLocation)
}

@Suite("Scalar rules: meaning comes from the expected type")
struct ScalarRuleTests {
    // MARK: true / false

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)])
    func trueAndFalseInAnyUsualCaseAreBooleans(scalar: String, expected: Bool) throws {
        #expect(try decode(scalar, as: Bool.self) == expected)
    }

    @Test(arguments: [
        ("yes", "write true"), ("Yes", "write true"), ("on", "write true"), ("y", "write true"),
        ("no", "write false"), ("NO", "write false"), ("off", "write false"), ("n", "write false"),
    ])
    func yaml11BooleanWordsAreRefusedForBooleans(scalar: String, hint: String) {
        let diagnostics = refusals(scalar, as: Bool.self)
        expectOnlyDiagnostic(diagnostics, at: 1, 8, "'\(scalar)' is not a boolean here", hint: hint)
        expectDiagnostic(diagnostics, at: 1, 8, "is not a boolean", hint: "yes/no/on/off are not accepted")
    }

    @Test(arguments: ["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
    func yaml11BooleanWordsStayTextForText(scalar: String) throws {
        #expect(try decode(scalar, as: String.self) == scalar)
    }

    @Test(arguments: ["\"true\"", "'false'"])
    func quotedTrueOrFalseIsRefusedForBooleans(scalar: String) {
        let text = String(scalar.dropFirst().dropLast())
        let diagnostics = refusals(scalar, as: Bool.self)
        expectOnlyDiagnostic(
            diagnostics, at: 1, 8, "expected true or false, found the quoted text \"\(text)\"",
            hint: "remove the quotes")
    }

    @Test func otherTextIsRefusedForBooleans() {
        expectOnlyDiagnostic(refusals("có", as: Bool.self), at: 1, 8, "expected true or false, found 'có'")
    }

    @Test func trueStaysTextForText() throws {
        #expect(try decode("true", as: String.self) == "true")
    }

    // MARK: Whole numbers

    @Test(arguments: [
        ("1_000", 1000), ("2_340_000", 2_340_000), ("-5", -5), ("+5", 5), ("0", 0), ("-0", 0),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
    ])
    func decimalWholeNumbersWithUnderscoresBetweenDigits(scalar: String, expected: Int) throws {
        #expect(try decode(scalar, as: Int.self) == expected)
    }

    @Test func leadingZeroIsRefusedForNumbersWithTheOctalHint() {
        expectOnlyDiagnostic(
            refusals("0755", as: Int.self), at: 1, 8, "'0755' has a leading zero",
            hint: "YAML 1.1 reads it as an octal number")
        expectOnlyDiagnostic(
            refusals("0755", as: Double.self), at: 1, 8, "'0755' has a leading zero",
            hint: "YAML 1.1 reads it as an octal number")
    }

    @Test func leadingZeroStaysTextForText() throws {
        #expect(try decode("0755", as: String.self) == "0755")
    }

    @Test(arguments: ["1__0", "_1", "1_"])
    func underscoresOutsideDigitsAreRefused(scalar: String) {
        expectOnlyDiagnostic(refusals(scalar, as: Int.self), at: 1, 8, "expected a whole number, found '\(scalar)'")
    }

    @Test(arguments: ["0x1F", "0o17", "0b11"])
    func hexOctalAndBinaryFormsAreRefused(scalar: String) {
        expectOnlyDiagnostic(
            refusals(scalar, as: Int.self), at: 1, 8, "'\(scalar)' is not a decimal number",
            hint: "write the number in decimal")
    }

    @Test func wholeNumberOutOfRangeIsRefused() {
        expectOnlyDiagnostic(
            refusals("99999999999999999999", as: Int.self), at: 1, 8,
            "'99999999999999999999' is out of range",
            hint: "between -9223372036854775808 and 9223372036854775807")
    }

    @Test func narrowerIntegerTypesUseTheirOwnRange() {
        expectOnlyDiagnostic(refusals("300", as: UInt8.self), at: 1, 8, "'300' is out of range", hint: "between 0 and 255")
        expectOnlyDiagnostic(refusals("-1", as: UInt.self), at: 1, 8, "'-1' is out of range")
    }

    @Test func fractionIsRefusedForWholeNumbers() {
        expectOnlyDiagnostic(
            refusals("1.5", as: Int.self), at: 1, 8, "expected a whole number, found '1.5'",
            hint: "without a fractional part")
    }

    @Test func quotedNumberIsRefusedForNumbers() {
        expectOnlyDiagnostic(
            refusals("\"45\"", as: Int.self), at: 1, 8, "found the quoted text \"45\"",
            hint: "remove the quotes")
        expectOnlyDiagnostic(
            refusals("'8.5'", as: Double.self), at: 1, 8, "found the quoted text \"8.5\"",
            hint: "remove the quotes")
    }

    // MARK: Decimal numbers

    @Test(arguments: [("1e3", 1000.0), ("8.5", 8.5), ("-3", -3.0), ("1_000.25", 1000.25), ("0.5", 0.5), ("2.5E-1", 0.25)])
    func decimalNumbers(scalar: String, expected: Double) throws {
        #expect(try decode(scalar, as: Double.self) == expected)
    }

    @Test(arguments: [".5", "1.", "1e", "1.5.2"])
    func decimalNumbersNeedDigitsOnBothSidesOfThePoint(scalar: String) {
        expectOnlyDiagnostic(refusals(scalar, as: Double.self), at: 1, 8, "expected a number, found '\(scalar)'")
    }

    @Test(arguments: [".inf", "-.inf", ".nan", ".NaN"])
    func infinityAndNotANumberAreRefused(scalar: String) {
        expectOnlyDiagnostic(
            refusals(scalar, as: Double.self), at: 1, 8, "'\(scalar)' is not accepted",
            hint: "write a finite decimal number")
    }

    // MARK: Null and empty

    @Test(arguments: ["~", "null", ""])
    func nullOrNothingIsNilForOptionals(scalar: String) throws {
        #expect(try decode(scalar, as: String?.self) == nil)
        #expect(try decode(scalar, as: Int?.self) == nil)
        #expect(try decode(scalar, as: Bool?.self) == nil)
        #expect(try decode(scalar, as: CalendarDate?.self) == nil)
    }

    @Test func tildeIsRefusedForText() {
        expectOnlyDiagnostic(
            refusals("~", as: String.self), at: 1, 8, "expected text, found null ('~')",
            hint: "quote it (\"~\")")
    }

    @Test func nothingIsRefusedForText() {
        // An empty value starts right after "value:".
        expectOnlyDiagnostic(refusals("", as: String.self), at: 1, 7, "expected text, found nothing")
    }

    @Test func quotedTildeIsText() throws {
        #expect(try decode("\"~\"", as: String.self) == "~")
        #expect(try decode("\"~\"", as: String?.self) == "~")
        #expect(try decode("''", as: String.self) == "")
    }

    @Test func optionalsFollowTheRulesOfTheirValue() throws {
        #expect(try decode("45", as: Int?.self) == 45)
        expectOnlyDiagnostic(refusals("yes", as: Bool?.self), at: 1, 8, "'yes' is not a boolean here")
        expectOnlyDiagnostic(refusals("0755", as: Int?.self), at: 1, 8, "'0755' has a leading zero")
    }

    // MARK: Dates

    @Test(arguments: ["2024-11-30", "\"2024-11-30\"", "'2024-11-30'"])
    func isoDatePlainOrQuotedIsADate(scalar: String) throws {
        #expect(try decode(scalar, as: CalendarDate.self) == CalendarDate(year: 2024, month: 11, day: 30))
        #expect(try decode(scalar, as: CalendarDate?.self) == CalendarDate(year: 2024, month: 11, day: 30))
    }

    @Test func isoDateStaysTextForText() throws {
        #expect(try decode("2024-11-30", as: String.self) == "2024-11-30")
    }

    @Test func vietnameseStyleDateIsRefusedWithTheISOSpelling() {
        expectOnlyDiagnostic(
            refusals("\"30/11/2024\"", as: CalendarDate.self), at: 1, 8,
            "'30/11/2024' is not an ISO date", hint: "write dates as YYYY-MM-DD (2024-11-30)")
    }

    @Test func vietnameseStyleDateStaysTextForText() throws {
        #expect(try decode("\"30/11/2024\"", as: String.self) == "30/11/2024")
        #expect(try decode("30/11/2024", as: String.self) == "30/11/2024")
    }

    @Test func impossibleDateIsRefused() {
        expectOnlyDiagnostic(
            refusals("2024-02-30", as: CalendarDate.self), at: 1, 8,
            "'2024-02-30' is not a valid date: February 2024 has 29 days")
    }

    @Test func otherTextIsRefusedForDates() {
        expectOnlyDiagnostic(
            refusals("hôm nay", as: CalendarDate.self), at: 1, 8,
            "expected a date (YYYY-MM-DD), found 'hôm nay'")
        expectOnlyDiagnostic(
            refusals("[2024]", as: CalendarDate.self), at: 1, 8,
            "expected a date (YYYY-MM-DD), found a list")
    }
}

@Suite("Merge keys")
struct MergeKeyTests {
    private struct Person: Decodable {
        var name: String
        var age: Int
        var note: String?
    }

    private struct People: Decodable {
        var base: Person
        var lan: Person
        var hue: Person
    }

    @Test func mergeKeyCopiesTheEntriesAndExplicitKeysWin() throws {
        let yaml = """
            base: &base
              name: Mặc định
              age: 30
              note: từ mẫu
            lan:
              <<: *base
              age: 45
            hue:
              name: Huệ
              <<: *base
            """
        let people = try YAMLDecoder().decode(People.self, from: yaml, file: inlineFile)
        #expect(people.lan.name == "Mặc định")
        #expect(people.lan.age == 45)
        #expect(people.lan.note == "từ mẫu")
        // Explicit keys win wherever they are written, before or after '<<'.
        #expect(people.hue.name == "Huệ")
        #expect(people.hue.age == 30)
    }

    @Test func mergeKeyWithAListMergesInOrderEarlierFirst() throws {
        let yaml = "a: &a {name: A, age: 1}\nb: &b {name: B, note: từ B}\nc:\n  <<: [*a, *b]\n"
        let value = try YAMLDecoder().decode([String: [String: String]].self, from: yaml, file: inlineFile)
        #expect(value["c"] == ["name": "A", "age": "1", "note": "từ B"])
    }

    @Test func mergedEntriesKeepTheirOwnPositions() throws {
        let document = YAMLParser().parse("base: &b\n  age: 30\nlan:\n  <<: *b\n", file: inlineFile)
        let lan = try #require(document.rootMapping?["lan"])
        guard case .mapping(let mapping) = lan.content else {
            Issue.record("lan is not a mapping")
            return
        }
        #expect(mapping.entry("age")?.keyLocation == ThiDuaYAML.SourceLocation(file: inlineFile, line: 2, column: 3))
    }

    @Test func problemInAMergedValueIsReportedAtTheOriginal() {
        let yaml = "base: &b\n  name: Lan\n  age: ba mươi\nlan:\n  <<: *b\n  note: x\n"
        // 'base' and 'lan' both hold the bad age; it is one mistake, reported once.
        let diagnostics = failures(decoding: [String: Person].self, yaml)
        expectOnlyDiagnostic(diagnostics, at: 3, 8, "expected a whole number, found 'ba mươi'")
    }

    @Test func problemInAValueRepeatedByAliasesIsReportedOnce() {
        struct Lists: Decodable {
            var a: [Int]
            var b: [[Int]]
        }
        let diagnostics = failures(decoding: Lists.self, "a: &a [1, x]\nb: [*a, *a, *a]\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 11, "expected a whole number, found 'x'")
    }

    @Test func mergeKeyWithAScalarIsAnError() {
        let diagnostics = failures(decoding: [String: [String: String]].self, "lan:\n  name: Lan\n  <<: mẫu\n")
        expectOnlyDiagnostic(
            diagnostics, at: 3, 7, "'<<' (merge) needs a mapping or a list of mappings, found 'mẫu'",
            hint: "write '<<: *name'")
    }

    @Test func mergeKeyWithAListOfScalarsIsAnError() {
        let diagnostics = failures(decoding: [String: [String: String]].self, "lan:\n  <<: [a, b]\n")
        #expect(diagnostics.count == 2)
        expectDiagnostic(diagnostics, at: 2, 8, "'<<' (merge) needs mappings, found 'a'")
        expectDiagnostic(diagnostics, at: 2, 11, "'<<' (merge) needs mappings, found 'b'")
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let yaml = "base: &b {name: A}\nlan:\n  \"<<\": *b\n"
        let document = YAMLParser().parse(yaml, file: inlineFile)
        #expect(document.diagnostics.isEmpty)
        guard case .mapping(let lan)? = document.rootMapping?["lan"]?.content else {
            Issue.record("lan is not a mapping")
            return
        }
        #expect(lan.entries.map(\.key) == ["<<"])
        #expect(lan["name"] == nil)

        let diagnostics = failures(decoding: [String: Person].self, "lan:\n  name: Lan\n  age: 3\n  '<<': x\n")
        expectOnlyDiagnostic(diagnostics, at: 4, 3, "unknown key '<<'")
    }
}
