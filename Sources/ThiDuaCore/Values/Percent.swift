public import ThiDuaYAML

/// A percentage, kept exact as an ``ExactDecimal`` number of percent (70.5 % is 70.5).
///
/// In YAML a percentage is a plain scalar with a percent sign: `100%`, `70 %`, `70.5%`. A bare
/// number (`70`, `0.7`) is refused with a hint, because it is ambiguous. A percentage may be any
/// value (a growth of 120 %); where it is a threshold (a share of tasks, of members) values outside
/// 0–100 % are refused with ``validatedAsThreshold()`` at the place they are written.
public struct Percent: Hashable, Comparable, Sendable, CustomStringConvertible, YAMLScalarDecodable, Encodable {
    /// The number of percent: 70.5 for 70.5 %.
    public let value: ExactDecimal

    /// A percentage of `value` (`70` is 70 %).
    public init(_ value: ExactDecimal) {
        self.value = value
    }

    /// 0 %.
    public static let zero = Percent(.zero)
    /// 100 %.
    public static let hundred = Percent(ExactDecimal(100))

    /// The share `part / whole` in percent, rounded to four decimal places by `rule`; nil when
    /// `whole` is zero.
    public init?(part: Int, of whole: Int, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        guard whole != 0, let part = ExactDecimal(exactly: part),
            let share = try? part.multiplied(by: 100).divided(by: whole, rounding: rule)
        else { return nil }
        self.value = share
    }

    /// The value as a fraction of one (70.5 % → 0.705), rounded half away from zero to four places.
    public var fraction: ExactDecimal {
        (try? value.divided(by: 100)) ?? .zero
    }

    /// Whether `part` out of `whole` reaches this percentage, compared exactly
    /// (`part × 100 ≥ percent × whole`). False when `whole` is zero.
    public func isReached(by part: Int, of whole: Int) -> Bool {
        guard whole > 0 else { return false }
        // part × 100 × 10⁴ ≥ value.units × whole, in 128 bits.
        let left = Int64(part).multipliedFullWidth(by: 100 * ExactDecimal.unitsPerOne)
        let right = value.units.multipliedFullWidth(by: Int64(whole))
        return (left.high, left.low) >= (right.high, right.low)
    }

    /// Whether the value lies within 0–100 %.
    public var isWithinWholeRange: Bool {
        value >= .zero && value <= Percent.hundred.value
    }

    /// The value, or an error when it lies outside 0–100 % (for thresholds: "100 % of tasks",
    /// "70 % of members").
    public func validatedAsThreshold() throws(ScalarError) -> Percent {
        guard isWithinWholeRange else {
            throw ScalarError("\(self) is outside 0–100 %", hint: "a share cannot be below 0% or above 100%")
        }
        return self
    }

    // MARK: YAML

    /// Reads `70%`, `70.5%` or `70` (a plain number counts as a percentage).
    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        guard scalar.isPlain else {
            throw ScalarError("expected a percentage, found the quoted text \"\(scalar.value)\"", hint: "remove the quotes")
        }
        self = try Percent.parse(scalar.value)
    }

    /// 0 %, to go on collecting diagnostics.
    public static var yamlPlaceholder: Percent? { .zero }
    /// How messages name the expected value.
    public static var yamlExpectation: String { "a percentage (e.g. 70%)" }

    /// Parses `70%`, `70 %`, `70.5%` (also from CSV fields).
    public static func parse(_ text: String) throws(ScalarError) -> Percent {
        var body = Substring(text)
        while body.last == " " { body.removeLast() }
        guard body.hasSuffix("%") else {
            if text.isEmpty {
                throw ScalarError("expected a percentage, found nothing", hint: "write it with a percent sign, e.g. 70%")
            }
            if ExactDecimal(text) != nil {
                throw ScalarError(
                    "'\(text)' has no percent sign", hint: "write \(text)% (or the share as a percentage: 0.7 is 70%)")
            }
            throw ScalarError("expected a percentage, found '\(text)'", hint: "write it with a percent sign, e.g. 70%")
        }
        body.removeLast()
        while body.last == " " { body.removeLast() }
        do {
            return Percent(try ExactDecimal.parse(String(body)))
        } catch {
            throw ScalarError("'\(text)' is not a percentage: \(error.message)", hint: error.hint ?? "write e.g. 70% or 70.5%")
        }
    }

    /// Compares the values.
    public static func < (lhs: Percent, rhs: Percent) -> Bool { lhs.value < rhs.value }

    /// `70.5%`.
    public var description: String { value.description + "%" }

    /// Vietnamese style: `70,5%`.
    public var formatted: String { value.formatted + "%" }

    /// Encoded as its ``description`` text (`"70.5%"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
