import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

/// Rules with a known outcome for a1: P passes, F fails, M lacks data.
let itemRules: [Outcome: String] = [
    .passed: "{kind: flag, fact: ky_luat, expect: false}",
    .failed: "{kind: flag, fact: ky_luat, expect: true}",
    .missing: "{kind: flag, fact: dang_xem_xet, expect: false}",
]

func items(_ outcomes: [Outcome]) -> String {
    "[" + outcomes.compactMap { itemRules[$0] }.joined(separator: ", ") + "]"
}

let P = Outcome.passed
let F = Outcome.failed
let M = Outcome.missing

@Suite struct CompositionTests {
    /// The documented truth table for two items (docs/modules/criteria.md).
    @Test(arguments: [
        // a, b, all_of, any_of
        (P, P, P, P), (P, F, F, P), (P, M, M, P),
        (F, P, F, P), (F, F, F, F), (F, M, F, M),
        (M, P, M, P), (M, F, F, M), (M, M, M, M),
    ])
    func twoItemTruthTable(a: Outcome, b: Outcome, allOf: Outcome, anyOf: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: all_of, rules: \(items([a, b]))}", "a1") == allOf)
        #expect(try world.outcome("{kind: any_of, rules: \(items([a, b]))}", "a1") == anyOf)
        #expect(Outcome.allOf([a, b]) == allOf)
        #expect(Outcome.anyOf([a, b]) == anyOf)
    }

    /// Every combination of three items agrees with the Kleene rules, for all_of, any_of and at_least k.
    @Test func everyThreeItemCombination() throws {
        let world = try standardWorld()
        let values = [P, F, M]
        for a in values {
            for b in values {
                for c in values {
                    let list = [a, b, c]
                    let rules = items(list)
                    #expect(try world.outcome("{kind: all_of, rules: \(rules)}", "a1") == Outcome.allOf(list))
                    #expect(try world.outcome("{kind: any_of, rules: \(rules)}", "a1") == Outcome.anyOf(list))
                    for k in 1...3 {
                        let expected = Outcome.atLeast(k, of: list)
                        #expect(
                            try world.outcome("{kind: at_least, count: \(k), rules: \(rules)}", "a1") == expected,
                            "at_least \(k) of \(list)")
                    }
                }
            }
        }
    }

    @Test(arguments: [
        // mandatory, others, count, expected
        ([P], [P, F, F], 2, P), ([P], [F, F, F], 2, F), ([F], [P, P, P], 2, F), ([M], [P, P, P], 2, M),
        ([P], [M, F, F], 2, M), ([P], [M, M, F], 3, M), ([P], [F, F, M], 3, F), ([P, P], [], 2, P), ([P], [P], 1, P),
    ])
    func atLeastWithMandatoryItems(mandatory: [Outcome], others: [Outcome], count: Int, expected: Outcome) throws {
        let world = try standardWorld()
        let rule = "{kind: at_least, count: \(count), mandatory: \(items(mandatory)), rules: \(items(others))}"
        #expect(try world.outcome(rule, "a1") == expected)
        #expect(Outcome.atLeast(count, of: mandatory + others, mandatory: mandatory.count) == expected)
    }

    @Test func nestedCompositionsExplainEachPart() throws {
        let world = try standardWorld()
        let result = try world.result(
            """
            kind: any_of
            rules:
              - {kind: rating, fact: xep_loai, at_least: htxsnv}
              - kind: all_of
                rules:
                  - {kind: threshold, fact: so_sang_kien, at_least: 1}
                  - {kind: flag, fact: ky_luat, expect: false}
            """, "a2")
        #expect(result.outcome == .failed)
        #expect(result.children.map(\.id) == ["1", "2"])
        #expect(result.children.map(\.outcome) == [.failed, .failed])
        #expect(result.children[1].children.map(\.outcome) == [.missing, .failed])
        #expect(result.explanation == "0/2 đạt, 2 không đạt; yêu cầu: ít nhất một")
    }

    @Test func mandatoryItemsAreMarkedInTheExplanation() throws {
        let world = try standardWorld()
        let result = try world.result("{kind: at_least, count: 2, mandatory: \(items([P])), rules: \(items([P, F]))}", "a1")
        #expect(result.outcome == .passed)
        #expect(result.children[0].title.hasSuffix("(bắt buộc)"))
        #expect(result.explanation == "2/3 đạt, 1 không đạt; yêu cầu: ít nhất 2, trong đó 1 điều kiện bắt buộc")
    }
}
