import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

@Suite struct MembersTests {
    @Test func noMemberDisciplined() throws {
        let world = try standardWorld()
        let rule = "{kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}"
        // u1: a1 false, a2 true (disciplined), a3 missing, a4 false → failed even with a missing member.
        #expect(try world.outcome(rule, "u1") == .failed)
        // u2: b1, b2 false → passed.
        #expect(try world.outcome(rule, "u2") == .passed)
        // u3 has no members: cannot be judged.
        #expect(try world.outcome(rule, "u3") == .missing)
    }

    @Test func requireNone() throws {
        let world = try standardWorld()
        let rule = "{kind: members, rule: {kind: flag, fact: ky_luat, expect: true}, require: none}"
        #expect(try world.outcome(rule, "u1") == .failed)
        #expect(try world.outcome(rule, "u2") == .passed)
    }

    @Test func aMissingMemberLeavesAllOpen() throws {
        let world = try World(facts: [
            """
            period: 2024
            subjects:
              a1: {ky_luat: false}
              a2: {ky_luat: false}
              a4: {ky_luat: false}
            """
        ])
        #expect(
            try world.outcome("{kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}", "u1") == .missing
        )
        // Counting only civil servants and public employees, a4 (a worker) does not count; a3 is still missing.
        let kinds =
            "{kind: members, member_kinds: [civil-servant], rule: {kind: flag, fact: ky_luat, expect: false}, require: all}"
        #expect(try world.outcome(kinds, "u1") == .missing)
    }

    @Test func memberKindsFilterTheMembers() throws {
        let world = try standardWorld()
        // a4 is a worker with htnv; u1's civil servants: a1 htxsnv, a2 httnv, a3 missing.
        let rule = "{kind: members, member_kinds: [worker], rule: {kind: rating, fact: xep_loai, at_least: htnv}, require: all}"
        #expect(try world.outcome(rule, "u1") == .passed)
        let result = try world.result(rule, "u1")
        #expect(result.children.map(\.id) == ["a4"])
        #expect(result.children.first?.title == "Phạm Văn Dũng")
    }

    /// u1 has 4 members with titles: a1 ldtt, a2 ldtt, a3 none, a4 ldtt → 75 %.
    @Test(arguments: [
        ("70%", Outcome.passed), ("75%", .passed), ("75.5%", .failed), ("100%", .failed), ("3", .passed), ("4", .failed),
    ])
    func shareOrCountOfMembersWithATitle(threshold: String, expected: Outcome) throws {
        let world = try standardWorld()
        let rule = "{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: \(threshold)}}"
        #expect(try world.outcome(rule, "u1") == expected)
    }

    @Test func aShareIsUndecidedWhileMissingMembersCouldStillReachIt() throws {
        let world = try World(facts: [
            """
            period: 2024
            subjects:
              a1: {danh_hieu: [ldtt]}
              a2: {danh_hieu: [ldtt]}
              a3: {danh_hieu: []}
            """
        ])
        // 2 of 4 have it, a4 is missing: 2/4 = 50 % < 70 %, and even with a4 only 75 % ≥ 70 % → missing.
        #expect(
            try world.outcome("{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 70%}}", "u1") == .missing)
        // At least 80 % cannot be reached even if a4 has it (3/4 = 75 %) → failed.
        #expect(try world.outcome("{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 80%}}", "u1") == .failed)
        let result = try world.result("{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 70%}}", "u1")
        #expect(result.explanation == "2/4 thành viên đạt (50%), 1 không đủ dữ liệu; yêu cầu: ít nhất 70% thành viên")
        #expect(result.children.count == 4)
    }

    @Test func noMemberDisciplinedAtWarningOrAbove() throws {
        let world = try standardWorld()
        // a2 has khiển trách (below cảnh cáo): fine; the others have no record except a1 (khong).
        let rule =
            "{kind: members, member_kinds: [civil-servant], rule: {kind: rating, fact: hinh_thuc_ky_luat, better_than: canh-cao}, require: all}"
        #expect(try world.outcome(rule, "u1") == .missing)  // a3 has no record
    }

    @Test func membersRulesAreForCollectivesOnly() throws {
        let world = try standardWorld()
        let diagnostics = try world.diagnostics(
            "{kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}", kind: .individual)
        #expect(
            diagnostics.lines == [
                "rule.yaml:1:8: error: a members rule judges the members of a collective; this list is for individuals (use members rules in the criteria of collectives only)"
            ])
        let nested = try world.diagnostics(
            "{kind: members, rule: {kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}, require: all}",
            kind: .collective)
        #expect(nested.first?.message == "a members rule cannot be nested inside another members rule")
        #expect(nested.first?.location.description == "rule.yaml:1:30")
    }

    @Test func requirementsAreCheckedWhereWritten() {
        let share = decodingDiagnostics(
            CriterionRule.self, "{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 170%}}")
        #expect(share.lines == ["rule.yaml:1:71: error: 170% is outside 0–100 % (a share cannot be below 0% or above 100%)"])
        let count = decodingDiagnostics(
            CriterionRule.self, "{kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 2.5}}")
        #expect(
            count.lines == [
                "rule.yaml:1:60: error: 2.5 is not a number of members (write a whole number of members (at least 1) or a share such as 70%)"
            ])
        let word = decodingDiagnostics(CriterionRule.self, "{kind: members, rule: {kind: title, title: ldtt}, require: most}")
        #expect(word.first?.message == "'most' is not a requirement")
    }
}
