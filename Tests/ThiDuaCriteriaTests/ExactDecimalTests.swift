import Testing
import ThiDuaCore

@Suite struct ExactDecimalTests {
    struct Holder: Decodable {
        var value: ExactDecimal
    }

    struct PercentHolder: Decodable {
        var value: Percent
    }

    @Test(arguments: [
        ("100", Int64(1_000_000)), ("8.5", 85_000), ("-2", -20_000), ("1_000.25", 10_002_500), ("0.0001", 1), ("+3", 30_000),
        ("0", 0), ("0.5", 5_000),
    ])
    func parsesPlainNumbers(text: String, units: Int64) throws {
        let holder = try YAMLDecoder().decode(Holder.self, from: "value: \(text)", file: "d.yaml")
        #expect(holder.value.units == units)
    }

    @Test(arguments: [
        ("\"8.5\"", "expected a number, found the quoted text \"8.5\""),
        ("1.23456", "'1.23456' has more than 4 decimal places"),
        ("1e3", "'1e3' uses an exponent"),
        ("0755", "'0755' has a leading zero"),
        (".inf", "'.inf' is not accepted"),
        ("8,5", "'8,5' uses a decimal comma"),
        ("70%", "expected a number, found the percentage '70%'"),
        ("abc", "expected a number, found 'abc'"),
        ("99999999999999999", "'99999999999999999' is out of range"),
        ("1.", "expected a number, found '1.'"),
        ("1__0", "expected a number, found '1__0'"),
    ])
    func refusesWithAMessageAtThePosition(text: String, message: String) {
        let diagnostics = decodingDiagnostics(Holder.self, "value: \(text)", file: "d.yaml")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.location.description == "d.yaml:1:8")
    }

    @Test func arithmeticIsExactAndRoundsHalfAwayFromZero() throws {
        let a = try ExactDecimal.parse("0.1")
        let b = try ExactDecimal.parse("0.2")
        #expect(a + b == (try ExactDecimal.parse("0.3")))
        #expect((b - a).description == "0.1")
        // 0.0015 × 0.5 = 0.00075 → 0.0008 (half away from zero); negative likewise.
        #expect((try ExactDecimal.parse("0.0015") * ExactDecimal.parse("0.5")).description == "0.0008")
        #expect((try ExactDecimal.parse("-0.0015") * ExactDecimal.parse("0.5")).description == "-0.0008")
        #expect(
            try ExactDecimal.parse("0.0015").multiplied(by: ExactDecimal.parse("0.5"), rounding: .towardZero).description
                == "0.0007")
        #expect(
            try ExactDecimal.parse("0.0025").multiplied(by: ExactDecimal.parse("0.5"), rounding: .toNearestOrEven).description
                == "0.0012")
        #expect(try ExactDecimal(10).divided(by: 3).description == "3.3333")
        #expect(try ExactDecimal(20).divided(by: 3).description == "6.6667")
        #expect(try ExactDecimal(-20).divided(by: 3, rounding: .down).description == "-6.6667")
        #expect(try ExactDecimal(1).divided(by: ExactDecimal.parse("0.3")).description == "3.3333")
        let (quotient, remainder) = try ExactDecimal(10).quotientAndRemainder(dividingBy: ExactDecimal.parse("3"))
        #expect(quotient == 3 && remainder == ExactDecimal(1))
        #expect(try ExactDecimal.parse("2340000.5").rounded(places: 0).description == "2340001")
        #expect(try ExactDecimal.parse("2.345").rounded(places: 2, .toNearestOrEven).description == "2.34")
        #expect(try ExactDecimal(3).multiplied(by: 4).description == "12")
    }

    @Test func overflowIsReported() {
        #expect(throws: ExactDecimal.Overflow.self) { try ExactDecimal.max.adding(.one) }
        #expect(throws: ExactDecimal.Overflow.self) { try ExactDecimal.min.subtracting(.one) }
        #expect(throws: ExactDecimal.Overflow.self) { try ExactDecimal.max.multiplied(by: ExactDecimal(2)) }
        #expect(throws: ExactDecimal.Overflow.self) { try ExactDecimal.one.divided(by: 0) }
        #expect(throws: ExactDecimal.Overflow.self) { try ExactDecimal.one.divided(by: ExactDecimal.zero) }
        #expect(ExactDecimal(units: Int64.min) == nil)
        #expect(ExactDecimal(exactly: Int.max) == nil)
        // A large product whose intermediate value exceeds 64 bits but whose result fits.
        #expect((try? ExactDecimal(100_000_000).multiplied(by: ExactDecimal(1_000_000)))?.description == "100000000000000")
    }

    @Test func formatsInEnglishAndVietnamese() throws {
        let value = try ExactDecimal.parse("1234567.25")
        #expect(value.description == "1234567.25")
        #expect(value.formatted == "1.234.567,25")
        #expect(ExactDecimal(2_340_000).formatted(minimumFractionDigits: 2) == "2.340.000,00")
        #expect((-ExactDecimal(1500)).formatted == "-1.500")
        #expect(try ExactDecimal.parse("0.05").formatted == "0,05")
        #expect(ExactDecimal(100).description == "100")
        #expect(try ExactDecimal.parse("8.50").description == "8.5")
    }

    @Test func comparesAndSorts() throws {
        let values = try ["8.5", "-2", "100", "8.49"].map(ExactDecimal.parse)
        #expect(values.sorted().map(\.description) == ["-2", "8.49", "8.5", "100"])
    }

    @Test(arguments: [("100%", "100%"), ("70 %", "70%"), ("70.5%", "70.5%"), ("0%", "0%"), ("120%", "120%")])
    func parsesPercentages(text: String, shown: String) throws {
        let holder = try YAMLDecoder().decode(PercentHolder.self, from: "value: \(text)", file: "p.yaml")
        #expect(holder.value.description == shown)
    }

    @Test func refusesPercentagesWithoutASign() {
        let diagnostics = decodingDiagnostics(PercentHolder.self, "value: 70", file: "p.yaml")
        #expect(
            diagnostics.lines == [
                "p.yaml:1:8: error: '70' has no percent sign (write 70% (or the share as a percentage: 0.7 is 70%))"
            ])
        let quoted = decodingDiagnostics(PercentHolder.self, "value: \"70%\"", file: "p.yaml")
        #expect(quoted.first?.message == "expected a percentage, found the quoted text \"70%\"")
        let bad = decodingDiagnostics(PercentHolder.self, "value: abc%", file: "p.yaml")
        #expect(bad.first?.message == "'abc%' is not a percentage: expected a number, found 'abc'")
    }

    @Test func comparesSharesExactly() throws {
        let seventy = Percent(ExactDecimal(70))
        #expect(seventy.isReached(by: 7, of: 10))
        #expect(!seventy.isReached(by: 6, of: 10))
        #expect(seventy.isReached(by: 70, of: 100))
        #expect(!seventy.isReached(by: 699, of: 1000))
        let twoThirds = try #require(Percent(part: 2, of: 3))
        #expect(twoThirds.description == "66.6667%")
        #expect(twoThirds.formatted == "66,6667%")
        #expect(Percent(try ExactDecimal.parse("70.5")).fraction.description == "0.705")
        #expect(!seventy.isReached(by: 0, of: 0))
        #expect(throws: ScalarError.self) { try Percent(ExactDecimal(101)).validatedAsThreshold() }
        #expect(throws: ScalarError.self) { try Percent(ExactDecimal(-1)).validatedAsThreshold() }
    }
}
