import Testing
import ThiDuaBudget
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaDossiers

/// The ledger of decided amounts: `recordDecision` inside the caller's transaction, what it
/// refuses (and then writes nothing), and `report` reading it back with its totals checked.
@Suite struct LedgerTests {
    /// A copy of `config/` with an initialised database.
    final class Ledger {
        let copy: ConfigCopy
        let host: LoadedHost
        let budget: BudgetModule
        let store: any Store

        init() throws {
            copy = try ConfigCopy()
            host = copy.load()
            #expect(!host.hasErrors, "\(host.diagnostics)")
            _ = try host.initializeStore()
            store = try host.openStore()
            budget = try #require(host.module(BudgetModule.self))
        }

        /// A decision of cchc-2024 dated `day` with the legal payments of `lines` (recipient, collective, unit).
        func decision(_ number: String, _ day: String, _ lines: [(String, Bool, String)], award: String = "giay-khen-giam-doc-so")
            throws -> DecidedAwards
        {
            let date = try date(day)
            return DecidedAwards(
                campaign: "cchc-2024", number: number, date: date, signer: "Võ Tất Dũng",
                lines: try lines.map { recipient, collective, unit in
                    DecidedAwards.Line(
                        recipient: recipient, collective: collective, unit: unit,
                        payment: try budget.payment(award: award, collective: collective, decisionDate: date))
                })
        }

        func record(_ decision: DecidedAwards) throws {
            try store.write { try budget.recordDecision(decision, in: $0) }
        }

        var count: Int {
            get throws { try store.read { try $0.row("SELECT COUNT(*) AS n FROM budget_decision_lines")?.int("n") ?? -1 } }
        }
    }

    static let december: [(String, Bool, String)] = [
        ("qlxd", true, "qlxd"), ("le-quang-vinh", false, "qlxd"), ("phan-duc-long", false, "qlxd"),
        ("tran-thi-mai", false, "van-phong"),
    ]

