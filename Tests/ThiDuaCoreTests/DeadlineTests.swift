import Testing
import ThiDuaCore

/// Deadlines are evaluated in Vietnamese time (UTC+07:00, no daylight saving since 1975).
@Suite struct DeadlineTests {
    static func date(_ year: Int, _ month: Int, _ day: Int) throws -> CalendarDate {
        guard let date = CalendarDate(year: year, month: month, day: day) else { throw DateError() }
        return date
    }

    struct DateError: Error {}

    @Test func vietnameseMidnightIsFivePMUTCOfThePreviousDay() throws {
        // 2024-12-01 00:00:00 +07:00 = 2024-11-30 17:00:00 UTC = 1732986000.
        #expect(VietnamTime.startOfDay(try Self.date(2024, 12, 1)) == 1_732_986_000)
        #expect(VietnamTime.startOfDay(try Self.date(1970, 1, 1)) == -25_200)
    }

    @Test func anExclusiveDeadlineAcceptsTheLastSecondOfThePreviousDayAndRefusesItsOwnMidnight() throws {
        let deadline = Deadline.before(try Self.date(2024, 12, 1))  // "trước ngày 01/12/2024"
        let lastSecond = VietnamTime.instant(try Self.date(2024, 11, 30), hour: 23, minute: 59, second: 59)
        let midnight = VietnamTime.instant(try Self.date(2024, 12, 1))
        #expect(deadline.isOpen(at: lastSecond))
        #expect(!deadline.isOpen(at: midnight))
        #expect(deadline.lastAcceptedInstant == midnight - 1)
        #expect(deadline.lastAcceptedDay == (try Self.date(2024, 11, 30)))
        #expect(deadline.accepts(try Self.date(2024, 11, 30)))
        #expect(!deadline.accepts(try Self.date(2024, 12, 1)))
    }

    @Test func anInclusiveDeadlineAcceptsItsWholeDay() throws {
        let deadline = Deadline.until(try Self.date(2024, 11, 30))  // "đến hết ngày 30/11/2024"
        #expect(deadline.isOpen(at: VietnamTime.instant(try Self.date(2024, 11, 30), hour: 23, minute: 59, second: 59)))
        #expect(!deadline.isOpen(at: VietnamTime.instant(try Self.date(2024, 12, 1))))
        #expect(deadline.accepts(try Self.date(2024, 11, 30)))
        #expect(!deadline.accepts(try Self.date(2024, 12, 1)))
        // Both ways of writing the same last day give the same instant.
        #expect(deadline.lastAcceptedInstant == Deadline.before(try Self.date(2024, 12, 1)).lastAcceptedInstant)
    }

    @Test func anInstantIsJudgedByTheVietnameseDateNotTheUTCDate() throws {
        // 2024-11-30 17:30 UTC is already 01/12/2024 00:30 in Vietnam.
        let instant: Int64 = 1_732_986_000 + 30 * 60
        #expect(VietnamTime.date(at: instant) == (try Self.date(2024, 12, 1)))
        #expect(!Deadline.until(try Self.date(2024, 11, 30)).isOpen(at: instant))
        // 16:59:59 UTC is still 30/11 23:59:59 in Vietnam.
        #expect(VietnamTime.date(at: 1_732_985_999) == (try Self.date(2024, 11, 30)))
        #expect(VietnamTime.date(at: -25_200) == (try Self.date(1970, 1, 1)))
        #expect(VietnamTime.date(at: -25_201) == (try Self.date(1969, 12, 31)))
    }

    @Test func anExclusiveDeadlineOnTheFirstOfMarchEndsOnTheLastDayOfFebruary() throws {
        #expect(Deadline.before(try Self.date(2024, 3, 1)).lastAcceptedDay == (try Self.date(2024, 2, 29)))
        #expect(Deadline.before(try Self.date(2025, 3, 1)).lastAcceptedDay == (try Self.date(2025, 2, 28)))
        #expect(Deadline.before(try Self.date(2025, 1, 1)).lastAcceptedDay == (try Self.date(2024, 12, 31)))
    }

    @Test func aDeadlineSaysInVietnameseWhetherItsDayCounts() throws {
        #expect(Deadline.before(try Self.date(2024, 12, 1)).vietnamese() == "trước ngày 01/12/2024")
        #expect(Deadline.until(try Self.date(2024, 11, 30)).vietnamese() == "đến hết ngày 30/11/2024")
        #expect(Deadline.until(try Self.date(2025, 5, 31)).vietnamese(style: .administrative) == "đến hết ngày 31/5/2025")
    }

    struct Holder: Decodable { var deadline: Deadline }

    @Test(arguments: [
        ("{until: 2024-11-30}", false, "2024-11-30"),
        ("{before: 2024-12-01}", true, "2024-12-01"),
        ("{date: 2024-12-01, exclusive: true}", true, "2024-12-01"),
        ("{date: 2024-11-30, exclusive: false}", false, "2024-11-30"),
    ])
    func aDeadlineIsReadInEachOfItsThreeForms(yaml: String, exclusive: Bool, date: String) throws {
        let holder = try YAMLDecoder().decode(Holder.self, from: "deadline: \(yaml)\n", file: "d.yaml")
        #expect(holder.deadline.isExclusive == exclusive)
        #expect(holder.deadline.date.description == date)
    }

    @Test(arguments: [
        ("{date: 2024-12-01}", "does not say whether its day is included"),
        ("{until: 2024-11-30, before: 2024-12-01}", "not several"),
        ("{until: 2024-11-30, exclusive: true}", "'exclusive' goes with 'date'"),
        ("{}", "needs a day"),
        ("{until: 30/11/2024}", "is not an ISO date"),
    ])
    func anUnclearDeadlineIsReportedWhereItIsWritten(yaml: String, message: String) {
        #expect {
            _ = try YAMLDecoder().decode(Holder.self, from: "deadline: \(yaml)\n", file: "d.yaml")
        } throws: { error in
            guard let error = error as? DiagnosticsError else { return false }
            return error.errors.contains { $0.message.contains(message) && $0.location.file == "d.yaml" && $0.location.line == 1 }
        }
    }
}
