import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

@Suite struct FactStoreTests {
    @Test func distantPeriodsTakeNoSpaceInBetween() throws {
        let world = try World(facts: [
            "period: 1990\nsubjects:\n  a1: {xep_loai: htxsnv}",
            "period: 2024\nsubjects:\n  a1: {xep_loai: htxsnv}",
        ])
        #expect(world.store.periods == [1990, 2024])
        // Two periods × 12 facts × 9 subjects, not 35 periods.
        #expect(world.store.values.count == 2 * world.library.facts.count * 9)
        #expect(world.store.value(of: "xep_loai", for: "a1", in: 1990) == .rating("htxsnv"))
        #expect(world.store.value(of: "xep_loai", for: "a1", in: 2000) == nil)
        #expect(try world.outcome("{kind: history, fact: xep_loai, at_least: htxsnv, years: 2}", "a1") == .missing)
    }

    @Test func valuesKeepTheirSources() throws {
        let world = try standardWorld()
        #expect(world.store.source(of: "danh_hieu", for: "a1", in: 2024)?.description == "facts-0.yaml:3:102")
        #expect(world.store.value(of: "danh_hieu", for: "a1", in: 2024) == .titles(["ldtt", "cstd-co-so"]))
        #expect(world.store.value(of: "so_thang_cong_tac", for: "a2", in: 2024) == .number(try ExactDecimal.parse("9.5")))
        #expect(
            world.store.values(for: "a3", in: 2024).map(\.fact.id)
                == ["danh_hieu", "so_thang_cong_tac"].sorted { a, b in
                    (world.library.slot(ofFact: a) ?? 0) < (world.library.slot(ofFact: b) ?? 0)
                })
        #expect(world.store.knows(subject: "u3"))
        #expect(!world.store.knows(subject: "zz"))
    }

    @Test func aQuotedKindIsAccepted() throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: \"rating\", fact: xep_loai, at_least: htxsnv}", "a1") == .passed)
        let missing = decodingDiagnostics(CriterionRule.self, "{fact: xep_loai, at_least: htxsnv}")
        #expect(missing.lines == ["rule.yaml:1:1: error: missing required key 'kind' (add 'kind:' to this mapping)"])
        let scalar = decodingDiagnostics(CriterionRule.self, "rating")
        #expect(scalar.lines == ["rule.yaml:1:1: error: expected a mapping (key: value lines), found 'rating'"])
    }
}