    @Test func aRecordedDecisionIsReportedWithItsTotals() throws {
        let ledger = try Ledger()
        try ledger.record(try ledger.decision("125/QĐ-SXD", "2024-12-16", Self.december))
        // A second decision after the base salary changed: 0.6 × 2 530 000 = 1 518 000 → 1 520 000.
        try ledger.record(try ledger.decision("40/QĐ-SXD", "2026-07-15", [("ptdt", true, "ptdt")]))

        let campaign = try #require(ledger.budget.campaigns.campaign("cchc-2024"))
        let decisions = try ledger.store.read { try ledger.budget.recordedDecisions(campaign: "cchc-2024", in: $0) }
        #expect(decisions.map(\.decision.number) == ["125/QĐ-SXD", "40/QĐ-SXD"])
        #expect(decisions.map(\.recordedTotal) == [1_410_000 + 3 * 710_000, 1_520_000])
        let first = try #require(decisions.first?.decision.lines.first)
        #expect(first.payment.raw == ExactDecimal(1_404_000) && first.payment.amount == 1_410_000)
        #expect(first.payment.basis == "điểm c khoản 2 Điều 58 Nghị định số 98/2023/NĐ-CP")

        let sheet = ledger.budget.report(campaign: campaign, decisions: decisions)
        #expect(sheet.problems == [])
        #expect(sheet.totals.total == 5_060_000)  // 1 410 000 + 3 × 710 000 + 1 520 000, by hand
        #expect(sheet.totals.byUnit.map(\.amount) == [2_830_000, 710_000, 1_520_000])
        #expect(sheet.totals.byAward.map(\.key) == ["giay-khen-giam-doc-so/collective", "giay-khen-giam-doc-so/individual"])
        #expect(sheet.totals.byAward.map(\.amount) == [2_930_000, 2_130_000])
        #expect(sheet.shortfall == nil)  // 10 000 000 available

        let text = sheet.rendered(.text)
        #expect(text.contains("Quyết định số 125/QĐ-SXD ngày 16/12/2024, Võ Tất Dũng: 4 khen thưởng, tổng 3.540.000 đồng"))
        #expect(text.contains("Tổng cộng: 5.060.000 đồng (5 khen thưởng)"))
        #expect(text.contains("Còn lại: 4.940.000 đồng"))
        let csv = sheet.rendered(.csv)
        #expect(csv.contains("\ntotal,,,,,,,,,,5060000,5,\n"))
        #expect(
            csv.contains(
                "line,125/QĐ-SXD,qlxd,Phòng Quản lý xây dựng,true,qlxd,giay-khen-giam-doc-so,0.6,2340000,1404000,1410000,1,"))
        let json = sheet.rendered(.json)
        #expect(json.contains("\"total\": 5060000"))
        #expect(json.contains("\"stated_total\": 1520000"))
    }

    @Test func aStoredTotalThatDoesNotMatchItsLinesIsReported() throws {
        let ledger = try Ledger()
        try ledger.record(try ledger.decision("125/QĐ-SXD", "2024-12-16", Self.december))
        try ledger.store.write {
            try $0.execute("UPDATE budget_decisions SET total = ? WHERE number = ?", [3_500_000, "125/QĐ-SXD"])
        }
        let campaign = try #require(ledger.budget.campaigns.campaign("cchc-2024"))
        let sheet = ledger.budget.report(
            campaign: campaign,
            decisions: try ledger.store.read { try ledger.budget.recordedDecisions(campaign: "cchc-2024", in: $0) })
        #expect(
            sheet.problems == ["decision 125/QĐ-SXD states a total of 3.500.000 đồng, but its 4 lines add up to 3.540.000 đồng"])
        #expect(sheet.rendered(.text).contains("SAI LỆCH: decision 125/QĐ-SXD states a total of 3.500.000 đồng"))
    }

    @Test func theDecisionAndItsMoneyCommitTogetherOrNotAtAll() throws {
        let ledger = try Ledger()
        let decision = try ledger.decision("125/QĐ-SXD", "2024-12-16", Self.december)
        struct DecisionFailed: Error {}
        #expect(throws: DecisionFailed.self) {
            try ledger.store.write { transaction in
                try ledger.budget.recordDecision(decision, in: transaction)
                throw DecisionFailed()  // the caller's own step fails after the money was written
            }
        }
        #expect(try ledger.count == 0)
        try ledger.record(decision)
        #expect(try ledger.count == 4)
    }

    @Test func refusalsWriteNothing() throws {
        let ledger = try Ledger()
        var wrongAmount = try ledger.decision("1/QĐ-SXD", "2024-12-16", Self.december)
        wrongAmount.lines[1].payment.amount = 702_000  // unrounded: the law says 710 000
        var wrongDate = try ledger.decision("2/QĐ-SXD", "2024-12-16", Self.december)
        wrongDate.date = try date("2025-07-02")
        var wrongTotal = try ledger.decision("3/QĐ-SXD", "2024-12-16", Self.december)
        wrongTotal.statedTotal = 3_500_000
        var twice = try ledger.decision("4/QĐ-SXD", "2024-12-16", Self.december)
        twice.lines.append(twice.lines[1])
        let empty = try ledger.decision("5/QĐ-SXD", "2024-12-16", [])
        var unknownCampaign = try ledger.decision("6/QĐ-SXD", "2024-12-16", Self.december)
        unknownCampaign.campaign = "cchc-2042"

        let cases: [(DecidedAwards, String)] = [
            (wrongAmount, "line 2 (le-quang-vinh, giay-khen-giam-doc-so) pays 702.000 đồng, but the law gives 710.000 đồng"),
            (wrongDate, "line 1 (qlxd, giay-khen-giam-doc-so) was computed for 16/12/2024, the decision is dated 02/07/2025"),
            (wrongTotal, "states a total of 3.500.000 đồng, but its lines add up to 3.540.000 đồng (difference -40.000 đồng)"),
            (twice, "line 5 (le-quang-vinh, giay-khen-giam-doc-so) gives the same award to the same recipient twice"),
            (empty, "has no lines"),
            (unknownCampaign, "unknown campaign 'cchc-2042'"),
        ]
        for (decision, message) in cases {
            let error = #expect(throws: BudgetError.self) { try ledger.record(decision) }
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
        }
        #expect(try ledger.count == 0)

        var stated = try ledger.decision("7/QĐ-SXD", "2024-12-16", Self.december)
        stated.statedTotal = 3_540_000
        try ledger.record(stated)
        let again = #expect(throws: BudgetError.self) { try ledger.record(stated) }
        #expect(again?.message == "decision 7/QĐ-SXD of campaign 'cchc-2024' is already recorded")
        #expect(try ledger.count == 4)
    }

    /// The budget handles `decision.issued`: the issued lines must be the ledger's, with the same total.
    @Test func issuedDecisionsAreCheckedAgainstTheLedger() throws {
        let ledger = try Ledger()
        let bus = try ledger.host.start(store: ledger.store)
        #expect(bus.subscribers(of: DecisionIssued.name).contains("budget"))
        let decision = try ledger.decision("125/QĐ-SXD", "2024-12-16", Self.december)
        func event(total: Int64, amounts: [Int64]? = nil) -> DecisionIssued {
            let lines = decision.lines.enumerated().map { index, line in
                DecisionIssued.Line(
                    recipient: line.recipient, collective: line.collective, unit: line.unit, award: line.payment.award,
                    amount: amounts?[index] ?? line.payment.amount)
            }
            return DecisionIssued(
                campaign: "cchc-2024", number: "125/QĐ-SXD", date: decision.date, signer: decision.signer, lines: lines,
                total: total,
                actor: "vo-tat-dung", at: Instant(millisecondsSinceEpoch: 0))
        }
        // Not recorded: reported to the publisher.
        let missing = #expect(throws: EventHandlerError.self) { try bus.publish(event(total: 3_540_000), from: "decisions") }
        #expect("\(missing.map { "\($0)" } ?? "")".contains("was issued, but its money is not in the budget ledger"))

        try ledger.record(decision)
        try bus.publish(event(total: 3_540_000), from: "decisions")
        // A stated total that is not the sum of its lines.
        let wrongTotal = #expect(throws: EventHandlerError.self) { try bus.publish(event(total: 3_500_000), from: "decisions") }
        #expect(
            "\(wrongTotal.map { "\($0)" } ?? "")".contains(
                "states a total of 3.500.000 đồng, but its 4 lines add up to 3.540.000 đồng"))
        // Lines that differ from the ledger's.
        let differs = #expect(throws: EventHandlerError.self) {
            try bus.publish(event(total: 3_530_000, amounts: [1_410_000, 700_000, 710_000, 710_000]), from: "decisions")
        }
        #expect("\(differs.map { "\($0)" } ?? "")".contains("differs from the ledger"))
    }

    /// With `title_and_form: {paid: higher}`, a decision paying one person a title and a form is refused.
    @Test func aPackThatPaysOnlyTheHigherRefusesBoth() throws {
        let ledger = try Ledger()
        let date = try date("2024-12-16")
        let both = DecidedAwards(
            campaign: "cchc-2024", number: "9/QĐ-SXD", date: date, signer: "Võ Tất Dũng",
            lines: try ["lao-dong-tien-tien", "giay-khen-giam-doc-so"].map { award in
                DecidedAwards.Line(
                    recipient: "le-quang-vinh", collective: false, unit: "qlxd",
                    payment: try ledger.budget.payment(award: award, collective: false, decisionDate: date))
            })
        try ledger.record(both)  // Decree 98/2023 Art. 53.7: both are paid
        #expect(try ledger.count == 2)

        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "paid: both", with: "paid: higher")
        let host = copy.load()
        _ = try host.initializeStore()
        let budget = try #require(host.module(BudgetModule.self))
        let error = #expect(throws: BudgetError.self) { try host.openStore().write { try budget.recordDecision(both, in: $0) } }
        #expect(
            error?.message.contains(
                "le-quang-vinh is paid for an emulation title and a form of commendation, but pack 'nd-98-2023' pays only the higher"
            ) == true)
    }
}
