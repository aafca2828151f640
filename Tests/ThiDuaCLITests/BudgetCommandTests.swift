import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite
import ThiDuaTestSupport

/// `thidua budget explain|estimate|report` on the built binary, in a copy of the example
/// configuration (its own data directory): results, formats, and bad input with exit codes.
@Suite struct BudgetCommandTests {
    /// A copy of `config/` in a temporary working directory.
    private func workspace(_ edit: (TemporaryDirectory) throws -> Void = { _ in }) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(
            at: Thidua.packageRoot.appendingPathComponent("config"), to: directory.url.appendingPathComponent("config"))
        try edit(directory)
        return directory
    }

    private func replace(_ directory: TemporaryDirectory, _ file: String, _ old: String, with new: String) throws {
        let path = directory.path("config/\(file)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.contains(old) else { throw TestFailure("'\(old)' is not in \(file)") }
        try directory.write("config/\(file)", text.replacingOccurrences(of: old, with: new))
    }

    @Test func explainShowsEachStepWithItsSource() throws {
        let directory = try workspace()
        let run = try Thidua.run(
            ["budget", "explain", "giay-khen-giam-doc-so", "--decision-date", "2024-12-16", "--collective"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Giấy khen của Giám đốc Sở (giay-khen-giam-doc-so) — tập thể, quyết định ngày 16/12/2024\n"))
        #expect(
            run.stdout.contains(
                "Hệ số: 0,6 × mức lương cơ sở (hình thức khen thưởng)\n    nguồn: điểm c khoản 2 Điều 58 Nghị định số 98/2023/NĐ-CP"
            ))
        #expect(run.stdout.contains("Mức lương cơ sở: 2.340.000 đồng (từ 01/07/2024)\n    nguồn: Nghị định số 73/2024/NĐ-CP"))
        #expect(run.stdout.contains("Tích: 0,6 × 2.340.000 = 1.404.000 đồng"))
        #expect(
            run.stdout.contains(
                "Làm tròn: làm tròn số lên hàng chục nghìn đồng (lên bội số của 10.000 đồng)\n    nguồn: khoản 2 Điều 53 Nghị định số 98/2023/NĐ-CP"
            ))
        #expect(run.stdout.hasSuffix("Số tiền: 1.410.000 đồng\n"))

        let json = try Thidua.run(
            ["budget", "explain", "giay-khen-giam-doc-so", "--decision-date", "2026-07-01", "--format", "json"], in: directory.url
        )
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["amount"] as? Int == 760_000)  // 0.3 × 2 530 000 = 759 000 → 760 000
        #expect(object["raw"] as? String == "759000")
        #expect(object["pack"] as? String == "nd-152-2025")
        #expect(object["base_salary_basis"] as? String == "Nghị định số 161/2026/NĐ-CP")
    }

    @Test func explainRefusesWhatHasNoLegalRow() throws {
        let directory = try workspace()
        let unknown = try Thidua.run(["budget", "explain", "giay-khen", "--decision-date", "2024-12-16"], in: directory.url)
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty)
        #expect(
            unknown.stderr.contains(
                "error: unknown award 'giay-khen' (awards: giay-khen-giam-doc-so, bang-khen-chu-tich-ubnd-tinh, "),
            "\(unknown.stderr)")

        let early = try Thidua.run(
            ["budget", "explain", "giay-khen-giam-doc-so", "--decision-date", "2023-12-31"], in: directory.url)
        #expect(early.status == 1)
        #expect(
            early.stderr.contains(
                "error: no legal pack applies to a decision dated 31/12/2023 (award 'giay-khen-giam-doc-so') (packs: nd-98-2023 (01/01/2024 – 30/06/2025), nd-152-2025 (từ 01/07/2025);"
            ),
            "\(early.stderr)")

        let badDate = try Thidua.run(
            ["budget", "explain", "giay-khen-giam-doc-so", "--decision-date", "16/12/2024"], in: directory.url)
        #expect(badDate.status == 64)
        #expect(
            badDate.stderr.contains("--decision-date '16/12/2024' is not a date; write it as YYYY-MM-DD"), "\(badDate.stderr)")
    }

    @Test func estimateOfTheReferenceCampaign() throws {
        let directory = try workspace()
        // The planned decision date of the example (16/12/2024).
        let text = try Thidua.run(["budget", "estimate", "cchc-2024"], in: directory.url)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("DỰ TOÁN KINH PHÍ KHEN THƯỞNG\n"))
        #expect(text.stdout.contains("Ngày quyết định khen thưởng: 16/12/2024"))
        #expect(text.stdout.contains("Tổng cộng: 9.200.000 đồng (10 khen thưởng)"))
        #expect(text.stdout.contains("Còn lại: 800.000 đồng"))

        let csv = try Thidua.run(
            ["budget", "estimate", "cchc-2024", "--decision-date", "2026-07-01", "--format", "csv"], in: directory.url)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(
            rows.first == "section,decision,recipient,name,collective,unit,award,coefficient,base_salary,raw,amount,count,basis")
        #expect(
            rows.contains(
                "line,,qlxd,Phòng Quản lý xây dựng,true,qlxd,giay-khen-giam-doc-so,0.6,2530000,1518000,1520000,1,khoản 2 Điều 54 Nghị định số 152/2025/NĐ-CP"
            ))
        // 3 × 1 520 000 + 7 × 760 000, by hand.
        #expect(rows.contains("total,,,,,,,,,,9880000,10,"))
        #expect(rows.contains("available,,,Từ nguồn kinh phí thường xuyên của Sở và các đơn vị trực thuộc.,,,,,,,10000000,,"))
    }

    @Test func estimateWarnsWhenTheFundIsShort() throws {
        let directory = try workspace { try replace($0, "thidua.yaml", "available: 10000000", with: "available: 8000000") }
        let run = try Thidua.run(["budget", "estimate", "cchc-2024", "--format", "md"], in: directory.url)
        #expect(run.status == 0)
        #expect(
            run.stderr.contains(
                "warning: the total 9.200.000 đồng exceeds the fund's available amount 8.000.000 đồng by 1.200.000 đồng"))
        #expect(run.stdout.contains("- **Vượt kinh phí hiện có 1.200.000 đồng**"))
    }

    @Test func estimateBadInput() throws {
        let directory = try workspace { try replace($0, "thidua.yaml", "        decision_date: 2024-12-16", with: "") }
        let noDate = try Thidua.run(["budget", "estimate", "cchc-2024"], in: directory.url)
        #expect(noDate.status == 64)
        #expect(
            noDate.stderr.contains("campaign 'cchc-2024' has no planned decision date; pass --decision-date YYYY-MM-DD"),
            "\(noDate.stderr)")

        let unknown = try Thidua.run(["budget", "estimate", "cchc-2025", "--decision-date", "2024-12-16"], in: directory.url)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("error: unknown campaign 'cchc-2025' (did you mean 'cchc-2024'?)"))

        let early = try Thidua.run(["budget", "estimate", "cchc-2024", "--decision-date", "2023-06-01"], in: directory.url)
        #expect(early.status == 1)
        #expect(early.stdout.isEmpty)
        #expect(
            early.stderr.contains(
                "error: campaign 'cchc-2024': no legal pack applies to a decision dated 01/06/2023 (award 'giay-khen-giam-doc-so')"
            ))
    }

    @Test func reportWithoutDecisions() throws {
        let directory = try workspace()
        #expect(try Thidua.run(["init"], in: directory.url).status == 0)
        let run = try Thidua.run(["budget", "report", "cchc-2024"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Chưa có quyết định khen thưởng nào được ghi nhận."))
        #expect(run.stdout.contains("Tổng cộng: 0 đồng (0 khen thưởng)"))
    }

    /// Decisions as the ledger holds them (written here with SQL, as `recordDecision` would), then
    /// a stored total changed behind its back: the report says so and exits 1.
    @Test func reportReadsTheLedgerAndChecksEachDecisionsTotal() throws {
        let directory = try workspace()
        #expect(try Thidua.run(["init"], in: directory.url).status == 0)
        let store = try SQLiteStore(path: directory.path(".thidua/thidua.sqlite"), create: false)
        try store.write { transaction in
            try transaction.execute(
                "INSERT INTO budget_decisions (campaign, number, decision_date, signer, total, line_count) VALUES (?, ?, ?, ?, ?, ?)",
                ["cchc-2024", "125/QĐ-SXD", "2024-12-16", "Võ Tất Dũng", 2_120_000, 2])
            let lines: [[any SQLValueConvertible]] = [
                [1, "qlxd", true, "qlxd", "0.6", "1404000", 1_410_000, "điểm c khoản 2 Điều 58 Nghị định số 98/2023/NĐ-CP"],
                [
                    2, "le-quang-vinh", false, "qlxd", "0.3", "702000", 710_000,
                    "điểm e khoản 1 Điều 58 Nghị định số 98/2023/NĐ-CP",
                ],
            ]
            for line in lines {
                try transaction.execute(
                    """
                    INSERT INTO budget_decision_lines (campaign, number, ordinal, recipient, collective, unit, award, coefficient, base_salary, \
                    raw, amount, rounding, basis, base_salary_basis) VALUES ('cchc-2024', '125/QĐ-SXD', ?, ?, ?, ?, 'giay-khen-giam-doc-so', ?, 2340000, \
                    ?, ?, 'làm tròn số lên hàng chục nghìn đồng', ?, 'Nghị định số 73/2024/NĐ-CP')
                    """, line)
            }
        }
        let run = try Thidua.run(["budget", "report", "cchc-2024"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Quyết định số 125/QĐ-SXD ngày 16/12/2024, Võ Tất Dũng: 2 khen thưởng, tổng 2.120.000 đồng"))
        #expect(run.stdout.contains("Tổng cộng: 2.120.000 đồng (2 khen thưởng)"))

        try store.write { try $0.execute("UPDATE budget_decisions SET total = ?", [2_000_000]) }
        let changed = try Thidua.run(["budget", "report", "cchc-2024", "--format", "json"], in: directory.url)
        #expect(changed.status == 1)
        #expect(
            changed.stderr.contains(
                "error: decision 125/QĐ-SXD states a total of 2.000.000 đồng, but its 2 lines add up to 2.120.000 đồng"))
        #expect(changed.stdout.contains("\"stated_total\": 2000000") && changed.stdout.contains("\"lines_total\": 2120000"))
    }

    @Test func checkReportsABrokenPackAtItsPosition() throws {
        let directory = try workspace { try replace($0, "legal/nd-98-2023.yaml", "until: 2025-06-30", with: "until: 2025-07-31") }
        let run = try Thidua.run(["check", "--config", directory.path("config")], in: directory.url)
        #expect(run.status == 1)
        #expect(run.errorLines.count == 1, "\(run.errorLines)")
        #expect(
            run.errorLines.first?.hasPrefix(directory.path("config/legal/nd-152-2025.yaml") + ":10:12: error: packs overlap")
                == true, "\(run.errorLines)")
    }
}
