import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore

/// The example configuration holds the reference plan completely: its rendering contains every
/// sentence, criterion, date, legal basis, responsibility and recipient of
/// shared/reference/ke-hoach-thi-dua-cchc-2024.md, section by section.
@Suite struct ReferencePlanTests {
    static let campaignFile = "campaigns/cchc-2024.yaml"

    func reference() throws -> String {
        try String(contentsOf: Paths_.referenceDirectory.appendingPathComponent("ke-hoach-thi-dua-cchc-2024.md"), encoding: .utf8)
    }

    func render(_ directory: URL, as format: DocumentFormat = .md) throws -> String {
        let module = try campaignsModule(loadHost(directory))
        guard let campaign = module.campaign("cchc-2024") else { throw TestFailure("no campaign cchc-2024") }
        let text = module.document(for: campaign).rendered(as: format)
        return format == .html ? ReferenceComparison.text(ofHTML: text) : text
    }

    @Test func theReferencePlanSplitsIntoItsEightSections() throws {
        let sections = ReferenceComparison().sections(of: try reference())
        #expect(sections.map(\.key) == ["preamble", "I", "II", "III", "IV", "V", "recipients", "signature"])
        #expect(sections.first { $0.key == "recipients" }?.units.count == 6)
        #expect(sections.first { $0.key == "signature" }?.units == ["GIÁM ĐỐC", "Võ Tất Dũng"])
        // The paragraph the reference breaks after "Thường trực Hội" is one unit again.
        #expect(
            sections.first { $0.key == "III" }?.units.contains {
                $0.contains("Thường trực Hội đồng thi đua, khen thưởng - Văn phòng Sở trước ngày 01/12")
            } == true)
        #expect(ReferenceComparison().missing(reference: try reference(), rendering: try reference()).isEmpty)
    }

    @Test func theMarkdownRenderingContainsEverySentenceOfTheReferencePlan() throws {
        let missing = ReferenceComparison().missing(
            reference: try reference(), rendering: try render(Paths_.packageRoot.appendingPathComponent("config")))
        #expect(missing.isEmpty, "missing from the rendering:\n\(missing.joined(separator: "\n"))")
    }

    @Test func theHTMLRenderingContainsEverySentenceOfTheReferencePlan() throws {
        let text = try render(Paths_.packageRoot.appendingPathComponent("config"), as: .html)
        let missing = ReferenceComparison().missing(reference: try reference(), rendering: text)
        #expect(missing.isEmpty, "missing from the rendering:\n\(missing.joined(separator: "\n"))")
    }

    @Test(arguments: [
        ("id: tt-ky-luat", "II", "không có công chức, viên chức thuộc đơn vị vi phạm kỷ luật"),
        ("id: cn-nhiem-vu-cchc", "II", "Quyết định số 98/QĐ-SXD ngày 11/01/2024"),
        ("Ban Lãnh đạo Sở;", "recipients", "Ban Lãnh đạo Sở;"),
        ("Lưu VT.", "recipients", "Lưu VT."),
    ])
    func removingACriterionOrRecipientFromTheYAMLMakesTheComparisonFail(marker: String, section: String, text: String) throws {
        let copy = try ConfigurationCopy(of: Paths_.packageRoot.appendingPathComponent("config"))
        try copy.removeListItem(Self.campaignFile, containing: marker)
        let missing = ReferenceComparison().missing(reference: try reference(), rendering: try render(copy.url))
        #expect(!missing.isEmpty)
        #expect(missing.contains { $0.hasPrefix("\(section):") && $0.contains(text) }, "\(missing)")
    }

    @Test func changingADateOrALegalBasisMakesTheComparisonFail() throws {
        let copy = try ConfigurationCopy(of: Paths_.packageRoot.appendingPathComponent("config"))
        try copy.replace(Self.campaignFile, "until: 2024-11-30", with: "until: 2024-11-29")
        try copy.replace(Self.campaignFile, "date: 2021-07-15", with: "date: 2021-07-16")
        let missing = ReferenceComparison().missing(reference: try reference(), rendering: try render(copy.url))
        #expect(missing.contains { $0.hasPrefix("II:") && $0.contains("30/11/2024") })
        #expect(missing.contains { $0.hasPrefix("I:") && $0.contains("15/7/2021") })
    }

    @Test func theHeaderFollowsDecree30() throws {
        let markdown = try render(Paths_.packageRoot.appendingPathComponent("config"))
        let lines = markdown.components(separatedBy: "\n")
        #expect(
            lines[0]
                == "| UBND TỈNH BÌNH ĐỊNH<br>**SỞ XÂY DỰNG** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc** |"
        )
        #expect(lines[2] == "| Số: 05/KH-SXD | *Bình Định, ngày 05 tháng 02 năm 2024* |")
        #expect(lines[4] == "**KẾ HOẠCH**")
        #expect(lines[6] == "**Phát động phong trào thi đua thực hiện nhiệm vụ cải cách hành chính năm 2024**")
    }

    @Test func theHTMLIsSelfContainedA4WithTheHeaderAsATwoColumnTable() throws {
        let module = try campaignsModule(loadHost(Paths_.packageRoot.appendingPathComponent("config")))
        guard let campaign = module.campaign("cchc-2024") else { throw TestFailure("no campaign cchc-2024") }
        let html = module.document(for: campaign).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }"))
        #expect(html.contains("\"Times New Roman\""))
        #expect(html.contains("font-size: 14pt"))
        #expect(!html.contains("<link") && !html.contains("<script") && !html.contains("src="))
        #expect(
            html.contains(
                "<table class=\"header\">\n<tr><td class=\"agency\"><div class=\"superior\">UBND TỈNH BÌNH ĐỊNH</div><div class=\"agency-name\">SỞ XÂY DỰNG</div>"
            ))
        #expect(html.contains("<td class=\"date\">Bình Định, ngày 05 tháng 02 năm 2024</td>"))
        #expect(
            html.contains(
                "<td class=\"signature\"><div>GIÁM ĐỐC</div><div class=\"space\"></div><div class=\"name\">Võ Tất Dũng</div>"))
        #expect(html.contains("(<em>không vi phạm kỷ luật, kỷ cương hành chính</em>)"))
    }
}
