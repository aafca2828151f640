/// What a scalar was written as could not become the value asked for.
public struct ScalarError: Error, Sendable, Hashable {
    /// What is wrong, in one sentence ("'yes' is not a boolean here").
    public var message: String
    /// What to write instead.
    public var hint: String?

    /// A refusal saying `message`, with `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// A type read from one YAML scalar with its own rules (dates, money, coefficients, identifiers).
///
/// The decoder hands such types the scalar as written, including its quoting, so that they can
/// apply the rules in docs/configuration.md and explain a refusal. Their `Decodable` conformance
/// for other decoders (JSON, …) comes for free: it decodes a `String` and calls ``init(yamlScalar:)``.
public protocol YAMLScalarDecodable: Decodable {
    /// Creates the value from a scalar, or explains why it cannot.
    init(yamlScalar scalar: YAMLScalar) throws(ScalarError)
    /// A stand-in used only to go on collecting diagnostics after this value failed; never returned
    /// to callers. `nil` (the default) makes the enclosing value fail instead.
    static var yamlPlaceholder: Self? { get }
    /// How messages name the expected value ("a date (YYYY-MM-DD)").
    static var yamlExpectation: String { get }
}

extension YAMLScalarDecodable {
    /// No stand-in: a failed value makes the enclosing value fail.
    public static var yamlPlaceholder: Self? { nil }
    /// "a value".
    public static var yamlExpectation: String { "a value" }

    /// Decodes from the YAML decoder's scalar, or from a `String` with other decoders.
    public init(from decoder: any Decoder) throws {
        if let nodeDecoder = decoder as? NodeDecoder {
            self = try nodeDecoder.decodeScalarValue(Self.self)
            return
        }
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self(yamlScalar: YAMLScalar(text))
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }
}

/// The scalar rules of ThiDua configuration (see docs/configuration.md, "Scalar rules").
///
/// ThiDua reads YAML 1.1 with libyaml but decides a scalar's meaning by the type the
/// configuration expects there, never by guessing: `no` is the text "no" in a name field and an
/// error in a true/false field; `0755` is the text "0755" in a code field and an error in a number
/// field.
public enum ScalarRules {
    /// `true`/`false` (also `True`, `TRUE`, `False`, `FALSE`), unquoted.
    public static func bool(_ scalar: YAMLScalar) throws(ScalarError) -> Bool {
        switch scalar.value {
        case "true", "True", "TRUE":
            if scalar.isPlain { return true }
        case "false", "False", "FALSE":
            if scalar.isPlain { return false }
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
            throw ScalarError(
                "'\(scalar.value)' is not a boolean here",
                hint: "write true; YAML 1.1 words like yes/no/on/off are not accepted")
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N":
            throw ScalarError(
                "'\(scalar.value)' is not a boolean here",
                hint: "write false; YAML 1.1 words like yes/no/on/off are not accepted")
        default:
            break
        }
        if !scalar.isPlain, ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.value) {
            throw ScalarError("expected true or false, found the quoted text \"\(scalar.value)\"", hint: "remove the quotes")
        }
        throw ScalarError("expected true or false, found \(describe(scalar))")
    }

