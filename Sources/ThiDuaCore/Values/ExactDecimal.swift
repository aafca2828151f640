public import ThiDuaYAML

/// An exact decimal number with four decimal places: scores (`8.5`), coefficients (`1.5`),
/// percentages and money. No binary floating point is involved anywhere: the value is a whole
/// number of ten-thousandths in an `Int64`.
///
/// - Range: ±922 337 203 685 477.5807 (`Int64.max` ten-thousandths; `Int64.min` is never used, so
///   that negation cannot overflow).
/// - Overflow is checked: the operators `+`, `-`, `*` trap on overflow like Swift's integer
///   operators; the `adding`, `subtracting`, `multiplied` and `divided` methods throw
///   ``ExactDecimal/Overflow`` instead, for values that come from input.
/// - Rounding is explicit: `*` keeps four places rounding half away from zero (0.00005 → 0.0001,
///   -0.00005 → -0.0001, as Vietnamese accounting rounds); `multiplied(by:rounding:)`,
///   `divided(by:rounding:)` and `rounded(places:_:)` take any `FloatingPointRoundingRule`.
///
/// In YAML a decimal is a plain scalar: `100`, `8.5`, `-2`, `1_000.25`. Quoted numbers, more than
/// four decimal places, exponents (`1e3`), leading zeros (`0755`), `.inf`/`.nan` and a decimal
/// comma (`8,5`) are refused with a hint, like the other number rules.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible, YAMLScalarDecodable, Encodable {
    /// Decimal places kept.
    public static let scale = 4
    /// Ten-thousandths in one.
    public static let unitsPerOne: Int64 = 10_000

    /// The value in ten-thousandths: 8.5 is 85 000.
    public let units: Int64

    /// The largest value, 922 337 203 685 477.5807.
    public static let max = ExactDecimal(uncheckedUnits: Int64.max)
    /// The smallest value, -922 337 203 685 477.5807.
    public static let min = ExactDecimal(uncheckedUnits: -Int64.max)
    /// 0.
    public static let zero = ExactDecimal(uncheckedUnits: 0)
    /// 1.
    public static let one = ExactDecimal(uncheckedUnits: unitsPerOne)

    /// An arithmetic result does not fit.
    public struct Overflow: Error, Sendable, Hashable, CustomStringConvertible {
        /// The operation, as written (`a + b`).
        public var operation: String
        /// An overflow of `operation`.
        public init(_ operation: String) { self.operation = operation }
        /// `the result of … is out of range`.
        public var description: String { "the result of \(operation) is out of range" }
    }

    private init(uncheckedUnits units: Int64) {
        self.units = units
    }

    /// The value with `units` ten-thousandths; nil for `Int64.min`, which is outside the range.
    public init?(units: Int64) {
        guard units != Int64.min else { return nil }
        self.units = units
    }

    /// A whole number; nil when it is outside the range.
    public init?(exactly integer: Int) {
        let (units, overflow) = Int64(integer).multipliedReportingOverflow(by: Self.unitsPerOne)
        guard !overflow, units != Int64.min else { return nil }
        self.units = units
    }

    /// A whole number. Traps when it is outside the range (±922 337 203 685 477), like `Int64(_:)`.
    public init(_ integer: Int) {
        guard let value = ExactDecimal(exactly: integer) else {
            preconditionFailure("\(integer) is out of the range of ExactDecimal")
        }
        self = value
    }

    /// Parses `[-+]digits[.digits]` with `_` allowed between digits and at most four decimal
    /// places; nil when `text` is not such a number or is out of range.
    public init?(_ text: String) {
        guard let value = try? ExactDecimal.parse(text) else { return nil }
        self = value
    }

    // MARK: YAML

    /// Reads a plain decimal number (`8.5`, `-3`, `1000000`) with at most four decimal places.
    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        guard scalar.isPlain else {
            throw ScalarError("expected a number, found the quoted text \"\(scalar.value)\"", hint: "remove the quotes")
        }
        if scalar.isNull {
            throw ScalarError("expected a number, found \(scalar.value.isEmpty ? "nothing" : "null ('\(scalar.value)')")")
        }
        self = try ExactDecimal.parse(scalar.value)
    }

    /// 0, to go on collecting diagnostics.
    public static var yamlPlaceholder: ExactDecimal? { .zero }
    /// How messages name the expected value.
    public static var yamlExpectation: String { "a number" }

    /// Parses text with the YAML number rules (used for CSV fields too).
    public static func parse(_ text: String) throws(ScalarError) -> ExactDecimal {
        let bytes = Array(text.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var wholeDigits = 0
        var fractionDigits = 0
        var firstWholeDigit: UInt8 = 0
        var inFraction = false
        var previousWasDigit = false
        var overflow = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if inFraction {
                    fractionDigits += 1
                    if fractionDigits > scale {
                        throw ScalarError(
                            "'\(text)' has more than \(scale) decimal places",
                            hint: "ThiDua keeps numbers exact to \(scale) decimal places; round the value")
                    }
                    fraction = fraction * 10 + digit
                } else {
                    if wholeDigits == 0 { firstWholeDigit = byte }
                    wholeDigits += 1
                    let (times, o1) = whole.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times.addingReportingOverflow(digit)
                    overflow = overflow || o1 || o2
                    whole = next
                }
                previousWasDigit = true
            case UInt8(ascii: "_") where previousWasDigit && index + 1 < bytes.count:
                previousWasDigit = false
            case UInt8(ascii: ".") where !inFraction && wholeDigits > 0 && previousWasDigit:
                inFraction = true
                previousWasDigit = false
            default:
                throw problem(text)
            }
            index += 1
        }
        guard wholeDigits > 0, previousWasDigit else { throw problem(text) }
        if wholeDigits > 1, firstWholeDigit == UInt8(ascii: "0") {
            throw ScalarError(
                "'\(text)' has a leading zero",
                hint: "YAML 1.1 reads it as an octal number; write it without the leading zero")
        }
        for _ in fractionDigits..<scale { fraction *= 10 }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: unitsPerOne)
        let (units, o2) = scaled.addingReportingOverflow(fraction)
        if overflow || o1 || o2 {
            throw ScalarError(
                "'\(text)' is out of range", hint: "numbers must lie between \(ExactDecimal.min) and \(ExactDecimal.max)")
        }
        return ExactDecimal(uncheckedUnits: negative ? -units : units)
    }

    private static func problem(_ text: String) -> ScalarError {
        let lower = text.lowercased()
        if lower.hasSuffix(".inf") || lower == ".nan" {
            return ScalarError("'\(text)' is not accepted", hint: "write a finite decimal number")
        }
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            return ScalarError("'\(text)' is not a decimal number", hint: "write the number in decimal")
        }
        if lower.contains("e"), lower.allSatisfy({ "0123456789.e+-_".contains($0) }) {
            return ScalarError("'\(text)' uses an exponent", hint: "write the number out in full, e.g. 1000 for 1e3")
        }
        if text.contains(","), text.allSatisfy({ "0123456789,.-+".contains($0) }) {
            let dotted =
                text.contains(".")
                ? text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                : text.replacingOccurrences(of: ",", with: ".")
            return ScalarError("'\(text)' uses a decimal comma", hint: "write \(dotted): the decimal separator is '.'")
        }
        if text.hasSuffix("%") {
            return ScalarError("expected a number, found the percentage '\(text)'", hint: "write the number without '%'")
        }
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return ScalarError("expected a number, found '\(shown)'")
    }

    // MARK: Arithmetic

    /// The sum, or ``Overflow`` when it does not fit.
    public func adding(_ other: ExactDecimal) throws(Overflow) -> ExactDecimal {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        guard !overflow, sum != Int64.min else { throw Overflow("\(self) + \(other)") }
        return ExactDecimal(uncheckedUnits: sum)
    }

    /// The difference, or ``Overflow`` when it does not fit.
    public func subtracting(_ other: ExactDecimal) throws(Overflow) -> ExactDecimal {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        guard !overflow, difference != Int64.min else { throw Overflow("\(self) - \(other)") }
        return ExactDecimal(uncheckedUnits: difference)
    }

    /// The product, rounded to four decimal places by `rule` (default: half away from zero).
    public func multiplied(by other: ExactDecimal, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero)
        throws(Overflow) -> ExactDecimal
    {
        let negative = (units < 0) != (other.units < 0)
        let product = units.magnitude.multipliedFullWidth(by: other.units.magnitude)
        guard
            let magnitude = ExactDecimal.divide(
                high: product.high, low: product.low, by: UInt64(Self.unitsPerOne),
                negative: negative, rule: rule),
            let result = ExactDecimal.signed(magnitude, negative: negative)
        else {
            throw Overflow("\(self) × \(other)")
        }
        return result
    }

    /// The product with a whole number (exact).
    public func multiplied(by integer: Int) throws(Overflow) -> ExactDecimal {
        let (product, overflow) = units.multipliedReportingOverflow(by: Int64(integer))
        guard !overflow, product != Int64.min else { throw Overflow("\(self) × \(integer)") }
        return ExactDecimal(uncheckedUnits: product)
    }

    /// The quotient by a whole number (an average, a share), rounded to four places by `rule`.
    /// Dividing by zero throws.
    public func divided(by divisor: Int, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero)
        throws(Overflow) -> ExactDecimal
    {
        guard divisor != 0 else { throw Overflow("\(self) ÷ 0") }
        let negative = (units < 0) != (divisor < 0)
        guard
            let magnitude = ExactDecimal.divide(
                high: 0, low: units.magnitude, by: UInt64(Int64(divisor).magnitude),
                negative: negative, rule: rule),
            let result = ExactDecimal.signed(magnitude, negative: negative)
        else {
            throw Overflow("\(self) ÷ \(divisor)")
        }
        return result
    }

    /// The quotient by another decimal, rounded to four places by `rule`. Dividing by zero throws.
    public func divided(by divisor: ExactDecimal, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero)
        throws(Overflow) -> ExactDecimal
    {
        guard divisor.units != 0 else { throw Overflow("\(self) ÷ 0") }
        let negative = (units < 0) != (divisor.units < 0)
        // (a / 10⁴) / (b / 10⁴) = a·10⁴ / b, kept in ten-thousandths.
        let numerator = units.magnitude.multipliedFullWidth(by: UInt64(Self.unitsPerOne))
        guard
            let magnitude = ExactDecimal.divide(
                high: numerator.high, low: numerator.low, by: divisor.units.magnitude,
                negative: negative, rule: rule),
            let result = ExactDecimal.signed(magnitude, negative: negative)
        else {
            throw Overflow("\(self) ÷ \(divisor)")
        }
        return result
    }

    /// Whole-number division: how many times `divisor` fits in the value (rounded toward zero)
    /// and what is left, with `self == quotient × divisor + remainder`.
    public func quotientAndRemainder(dividingBy divisor: ExactDecimal) throws(Overflow) -> (
        quotient: Int64, remainder: ExactDecimal
    ) {
        guard divisor.units != 0 else { throw Overflow("\(self) ÷ 0") }
        let (quotient, remainder) = units.quotientAndRemainder(dividingBy: divisor.units)
        return (quotient, ExactDecimal(uncheckedUnits: remainder))
    }

    /// The value rounded to `places` decimal places (0…4): `rounded(places: 0)` for whole đồng.
    public func rounded(places: Int, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> ExactDecimal {
        let places = Swift.max(0, Swift.min(Self.scale, places))
        var step: UInt64 = 1
        for _ in places..<Self.scale { step *= 10 }
        let negative = units < 0
        guard let magnitude = ExactDecimal.divide(high: 0, low: units.magnitude, by: step, negative: negative, rule: rule) else {
            return self
        }
        let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: step)
        guard !overflow, let result = ExactDecimal.signed(scaled, negative: negative) else { return self }
        return result
    }

    /// `(high:low) / divisor` rounded by `rule` for a result of sign `negative`; nil when it does not fit in 64 bits.
    private static func divide(high: UInt64, low: UInt64, by divisor: UInt64, negative: Bool, rule: FloatingPointRoundingRule)
        -> UInt64?
    {
        guard divisor != 0, high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth((high, low))
        guard remainder != 0 else { return quotient }
        let roundAway: Bool
        // Compare the remainder with half the divisor without overflow: 2r vs d.
        let twice = remainder.multipliedFullWidth(by: 2)
        let aboveHalf = twice.high > 0 || twice.low > divisor
        let exactlyHalf = twice.high == 0 && twice.low == divisor
        switch rule {
        case .towardZero: roundAway = false
        case .awayFromZero: roundAway = true
        case .up: roundAway = !negative
        case .down: roundAway = negative
        case .toNearestOrAwayFromZero: roundAway = aboveHalf || exactlyHalf
        case .toNearestOrEven: roundAway = aboveHalf || (exactlyHalf && quotient & 1 == 1)
        @unknown default: roundAway = aboveHalf || exactlyHalf
        }
        guard roundAway else { return quotient }
        let (rounded, overflow) = quotient.addingReportingOverflow(1)
        return overflow ? nil : rounded
    }

    private static func signed(_ magnitude: UInt64, negative: Bool) -> ExactDecimal? {
        guard magnitude <= UInt64(Int64.max) else { return nil }
        let value = Int64(magnitude)
        return ExactDecimal(uncheckedUnits: negative ? -value : value)
    }

    /// The sum; traps on overflow (use ``adding(_:)`` with values from input).
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        do { return try lhs.adding(rhs) } catch { preconditionFailure(error.description) }
    }

    /// The difference; traps on overflow (use ``subtracting(_:)`` with values from input).
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        do { return try lhs.subtracting(rhs) } catch { preconditionFailure(error.description) }
    }

    /// Rounds the product half away from zero to four places.
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        do { return try lhs.multiplied(by: rhs) } catch { preconditionFailure(error.description) }
    }

    /// The negation.
    public static prefix func - (value: ExactDecimal) -> ExactDecimal {
        ExactDecimal(uncheckedUnits: -value.units)
    }

    /// Adds in place; traps on overflow.
    public static func += (lhs: inout ExactDecimal, rhs: ExactDecimal) { lhs = lhs + rhs }
    /// Subtracts in place; traps on overflow.
    public static func -= (lhs: inout ExactDecimal, rhs: ExactDecimal) { lhs = lhs - rhs }

    /// Compares the values.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.units < rhs.units }

    /// Whether the value has no fractional part.
    public var isWhole: Bool { units % Self.unitsPerOne == 0 }

    // MARK: Text

    /// `8.5`, `100`, `-2`, `1000.25`: "." as decimal separator, no grouping, no trailing zeros.
    public var description: String {
        let (whole, fraction) = parts
        return (units < 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Vietnamese style: `8,5`, `1.000,25`, `-2`: "," as decimal separator and "." between
    /// groups of thousands.
    public var formatted: String {
        formatted(minimumFractionDigits: 0)
    }

    /// Vietnamese style with at least `minimumFractionDigits` decimal places (`2.340.000,00`).
    public func formatted(minimumFractionDigits: Int) -> String {
        let (whole, trimmed) = parts
        var fraction = trimmed
        while fraction.count < Swift.min(Self.scale, minimumFractionDigits) { fraction += "0" }
        let digits = Array(String(whole))
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += "." }
            grouped.append(digit)
        }
        return (units < 0 ? "-" : "") + grouped + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// The whole part's magnitude and the fraction's digits without trailing zeros.
    private var parts: (whole: UInt64, fraction: String) {
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.unitsPerOne)
        var fraction = magnitude % UInt64(Self.unitsPerOne)
        guard fraction != 0 else { return (whole, "") }
        var places = Self.scale
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        let text = String(fraction)
        return (whole, String(repeating: "0", count: places - text.count) + text)
    }

    /// Encoded as its ``description`` text, which keeps it exact in JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ExactDecimal: ExpressibleByIntegerLiteral {
    /// The whole number `value`.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard let character = target.first, target.count == 1 else { return self }
        return replacingOccurrences(of: character, with: replacement)
    }
}
