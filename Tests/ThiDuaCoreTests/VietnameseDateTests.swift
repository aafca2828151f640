import Testing
import ThiDuaCore

/// Dates as Decree 30/2020 writes them: days 1–9 and months 1–2 with a leading zero.
@Suite struct VietnameseDateTests {
    @Test(arguments: [
        (2024, 2, 5, "ngày 05 tháng 02 năm 2024"),
        (2020, 3, 5, "ngày 05 tháng 3 năm 2020"),
        (2024, 1, 11, "ngày 11 tháng 01 năm 2024"),
        (2024, 11, 30, "ngày 30 tháng 11 năm 2024"),
        (2021, 7, 15, "ngày 15 tháng 7 năm 2021"),
        (2024, 10, 9, "ngày 09 tháng 10 năm 2024"),
    ])
    func theDateLinePadsDaysUnderTenAndJanuaryAndFebruary(year: Int, month: Int, day: Int, expected: String) throws {
        let date = try #require(CalendarDate(year: year, month: month, day: day))
        #expect(VietnameseDate.long(date) == expected)
    }

    @Test func theDateLineStartsWithThePlace() throws {
        let date = try #require(CalendarDate(year: 2024, month: 2, day: 5))
        #expect(VietnameseDate.placeAndDate(place: "Bình Định", date) == "Bình Định, ngày 05 tháng 02 năm 2024")
    }

    @Test(arguments: [
        (2024, 11, 30, "30/11/2024", "30/11/2024", "30/11"),
        (2024, 12, 1, "01/12/2024", "01/12/2024", "01/12"),
        (2021, 7, 15, "15/07/2021", "15/7/2021", "15/07"),
        (2024, 1, 11, "11/01/2024", "11/01/2024", "11/01"),
        (2025, 5, 3, "03/05/2025", "03/5/2025", "03/05"),
    ])
    func numericDatesArePaddedOrWrittenLikeTheDateLine(
        year: Int, month: Int, day: Int, padded: String, administrative: String, dayMonth: String
    ) throws {
        let date = try #require(CalendarDate(year: year, month: month, day: day))
        #expect(VietnameseDate.numeric(date) == padded)
        #expect(VietnameseDate.numeric(date, style: .administrative) == administrative)
        #expect(VietnameseDate.dayMonth(date) == dayMonth)
    }
}
