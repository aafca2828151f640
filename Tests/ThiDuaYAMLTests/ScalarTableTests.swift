import Testing
import ThiDuaYAML

// The table "Scalar rules" of docs/configuration.md, row by row: what a scalar becomes in a text,
// true/false, whole-number, decimal-number, date and optional-text field. Keep the two in step.

/// What one cell of the table says.
enum Cell<Value: Equatable & Sendable>: Sendable {
    /// The value, as shown in the table.
    case value(Value)
    /// Refused; the diagnostic (message and hint) contains this text.
    case refused(String)
}

struct ScalarRow: Sendable, CustomTestStringConvertible {
    var written: String
    var text: Cell<String>
    var bool: Cell<Bool>
    var int: Cell<Int>
    var double: Cell<Double>
    var date: Cell<CalendarDate>
    var optionalText: Cell<String?>

    var testDescription: String { written.isEmpty ? "(nothing)" : written }
}

private let notWhole = Cell<Int>.refused("expected a whole number")
private let notDecimal = Cell<Double>.refused("expected a number")
private let notBool = Cell<Bool>.refused("expected true or false")
private let notDate = Cell<CalendarDate>.refused("expected a date (YYYY-MM-DD)")

private func date(_ year: Int, _ month: Int, _ day: Int) -> Cell<CalendarDate> {
    CalendarDate(year: year, month: month, day: day).map { .value($0) } ?? .refused("(no such date in the table)")
}

/// A scalar that is text in text fields and in optional text fields.
private func row(
    _ written: String, text: String? = nil, bool: Cell<Bool> = notBool, int: Cell<Int> = notWhole,
    double: Cell<Double> = notDecimal, date: Cell<CalendarDate> = notDate
) -> ScalarRow {
    let shown = text ?? written
    return ScalarRow(
        written: written, text: .value(shown), bool: bool, int: int, double: double, date: date,
        optionalText: .value(shown))
}

let scalarTable: [ScalarRow] =
    [
        // true / false
        row("true", bool: .value(true)), row("True", bool: .value(true)), row("TRUE", bool: .value(true)),
        row("false", bool: .value(false)), row("False", bool: .value(false)), row("FALSE", bool: .value(false)),
        // YAML 1.1 words
    ]
    + ["yes", "Yes", "YES", "on", "On", "ON", "y", "Y"].map {
        row($0, bool: .refused("is not a boolean here (write true; YAML 1.1 words like yes/no/on/off are not accepted)"))
    }
    + ["no", "No", "NO", "off", "Off", "OFF", "n", "N"].map {
        row($0, bool: .refused("is not a boolean here (write false; YAML 1.1 words like yes/no/on/off are not accepted)"))
    } + [
        row(
            "\"true\"", text: "true", bool: .refused("remove the quotes"), int: .refused("remove the quotes"),
            double: .refused("remove the quotes")),
        // Whole numbers
        row("45", int: .value(45), double: .value(45)),
        row("-5", int: .value(-5), double: .value(-5)),
        row("+5", int: .value(5), double: .value(5)),
        row("0", int: .value(0), double: .value(0)),
        row("1_000", int: .value(1000), double: .value(1000)),
        row("2_340_000", int: .value(2_340_000), double: .value(2_340_000)),
        row(
            "0755", int: .refused("has a leading zero (YAML 1.1 reads it as an octal number"),
            double: .refused("has a leading zero")),
        row("1__0"), row("_1"), row("1_"),
        row("0x1F", int: .refused("is not a decimal number")),
        row("0o17", int: .refused("is not a decimal number")),
        row("0b11", int: .refused("is not a decimal number")),
        row("99999999999999999999", int: .refused("is out of range"), double: .value(1e20)),
        row("\"45\"", text: "45", int: .refused("remove the quotes"), double: .refused("remove the quotes")),
        // Decimal numbers
        row("1.5", int: .refused("without a fractional part"), double: .value(1.5)),
        row("1e3", double: .value(1000)),
        row(".inf", double: .refused("is not accepted (write a finite decimal number")),
        row("-.inf", double: .refused("is not accepted (write a finite decimal number")),
        row(".nan", double: .refused("is not accepted (write a finite decimal number")),
        // Null and nothing
        ScalarRow(
            written: "~", text: .refused("expected text, found null ('~')"), bool: notBool, int: notWhole,
            double: notDecimal, date: notDate, optionalText: .value(nil)),
        ScalarRow(
            written: "null", text: .refused("expected text, found null ('null')"), bool: notBool, int: notWhole,
            double: notDecimal, date: notDate, optionalText: .value(nil)),
        ScalarRow(
            written: "Null", text: .refused("expected text, found null ('Null')"), bool: notBool, int: notWhole,
            double: notDecimal, date: notDate, optionalText: .value(nil)),
        ScalarRow(
            written: "NULL", text: .refused("expected text, found null ('NULL')"), bool: notBool, int: notWhole,
            double: notDecimal, date: notDate, optionalText: .value(nil)),
        ScalarRow(
            written: "", text: .refused("expected text, found nothing"), bool: notBool, int: notWhole,
            double: notDecimal, date: notDate, optionalText: .value(nil)),
        row("\"~\"", text: "~"),
        row("''", text: ""),
        // Dates
        row("2024-11-30", date: date(2024, 11, 30)),
        row(
            "\"2024-11-30\"", text: "2024-11-30", int: .refused("remove the quotes"), double: .refused("remove the quotes"),
            date: date(2024, 11, 30)),
        row("2024-02-29", date: date(2024, 2, 29)),
        row(
            "\"30/11/2024\"", text: "30/11/2024", int: .refused("remove the quotes"), double: .refused("remove the quotes"),
            date: .refused("is not an ISO date (write dates as YYYY-MM-DD (2024-11-30)")),
        row("2024-02-30", date: .refused("is not a valid date: February 2024 has 29 days")),
        row("2023-02-29", date: .refused("is not a valid date: February 2023 has 28 days")),
        row("2024-13-01", date: .refused("is not a valid date: there is no month 13")),
        // Tags
        row("!!str 123", text: "123", int: .refused("remove the quotes"), double: .refused("remove the quotes")),
    ]

