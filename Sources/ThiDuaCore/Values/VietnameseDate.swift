public import ThiDuaYAML

/// Dates as Vietnamese administrative documents write them (Decree 30/2020/NĐ-CP).
///
/// - The date line of a document: "Bình Định, ngày 05 tháng 02 năm 2024". Days 1–9 and months
///   1–2 take a leading zero; months 3–12 do not ("ngày 15 tháng 3 năm 2024").
/// - Dates in running text: `dd/MM/yyyy` ("30/11/2024") by default, or the same rule as the date
///   line (``NumericStyle/administrative``: "15/7/2021", "11/01/2024"), which many plans follow.
public enum VietnameseDate {
    /// How a date is written with slashes.
    public enum NumericStyle: String, Sendable, Hashable, CaseIterable, Decodable {
        /// `dd/MM/yyyy`: "05/02/2024", "15/07/2021".
        case padded = "dd/MM/yyyy"
        /// Day with two digits, month with two digits only for January and February, as in the
        /// document's date line: "05/02/2024", "15/7/2021".
        case administrative
    }

    /// "ngày 05 tháng 02 năm 2024".
    public static func long(_ date: CalendarDate) -> String {
        "ngày \(day(date)) tháng \(month(date)) năm \(date.year)"
    }

    /// "Bình Định, ngày 05 tháng 02 năm 2024": place and date of a document (thể thức item 4).
    public static func placeAndDate(place: String, _ date: CalendarDate) -> String {
        "\(place), \(long(date))"
    }

    /// "05/02/2024" (`dd/MM/yyyy`), or "5/7/2021"-style per `style`.
    public static func numeric(_ date: CalendarDate, style: NumericStyle = .padded) -> String {
        "\(dayMonth(date, style: style))/\(date.year)"
    }

    /// "01/12": day and month without the year.
    public static func dayMonth(_ date: CalendarDate, style: NumericStyle = .padded) -> String {
        switch style {
        case .padded: return "\(pad(date.day))/\(pad(date.month))"
        case .administrative: return "\(day(date))/\(month(date))"
        }
    }

    /// The day as the date line writes it: a leading zero for 1–9.
    public static func day(_ date: CalendarDate) -> String { pad(date.day) }

    /// The month as the date line writes it: a leading zero for January and February only.
    public static func month(_ date: CalendarDate) -> String {
        date.month <= 2 ? pad(date.month) : String(date.month)
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
