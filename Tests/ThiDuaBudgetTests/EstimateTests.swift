import Foundation
import Testing
import ThiDuaBudget
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaDossiers

/// Estimates: nominees from the criteria or from accepted dossiers, lines with their basis, totals
/// per award, per unit and in total, the fund, and the title-and-form principle.
@Suite struct EstimateTests {
    private func referenceCampaign(_ budget: BudgetModule) throws -> Campaign {
        try #require(budget.campaigns.campaign("cchc-2024"))
    }

    @Test func theReferenceCampaignFromTheCriteria() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        let nominees = budget.eligibleNominees(of: campaign)
        // `thidua evaluate cchc-2024`: 3 units and 7 people are eligible (đạt).
        #expect(nominees.filter(\.collective).map(\.subject) == ["qlxd", "ptdt", "tt-kiem-dinh"])
        #expect(nominees.filter { !$0.collective }.count == 7)
        #expect(nominees.allSatisfy { $0.awards == ["giay-khen-giam-doc-so"] })

        let sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: nominees, nomineeSource: "test")
        #expect(sheet.lines.count == 10)
        #expect(sheet.lines.filter(\.payment.collective).allSatisfy { $0.payment.amount == 1_410_000 })
        #expect(sheet.lines.filter { !$0.payment.collective }.allSatisfy { $0.payment.amount == 710_000 })
        // 3 × 1 410 000 + 7 × 710 000 = 4 230 000 + 4 970 000, by hand.
        #expect(sheet.totals.total == 9_200_000)
        #expect(sheet.totals.byAward.map(\.amount) == [4_230_000, 4_970_000])
        #expect(sheet.totals.byUnit.map(\.key) == ["qlxd", "ptdt", "tt-kiem-dinh", "van-phong"])
        #expect(sheet.totals.byUnit.map(\.amount) == [2_830_000, 2_120_000, 2_830_000, 1_420_000])
        #expect(sheet.problems == [])
        #expect(sheet.available == 10_000_000 && sheet.shortfall == nil)
        #expect(sheet.pack?.id.value == "nd-98-2023" && sheet.baseSalary?.amount.value == 2_340_000)
        #expect(sheet.fundSource == "Từ nguồn kinh phí thường xuyên của Sở và các đơn vị trực thuộc.")

        let text = sheet.rendered(.text)
        #expect(
            text.contains(
                "0,6 × 2.340.000 = 1.404.000 → 1.410.000 đồng  1.410.000 đồng  điểm c khoản 2 Điều 58 Nghị định số 98/2023/NĐ-CP")
        )
        #expect(text.contains("Tổng cộng: 9.200.000 đồng (10 khen thưởng)"))
        let markdown = sheet.rendered(.md)
        #expect(markdown.contains("| Giấy khen của Giám đốc Sở (tập thể) | 3 | 4.230.000 đồng |"))
        #expect(markdown.contains("- Tổng cộng: **9.200.000 đồng** (10 khen thưởng)"))
        let json = sheet.rendered(.json)
        #expect(json.contains("\"total\": 9200000") && json.contains("\"amount\": 1410000") && !json.contains("1.410.000"))
    }

    /// The writers quote what their format needs (they look for it in the bytes, and JSON is
    /// written through an `OutputBuffer`): a JSON string with quotes, a backslash, a line break and
    /// a control character reads back as it was; a CSV field with a comma or quote is quoted; a '|'
    /// in a Markdown cell is escaped; text columns stay aligned.
    @Test func everyFormatQuotesWhatItMust() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        let nominees = budget.eligibleNominees(of: campaign)
        let decisionDate = try date("2024-12-16")
        var sheet = try budget.estimate(campaign: campaign, decisionDate: decisionDate, nominees: nominees, nomineeSource: "test")
        let source = "Quỹ \"thi đua\", khen | thưởng \\ 2024\nđợt 1\u{1}"
        sheet.fundSource = source

        let json = try #require(JSONSerialization.jsonObject(with: Data(sheet.rendered(.json).utf8)) as? [String: Any])
        #expect((json["fund"] as? [String: Any])?["source"] as? String == source)
        #expect(json["total"] as? Int == 9_200_000)
        #expect((json["lines"] as? [Any])?.count == 10)
        #expect(sheet.rendered(.json).contains("\\u0001\""))
        #expect(sheet.rendered(.json).hasSuffix("}\n"))

        let quoted = "\"Quỹ \"\"thi đua\"\", khen | thưởng \\ 2024\nđợt 1\u{1}\""
        #expect(sheet.rendered(.csv).contains("available,,,\(quoted),,,,,,,10000000,,"))
        sheet.lines[0].name = "Phòng A | B"
        #expect(sheet.rendered(.md).contains("Phòng A \\| B (tập thể)"))

        // Text columns: the computation ("0,6 × 2.340.000 = …") starts at the same character on every line.
        let rows = sheet.rendered(.text).split(separator: "\n").filter { $0.contains("2.340.000 =") }
        #expect(rows.count == 10)
        let positions = Set(rows.compactMap { $0.components(separatedBy: " × 2.340.000").first?.count })
        #expect(positions.count == 1)
    }

    @Test func aTotalAboveTheFundStatesTheShortfall() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        var sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: budget.eligibleNominees(of: campaign),
            nomineeSource: "test")
        sheet.available = 8_000_000
        #expect(sheet.shortfall == 1_200_000)
        #expect(sheet.rendered(.text).contains("Vượt kinh phí hiện có 1.200.000 đồng"))
        #expect(sheet.rendered(.json).contains("\"shortfall\": 1200000"))
    }

    @Test func aTitleAndAFormInOneDecisionAreBothPaid() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        let nominee = BudgetNominee(
            subject: "le-quang-vinh", collective: false, unit: "qlxd", awards: ["lao-dong-tien-tien", "giay-khen-giam-doc-so"])
        let sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: [nominee], nomineeSource: "test")
        #expect(sheet.lines.map(\.payment.amount) == [710_000, 710_000])
        #expect(sheet.totals.total == 1_420_000)
        #expect(sheet.notes.first?.contains("khoản 7 Điều 53 Nghị định số 98/2023/NĐ-CP") == true)
    }

    @Test func aPackThatPaysOnlyTheHigherKeepsTheHigherLine() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "paid: both", with: "paid: higher")
        let budget = try #require(copy.load().module(BudgetModule.self))
        let campaign = try referenceCampaign(budget)
        let nominee = BudgetNominee(
            subject: "le-quang-vinh", collective: false, unit: "qlxd",
            awards: ["giay-khen-giam-doc-so", "chien-si-thi-dua-co-so"])
        let sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: [nominee], nomineeSource: "test")
        #expect(sheet.lines.map(\.payment.award) == ["chien-si-thi-dua-co-so"])
        #expect(sheet.totals.total == 2_340_000)  // 1.0 × 2 340 000, not + 710 000
        #expect(sheet.notes.first?.contains("chỉ nhận mức cao hơn (Chiến sĩ thi đua cơ sở)") == true)
    }

    @Test func anAwardWithoutALegalRowStopsTheEstimate() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        let error = #expect(throws: BudgetError.self) {
            try budget.estimate(
                campaign: campaign, decisionDate: try date("2023-06-01"), nominees: budget.eligibleNominees(of: campaign),
                nomineeSource: "test")
        }
        #expect(error?.message == "no legal pack applies to a decision dated 01/06/2023 (award 'giay-khen-giam-doc-so')")
    }

    @Test func unconfirmedFiguresAreMarked() throws {
        let budget = try exampleBudget()
        let campaign = try referenceCampaign(budget)
        let nominee = BudgetNominee(subject: "qlxd", collective: true, unit: "qlxd", awards: ["bang-khen-chu-tich-ubnd-tinh"])
        let sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: [nominee], nomineeSource: "test")
        #expect(sheet.lines.first?.confirmed == false)
        #expect(sheet.lines.first?.payment.amount == 7_020_000)  // 3.0 × 2 340 000
        #expect(sheet.rendered(.text).contains("(chưa xác nhận)"))
        #expect(sheet.notes.contains { $0.contains("bang-khen-chu-tich-ubnd-tinh (tập thể)") })
    }

    /// With the dossiers module on, the accepted dossiers' eligible nominees are what is estimated.
    @Test func nomineesOfAcceptedDossiers() throws {
        let copy = try ConfigCopy()
        let host = copy.load()
        #expect(!host.hasErrors, "\(host.diagnostics)")
        _ = try host.initializeStore()
        let store = try host.openStore()
        let dossiers = try #require(host.module(DossiersModule.self))
        let budget = try #require(host.module(BudgetModule.self))
        let workflow = dossiers.workflow(
            store: store, clock: .fixed(try #require(WallClock.parseISO8601("2024-11-30T10:00:00+07:00"))))

        var record = try workflow.create(actor: "phan-duc-long", campaign: "cchc-2024")
        for nominee in ["qlxd", "phan-duc-long", "le-quang-vinh"] {
            record = try workflow.addNominee(
                actor: "phan-duc-long", dossier: record.id, subject: nominee, award: "giay-khen-giam-doc-so")
        }
        let attachments: [(String, String?)] = [
            ("van-ban-de-nghi", nil), ("bien-ban-hop", nil), ("bao-cao-thanh-tich", "qlxd"),
            ("bao-cao-thanh-tich", "phan-duc-long"),
            ("bao-cao-thanh-tich", "le-quang-vinh"),
        ]
        for (component, nominee) in attachments {
            let file = copy.url.appendingPathComponent("\(component)-\(nominee ?? "hs").pdf")
            try Data("%PDF-1.4\n\(component) \(nominee ?? "")".utf8).write(to: file)
            record = try workflow.attach(
                actor: "phan-duc-long", dossier: record.id, component: component, file: file.path, nominee: nominee)
        }
        let campaign = try #require(budget.campaigns.campaign("cchc-2024"))
        #expect(budget.acceptedNominees(of: campaign, dossiers: try workflow.list(campaign: "cchc-2024")).dossiers == 0)
        _ = try workflow.submit(actor: "phan-duc-long", dossier: record.id)
        _ = try workflow.accept(actor: "tran-thi-mai", dossier: record.id)

        let accepted = budget.acceptedNominees(
            of: campaign, dossiers: try workflow.list(campaign: "cchc-2024", status: .accepted))
        #expect(accepted.dossiers == 1)
        #expect(accepted.nominees.map(\.subject) == ["qlxd", "phan-duc-long", "le-quang-vinh"])
        let sheet = try budget.estimate(
            campaign: campaign, decisionDate: try date("2024-12-16"), nominees: accepted.nominees, nomineeSource: "test")
        #expect(sheet.totals.total == 1_410_000 + 2 * 710_000)
        #expect(sheet.totals.byUnit.map(\.key) == ["qlxd"])
    }
}
