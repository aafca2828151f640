import ArgumentParser
import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore

/// The commands run against a loaded host (the thidua executable does the loading).
@Suite struct CommandTests {
    func host() throws -> LoadedHost {
        loadHost(try Paths_.packageRoot.appendingPathComponent("config"))
    }

    @Test func renderWritesTheHTMLFileNamedByOutput() throws {
        let copy = try ConfigurationCopy(of: Paths_.fixtures.appendingPathComponent("minimal"))
        let output = copy.url.appendingPathComponent("ke-hoach.html").path
        var command = try CampaignCommand.Render.parse(["cchc-2024", "--format", "html", "--output", output])
        try command.run(in: try host())
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Số: 05/KH-SXD"))
        // Written again, the file is replaced, not appended to.
        try command.run(in: try host())
        #expect(try String(contentsOfFile: output, encoding: .utf8) == html)
    }

    @Test func anUnknownCampaignIsAUsageErrorWithASuggestion() throws {
        var command = try CampaignCommand.Show.parse(["cchc-2042"])
        #expect {
            try command.run(in: try host())
        } throws: { error in
            "\(error)".contains("unknown campaign 'cchc-2042'; did you mean 'cchc-2024'?")
        }
    }

    @Test func anUnknownRoundIsAUsageErrorNamingTheRounds() throws {
        var command = try EvaluateCommand.parse(["cchc-2024", "--round", "dot-1"])
        #expect {
            try command.run(in: try host())
        } throws: { error in
            "\(error)".contains("the campaign 'cchc-2024' has no round 'dot-1' (it has no rounds)")
        }
    }

    @Test func formatsAreCheckedByTheParser() {
        #expect(throws: (any Error).self) { try CampaignCommand.Render.parse(["cchc-2024", "--format", "pdf"]) }
        #expect(throws: (any Error).self) { try EvaluateCommand.parse(["cchc-2024", "--format", "xml"]) }
        #expect((try? EvaluateCommand.parse(["cchc-2024", "--format", "csv"])) != nil)
        #expect((try? CampaignCommand.Render.parse(["cchc-2024", "--format", "docx", "--output", "plan.docx"])) != nil)
    }
}
