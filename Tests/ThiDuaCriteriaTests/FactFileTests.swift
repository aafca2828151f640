import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

@Suite struct FactFileTests {
    func readCSV(_ text: String, period: Period? = 2024) throws -> ([FactRecord], [String]) {
        let library = try Fixtures.library()
        let table = SubjectTable(organization: smallOrganization())
        let subjects = FactFiles.Subjects(knows: { table.index[$0] != nil }, all: { table.ids })
        let (records, diagnostics) = FactFiles.readCSV(
            Array(text.utf8), file: "f.csv", period: period.map { Located($0, at: .file("s")) },
            library: library, subjects: subjects)
        return (records, diagnostics.lines)
    }

    @Test func readsWideCSVWithQuotesCRLFAndAByteOrderMark() throws {
        let text =
            "\u{FEFF}subject,xep_loai,ky_luat,danh_hieu,so_sang_kien\r\na1,htxsnv,false,\"ldtt;cstd-co-so\",2\r\na2,\"Hoàn thành tốt nhiệm vụ\",Không,,\r\n"
        let (records, lines) = try readCSV(text)
        #expect(lines.isEmpty)
        #expect(
            records.map(\.description) == [
                "a1 xep_loai 2024 htxsnv f.csv:2:4", "a1 ky_luat 2024 false f.csv:2:11",
                "a1 danh_hieu 2024 ldtt;cstd-co-so f.csv:2:17",
                "a1 so_sang_kien 2024 2 f.csv:2:35", "a2 xep_loai 2024 httnv f.csv:3:4", "a2 ky_luat 2024 false f.csv:3:30",
            ])
    }

    @Test func anEmptyCellIsMissingNotFalse() throws {
        let (records, _) = try readCSV("subject,ky_luat,so_sang_kien\na1,,\n")
        #expect(records.isEmpty)
    }

    @Test func aMalformedRowIsReportedWithItsLine() throws {
        let (_, lines) = try readCSV("subject,xep_loai\na1,htxsnv\na2,\"httnv\"x\n")
        #expect(
            lines == [
                "f.csv:3:11: error: unexpected text after a closing quote (a quoted field ends at its closing quote; write \"\" for a quote inside it)"
            ])
        let (_, open) = try readCSV("subject,xep_loai\na1,htxsnv\na2,\"httnv\n")
        #expect(open == ["f.csv:3:4: error: a quoted field is not closed (add the closing '\"')"])
        let (_, short) = try readCSV("subject,xep_loai,ky_luat\na1,htxsnv\n")
        #expect(short == ["f.csv:2:1: error: the row has 2 fields; the header has 3 (quote fields that contain commas)"])
        let (_, bad) = try readCSV("subject,so_sang_kien\na1,8,5\n")
        #expect(bad == ["f.csv:2:1: error: the row has 3 fields; the header has 2 (quote fields that contain commas)"])
        let (_, comma) = try readCSV("subject,so_sang_kien\na1,\"8,5\"\n")
        #expect(comma == ["f.csv:2:4: error: '8,5' uses a decimal comma (write 8.5: the decimal separator is '.')"])
        let (_, noSubject) = try readCSV("xep_loai\nhtxsnv\n")
        #expect(
            noSubject == [
                "f.csv:1:1: error: the column 'subject' is missing (the first line names the columns: subject,<fact>,…)"
            ])
    }

    @Test func aPeriodColumnOverridesTheSettings() throws {
        let (records, lines) = try readCSV("subject,period,xep_loai\na1,2023,htxsnv\na1,,httnv\n", period: 2024)
        #expect(lines.isEmpty)
        #expect(records.map(\.period) == [2023, 2024])
        let (_, missing) = try readCSV("subject,period,xep_loai\na1,,httnv\n", period: nil)
        #expect(missing == ["f.csv:2:1: error: the row has no period (fill in the 'period' column)"])
    }

    @Test func yamlFileStructureIsChecked() throws {
        let library = try Fixtures.library()
        let table = SubjectTable(organization: smallOrganization())
        let subjects = FactFiles.Subjects(knows: { table.index[$0] != nil }, all: { table.ids })
        func read(_ text: String) -> [String] {
            FactFiles.readYAML(YAMLParser().parse(text, file: "f.yaml"), library: library, subjects: subjects).1.lines
        }
        #expect(read("subjects: {}") == ["f.yaml:1:1: error: missing required key 'period' (add 'period: 2024')"])
        #expect(
            read("period: 2024\nsubject: {}").sorted()
                == [
                    "f.yaml:1:1: error: missing required key 'subjects' (add 'subjects:' with one entry per unit or person id)",
                    "f.yaml:2:1: error: unknown key 'subject' (did you mean 'subjects'?)",
                ].sorted())
        #expect(
            read("period: 24\nsubjects: {}") == ["f.yaml:1:9: error: 24 is not a year (write the period as a year, e.g. 2024)"])
        #expect(
            read("period: 2024\nsubjects:\n  a1: [htxsnv]") == [
                "f.yaml:3:7: error: expected the facts of 'a1' as 'fact: value' lines, found a list"
            ])
        #expect(
            read("period: 2024\nsubjects:\n  a1: {danh_hieu: ldtt, so_sang_kien: \"2\"}") == [
                "f.yaml:3:39: error: expected a number, found the quoted text \"2\" (remove the quotes)"
            ])
    }

    @Test func campaignCriteriaAreValidatedWithLocations() throws {
        struct CampaignCriteria: Decodable {
            var collective: [Criterion]
            var individual: [Criterion]
        }
        let file = try Fixtures.path("campaign-criteria.yaml")
        let criteria = try YAMLDecoder().decode(CampaignCriteria.self, fromFile: file)
        let world = try standardWorld()
        let compiled = world.evaluator.compile(criteria: criteria.collective, subject: .collective)
        #expect(compiled.diagnostics.isEmpty)
        let individual = world.evaluator.compile(criteria: criteria.individual, subject: .individual).diagnostics
        #expect(
            individual.lines.map { $0.replacingOccurrences(of: file, with: "campaign-criteria.yaml") } == [
                "campaign-criteria.yaml:19:9: error: duplicate criterion id 'ky-luat' (first at \(file):16:9) (give each criterion of a list its own id)"
                    .replacingOccurrences(of: file, with: "campaign-criteria.yaml"),
                "campaign-criteria.yaml:21:32: error: the fact 'ky_luat' is a flag fact; a rating rule needs a rating fact (for a flag fact use kind: flag)",
            ])
        // Collectives' criteria used for individuals: the members rule is refused where it is written.
        let wrongKind = world.evaluator.compile(criteria: criteria.collective, subject: .individual).diagnostics
        #expect(wrongKind.map(\.location.line) == [11])
    }
}

extension FactRecord {
    var description: String { "\(subject) \(fact) \(period) \(value) \(source)" }
}
