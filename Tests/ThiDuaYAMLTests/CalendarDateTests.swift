import Testing
import ThiDuaYAML

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test func formattedIsDayMonthYear() throws {
        let date = try #require(CalendarDate(year: 2024, month: 11, day: 30))
        #expect(date.formatted == "30/11/2024")
        #expect(try #require(CalendarDate(year: 2024, month: 1, day: 5)).formatted == "05/01/2024")
        #expect(try #require(CalendarDate(year: 999, month: 12, day: 31)).formatted == "31/12/0999")
    }

    @Test func descriptionIsISO() throws {
        #expect(try #require(CalendarDate(year: 2024, month: 1, day: 5)).description == "2024-01-05")
        #expect(CalendarDate(iso: "2024-01-05") == CalendarDate(year: 2024, month: 1, day: 5))
        #expect(CalendarDate(iso: "2024-1-5") == nil)
    }

    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2024, 11, 30, 20_057),
        (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896),
    ])
    func daysSinceEpochOfKnownDates(year: Int, month: Int, day: Int, days: Int) throws {
        let date = try #require(CalendarDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(CalendarDate(daysSinceEpoch: days) == date)
    }

    @Test func daysSinceEpochRoundTripsFromYearOneToYear9999() {
        var mismatches = 0
        for days in stride(from: -719_162, through: 2_932_896, by: 97) {
            let date = CalendarDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || CalendarDate(year: date.year, month: date.month, day: date.day) != date {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func consecutiveDaysAreConsecutiveDates() throws {
        var previous = try #require(CalendarDate(year: 1899, month: 12, day: 25))
        var problems: [String] = []
        for _ in 0..<75_000 {
            let next = previous.adding(days: 1)
            let expected =
                CalendarDate(year: previous.year, month: previous.month, day: previous.day + 1)
                ?? CalendarDate(year: previous.year, month: previous.month + 1, day: 1)
                ?? CalendarDate(year: previous.year + 1, month: 1, day: 1)
            if next != expected || !(previous < next) { problems.append("\(previous) → \(next)") }
            previous = next
        }
        #expect(problems.isEmpty)
        #expect(previous == CalendarDate(year: 2105, month: 4, day: 29))
    }

    @Test func orderingIsByYearThenMonthThenDay() throws {
        let dates = try [(2024, 11, 30), (2023, 12, 31), (2024, 2, 29), (2024, 11, 1), (2024, 1, 31)].map {
            try #require(CalendarDate(year: $0.0, month: $0.1, day: $0.2))
        }
        #expect(dates.sorted().map(\.description) == ["2023-12-31", "2024-01-31", "2024-02-29", "2024-11-01", "2024-11-30"])
        #expect(dates.sorted() == dates.sorted { $0.daysSinceEpoch < $1.daysSinceEpoch })
    }

    @Test func impossibleDatesDoNotExist() {
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2024, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 2024, month: 1, day: 0) == nil)
        #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
    }

    @Test func addingDaysCrossesMonthsAndYears() throws {
        let date = try #require(CalendarDate(year: 2024, month: 12, day: 31))
        #expect(date.adding(days: 1) == CalendarDate(year: 2025, month: 1, day: 1))
        #expect(date.adding(days: -366) == CalendarDate(year: 2023, month: 12, day: 31))
        #expect(date.adding(days: 60) == CalendarDate(year: 2025, month: 3, day: 1))
    }
}
