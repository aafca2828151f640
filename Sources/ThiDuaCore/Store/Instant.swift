#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time with millisecond precision, stored as UTC text and shown in Vietnam's time.
///
/// The store keeps times as `TEXT` (`2024-11-30T07:05:09.123Z`), which sorts chronologically and
/// reads the same in SQLite and PostgreSQL. ``vietnamText`` renders the instant in
/// Asia/Ho_Chi_Minh, which has been UTC+07:00 without daylight saving since 1975.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// The instant `millisecondsSinceEpoch` after the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The current time of the system clock.
    public static func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Instant(millisecondsSinceEpoch: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    /// Asia/Ho_Chi_Minh's offset from UTC, in seconds.
    public static let vietnamOffset: Int64 = 7 * 3600

    /// ISO 8601 in UTC with milliseconds: `2024-11-30T07:05:09.123Z`.
    public var utcText: String {
        render(offsetSeconds: 0) + "Z"
    }

    /// ISO 8601 in Asia/Ho_Chi_Minh: `2024-11-30T14:05:09.123+07:00`.
    public var vietnamText: String {
        render(offsetSeconds: Self.vietnamOffset) + "+07:00"
    }

    /// For people: `30/11/2024 14:05:09` in Asia/Ho_Chi_Minh.
    public var vietnamDisplay: String {
        let (date, seconds, _) = split(offsetSeconds: Self.vietnamOffset)
        return "\(pad(date.day, 2))/\(pad(date.month, 2))/\(pad(date.year, 4)) \(clock(seconds))"
    }

    /// The UTC text.
    public var description: String { utcText }

    /// Parses ``utcText`` (`YYYY-MM-DDTHH:MM:SS.mmmZ`, milliseconds optional); nil otherwise.
    public init?(utcText text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T"),
            let date = CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = Self.number(bytes[11..<13]), let minute = Self.number(bytes[14..<16]),
            let second = Self.number(bytes[17..<19]), hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count == 24 {
            guard bytes[19] == UInt8(ascii: "."), let value = Self.number(bytes[20..<23]) else { return nil }
            milliseconds = value
        }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(milliseconds))
    }

    /// Earlier instants first.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    // MARK: - Rendering

    private func split(offsetSeconds: Int64) -> (date: CalendarDate, seconds: Int64, milliseconds: Int64) {
        let local = millisecondsSinceEpoch + offsetSeconds * 1000
        let (days, rest) = Self.floorDivision(local, 86_400_000)
        return (CalendarDate(daysSinceEpoch: Int(days)), rest / 1000, rest % 1000)
    }

    private func render(offsetSeconds: Int64) -> String {
        let (date, seconds, milliseconds) = split(offsetSeconds: offsetSeconds)
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(clock(seconds)).\(pad(Int(milliseconds), 3))"
    }

    private func clock(_ seconds: Int64) -> String {
        "\(pad(Int(seconds / 3600), 2)):\(pad(Int(seconds / 60 % 60), 2)):\(pad(Int(seconds % 60), 2))"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
