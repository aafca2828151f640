import Foundation
import Testing

/// Sessions on the built `thidua`: conflicts of interest, the stored tally, and bad input that
/// changes nothing.
@Suite(.serialized) struct SessionTests {
    @Test func theHeadOfTheNominatingUnitIsExcludedAndTheTallyIsStoredAndAudited() throws {
        let workspace = try CouncilWorkspace()
        let session = try workspace.open()
        // Lê Quang Vinh heads qlxd, which nominates both: --all leaves him nothing to vote on.
        let excluded = try workspace.thidua(["council", "vote", session, "approve", "qlxd"], actor: "le-quang-vinh")
        #expect(excluded.status == 1)
        #expect(excluded.stderr.contains("excluded from the vote on qlxd"))
        #expect(excluded.stderr.contains("they head the nominating unit"))
        try workspace.ok(["council", "vote", session, "approve", "--all"], actor: "vo-tat-dung")
        try workspace.ok(["council", "vote", session, "approve", "qlxd", "phan-duc-long"], actor: "tran-thi-mai")
        try workspace.ok(["council", "vote", session, "reject", "qlxd"], actor: "ngo-van-thanh")
        try workspace.ok(["council", "vote", session, "abstain", "phan-duc-long"], actor: "ngo-van-thanh")
        let closed = try workspace.ok(["council", "close", session], actor: "tran-thi-mai")
        // 2 of 3 eligible approve qlxd (> 50%); phan-duc-long: 2 approve, 1 abstain of 3.
        #expect(
            closed.stdout.contains(
                "qlxd (HS-cchc-2024-001, giay-khen-giam-doc-so): approved — 2 approve, 1 reject, 0 abstain of 3; excluded: le-quang-vinh"
            ))
        #expect(
            closed.stdout.contains(
                "phan-duc-long (HS-cchc-2024-001, giay-khen-giam-doc-so): approved — 2 approve, 0 reject, 1 abstain of 3"))
        let audit = try workspace.ok(["audit", "list", "--limit", "20"]).stdout
        #expect(audit.contains("council.close"))
        #expect(audit.contains("council.vote"))
        try workspace.ok(["audit", "verify"])
        let minutes = try workspace.ok(["council", "render", session, "bien-ban"]).stdout
        #expect(minutes.contains("**BIÊN BẢN**"))
        #expect(minutes.contains("Lê Quang Vinh: là thủ trưởng đơn vị đề nghị (Phòng Quản lý xây dựng)"))
        #expect(
            minutes.contains(
                "| 1 | Phòng Quản lý xây dựng | Phòng Quản lý xây dựng | Giấy khen của Giám đốc Sở | 2/3 tán thành; 1 không tán thành; 0 không biểu quyết |"
            ))
        #expect(minutes.contains("**CHỦ TỊCH HỘI ĐỒNG**"))
        let memo = try workspace.ok(["council", "render", session, "to-trinh", "--format", "html"]).stdout
        #expect(memo.contains("TỜ TRÌNH"))
        #expect(memo.contains("Kính gửi: Hội đồng Thi đua - Khen thưởng Sở Xây dựng"))
    }

    @Test func votingTwiceIsRefusedAndChangesNothing() throws {
        let workspace = try CouncilWorkspace()
        let session = try workspace.open()
        try workspace.ok(["council", "vote", session, "approve", "qlxd"], actor: "ngo-van-thanh")
        let before = try workspace.snapshot()
        let again = try workspace.thidua(["council", "vote", session, "reject", "qlxd"], actor: "ngo-van-thanh")
        #expect(again.status == 1)
        #expect(again.stderr.contains("already voted on qlxd"))
        #expect(try workspace.snapshot() == before)
        // All or nothing: a second ballot among new ones writes none of them.
        let mixed = try workspace.thidua(
            ["council", "vote", session, "approve", "phan-duc-long", "qlxd"], actor: "ngo-van-thanh")
        #expect(mixed.status == 1)
        #expect(try workspace.snapshot() == before)
    }

    @Test func votingOnANominationThatIsNotAcceptedIsRefused() throws {
        let workspace = try CouncilWorkspace(accept: false)
        // No accepted nomination: nothing to open a session for.
        let open = try workspace.thidua(
            ["council", "open", "cchc-2024", "--present", "vo-tat-dung,tran-thi-mai,ngo-van-thanh,le-quang-vinh"],
            actor: "tran-thi-mai")
        #expect(open.status == 1)
        #expect(open.stderr.contains("no accepted nomination awaiting the council"))
        // Another dossier is accepted; the first stays submitted, and its nominees cannot be voted on.
        try workspace.ok(["dossier", "accept", workspace.dossier], actor: "tran-thi-mai")
        let session = try workspace.open()
        let unknown = try workspace.thidua(["council", "vote", session, "approve", "ly-hoang-nam"], actor: "ngo-van-thanh")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("'ly-hoang-nam' is not nominated in campaign cchc-2024"))
    }

    @Test func quorumAbsentMembersAndOutsidersAreRefused() throws {
        let workspace = try CouncilWorkspace()
        let noQuorum = try workspace.thidua(
            ["council", "open", "cchc-2024", "--present", "vo-tat-dung,tran-thi-mai"], actor: "tran-thi-mai")
        #expect(noQuorum.status == 1)
        #expect(noQuorum.stderr.contains("no quorum: 2 of 5 members present, the rule needs ≥ 2/3"))
        let session = try workspace.open()
        let absent = try workspace.thidua(["council", "vote", session, "approve", "qlxd"], actor: "nguyen-van-hung")
        #expect(absent.stderr.contains("recorded as absent"))
        let outsider = try workspace.thidua(["council", "vote", session, "approve", "qlxd"], actor: "do-thi-hong")
        #expect(outsider.stderr.contains("is not a member of the council"))
        let early = try workspace.thidua(["council", "close", session], actor: "tran-thi-mai")
        #expect(early.status == 1)
        #expect(early.stderr.contains("ballots are missing"))
        let minutes = try workspace.thidua(["council", "render", session, "bien-ban"])
        #expect(minutes.stderr.contains("still open"))
    }

    @Test func aCampaignsOwnRuleCanScoreAgainstAPassMark() throws {
        let council = """
            name: Hội đồng Thi đua - Khen thưởng Sở Xây dựng
            members:
              - {person: vo-tat-dung, role: chair}
              - {person: tran-thi-mai, role: standing}
              - {person: ngo-van-thanh, role: member}
            rule: {quorum: {at_least: 2/3}, approval: {at_least: 2/3, of: members}, tie: reject}
            campaigns:
              - campaign: cchc-2024
                rule: {method: score, quorum: {at_least: 2/3}, scores: {max: 100, pass: 70}}
            """
        let workspace = try CouncilWorkspace(councilFile: council)
        try workspace.ok(
            ["council", "open", "cchc-2024", "--present", "vo-tat-dung,tran-thi-mai,ngo-van-thanh"], actor: "tran-thi-mai")
        let session = "PH-cchc-2024-1"
        let wrongMethod = try workspace.thidua(["council", "vote", session, "approve", "qlxd"], actor: "vo-tat-dung")
        #expect(wrongMethod.stderr.contains("the council scores nominations in cchc-2024; give a score"))
        let outOfRange = try workspace.thidua(["council", "score", session, "101", "qlxd"], actor: "vo-tat-dung")
        #expect(outOfRange.stderr.contains("a score lies between 0 and 100; 101 is out of range"))
        try workspace.ok(["council", "score", session, "90", "--all"], actor: "vo-tat-dung")
        try workspace.ok(["council", "score", session, "70", "--all"], actor: "tran-thi-mai")
        try workspace.ok(["council", "score", session, "49", "qlxd"], actor: "ngo-van-thanh")
        try workspace.ok(["council", "score", session, "55", "phan-duc-long"], actor: "ngo-van-thanh")
        let closed = try workspace.ok(["council", "close", session], actor: "tran-thi-mai").stdout
        // (90 + 70 + 49) / 3 = 69.6667 < 70; (90 + 70 + 55) / 3 = 71.6667 ≥ 70.
        #expect(closed.contains("qlxd (HS-cchc-2024-001, giay-khen-giam-doc-so): not approved — average 69.6667"))
        #expect(closed.contains("phan-duc-long (HS-cchc-2024-001, giay-khen-giam-doc-so): approved — average 71.6667"))
    }
}