private struct Field<Value: Decodable>: Decodable {
    var value: Value
}

/// Checks one cell: "value: <written>" decoded as `Value` gives the value, or one error at the value.
private func check<Value: Decodable & Equatable & Sendable>(
    _ cell: Cell<Value>, _ written: String, as type: Value.Type,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let yaml = "value: \(written)\n"
    switch cell {
    case .value(let expected):
        do {
            let decoded = try YAMLDecoder().decode(Field<Value>.self, from: yaml, file: inlineFile).value
            #expect(decoded == expected, "\(written) as \(Value.self)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(written) as \(Value.self) was refused: \(error)", sourceLocation: sourceLocation)
        }
    case .refused(let fragment):
        let diagnostics = failures(decoding: Field<Value>.self, yaml, sourceLocation: sourceLocation)
        // An empty value starts right after "value:".
        let column = written.isEmpty ? 7 : 8
        #expect(diagnostics.count == 1, "\(written) as \(Value.self): \(diagnostics)", sourceLocation: sourceLocation)
        #expect(
            diagnostics.first?.location == ThiDuaYAML.SourceLocation(file: inlineFile, line: 1, column: column),
            "\(written) as \(Value.self)", sourceLocation: sourceLocation)
        #expect(
            diagnostics.first?.description.contains(fragment) == true,
            "\(written) as \(Value.self): \(diagnostics.map(\.description)) should contain \"\(fragment)\"",
            sourceLocation: sourceLocation)
    }
}

@Suite("The scalar rules table of docs/configuration.md")
struct ScalarTableTests {
    @Test(arguments: scalarTable)
    func scalarBecomesWhatTheTableSaysInEveryKindOfField(row: ScalarRow) {
        check(row.text, row.written, as: String.self)
        check(row.bool, row.written, as: Bool.self)
        check(row.int, row.written, as: Int.self)
        check(row.double, row.written, as: Double.self)
        check(row.date, row.written, as: CalendarDate.self)
        check(row.optionalText, row.written, as: String?.self)
    }
}
