import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria

/// A second, different campaign works with no code change: the school configuration in
/// config/examples/truong-thpt has its own organization, criteria, facts, awards and rounds.
@Suite struct ExampleConfigurationTests {
    func school() throws -> CampaignsModule {
        let host = loadHost(try Paths_.packageRoot.appendingPathComponent("config/examples/truong-thpt"))
        #expect(host.diagnostics.filter { $0.severity != .note }.isEmpty, "\(host.diagnostics.map(\.description))")
        return try campaignsModule(host)
    }

    @Test func theMainConfigurationLoadsWithoutWarnings() throws {
        let host = loadHost(try Paths_.packageRoot.appendingPathComponent("config"))
        // config/thidua.yaml also enables modules this test does not link (dossiers).
        let diagnostics = host.diagnostics.filter { $0.severity != .note && !$0.message.hasPrefix("unknown module '") }
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }

    @Test func theSchoolCampaignLoadsWithItsOwnOrganization() throws {
        let module = try school()
        let campaign = try #require(module.campaign("day-tot-hoc-tot-2024-2025"))
        #expect(campaign.rounds.map(\.id.value) == ["dot-1", "dot-2"])
        #expect(campaign.rounds.map { $0.period.lastDay.description } == ["2025-01-15", "2025-05-31"])
        let scope = module.scope(of: campaign)
        #expect(scope.collectives.map(\.id) == ["to-toan-tin", "to-ngu-van", "to-ngoai-ngu"])
        // Viên chức of the groups and the office; not the board, not the worker.
        #expect(scope.individuals.count == 8)
        #expect(!scope.individuals.contains { $0.id == "bui-van-tam" || $0.id == "hieu-truong" })
    }

    @Test func theSchoolPlanRendersWithItsHeaderSignerAndRounds() throws {
        let module = try school()
        let document = module.document(for: try #require(module.campaign("day-tot-hoc-tot-2024-2025")))
        let markdown = document.markdown
        #expect(markdown.hasPrefix("| SỞ GD&ĐT BÌNH ĐỊNH<br>**TRƯỜNG THPT NGUYỄN HUỆ** |"))
        #expect(markdown.contains("| Số: 45/KH-THPTNH | *Tây Sơn, ngày 03 tháng 9 năm 2024* |"))
        #expect(markdown.contains("- Đợt 1 (học kỳ I): từ ngày 05/09/2024 đến hết ngày 15/01/2025."))
        #expect(
            markdown.contains(
                "Hồ sơ đề nghị khen thưởng gửi về Thư ký Hội đồng thi đua, khen thưởng nhà trường đến hết ngày 05/06/2025."))
        #expect(
            markdown.contains(
                "Không xét thi đua đối với các trường hợp:\n\n- Đang bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra;\n- Công tác tại trường dưới 10 tháng."
            ))
        #expect(document.signatures.map(\.titleLines) == [["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]])
        #expect(document.html.contains("SỞ GD&amp;ĐT BÌNH ĐỊNH"))
    }

    @Test func eachRoundIsEvaluatedWithTheFactsOfItsOwnYear() throws {
        let module = try school()
        let campaign = try #require(module.campaign("day-tot-hoc-tot-2024-2025"))
        let first = CampaignEvaluation(campaign: campaign, round: campaign.round("dot-1"), module: module)
        let second = CampaignEvaluation(campaign: campaign, round: campaign.round("dot-2"), module: module)
        #expect(first.period == 2024 && second.period == 2025)
        func outcome(_ evaluation: CampaignEvaluation, _ id: String) -> Outcome? {
            (evaluation.collectives + evaluation.individuals).first { $0.subject.id == id }?.eligible
        }
        // Under review in the first round only.
        #expect(outcome(first, "ngo-thi-hanh") == .excluded)
        #expect(outcome(second, "ngo-thi-hanh") == .passed)
        // Fewer than 10 months at the school in both rounds.
        #expect(outcome(first, "huynh-thi-mai") == .excluded)
        #expect(outcome(second, "huynh-thi-mai") == .excluded)
        // The point grid: 42 + 16 + (30 − 5 − 3) = 80 → Khá in round 1; 46 + 18 + 30 + 2 = 96 → Xuất sắc in round 2.
        #expect(outcome(first, "vo-minh-khoa") == .failed)
        #expect(outcome(second, "vo-minh-khoa") == .passed)
        #expect(outcome(first, "to-ngoai-ngu") == .failed)
        #expect(outcome(second, "to-ngoai-ngu") == .passed)  // 1 of 2 members HTXSNV, 96% promoted
    }

    @Test func theEvaluationListsEveryCoveredSubjectWithFactsAndOutcomes() throws {
        let module = try school()
        let campaign = try #require(module.campaign("day-tot-hoc-tot-2024-2025"))
        let evaluation = CampaignEvaluation(campaign: campaign, round: campaign.round("dot-1"), module: module)
        let text = evaluation.text(module: module)
        #expect(text.contains("Đợt 1 (học kỳ I) (dot-1): 05/09/2024 – 15/01/2025; dữ kiện năm 2024"))
        #expect(text.contains("Tập thể (3): đạt 2, không đạt 1, không đủ dữ liệu 0, không xét 0"))
        #expect(text.contains("Võ Minh Khoa (vo-minh-khoa), cá nhân, năm 2024: KHÔNG ĐẠT"))
        #expect(text.contains("· diem_giang_day [vo-minh-khoa, 2024] = 42"))
        let csv = evaluation.rendered(.csv, module: module).split(separator: "\n")
        #expect(csv.first == "campaign,round,period,subject,name,eligible,part,id,title,outcome,explanation,facts")
        #expect(csv.dropFirst().allSatisfy { $0.hasPrefix("day-tot-hoc-tot-2024-2025,dot-1,2024,") })
        let json = evaluation.rendered(.json, module: module)
        #expect(json.contains("\"round\": {\n    \"id\": \"dot-1\""))
    }

    @Test func theReferenceCampaignIsEvaluatedForTheYearItsPeriodEnds() throws {
        let module = try campaignsModule(loadHost(try Paths_.packageRoot.appendingPathComponent("config")))
        let campaign = try #require(module.campaign("cchc-2024"))
        let evaluation = CampaignEvaluation(campaign: campaign, round: nil, module: module)
        #expect(evaluation.period == 2024)
        #expect(evaluation.collectives.count == 7)
        #expect(evaluation.individuals.count == 12)
        let qlxd = try #require(evaluation.collectives.first { $0.subject.id == "qlxd" })
        #expect(qlxd.eligible == .passed)
        // Titles are shown as the plan prints them: placeholders filled, no list punctuation.
        #expect(
            evaluation.individuals[0].criteria.map(\.title).contains(
                "Thực hiện tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính năm 2024 của Sở tại Quyết định số 98/QĐ-SXD ngày 11/01/2024"
            ))
    }
}
