import Foundation
import Testing
import ThiDuaTestSupport

/// The council file and the decisions file are checked by `thidua check`, each problem with its
/// file, line and column.
@Suite struct ConfigurationTests {
    /// `thidua check` on a copy of config/ with `file` replaced by `text`.
    func check(_ file: String, _ text: String) throws -> Run {
        let directory = try Thidua.makeWorkspace(prefix: "thidua-council-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(text.utf8).write(to: directory.appendingPathComponent("config/\(file)"))
        return try Thidua.run(["check"], in: directory)
    }

    @Test func badRuleValuesAreReportedWhereTheyAreWritten() throws {
        let run = try check(
            "council.yaml",
            """
            name: Hội đồng
            members:
              - {person: vo-tat-dung, role: chair}
            rule: {quorum: {at_least: 4/3}, approval: {more_than: 50%, of: everyone}, tie: chair}
            campaigns:
              - {campaign: cchc-2024, rule: {method: score, quorum: {at_least: 1/2}}}
            """)
        let output = run.stdout + run.stderr
        #expect(run.status == 1)
        #expect(output.contains("config/council.yaml:4:27: error: '4/3' is not a share between 0 and 1"))
        #expect(output.contains("config/council.yaml:4:64: error: 'everyone' is not one of: present, members"))
        #expect(output.contains("config/council.yaml:6:33: error: a scoring rule needs 'scores: {max: …, pass: …}'"))
    }

    @Test func membersAndCampaignsAreCheckedAgainstTheOrganization() throws {
        let run = try check(
            "council.yaml",
            """
            name: Hội đồng
            members:
              - {person: vo-tat-dung, role: member}
              - {person: tran-thi-mia, role: standing}
              - {person: ngo-van-thanh, role: member}
              - {person: ngo-van-thanh, role: member}
            rule: {quorum: {at_least: 2/3}, tie: chair}
            campaigns:
              - {campaign: cchc-2025, rule: {quorum: {at_least: 1/2}}}
            """)
        let output = run.stdout + run.stderr
        #expect(run.status == 1)
        #expect(
            output.contains(
                "config/council.yaml:4:14: error: unknown person 'tran-thi-mia': council members are people of the organization (did you mean 'tran-thi-mai'?)"
            ))
        #expect(output.contains("config/council.yaml:6:14: error: 'ngo-van-thanh' is listed twice as a council member (first at"))
        #expect(output.contains("config/council.yaml:9:16: error: unknown campaign 'cchc-2025' (did you mean 'cchc-2024'?)"))
        #expect(
            output.contains(
                "config/council.yaml:1:7: error: the rule breaks ties by the chair's vote ('tie: chair'), but no member has 'role: chair'"
            ))
    }

    @Test func decisionAuthorityNamesDeclaredAwards() throws {
        let run = try check(
            "decisions.yaml",
            """
            signers:
              - person: vo-tat-dung
                title: GIÁM ĐỐC
                decides: [giay-khen-giam-doc, bang-khen-chu-tich-ubnd-tinh]
            proposed_upward:
              - {award: bang-khen-chu-tich-ubnd-tinh, to: Chủ tịch UBND tỉnh}
            proposal: Xét đề nghị của Chánh Văn phòng Sở
            execution: Chánh Văn phòng Sở … chịu trách nhiệm thi hành Quyết định này.
            recipients: [Như Điều 3;, Lưu VT.]
            """)
        let output = run.stdout + run.stderr
        #expect(run.status == 1)
        #expect(
            output.contains(
                "config/decisions.yaml:4:15: error: unknown award 'giay-khen-giam-doc' (did you mean 'giay-khen-giam-doc-so'?)"))
        #expect(
            output.contains(
                "config/decisions.yaml:6:13: error: 'bang-khen-chu-tich-ubnd-tinh' is both decided by a signer and proposed upward"
            ))
    }
}
