import Foundation
import Testing
import ThiDuaCore

@testable import ThiDuaCriteria

@Suite struct ExclusionTests {
    let criterion = "{kind: rating, fact: xep_loai, at_least: httnv}"
    let underReview = "{kind: flag, fact: dang_xem_xet, expect: true}"
    let shortService = "{kind: threshold, fact: so_thang_cong_tac, less_than: 10}"

    func verdict(_ world: World, _ subject: String, exclusions: [String]) throws -> Verdict {
        let compiled = try world.compile(criterion, exclusions: exclusions, kind: .individual)
        return world.evaluator.evaluate(compiled, subject: try world.subject(subject), period: 2024)
    }

    @Test func anExclusionThatPassesExcludesBeforeAnyCriterion() throws {
        let world = try World(facts: [
            """
            period: 2024
            subjects:
              a1: {xep_loai: htxsnv, dang_xem_xet: true, so_thang_cong_tac: 12}
              a2: {xep_loai: htxsnv, dang_xem_xet: false, so_thang_cong_tac: 9.5}
              a3: {xep_loai: htxsnv, so_thang_cong_tac: 12}
              a4: {xep_loai: htnv, so_thang_cong_tac: 12}
              b1: {xep_loai: htxsnv, dang_xem_xet: false, so_thang_cong_tac: 12}
              b2: {xep_loai: htxsnv, so_thang_cong_tac: 8}
            """
        ])
        let excluded = try verdict(world, "a1", exclusions: [underReview, shortService])
        #expect(excluded.eligible == .excluded)
        #expect(excluded.criteria.isEmpty)
        #expect(excluded.exclusions.map(\.outcome) == [.excluded, .passed])
        #expect(excluded.text.contains("Không xét các tiêu chí: thuộc trường hợp loại trừ."))
        // Employed less than 10 months.
        #expect(try verdict(world, "a2", exclusions: [underReview, shortService]).eligible == .excluded)
        // Undecided exclusion: the subject cannot be confirmed eligible …
        let open = try verdict(world, "a3", exclusions: [underReview, shortService])
        #expect(open.eligible == .missing)
        #expect(open.exclusions.map(\.outcome) == [.missing, .passed])
        #expect(open.criteria.map(\.outcome) == [.passed])
        // … but a failed criterion decides.
        #expect(try verdict(world, "a4", exclusions: [underReview, shortService]).eligible == .failed)
        #expect(try verdict(world, "b1", exclusions: [underReview, shortService]).eligible == .passed)
        // A later exclusion that applies wins over an earlier undecided one.
        #expect(try verdict(world, "b2", exclusions: [underReview, shortService]).eligible == .excluded)
    }

    @Test func verdictsRenderAsTextJSONAndCSV() throws {
        let world = try World(facts: [
            """
            period: 2024
            subjects:
              b1: {xep_loai: htxsnv, dang_xem_xet: false}
            """
        ])
        let verdict = try verdict(world, "b1", exclusions: [underReview])
        #expect(verdict.eligible == .passed)
        #expect(
            verdict.text == """
                Võ Thị Em (b1), cá nhân, năm 2024: ĐẠT
                  Trường hợp loại trừ:
                    [không] e1 — Loại trừ 1: không (dang_xem_xet, 2024); yêu cầu: có → không thuộc trường hợp loại trừ
                        · dang_xem_xet [b1, 2024] = không (facts-0.yaml:3:40)
                  Tiêu chí:
                    [đạt] c — Tiêu chí: Hoàn thành xuất sắc nhiệm vụ (htxsnv) (xep_loai, 2024); yêu cầu: từ mức Hoàn thành tốt nhiệm vụ trở lên
                        · xep_loai [b1, 2024] = Hoàn thành xuất sắc nhiệm vụ (htxsnv) (facts-0.yaml:3:18)
                """)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(verdict.rendered(.json).utf8)) as? [String: Any])
        #expect(json["eligible"] as? String == "passed")
        #expect(json["period"] as? Int == 2024)
        let criteria = try #require(json["criteria"] as? [[String: Any]])
        let facts = try #require(criteria.first?["facts"] as? [[String: Any]])
        #expect(facts.first?["value"] as? String == "htxsnv")
        #expect(facts.first?["source"] as? String == "facts-0.yaml:3:18")
        var rows: [[String]] = []
        CSVScanner.scan(Array(verdict.rendered(.csv).utf8)) { _, fields in rows.append(fields.map(\.text)) }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.count == Verdict.csvHeader.count })
        #expect(rows[1][4] == "criterion" && rows[1][7] == "passed")
        #expect(rows[1][9] == "xep_loai[b1,2024]=htxsnv@facts-0.yaml:3:18")
        var line = OutputBuffer()
        for (offset, field) in ["a,b", "say \"hi\"", "plain", "two\r\nlines"].enumerated() {
            if offset > 0 { line.append(byte: UInt8(ascii: ",")) }
            line.appendCSV(field)
        }
        #expect(line.text == "\"a,b\",\"say \"\"hi\"\"\",plain,\"two\r\nlines\"")
    }
}
