import Foundation
import Testing

/// Award decisions on the built `thidua`: the list and amounts from the budget module, issue and
/// freeze, dossiers decided, history — and bad input that changes nothing.
@Suite(.serialized) struct DecisionTests {
    @Test func theDecisionListsCollectivesThenIndividualsWithTheMoneyOfItsDate() throws {
        let workspace = try DecisionWorkspace()
        let early = try workspace.thidua(
            ["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-01"], actor: "tran-thi-mai")
        #expect(early.stderr.contains("the decision is dated 01/12/2024, before the council met on 05/12/2024"))
        let draft = try workspace.ok(
            ["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-10"], actor: "tran-thi-mai")
        let lines = draft.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "125/QĐ-SXD (draft) of cchc-2024, dated 10/12/2024, signer vo-tat-dung")
        #expect(
            lines[1]
                == "  tập thể  Phòng Quản lý xây dựng (qlxd), Phòng Quản lý xây dựng — Giấy khen của Giám đốc Sở: 1.410.000 đồng")
        #expect(
            lines[2]
                == "  cá nhân  Phan Đức Long (phan-duc-long), Phòng Quản lý xây dựng — Giấy khen của Giám đốc Sở: 710.000 đồng")
        #expect(lines[3] == "  total: 2.120.000 đồng")
        // The same decision dated in July 2026 follows the base salary of its date.
        let later = try workspace.ok(
            ["decision", "draft", "cchc-2024", "--number", "125", "--date", "2026-07-15"], actor: "tran-thi-mai")
        #expect(later.stdout.contains("total: 2.280.000 đồng"))
        try workspace.ok(["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-10"], actor: "tran-thi-mai")
        let markdown = try workspace.ok(["decision", "render", "cchc-2024"]).stdout
        #expect(markdown.contains("| Số: 125/QĐ-SXD | *Bình Định, ngày 10 tháng 12 năm 2024* |"))
        #expect(markdown.contains("**QUYẾT ĐỊNH**"))
        #expect(
            markdown.contains(
                "*Căn cứ Biên bản họp số 1/BB-HĐTĐKT ngày 05/12/2024 của Hội đồng Thi đua - Khen thưởng Sở Xây dựng;*"))
        #expect(
            markdown.contains("**Điều 1.** Tặng Giấy khen của Giám đốc Sở cho 1 tập thể và 1 cá nhân (có danh sách kèm theo)"))
        #expect(markdown.contains("| 1 | Phòng Quản lý xây dựng | Giấy khen của Giám đốc Sở | 1.410.000 |"))
        #expect(
            markdown.contains("| 1 | Phan Đức Long | Chuyên viên, Phòng Quản lý xây dựng | Giấy khen của Giám đốc Sở | 710.000 |")
        )
        #expect(markdown.contains("tổng số tiền thưởng **2.120.000 đồng**"))
        #expect(markdown.hasPrefix("| UBND TỈNH BÌNH ĐỊNH<br>**SỞ XÂY DỰNG** |"))
    }

    @Test func issuingFreezesTheDecisionDecidesTheDossiersAndFeedsTheHistory() throws {
        let workspace = try DecisionWorkspace()
        try workspace.ok(["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-10"], actor: "tran-thi-mai")
        let notSigner = try workspace.thidua(["decision", "issue", "cchc-2024"], actor: "tran-thi-mai")
        #expect(notSigner.status == 1)
        #expect(notSigner.stderr.contains("is not the signer of decision 125/QĐ-SXD"))
        let issued = try workspace.ok(["decision", "issue", "cchc-2024"], actor: "vo-tat-dung")
        #expect(issued.stdout.contains("125/QĐ-SXD: issued by vo-tat-dung on 10/12/2024; 2 lines, total 2.120.000 đồng"))
        #expect(issued.stdout.contains("dossiers decided: HS-cchc-2024-001"))
        #expect(try workspace.ok(["dossier", "list"]).stdout.contains("HS-cchc-2024-001  qlxd  decided"))
        #expect(try workspace.ok(["decision", "verify", "cchc-2024"]).stdout.contains("125/QĐ-SXD: intact"))
        try workspace.ok(["audit", "verify"])
        let history = try workspace.ok(["history", "phan-duc-long"]).stdout
        #expect(
            history.contains(
                "2024  Giấy khen của Giám đốc Sở — Quyết định số 125/QĐ-SXD ngày 10/12/2024, cchc-2024, 710.000 đồng"))
        // Years before the tool: titles configured as facts of the criteria module.
        #expect(history.contains("2023  Chiến sĩ thi đua cơ sở — configured fact"))
        let unit = try workspace.ok(["history", "qlxd", "--format", "json"]).stdout
        #expect(unit.contains("\"decision\": \"125/QĐ-SXD\""))
        #expect(unit.contains("\"amount\": 1410000"))
    }

    @Test func aDecisionNeedsACouncilOutcome() throws {
        let workspace = try DecisionWorkspace(review: false)
        let before = try workspace.snapshot()
        let draft = try workspace.thidua(["decision", "draft", "cchc-2024", "--number", "125"], actor: "tran-thi-mai")
        #expect(draft.status == 1)
        #expect(draft.stderr.contains("campaign cchc-2024 has no council outcome: no council session was closed"))
        let issue = try workspace.thidua(["decision", "issue", "cchc-2024"], actor: "vo-tat-dung")
        #expect(issue.status == 1)
        #expect(issue.stderr.contains("campaign cchc-2024 has no decision yet"))
        #expect(try workspace.snapshot() == before)
    }

    @Test func anIssuedDecisionCannotBeChanged() throws {
        let workspace = try DecisionWorkspace()
        try workspace.ok(["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-10"], actor: "tran-thi-mai")
        try workspace.ok(["decision", "issue", "cchc-2024"], actor: "vo-tat-dung")
        let before = try workspace.snapshot()
        let redraft = try workspace.thidua(["decision", "draft", "cchc-2024", "--number", "126"], actor: "tran-thi-mai")
        #expect(redraft.status == 1)
        #expect(redraft.stderr.contains("decision 125/QĐ-SXD of cchc-2024 was issued on 10/12/2024"))
        #expect(redraft.stderr.contains("cannot be changed"))
        let reissue = try workspace.thidua(["decision", "issue", "cchc-2024"], actor: "vo-tat-dung")
        #expect(reissue.status == 1)
        #expect(try workspace.snapshot() == before)
        // A change made behind thidua's back is found by the checksum.
        try workspace.tamper("UPDATE decisions_lines SET amount = 9999999 WHERE recipient = 'phan-duc-long'")
        try workspace.tamper("UPDATE decisions SET markdown = replace(markdown, '710.000', '9.999.999')")
        let verify = try workspace.thidua(["decision", "verify", "cchc-2024"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("do not match the checksum recorded at issue"))
        #expect(verify.stderr.contains("differ from the data frozen at issue"))
    }

    @Test func aSignerWithoutAuthorityForTheAwardFormIsRefused() throws {
        // The campaign also offers the provincial Bằng khen, which a Giám đốc Sở proposes upward.
        let workspace = try DecisionWorkspace(
            edit: {
                try $0.replace(
                    "config/campaigns/cchc-2024.yaml", "awards:\n  - award: giay-khen-giam-doc-so\n",
                    with: "awards:\n  - award: giay-khen-giam-doc-so\n  - award: bang-khen-chu-tich-ubnd-tinh\n")
            }, award: "bang-khen-chu-tich-ubnd-tinh")
        let before = try workspace.snapshot()
        let upward = try workspace.thidua(["decision", "draft", "cchc-2024", "--number", "125"], actor: "tran-thi-mai")
        #expect(upward.status == 1)
        #expect(
            upward.stderr.contains(
                "Võ Tất Dũng (vo-tat-dung) may not decide 'Bằng khen của Chủ tịch UBND tỉnh' (bang-khen-chu-tich-ubnd-tinh): it is decided by Chủ tịch UBND tỉnh"
            ))
        let deputy = try workspace.thidua(
            ["decision", "draft", "cchc-2024", "--number", "125", "--signer", "ngo-van-thanh"], actor: "tran-thi-mai")
        #expect(deputy.status == 1)
        #expect(deputy.stderr.contains("Ngô Văn Thành (ngo-van-thanh) is not a signer of award decisions"))
        #expect(try workspace.snapshot() == before)
    }

    @Test func theReportCountsDossiersPerUnitAndTheMoneyBySource() throws {
        let workspace = try DecisionWorkspace()
        try workspace.ok(["decision", "draft", "cchc-2024", "--number", "125", "--date", "2024-12-10"], actor: "tran-thi-mai")
        try workspace.ok(["decision", "issue", "cchc-2024"], actor: "vo-tat-dung")
        let report = try workspace.ok(["decision", "report", "cchc-2024", "--number", "30", "--date", "2024-12-15"]).stdout
        #expect(report.contains("| Số: 30/BC-SXD | *Bình Định, ngày 15 tháng 12 năm 2024* |"))
        #expect(report.contains("| Phòng Quản lý xây dựng | 1 | 2 | 1 | 0 | 0 | 2 | 2.120.000 |"))
        #expect(report.contains("| Từ nguồn kinh phí thường xuyên của Sở và các đơn vị trực thuộc. | 2.120.000 |"))
        #expect(report.contains("Quyết định số 125/QĐ-SXD ngày 10/12/2024"))
    }
}
