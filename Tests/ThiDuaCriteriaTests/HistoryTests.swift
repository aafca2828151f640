import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

@Suite struct HistoryTests {
    @Test(arguments: [
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 2}", "a1", Outcome.passed),
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 2}", "a2", .failed),  // 2024 httnv
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 2}", "b1", .failed),  // 2023 httnv
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 3}", "a1", .passed),  // 2022–2024
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 4}", "a1", .missing),  // 2021 unknown
        // 2023 yes, 2022 unknown
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 2, up_to: previous}", "a2", .missing),
        ("{kind: history, fact: xep_loai, at_least: htxsnv, years: 3, up_to: current}", "a2", .failed),  // failed beats missing
        ("{kind: history, title: cstd-co-so, years: 3}", "a1", .passed),
        ("{kind: history, title: cstd-co-so, years: 2}", "a2", .failed),
        ("{kind: history, title: cstd-co-so, years: 2, up_to: previous}", "a2", .failed),  // 2022: ldtt only
        ("{kind: history, title: ldtt, years: 1, up_to: previous}", "a2", .passed),
        (
            "{kind: history, years: 2, rule: {kind: any_of, rules: [{kind: title, title: cstd-co-so}, {kind: rating, fact: xep_loai, at_least: htxsnv}]}}",
            "a2", .failed
        ),
        (
            "{kind: history, years: 2, up_to: previous, rule: {kind: any_of, rules: [{kind: title, title: cstd-co-so}, {kind: rating, fact: xep_loai, at_least: htxsnv}]}}",
            "a2", .missing
        ),  // 2023 yes; 2022 ldtt only and no rating
    ])
    func consecutiveYears(rule: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome(rule, subject) == expected)
    }

    @Test func explainsEachYearInOrder() throws {
        let world = try standardWorld()
        let result = try world.result("{kind: history, fact: xep_loai, at_least: htxsnv, years: 3}", "a1")
        #expect(result.children.map(\.id) == ["2022", "2023", "2024"])
        #expect(result.children.map { $0.facts.first?.period } == [2022, 2023, 2024])
        #expect(result.explanation == "3/3 đạt; yêu cầu: đạt liên tục các năm 2022–2024")
    }

    @Test func historyNeedsSomethingToCount() {
        let diagnostics = decodingDiagnostics(CriterionRule.self, "{kind: history, years: 2}")
        #expect(
            diagnostics.lines == [
                "rule.yaml:1:1: error: the history rule needs 'rule', 'title' or 'fact' (write e.g. {kind: history, years: 2, title: cstd-co-so} or {kind: history, years: 2, fact: xep_loai, at_least: htxsnv})"
            ])
    }

    @Test func yearsMustBePositive() throws {
        let world = try standardWorld()
        let diagnostics = try world.diagnostics("{kind: history, title: ldtt, years: 0}")
        #expect(diagnostics.lines == ["rule.yaml:1:37: error: years must be between 1 and 50"])
    }
}
