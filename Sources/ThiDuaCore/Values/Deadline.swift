public import ThiDuaYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Civil time in Vietnam, without Foundation time zones.
///
/// Vietnam keeps UTC+07:00 all year: the whole country has used Indochina Time with no daylight
/// saving since reunification in 1975 (the South used UTC+08:00 before). ThiDua's dates are from
/// 1975 on, so one fixed offset is exact; instants are seconds since the Unix epoch
/// (1970-01-01T00:00:00Z).
public enum VietnamTime {
    /// +07:00 in seconds.
    public static let utcOffsetSeconds: Int64 = 7 * 3600

    /// The first second (00:00:00 +07:00) of `date`, in seconds since the Unix epoch.
    public static func startOfDay(_ date: CalendarDate) -> Int64 {
        Int64(date.daysSinceEpoch) * 86_400 - utcOffsetSeconds
    }

    /// The Vietnamese calendar date at `instant` (seconds since the Unix epoch).
    public static func date(at instant: Int64) -> CalendarDate {
        let local = instant + utcOffsetSeconds
        let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        return CalendarDate(daysSinceEpoch: Int(days))
    }

    /// The instant of a wall-clock time in Vietnam.
    public static func instant(_ date: CalendarDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        startOfDay(date) + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
    }

    /// Now, in seconds since the Unix epoch.
    public static func now() -> Int64 {
        Int64(time(nil))
    }

    /// Today's date in Vietnam.
    public static func today() -> CalendarDate {
        date(at: now())
    }
}

/// A day by which something must happen, and whether that day itself still counts.
///
/// - Inclusive ("đến hết ngày 30/11/2024", `{until: 2024-11-30}`): the whole of 30/11 is accepted.
/// - Exclusive ("trước ngày 01/12/2024", `{before: 2024-12-01}` or
///   `{date: 2024-12-01, exclusive: true}`): the last accepted day is 30/11.
///
/// Either way the last accepted instant is 23:59:59 +07:00 of the last accepted day, evaluated in
/// Vietnamese time (``VietnamTime``) whatever the machine's time zone.
public struct Deadline: Sendable, Hashable, CustomStringConvertible {
    /// The day written in the document.
    public let date: CalendarDate
    /// Whether `date` itself is refused ("trước ngày …").
    public let isExclusive: Bool

    /// A deadline on `date`; with `exclusive`, the day itself is too late ("trước ngày …").
    public init(date: CalendarDate, exclusive: Bool) {
        self.date = date
        self.isExclusive = exclusive
    }

    /// Accepted up to and including `date` ("đến hết ngày …").
    public static func until(_ date: CalendarDate) -> Deadline { Deadline(date: date, exclusive: false) }

    /// Accepted only before `date` ("trước ngày …").
    public static func before(_ date: CalendarDate) -> Deadline { Deadline(date: date, exclusive: true) }

    /// The last day on which submission is accepted.
    public var lastAcceptedDay: CalendarDate {
        isExclusive ? date.adding(days: -1) : date
    }

    /// The last accepted instant: 23:59:59 +07:00 of ``lastAcceptedDay``, in seconds since the
    /// Unix epoch.
    public var lastAcceptedInstant: Int64 {
        VietnamTime.startOfDay(lastAcceptedDay.adding(days: 1)) - 1
    }

    /// Whether something arriving at `instant` (seconds since the Unix epoch) is in time.
    public func isOpen(at instant: Int64) -> Bool {
        instant <= lastAcceptedInstant
    }

    /// Whether something dated `day` (a Vietnamese calendar day) is in time.
    public func accepts(_ day: CalendarDate) -> Bool {
        day <= lastAcceptedDay
    }

    /// "trước ngày 01/12/2024" or "đến hết ngày 30/11/2024".
    public func vietnamese(style: VietnameseDate.NumericStyle = .padded) -> String {
        (isExclusive ? "trước ngày " : "đến hết ngày ") + VietnameseDate.numeric(date, style: style)
    }

    /// `before 2024-12-01` or `until 2024-11-30`.
    public var description: String {
        (isExclusive ? "before " : "until ") + date.description
    }
}

extension Deadline: Decodable {
    enum CodingKeys: String, CodingKey {
        case date, exclusive, until, before
    }

    /// Reads `{until: DATE}`, `{before: DATE}` or `{date: DATE, exclusive: true|false}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let forms = [CodingKeys.date, .until, .before].filter { container.contains($0) }
        guard forms.count == 1, let form = forms.first else {
            throw ConfigurationError(
                forms.isEmpty ? "a deadline needs a day" : "a deadline takes one of 'until', 'before' or 'date', not several",
                hint:
                    "write {until: 2024-11-30} (that day included), {before: 2024-12-01} (that day excluded) or {date: 2024-12-01, exclusive: true}"
            )
        }
        switch form {
        case .until:
            self.init(date: try container.decode(CalendarDate.self, forKey: .until), exclusive: false)
            if container.contains(.exclusive) {
                try container.superDecoder(forKey: .exclusive).report(
                    .error, "'exclusive' goes with 'date', not with 'until'",
                    hint: "'until' includes its day; use 'before' to exclude it")
            }
        case .before:
            self.init(date: try container.decode(CalendarDate.self, forKey: .before), exclusive: true)
            if container.contains(.exclusive) {
                try container.superDecoder(forKey: .exclusive).report(
                    .error, "'exclusive' goes with 'date', not with 'before'", hint: "'before' always excludes its day")
            }
        default:
            let date = try container.decode(CalendarDate.self, forKey: .date)
            guard container.contains(.exclusive) else {
                _ = try? container.decodeIfPresent(Bool.self, forKey: .exclusive)
                throw ConfigurationError(
                    "the deadline does not say whether its day is included",
                    hint:
                        "add 'exclusive: true' (\"trước ngày …\") or 'exclusive: false' (\"đến hết ngày …\"), or write {until: …} / {before: …}"
                )
            }
            self.init(date: date, exclusive: try container.decode(Bool.self, forKey: .exclusive))
        }
    }
}
