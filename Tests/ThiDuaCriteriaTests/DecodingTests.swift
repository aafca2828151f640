import Testing
import ThiDuaCore
@testable import ThiDuaCriteria

@Suite struct DecodingTests {
    @Test func decodesARatingRule() throws {
        let rule = try YAMLDecoder().decode(CriterionRule.self, from: "{kind: rating, fact: xep_loai, at_least: htxsnv}", file: "r.yaml")
        guard case .rating(let rating) = rule.body else {
            Issue.record("expected a rating rule")
            return
        }
        #expect(rating.fact.value == "xep_loai")
        #expect(rating.comparison == .atLeast)
        #expect(rating.level.value == "htxsnv")
    }
}
