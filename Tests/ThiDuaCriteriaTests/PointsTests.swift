import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

let grid = """
    kind: points
    items:
      - {id: a, title: Chỉ đạo điều hành, max: 40, fact: diem_a}
      - id: b
        title: Đúng hạn
        max: 40
        deductions: [{fact: so_vi_pham, per: 2.5, title: vi phạm}]
        floor: 10
      - {id: c, title: Kế hoạch, max: 20, rule: {kind: flag, fact: co_ke_hoach, expect: true}}
    bonus:
      - {id: sang-kien, title: Sáng kiến, fact: so_sang_kien, per: 2, max: 5}
    scale: xep-loai-chi-so
    bands:
      - {id: tot, from: 90}
      - {id: kha, from: 80, to: 90}
      - {id: trung-binh, from: 65, to: 80}
      - {id: yeu, from: 0, to: 65}
    at_least: kha
    downgrade:
      - condition: {kind: flag, fact: ky_luat, expect: false}
        at_most: trung-binh
    """

let gridFacts = """
    period: 2024
    subjects:
      a1: {diem_a: 38, so_vi_pham: 1, co_ke_hoach: true, so_sang_kien: 1, ky_luat: false}
      a2: {diem_a: 45, so_vi_pham: 20, co_ke_hoach: false, so_sang_kien: 0, ky_luat: false}
      a3: {diem_a: 38, so_vi_pham: 1, co_ke_hoach: true, so_sang_kien: 1, ky_luat: true}
      a4: {diem_a: 38, so_vi_pham: 1, co_ke_hoach: true, ky_luat: false}
      b1: {so_vi_pham: 1, co_ke_hoach: true, so_sang_kien: 1, ky_luat: false}
      b2: {diem_a: 38, so_vi_pham: 1, co_ke_hoach: true, so_sang_kien: 3}
      u1: {diem_a: 20, so_vi_pham: 0, co_ke_hoach: true, so_sang_kien: 0, ky_luat: false}
      u2: {diem_a: 19.9999, so_vi_pham: 0, co_ke_hoach: true, so_sang_kien: 0, ky_luat: false}
    """

@Suite struct PointsTests {
    @Test(arguments: [
        ("a1", Outcome.passed),  // 38 + 37.5 + 20 + 2 = 97.5 → Tốt
        ("a2", .failed),  // 40 (capped) + 10 (floor) + 0 + 0 = 50 → Yếu
        ("a3", .failed),  // 97.5 but disciplined → at most Trung bình
        ("a4", .passed),  // bonus missing: 95.5–100.5, Tốt either way
        ("b1", .missing),  // item a missing: 59.5–99.5, Yếu to Tốt
        ("b2", .missing),  // discipline missing: Tốt, or Trung bình if disciplined
        ("u1", .passed),  // exactly 80 → Khá (bands are [from, to))
        ("u2", .failed),  // 79.9999 → Trung bình
    ])
    func gridOutcomes(subject: String, expected: Outcome) throws {
        let world = try World(facts: [gridFacts])
        #expect(try world.outcome(grid, subject) == expected)
    }

    @Test func explanationShowsItemsDeductionsBonusAndBand() throws {
        let world = try World(facts: [gridFacts])
        let result = try world.result(grid, "a1")
        #expect(result.explanation == "Tổng điểm 97,5, xếp khung Tốt; yêu cầu: từ khung Khá trở lên")
        #expect(result.children.map(\.id) == ["a", "b", "c", "sang-kien", "ha-khung"])
        #expect(result.children[0].explanation == "38/40 điểm (điểm chấm 38)")
        #expect(result.children[1].explanation == "37,5/40 điểm (trừ 2,5 điểm × 1 vi phạm), tối thiểu 10")
        #expect(result.children[2].explanation == "20/20 điểm (điều kiện đạt)")
        #expect(result.children[3].explanation == "+2 điểm (2 điểm × 1), tối đa 5")
        let floor = try world.result(grid, "a2")
        #expect(floor.explanation == "Tổng điểm 50, xếp khung Yếu; yêu cầu: từ khung Khá trở lên")
        #expect(floor.children[1].explanation == "10/40 điểm (trừ 2,5 điểm × 20 vi phạm), tối thiểu 10")
        let downgraded = try world.result(grid, "a3")
        #expect(downgraded.explanation == "Tổng điểm 97,5, xếp khung Trung bình; yêu cầu: từ khung Khá trở lên")
        let open = try world.result(grid, "b1")
        #expect(
            open.explanation == "Tổng điểm trong khoảng 59,5–99,5, xếp khung Yếu đến khung Tốt; yêu cầu: từ khung Khá trở lên")
        let capped = try world.result(grid, "b2")
        #expect(capped.children[3].explanation == "+5 điểm (2 điểm × 3), tối đa 5")
    }

    @Test func bandsWithoutAScaleRankByRange() throws {
        let world = try World(facts: [gridFacts])
        let plain = """
            kind: points
            items: [{id: a, title: A, max: 40, fact: diem_a}]
            bands: [{id: dat, from: 20}, {id: chua-dat, from: 0, to: 20}]
            at_least: dat
            """
        #expect(try world.outcome(plain, "u1") == .passed)
        #expect(try world.outcome(plain, "u2") == .failed)
    }
}
