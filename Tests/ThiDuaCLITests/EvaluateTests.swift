import Foundation
import Testing
import ThiDuaTestSupport

/// `thidua evaluate` on the example configuration: members rules summed up or listed
/// (`--members`), and the shape of `--timing` (never its values).
@Suite struct EvaluateTests {
    /// Văn phòng's members for `tt-ky-luat` (no member disciplined): 2 of 3 known, Võ Thị Ngọc Anh not in the data.
    @Test func membersRulesAreSummedUpByDefault() throws {
        let run = try Thidua.run(["evaluate", "cchc-2024"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                ": 2/3 thành viên đạt (66,67%), 1 không đủ dữ liệu (vo-thi-ngoc-anh); yêu cầu: tất cả thành viên\n"
                    + "        · ky_luat [thành viên, 2024] = 2/3 có dữ liệu, 1 không có dữ liệu (vo-thi-ngoc-anh)\n"))
        #expect(run.stdout.contains("1/2 thành viên đạt (50%), 1 không đạt (pham-thi-thu-ha); yêu cầu: tất cả thành viên"))

        let csv = try Thidua.run(["evaluate", "cchc-2024", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(!csv.lines.contains { $0.contains(",tt-ky-luat/") })
        #expect(csv.lines.contains { $0.contains(",tt-ky-luat,") && $0.contains("ky_luat[thành viên,2024]=2/3 có dữ liệu") })
    }

    @Test func membersListsEveryMemberInEachFormat() throws {
        let text = try Thidua.run(["evaluate", "cchc-2024", "--members"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("2/3 thành viên đạt (66,67%), 1 không đủ dữ liệu; yêu cầu: tất cả thành viên\n"))
        #expect(text.stdout.contains("      [không đủ dữ liệu] vo-thi-ngoc-anh — "))
        #expect(!text.stdout.contains("[thành viên, 2024]"))

        let csv = try Thidua.run(["evaluate", "cchc-2024", "--format", "csv", "--members"])
        #expect(csv.lines.contains { $0.contains(",tt-ky-luat/vo-thi-ngoc-anh,") })

        let json = try Thidua.run(["evaluate", "cchc-2024", "--format", "json", "--members"])
        let criterion = try kyLuat(of: "van-phong", in: json.stdout)
        #expect(criterion["members"] == nil)
        #expect((criterion["children"] as? [[String: Any]])?.count == 3)
    }

    @Test func jsonHasTheSummaryObject() throws {
        let json = try Thidua.run(["evaluate", "cchc-2024", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let criterion = try kyLuat(of: "van-phong", in: json.stdout)
        #expect((criterion["children"] as? [Any])?.isEmpty == true)
        let members = try #require(criterion["members"] as? [String: Any])
        #expect(members["count"] as? Int == 3)
        #expect(members["missing_subjects"] as? [String] == ["vo-thi-ngoc-anh"])
        #expect(members["failed_subjects"] as? [String] == [])
    }

    @Test func timingGoesToStandardErrorWithOneLinePerPhase() throws {
        let plain = try Thidua.run(["evaluate", "cchc-2024", "--format", "csv"])
        let timed = try Thidua.run(["evaluate", "cchc-2024", "--format", "csv", "--timing"])
        #expect(timed.status == 0)
        #expect(timed.stdout == plain.stdout)
        let lines = timed.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("timing: ") }
        let shapes: [(String, String)] = [
            ("timing: load ", " ms"), ("timing: evaluation ", " ms"), ("timing: criterion evaluations ", ""),
            ("timing: rate ", " per second"), ("timing: output ", " ms"), ("timing: total ", " ms"),
        ]
        #expect(lines.count == shapes.count, "\(timed.stderr)")
        for (line, (prefix, suffix)) in zip(lines, shapes) {
            #expect(line.hasPrefix(prefix) && line.hasSuffix(suffix), "\(line)")
            let number = line.dropFirst(prefix.count).dropLast(suffix.count)
            let isMilliseconds = suffix == " ms"
            let parts = number.split(separator: ".", omittingEmptySubsequences: false)
            #expect(isMilliseconds ? parts.count == 2 && parts[1].count == 1 : parts.count == 1, "\(line)")
            #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isWholeNumber) }, "\(line)")
        }
        // 7 units × 3 criteria and 12 people × their criteria, all evaluated: a whole number, not zero.
        #expect(lines.count > 2 && lines[2] != "timing: criterion evaluations 0")
        #expect(!plain.stderr.contains("timing:"))
    }

    /// The `tt-ky-luat` criterion of collective `unit` in JSON output.
    func kyLuat(of unit: String, in output: String) throws -> [String: Any] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let collectives = try #require(json["collectives"] as? [[String: Any]])
        let verdict = try #require(collectives.first { $0["subject"] as? String == unit })
        let criteria = try #require(verdict["criteria"] as? [[String: Any]])
        return try #require(criteria.first { $0["id"] as? String == "tt-ky-luat" })
    }
}
