import Testing
import ThiDuaCore

@testable import ThiDuaCouncil

/// The tally rule: quorum, thresholds of members present or of all members, ties, scores.
@Suite struct TallyTests {
    /// 2/3, parsed as the council file writes it.
    static let twoThirds: Share = (try? Share.parse("2/3")) ?? .half

    func rule(_ approval: Threshold, of base: TallyRule.Base = .present, tie: TallyRule.Tie = .reject) -> TallyRule {
        TallyRule(
            method: .vote, quorum: Threshold(share: Self.twoThirds, strictly: false), approval: approval, base: base, tie: tie)
    }

    func ballots(_ pairs: [(String, Ballot)]) -> [String: Ballot] { Dictionary(uniqueKeysWithValues: pairs) }

    @Test func sharesParseAsFractionsOrPercentagesAndCompareExactly() throws {
        let twoThirds = try Share.parse("2/3")
        #expect(twoThirds.isReached(by: 2, of: 3))
        #expect(!twoThirds.isReached(by: 2, of: 3, strictly: true))
        #expect(!twoThirds.isReached(by: 3, of: 5))
        let half = try Share.parse("50%")
        #expect(half.isReached(by: 2, of: 4))
        #expect(!half.isReached(by: 2, of: 4, strictly: true))
        #expect(half.description == "50%")
        #expect(throws: ScalarError.self) { try Share.parse("4/3") }
        #expect(throws: ScalarError.self) { try Share.parse("half") }
    }

    @Test func moreThanHalfOfThosePresent() {
        let ofPresent = rule(Threshold(share: .half, strictly: true))
        let three = Tally.decide(
            rule: ofPresent, ballots: ballots([("a", .approve), ("b", .approve), ("c", .reject), ("d", .abstain)]), eligible: 4,
            members: 5,
            excluded: 0, chair: "a")
        #expect(!three.approved, "2 of 4 is not more than half")
        #expect(three.approvals == 2 && three.rejections == 1 && three.abstentions == 1 && three.base == 4)
        let more = Tally.decide(
            rule: ofPresent, ballots: ballots([("a", .approve), ("b", .approve), ("c", .approve), ("d", .reject)]), eligible: 4,
            members: 5,
            excluded: 0, chair: "a")
        #expect(more.approved)
    }

    @Test func aShareOfAllMembersCountsTheAbsentAgainst() {
        let ofMembers = rule(Threshold(share: .half, strictly: true), of: .members)
        let tally = Tally.decide(
            rule: ofMembers, ballots: ballots([("a", .approve), ("b", .approve)]), eligible: 2, members: 5, excluded: 0,
            chair: nil)
        #expect(!tally.approved, "2 of 5 members")
        #expect(tally.base == 5)
        // A member excluded for a conflict of interest leaves the base.
        let withExclusion = Tally.decide(
            rule: rule(Threshold(share: .half, strictly: false), of: .members),
            ballots: ballots([("a", .approve), ("b", .approve)]), eligible: 2, members: 5, excluded: 1, chair: nil)
        #expect(withExclusion.base == 4)
        #expect(withExclusion.approved)
    }

    @Test func tiesFollowTheRule() {
        let votes = ballots([("chair", .reject), ("b", .approve), ("c", .approve), ("d", .reject)])
        let byChair = Tally.decide(
            rule: rule(Threshold(share: .half, strictly: false), tie: .chair), ballots: votes, eligible: 4, members: 4,
            excluded: 0,
            chair: "chair")
        #expect(!byChair.approved, "the chair rejected")
        #expect(byChair.explanation.contains("Chủ tịch"))
        let approving = Tally.decide(
            rule: rule(Threshold(share: .half, strictly: true), tie: .approve), ballots: votes, eligible: 4, members: 4,
            excluded: 0,
            chair: "chair")
        #expect(approving.approved)
        let chairApproves = ballots([("chair", .approve), ("b", .reject)])
        #expect(
            Tally.decide(
                rule: rule(Threshold(share: .half, strictly: true), tie: .chair), ballots: chairApproves, eligible: 2, members: 4,
                excluded: 0, chair: "chair"
            ).approved)
    }

    @Test func scoresAverageAgainstThePassMark() {
        let rule = TallyRule(
            method: .score, quorum: Threshold(share: .half, strictly: false), approval: Threshold(share: .half, strictly: true),
            base: .present, tie: .reject, scores: TallyRule.ScoreScale(max: ExactDecimal(100), pass: ExactDecimal(70)))
        let pass = Tally.decide(
            rule: rule, ballots: ballots([("a", .score(ExactDecimal(80))), ("b", .score(ExactDecimal(61)))]), eligible: 2,
            members: 3,
            excluded: 0, chair: nil)
        #expect(pass.average == ExactDecimal("70.5"))
        #expect(pass.approved)
        let fail = Tally.decide(
            rule: rule, ballots: ballots([("a", .score(ExactDecimal(69))), ("b", .score(ExactDecimal(70)))]), eligible: 2,
            members: 3,
            excluded: 0, chair: nil)
        #expect(!fail.approved)
    }
}
