import Testing
import ThiDuaCore

@Suite("SemanticVersion and VersionRange")
struct VersionTests {
    // MARK: SemanticVersion

    @Test(
        "1, 1.2 and 1.2.3 parse, missing parts are 0",
        arguments: [
            ("1", SemanticVersion(1, 0, 0)), ("1.2", SemanticVersion(1, 2, 0)), ("1.2.3", SemanticVersion(1, 2, 3)),
            ("0.0.0", SemanticVersion(0, 0, 0)), ("10.20.30", SemanticVersion(10, 20, 30)),
        ])
    func parsesVersions(text: String, expected: SemanticVersion) {
        #expect(SemanticVersion(text) == expected)
    }

    @Test(
        "texts that are not versions give nil",
        arguments: [
            "", "1.", ".1", "1..2", "1.2.3.4", "a", "1.2.x", "v1.2", "1.2.3-beta", " 1", "1 ", "-1", "+1", "1.+2",
            "١.٢", "99999999999999999999", "9223372036854775807",
        ])
    func rejectsInvalidVersions(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test("versions compare numerically part by part")
    func versionsCompareNumerically() {
        #expect(SemanticVersion(1, 2, 3) < SemanticVersion(1, 10, 0))
        #expect(SemanticVersion(1, 9, 9) < SemanticVersion(2, 0, 0))
        #expect(SemanticVersion(1, 2, 3) < SemanticVersion(1, 2, 4))
        #expect(!(SemanticVersion(1, 2, 3) < SemanticVersion(1, 2, 3)))
    }

    @Test("description prints all three parts; literals parse like text")
    func descriptionAndLiteral() {
        #expect(SemanticVersion(1, 2, 0).description == "1.2.0")
        let literal: SemanticVersion = "2.1"
        #expect(literal == SemanticVersion(2, 1, 0))
    }

    // MARK: VersionRange

    struct Case: Sendable, CustomTestStringConvertible {
        var range: String
        var inside: [SemanticVersion]
        var outside: [SemanticVersion]
        var testDescription: String { range }
    }

    @Test(
        "contains accepts exactly the versions of each form",
        arguments: [
            Case(range: "^1.2", inside: ["1.2.0", "1.2.9", "1.9.9"], outside: ["1.1.9", "2.0.0", "0.9.0"]),
            Case(range: "~1.2", inside: ["1.2.0", "1.2.9"], outside: ["1.3.0", "1.1.9", "2.2.0"]),
            Case(range: ">=1.0 <2.0", inside: ["1.0.0", "1.99.0"], outside: ["0.9.9", "2.0.0", "2.0.1"]),
            Case(range: "=1.2.3", inside: ["1.2.3"], outside: ["1.2.2", "1.2.4", "1.3.0"]),
            Case(range: "1.2.3", inside: ["1.2.3"], outside: ["1.2.2", "1.2.4"]),
            Case(range: "*", inside: ["0.0.0", "1.2.3", "99.0.0"], outside: []),
            Case(range: "^0.3", inside: ["0.3.0", "0.3.9"], outside: ["0.4.0", "0.2.9", "1.0.0"]),
            Case(range: ">1.2", inside: ["1.2.1", "5.0.0"], outside: ["1.2.0", "1.1.0"]),
            Case(range: "<=1.2", inside: ["1.2.0", "0.1.0"], outside: ["1.2.1", "2.0.0"]),
            Case(range: "^2.0.0", inside: ["2.0.0", "2.5.1"], outside: ["1.4.0", "3.0.0"]),
        ])
    func rangeContains(test: Case) throws {
        let range = try #require(VersionRange(test.range))
        for version in test.inside { #expect(range.contains(version), "\(test.range) should contain \(version)") }
        for version in test.outside { #expect(!range.contains(version), "\(test.range) should not contain \(version)") }
        #expect(range.description == test.range)
    }

    @Test("bounds: ^ is up to the next major (next minor below 1.0), ~ up to the next minor")
    func rangeBounds() throws {
        let caret = try #require(VersionRange("^1.2"))
        #expect(caret.lower == SemanticVersion(1, 2, 0))
        #expect(caret.upper == SemanticVersion(2, 0, 0))
        let caretZero = try #require(VersionRange("^0.3"))
        #expect(caretZero.upper == SemanticVersion(0, 4, 0))
        let tilde = try #require(VersionRange("~1.2"))
        #expect(tilde.upper == SemanticVersion(1, 3, 0))
        let any = try #require(VersionRange("*"))
        #expect(any.lower == nil && any.upper == nil)
        #expect(VersionRange.upToNextMajor(from: SemanticVersion(1, 4, 0)).text == "^1.4.0")
        #expect(VersionRange.upToNextMajor(from: SemanticVersion(1, 4, 0)).contains(SemanticVersion(1, 99, 0)))
        #expect(VersionRange.any.contains(SemanticVersion(0, 0, 1)))
    }

    @Test(
        "texts that are not ranges give nil",
        arguments: [
            "", "   ", "abc", "^", "~", ">=", "<", "=", "^x.y", "1.2.3.4", ">=1.0 <", "=>1.0", "^+1", "1 || 2",
            "^1.2-beta", "^9223372036854775807",
        ])
    func rejectsInvalidRanges(text: String) {
        #expect(VersionRange(text) == nil)
    }
}
