/// A day in the calendar, without time or time zone: how YAML writes dates (`2024-11-30`).
///
/// Dates in ThiDua configuration are ISO 8601 (`YYYY-MM-DD`), quoted or not. Impossible dates
/// such as `2024-02-30` and Vietnamese-style `30/11/2024` are refused with a hint. Documents print
/// dates as `dd/MM/yyyy` (see ``formatted``).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, YAMLScalarDecodable, Encodable {
    /// The year (1 to 9999).
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 31.
    public let day: Int

    /// Creates a date, or returns nil when it does not exist (month 13, 30 February …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CalendarDate.number(bytes[0..<4]), let month = CalendarDate.number(bytes[5..<7]),
            let day = CalendarDate.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Reads an ISO date (`2024-11-30`); other forms are refused with a hint.
    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        let text = scalar.value.trimmingSpaces()
        if let date = CalendarDate(iso: text) {
            self = date
            return
        }
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CalendarDate.number(bytes[0..<4]), let month = CalendarDate.number(bytes[5..<7]),
            CalendarDate.number(bytes[8..<10]) != nil
        {
            if year == 0 {
                throw ScalarError("'\(text)' is not a valid date: there is no year 0", hint: "write YYYY-MM-DD")
            }
            if !(1...12).contains(month) {
                throw ScalarError("'\(text)' is not a valid date: there is no month \(month)", hint: "write YYYY-MM-DD")
            }
            if let day = CalendarDate.number(bytes[8..<10]), day == 0 {
                throw ScalarError("'\(text)' is not a valid date: days start at 01", hint: "write YYYY-MM-DD")
            }
            throw ScalarError(
                "'\(text)' is not a valid date: \(CalendarDate.monthName(month)) \(year) has \(CalendarDate.daysIn(month: month, year: year)) days"
            )
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) {
            let suggestion = CalendarDate(year: year, month: month, day: day).map { " (\($0))" } ?? ""
            throw ScalarError(
                "'\(text)' is not an ISO date", hint: "write dates as YYYY-MM-DD\(suggestion); documents show them as dd/MM/yyyy")
        }
        if scalar.isNull {
            throw ScalarError("expected a date (YYYY-MM-DD), found nothing")
        }
        throw ScalarError("expected a date (YYYY-MM-DD), found \(ScalarRules.describe(scalar))")
    }

    /// 1970-01-01, to go on collecting diagnostics.
    public static var yamlPlaceholder: CalendarDate? { CalendarDate(year: 1970, month: 1, day: 1) }
    /// How messages name the expected value.
    public static var yamlExpectation: String { "a date (YYYY-MM-DD)" }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))-\(CalendarDate.pad(day, 2))"
    }

    /// `dd/MM/yyyy`, as Vietnamese documents write dates.
    public var formatted: String {
        "\(CalendarDate.pad(day, 2))/\(CalendarDate.pad(month, 2))/\(CalendarDate.pad(year, 4))"
    }

    /// Days since 1970-01-01 (negative before), for arithmetic and weekdays.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The date that is `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Earlier dates come first.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Encodes as ISO text (`2024-11-30`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Whether `year` is a leap year in the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days of a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func monthName(_ month: Int) -> String {
        [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ][month - 1]
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " { scalars.removeFirst() }
        while let last = scalars.last, last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
