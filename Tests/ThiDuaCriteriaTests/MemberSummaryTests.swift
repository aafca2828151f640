import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

/// Members rules in outputs: summed up by default (counts, the members missing data or going
/// against the requirement, the facts read), every member with `members: true` (`--members`).
@Suite struct MemberSummaryTests {
    /// u1: a1 ldtt, a2 ldtt, a3 none, a4 not in the data.
    let facts = """
        period: 2024
        subjects:
          a1: {danh_hieu: [ldtt]}
          a2: {danh_hieu: [ldtt]}
          a3: {danh_hieu: []}
        """
    let share = "{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 70%}}"

    func verdict(_ world: World, _ rule: String, _ subject: String = "u1") throws -> Verdict {
        world.evaluator.evaluate(try world.compile(rule, kind: .collective), subject: try world.subject(subject), period: 2024)
    }

    @Test func theSummaryCountsAndNamesTheMissingAndTheFailing() throws {
        let verdict = try verdict(try World(facts: [facts]), share)
        let result = try #require(verdict.criteria(members: false).first)
        #expect(result.outcome == .missing)
        #expect(
            result.explanation
                == "2/4 thành viên đạt (50%), 1 không đủ dữ liệu (a4), 1 không đạt (a3); yêu cầu: ít nhất 70% thành viên")
        #expect(result.children.isEmpty)
        #expect(result.facts.isEmpty)
        #expect(
            result.members
                == MemberSummary(
                    members: 4, passed: 2, failed: 1, missing: 1, listedOutcome: .failed, listed: ["a3"], missingSubjects: ["a4"],
                    facts: [MemberFacts(fact: "danh_hieu", period: 2024, known: 3, missing: 1, missingSubjects: ["a4"])]))
    }

    @Test func withMembersEveryMemberIsItsOwnPart() throws {
        let verdict = try verdict(try World(facts: [facts]), share)
        let result = try #require(verdict.criteria(members: true).first)
        #expect(result.explanation == "2/4 thành viên đạt (50%), 1 không đủ dữ liệu; yêu cầu: ít nhất 70% thành viên")
        #expect(result.children.map(\.id) == ["a1", "a2", "a3", "a4"])
        #expect(result.children.map(\.outcome) == [.passed, .passed, .failed, .missing])
        #expect(result.members == nil)
        // The tree API lists members by default.
        #expect(verdict.criteria.first?.children.count == 4)
    }

    @Test func textCSVAndJSONSayTheSame() throws {
        let verdict = try verdict(try World(facts: [facts]), share)
        let explanation = "2/4 thành viên đạt (50%), 1 không đủ dữ liệu (a4), 1 không đạt (a3); yêu cầu: ít nhất 70% thành viên"
        #expect(
            verdict.text == """
                Phòng A (u1), tập thể, năm 2024: KHÔNG ĐỦ DỮ LIỆU
                  Tiêu chí:
                    [không đủ dữ liệu] c — Tiêu chí: \(explanation)
                        · danh_hieu [thành viên, 2024] = 3/4 có dữ liệu, 1 không có dữ liệu (a4)
                """)

        var rows: [[String]] = []
        CSVScanner.scan(Array(verdict.rendered(.csv).utf8)) { _, fields in rows.append(fields.map(\.text)) }
        #expect(
            rows == [
                [
                    "2024", "u1", "Phòng A", "missing", "criterion", "c", "Tiêu chí", "missing", explanation,
                    "danh_hieu[thành viên,2024]=3/4 có dữ liệu, 1 không có dữ liệu (a4)",
                ]
            ])

        let json = try #require(try JSONSerialization.jsonObject(with: Data(verdict.rendered(.json).utf8)) as? [String: Any])
        let criterion = try #require((json["criteria"] as? [[String: Any]])?.first)
        #expect(criterion["explanation"] as? String == explanation)
        #expect((criterion["children"] as? [Any])?.isEmpty == true)
        let members = try #require(criterion["members"] as? [String: Any])
        #expect(members["count"] as? Int == 4 && members["passed"] as? Int == 2)
        #expect(members["failed"] as? Int == 1 && members["missing"] as? Int == 1)
        #expect(members["missing_subjects"] as? [String] == ["a4"])
        #expect(members["failed_subjects"] as? [String] == ["a3"])
        let fact = try #require((members["facts"] as? [[String: Any]])?.first)
        #expect(fact["fact"] as? String == "danh_hieu" && fact["period"] as? Int == 2024)
        #expect(fact["known"] as? Int == 3 && fact["missing"] as? Int == 1)
        #expect(fact["missing_subjects"] as? [String] == ["a4"])
    }

    @Test func withMembersTheOutputsListEveryMember() throws {
        let verdict = try verdict(try World(facts: [facts]), share)
        let text = verdict.text(members: true)
        #expect(
            text.contains(
                "      [đạt] a1 — Nguyễn Văn An: Lao động tiên tiến (danh_hieu, 2024); yêu cầu: có danh hiệu Lao động tiên tiến"))
        #expect(text.contains("      [không đủ dữ liệu] a4 — Phạm Văn Dũng: không có dữ liệu (danh_hieu, 2024)"))
        #expect(!text.contains("thành viên, 2024]"))
        var rows: [[String]] = []
        CSVScanner.scan(Array(verdict.rendered(.csv, members: true).utf8)) { _, fields in rows.append(fields.map(\.text)) }
        #expect(rows.map { $0[5] } == ["c", "c/a1", "c/a2", "c/a3", "c/a4"])
        #expect(rows[4][9] == "danh_hieu[a4,2024]=")
        let json = verdict.rendered(.json, members: true)
        #expect(!json.contains("\"members\""))
        #expect(json.contains("\"id\": \"a4\""))
    }

    @Test func requireNoneNamesTheMembersThatPassed() throws {
        let world = try standardWorld()
        // u1: a2 is disciplined (true), a3 has no record.
        let verdict = try verdict(world, "{kind: members, rule: {kind: flag, fact: ky_luat, expect: true}, require: none}")
        let result = try #require(verdict.criteria(members: false).first)
        #expect(result.outcome == .failed)
        #expect(
            result.explanation
                == "1/4 thành viên đạt (25%) (a2), 1 không đủ dữ liệu (a3); yêu cầu: không có thành viên")
        #expect(result.members?.listedOutcome == .passed)
        #expect(result.members?.listed == ["a2"])
        #expect(verdict.rendered(.json).contains("\"passed_subjects\": [\n"))
    }

    @Test func listsStopAtTenMembers() throws {
        let here = SourceLocation.file("test")
        let people = (1...13).map { number in
            Person(
                id: "p\(number < 10 ? "0" : "")\(number)", fullName: "Người \(number)", unit: "u", position: nil,
                kind: .civilServant,
                email: nil, phone: nil, location: here)
        }
        let organization = Organization(
            agency: Agency(name: "Sở", superior: nil, symbol: "S", place: "Bình Định"),
            units: [Unit(id: "u", name: "Phòng đông người", kind: .division, head: nil, location: here)], people: people)
        let data = "period: 2024\nsubjects:\n" + people.dropLast().map { "  \($0.id): {ky_luat: true}\n" }.joined()
        let world = try World(facts: [data], organization: organization)
        let verdict = try verdict(world, "{kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}", "u")
        let result = try #require(verdict.criteria(members: false).first)
        #expect(result.outcome == .failed)
        #expect(
            result.explanation == "0/13 thành viên đạt (0%), 1 không đủ dữ liệu (p13), "
                + "12 không đạt (p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, …); yêu cầu: tất cả thành viên")
        #expect(result.members?.listed.count == MemberSummary.listLimit)
        #expect(result.members?.failed == 12)
    }

    @Test func historyRulesOverMembersReportTheFactOfEachYear() throws {
        let world = try standardWorld()
        let verdict = try verdict(
            world, "{kind: members, rule: {kind: history, fact: xep_loai, at_least: htxsnv, years: 2}, require: all}")
        let facts = try #require(verdict.criteria(members: false).first?.members?.facts)
        #expect(facts.map(\.fact) == ["xep_loai", "xep_loai"])
        #expect(facts.map(\.period) == [2024, 2023])
        #expect(facts.allSatisfy { $0.known + $0.missing == 4 })
    }

    @Test func aUnitWithoutMembersIsMissingWithoutLists() throws {
        let verdict = try verdict(try standardWorld(), share, "u3")
        let result = try #require(verdict.criteria(members: false).first)
        #expect(result.outcome == .missing)
        #expect(result.explanation == "đơn vị không có thành viên nào thuộc diện xét")
        #expect(result.members?.members == 0)
        #expect(result.members?.facts.isEmpty == true)
    }
}
