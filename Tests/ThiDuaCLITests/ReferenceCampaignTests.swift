import Foundation
import Testing
import ThiDuaTestSupport

/// Runs examples/reference-campaign.sh — the README's first command runs it too — with the
/// debug-built `thidua` the other tests use, and checks what it wrote.
@Suite struct ReferenceCampaignTests {
    @Test func theReferenceCampaignRunsFromAnEmptyDatabaseToTheDecision() throws {
        let work = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Thidua.packageRoot.appendingPathComponent("examples/reference-campaign.sh").path]
        process.currentDirectoryURL = Thidua.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["THIDUA"] = try Thidua.executable.path
        environment["THIDUA_WORK"] = work.url.path
        environment.removeValue(forKey: "THIDUA_NOW")
        environment.removeValue(forKey: "THIDUA_ACTOR")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the script failed:\n\(stdout)\n\(stderr)")

        // The late dossier was refused and stays out of the review.
        #expect(stderr.contains("error: HS-cchc-2024-003: too late — hạn nộp hồ sơ: trước ngày 01/12/2024"))
        #expect(stdout.contains("(refused: too late; HS-cchc-2024-003 stays a draft and is not reviewed)"))
        // The returned dossier was fixed and accepted.
        #expect(stdout.contains("HS-cchc-2024-001: resubmitted"))
        #expect(stdout.contains("HS-cchc-2024-001: accepted"))
        // The head of the nominating unit was excluded from its votes.
        #expect(
            stdout.contains(
                "le-quang-vinh: excluded from qlxd (HS-cchc-2024-001): they head the nominating unit — conflict of interest"))

        let out_ = work.url.appendingPathComponent("out")
        func read(_ name: String) throws -> String { try String(contentsOf: out_.appendingPathComponent(name), encoding: .utf8) }
        let minutes = try read("bien-ban-hop-hoi-dong.md")
        #expect(minutes.contains("**BIÊN BẢN**"))
        #expect(try read("to-trinh-hoi-dong.html").contains("TỜ TRÌNH"))

        // The decision: collectives then individuals, Giấy khen at 1.410.000 and 710.000 đồng
        // (decision of 10/12/2024: base salary 2.340.000, coefficients 0.6 and 0.3, rounded up).
        let decision = try read("quyet-dinh-khen-thuong.md")
        #expect(decision.contains("| Số: 125/QĐ-SXD | *Bình Định, ngày 10 tháng 12 năm 2024* |"))
        let collectives = try #require(
            decision.range(of: "| 1 | Phòng Quản lý xây dựng | Giấy khen của Giám đốc Sở | 1.410.000 |"))
        let second = try #require(
            decision.range(of: "| 2 | Trung tâm Kiểm định chất lượng xây dựng | Giấy khen của Giám đốc Sở | 1.410.000 |"))
        let individuals = try #require(
            decision.range(
                of: "| 1 | Phan Đức Long | Chuyên viên, Phòng Quản lý xây dựng | Giấy khen của Giám đốc Sở | 710.000 |"))
        #expect(
            decision.contains(
                "| 2 | Trương Văn Bình | Kỹ sư kiểm định, Trung tâm Kiểm định chất lượng xây dựng | Giấy khen của Giám đốc Sở | 710.000 |"
            ))
        #expect(collectives.lowerBound < second.lowerBound && second.lowerBound < individuals.lowerBound)
        #expect(decision.contains("tổng số tiền thưởng **4.240.000 đồng**"))
        #expect(!decision.contains("Văn phòng Sở | Giấy khen"))
        #expect(try read("quyet-dinh-khen-thuong.html").contains("<p class=\"type\">QUYẾT ĐỊNH</p>"))

        // The report counts the returned and the refused dossiers.
        let report = try read("bao-cao-tong-ket.md")
        #expect(report.contains("| Phòng Quản lý xây dựng | 1 | 2 | 1 | 1 | 0 | 2 | 2.120.000 |"))
        #expect(report.contains("| Văn phòng Sở | 1 | 1 | 0 | 0 | 1 | 0 | 0 |"))
        #expect(report.contains("HS-cchc-2024-003 của Văn phòng Sở (20/TTr-VP): không nộp trong thời hạn"))

        // The launch, the reminders, the dossiers' news and the decision went to the outbox.
        #expect(stdout.contains("cchc-2024: launched by vo-tat-dung"))
        #expect(stdout.contains("[Sở Xây dựng] Quyết định khen thưởng số 125/QĐ-SXD ngày 10/12/2024"))
        let outbox = work.url.appendingPathComponent(".thidua/outbox")
        let messages = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
        #expect(!messages.isEmpty)
        let decisionMessages = try messages.filter {
            let message = try String(contentsOf: outbox.appendingPathComponent($0), encoding: .utf8)
            return message.contains("X-ThiDua-Trigger: decision-issued")
        }
        #expect(decisionMessages.count == 4, "the decision, to the clerks and heads of the two awarded units")
        #expect(stdout.contains("notifications (one .eml each)     \(outbox.path)/ (\(messages.count) messages)"))

        // History, the frozen decision and the audit chain.
        #expect(
            stdout.contains("2024  Giấy khen của Giám đốc Sở — Quyết định số 125/QĐ-SXD ngày 10/12/2024, cchc-2024, 710.000 đồng")
        )
        #expect(stdout.contains("125/QĐ-SXD: intact"))
        #expect(stdout.contains("The audit log of .thidua/thidua.sqlite is intact"))
        #expect(stdout.contains("outputs in \(work.url.path)"))
    }
}
