import ThiDuaYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a workflow gets "now" from: passed in as a value, never read from a global.
///
/// Every `thidua` command that records time (dossiers, campaign launch, council, decisions,
/// notifications) uses ``system`` unless the environment variable `THIDUA_NOW` holds an ISO 8601
/// instant with an offset (`2024-11-30T23:59:59+07:00`), for tests and demos
/// (``fromEnvironment(_:)``). Library code only ever sees the value it is given.
public struct WallClock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> Instant
    /// Set when the time is fixed by `THIDUA_NOW` (shown as a warning, recorded in audit entries).
    public let override: Instant?

    /// A clock reading `now`; `override` is set when the time is fixed (see ``fixed(_:)``).
    public init(now: @escaping @Sendable () -> Instant, override: Instant? = nil) {
        self.now = now
        self.override = override
    }

    /// The system clock.
    public static let system = WallClock(now: { Instant.now() })

    /// A clock that always reads `instant`.
    public static func fixed(_ instant: Instant) -> WallClock {
        WallClock(now: { instant }, override: instant)
    }

    /// The name of the environment variable that fixes the time.
    public static let environmentVariable = "THIDUA_NOW"

    /// ``system``, or a fixed clock when `environment` has `THIDUA_NOW`. Throws a worded error when
    /// the value is not an ISO 8601 instant with an offset.
    public static func fromEnvironment(_ environment: [String: String]) throws(CommandFailure) -> WallClock {
        guard let text = environment[environmentVariable], !text.isEmpty else { return .system }
        guard let instant = parseISO8601(text) else {
            throw CommandFailure(
                "\(environmentVariable)='\(text)' is not an ISO 8601 instant with an offset "
                    + "(e.g. \(environmentVariable)=2024-11-30T23:59:59+07:00, or unset it to use the system clock)")
        }
        return .fixed(instant)
    }

    /// ``fromEnvironment(_:)`` with this process's environment: what every `thidua` command that
    /// records time uses.
    public static func fromProcessEnvironment() throws(CommandFailure) -> WallClock {
        try fromEnvironment(getenv(environmentVariable).map { String(cString: $0) }.map { [environmentVariable: $0] } ?? [:])
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`; nil otherwise. The offset is required.
    public static func parseISO8601(_ text: String) -> Instant? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let date = CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[13] == UInt8(ascii: ":"),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var milliseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard index + 3 <= bytes.count, let value = number(bytes[(index + 1)..<(index + 3)]), value < 60 else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                var digits = 0
                var fraction = 0
                index += 1
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                    if digits < 3 { fraction = fraction * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { fraction *= 10 }
                milliseconds = fraction
            }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
                bytes[index + 3] == UInt8(ascii: ":"),
                let hours = number(bytes[(index + 1)..<(index + 3)]), let minutes = number(bytes[(index + 4)..<(index + 6)]),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Instant(millisecondsSinceEpoch: (local - Int64(offset)) * 1000 + Int64(milliseconds))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
