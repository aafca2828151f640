import Testing
import ThiDuaYAML

@Suite("All diagnostics of a file in one run")
struct AllDiagnosticsTests {
    @Test func reportsEveryDiagnosticOfAFileSortedByLine() throws {
        let path = try fixturePath("many-problems.yaml")
        let diagnostics = failures(decoding: Campaign.self, fromFile: path)
        let expected: [(line: Int, column: Int, message: String, hint: String?)] = [
            (3, 8, "'tnh' is not one of: co_so, tinh, trung_uong", "did you mean 'tinh'?"),
            (5, 10, "'2024-02-30' is not a valid date: February 2024 has 29 days", nil),
            (10, 12, "expected a number, found 'cao'", nil),
            (11, 12, "'0755' has a leading zero", "octal"),
            (12, 13, "'yes' is not a boolean here", "write true"),
            (14, 5, "unknown key 'nme'", "did you mean 'name'?"),
            (18, 5, "missing required key 'name'", "add 'name:'"),
            (23, 15, "expected a number, found a list", nil),
            (25, 1, "unknown key 'critera'", "did you mean 'criteria'?"),
        ]
        #expect(
            diagnostics.count == expected.count,
            "got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        for (diagnostic, expectation) in zip(diagnostics, expected) {
            #expect(
                matches(
                    diagnostic, file: path, line: expectation.line, column: expectation.column,
                    message: expectation.message, hint: expectation.hint),
                "\(diagnostic) does not match \(expectation)")
        }
        #expect(diagnostics.map(\.location) == diagnostics.map(\.location).sorted())
    }

    @Test func failedDecodingCarriesEveryDiagnosticInTheError() throws {
        let path = try fixturePath("many-problems.yaml")
        do {
            _ = try YAMLDecoder().decode(Campaign.self, fromFile: path)
            Issue.record("decoding succeeded")
        } catch {
            #expect(error.errors.count == 9)
            #expect(error.description.split(separator: "\n").count == 9)
            #expect(error.description.hasPrefix("\(path):3:8: error: 'tnh' is not one of"))
        }
    }

    @Test func resultOfAFailedDecodingHasNoValue() throws {
        let path = try fixturePath("many-problems.yaml")
        let result = YAMLDecoder().decode(Campaign.self, from: YAMLParser().parse(file: path))
        #expect(result.value == nil)
        #expect(result.diagnostics.hasErrors)
    }
}
