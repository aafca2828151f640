import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

/// Facts for the small organization: a1 is excellent, a2 good, a3 has gaps in the data.
let facts2024 = """
    period: 2024
    subjects:
      a1: {xep_loai: htxsnv, ky_luat: false, hinh_thuc_ky_luat: khong, so_thang_cong_tac: 12, danh_hieu: [ldtt, cstd-co-so], so_sang_kien: 1}
      a2: {xep_loai: httnv, ky_luat: true, hinh_thuc_ky_luat: khien-trach, so_thang_cong_tac: 9.5, danh_hieu: [ldtt]}
      a3: {so_thang_cong_tac: 10, danh_hieu: []}
      a4: {xep_loai: htnv, ky_luat: false, danh_hieu: [ldtt]}
      b1: {xep_loai: htxsnv, ky_luat: false, danh_hieu: [ldtt]}
      b2: {xep_loai: khtnv, ky_luat: false}
      u1: {xep_loai: htxsnv, ty_le_nhiem_vu_cchc: 100%}
      u2: {xep_loai: httnv, ty_le_nhiem_vu_cchc: 95.5%}
    """

let facts2023 = """
    period: 2023
    subjects:
      a1: {xep_loai: htxsnv, danh_hieu: [ldtt, cstd-co-so]}
      a2: {xep_loai: htxsnv, danh_hieu: [ldtt, cstd-co-so]}
      b1: {xep_loai: httnv}
    """

let facts2022 = """
    period: 2022
    subjects:
      a1: {xep_loai: htxsnv, danh_hieu: [cstd-co-so]}
      a2: {danh_hieu: [ldtt]}
    """

func standardWorld() throws -> World {
    try World(facts: [facts2024, facts2023, facts2022])
}

@Suite struct RuleKindTests {
    @Test(arguments: [
        ("at_least: htxsnv", "a1", Outcome.passed), ("at_least: htxsnv", "a2", .failed), ("at_least: htxsnv", "a3", .missing),
        ("at_least: httnv", "a2", .passed), ("at_least: httnv", "a4", .failed),
        ("better_than: httnv", "a1", .passed), ("better_than: httnv", "a2", .failed),
        ("at_most: htnv", "a4", .passed), ("at_most: htnv", "a2", .failed), ("at_most: htnv", "a3", .missing),
        ("worse_than: htnv", "b2", .passed), ("worse_than: htnv", "a4", .failed),
    ])
    func rating(comparison: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: rating, fact: xep_loai, \(comparison)}", subject) == expected)
    }

    @Test(arguments: [
        ("at_least: 100%", "u1", Outcome.passed), ("at_least: 100%", "u2", .failed), ("at_least: 95.5%", "u2", .passed),
        ("more_than: 95.5%", "u2", .failed), ("less_than: 100%", "u2", .passed), ("at_most: 95%", "u2", .failed),
        ("equal: 100%", "u1", .passed), ("at_least: 100%", "u3", .missing),
    ])
    func percentThreshold(comparison: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: threshold, fact: ty_le_nhiem_vu_cchc, \(comparison)}", subject) == expected)
    }

    @Test(arguments: [
        ("less_than: 10", "a2", Outcome.passed), ("less_than: 10", "a3", .failed), ("at_least: 10", "a3", .passed),
        ("at_least: 9.5", "a2", .passed), ("more_than: 9.5", "a2", .failed), ("less_than: 10", "b1", .missing),
    ])
    func numberThreshold(comparison: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: threshold, fact: so_thang_cong_tac, \(comparison)}", subject) == expected)
    }

    @Test(arguments: [
        ("false", "a1", Outcome.passed), ("false", "a2", .failed), ("false", "a3", .missing), ("true", "a2", .passed),
        ("true", "a1", .failed),
    ])
    func flag(expect: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: flag, fact: ky_luat, expect: \(expect)}", subject) == expected)
    }

    @Test(arguments: [
        ("cstd-co-so", "a1", Outcome.passed), ("cstd-co-so", "a2", .failed), ("ldtt", "a3", .failed), ("ldtt", "b2", .missing),
    ])
    func title(title: String, subject: String, expected: Outcome) throws {
        let world = try standardWorld()
        #expect(try world.outcome("{kind: title, title: \(title)}", subject) == expected)
        #expect(try world.outcome("{kind: title, title: \(title), fact: danh_hieu}", subject) == expected)
    }

    @Test func aMissingFactIsExplainedAsMissingNotFalse() throws {
        let world = try standardWorld()
        let result = try world.result("{kind: flag, fact: ky_luat, expect: false}", "a3")
        #expect(result.outcome == .missing)
        #expect(result.explanation == "không có dữ liệu (ky_luat, 2024); yêu cầu: không")
        #expect(result.facts.count == 1)
        #expect(result.facts.first?.value == nil)
        #expect(result.facts.first?.display == "không có dữ liệu")
        #expect(result.facts.first?.source == nil)
        #expect(Outcome.missing.vietnamese == "không đủ dữ liệu")
    }

    @Test func explanationsNameTheFactValueAndSource() throws {
        let world = try standardWorld()
        let result = try world.result("{kind: rating, fact: xep_loai, at_least: htxsnv}", "a2")
        #expect(result.outcome == .failed)
        #expect(
            result.explanation
                == "Hoàn thành tốt nhiệm vụ (httnv) (xep_loai, 2024); yêu cầu: từ mức Hoàn thành xuất sắc nhiệm vụ trở lên")
        let fact = try #require(result.facts.first)
        #expect(fact.fact == "xep_loai" && fact.subject == "a2" && fact.period == 2024)
        #expect(fact.value == .rating("httnv"))
        #expect(fact.source?.description == "facts-0.yaml:4:18")
    }

    @Test func labelsReplaceGeneratedTitles() throws {
        let world = try standardWorld()
        let result = try world.result(
            """
            {kind: all_of, rules: [{kind: flag, fact: ky_luat, expect: false, label: Không vi phạm kỷ luật}]}
            """, "a1")
        #expect(result.children.first?.title == "Không vi phạm kỷ luật")
    }
}