    /// A whole number in decimal: optional sign, digits, `_` allowed between digits (`2_340_000`).
    /// Leading zeros (`0755`, which YAML 1.1 reads as octal), `0x`/`0o`/`0b` forms, exponents and
    /// quoted numbers are refused with a hint.
    public static func integer<T: FixedWidthInteger>(_ scalar: YAMLScalar, as type: T.Type = T.self) throws(ScalarError) -> T {
        guard scalar.isPlain else {
            throw ScalarError("expected a whole number, found the quoted text \"\(scalar.value)\"", hint: "remove the quotes")
        }
        let utf8 = scalar.value.utf8
        var index = utf8.startIndex
        var negative = false
        if index != utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
            negative = utf8[index] == UInt8(ascii: "-")
            index = utf8.index(after: index)
        }
        let digitsStart = index
        var value: T = 0
        var previousWasDigit = false
        var digitCount = 0
        var overflow = false
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                let digit = T(byte - UInt8(ascii: "0"))
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                value = next
                previousWasDigit = true
                digitCount += 1
            } else if byte == UInt8(ascii: "_"), previousWasDigit {
                previousWasDigit = false
            } else {
                throw integerProblem(scalar)
            }
            index = utf8.index(after: index)
        }
        guard digitCount > 0, previousWasDigit else { throw integerProblem(scalar) }
        if digitCount > 1, utf8[digitsStart] == UInt8(ascii: "0") {
            throw ScalarError(
                "'\(scalar.value)' has a leading zero",
                hint: "YAML 1.1 reads it as an octal number; write it without the leading zero, or quote it if it is a code")
        }
        if overflow {
            throw ScalarError("'\(scalar.value)' is out of range", hint: "the number must lie between \(T.min) and \(T.max)")
        }
        return value
    }

    private static func integerProblem(_ scalar: YAMLScalar) -> ScalarError {
        let text = scalar.value
        let lower = text.lowercased()
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            return ScalarError("'\(text)' is not a decimal number", hint: "write the number in decimal")
        }
        if isDecimalNumber(text) {
            if text.contains("e") || text.contains("E") {
                return ScalarError(
                    "expected a whole number, found '\(text)'", hint: "write the number in full, without an exponent")
            }
            return ScalarError("expected a whole number, found '\(text)'", hint: "write it without a fractional part")
        }
        return ScalarError("expected a whole number, found \(describe(scalar))")
    }

    /// A decimal number for measurements such as scores (`8.5`, `-3`, `1_000.25`, `1e3`).
    /// `.inf`, `.nan`, hexadecimal and quoted numbers are refused.
    public static func double(_ scalar: YAMLScalar) throws(ScalarError) -> Double {
        guard scalar.isPlain else {
            throw ScalarError("expected a number, found the quoted text \"\(scalar.value)\"", hint: "remove the quotes")
        }
        guard isDecimalNumber(scalar.value) else {
            let lower = scalar.value.lowercased()
            if lower.hasSuffix(".inf") || lower == ".nan" {
                throw ScalarError("'\(scalar.value)' is not accepted", hint: "write a finite decimal number")
            }
            throw ScalarError("expected a number, found \(describe(scalar))")
        }
        let digits = scalar.value.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        if digits.count > 1, digits.first == UInt8(ascii: "0"),
            !digits.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        {
            // The same rule as for whole numbers: YAML 1.1 reads 0755 as octal 493.
            throw ScalarError(
                "'\(scalar.value)' has a leading zero",
                hint: "YAML 1.1 reads it as an octal number; write it without the leading zero")
        }
        let cleaned = scalar.value.contains("_") ? scalar.value.replacingUnderscores() : scalar.value
        guard let value = Double(cleaned), value.isFinite else {
            throw ScalarError("'\(scalar.value)' is out of range")
        }
        return value
    }

    /// Whether `text` is `[-+]?digits[.digits][(e|E)[-+]?digits]` with `_` between digits.
    static func isDecimalNumber(_ text: String) -> Bool {
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard offset == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent, sawDigit else { return false }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !sawExponent, sawDigit else { return false }
                sawExponent = true
            case UInt8(ascii: "_"):
                guard previous >= UInt8(ascii: "0"), previous <= UInt8(ascii: "9") else { return false }
            default:
                return false
            }
            previous = byte
        }
        return sawDigit && previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9")
    }

    /// The scalar as a message shows it.
    static func describe(_ scalar: YAMLScalar) -> String {
        if scalar.isNull { return scalar.value.isEmpty ? "nothing" : "null ('\(scalar.value)')" }
        let shown = scalar.value.count > 40 ? String(scalar.value.prefix(40)) + "…" : scalar.value
        return scalar.isPlain ? "'\(shown)'" : "\"\(shown)\""
    }
}

extension String {
    func replacingUnderscores() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "_" }))
    }
}
