import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

let catalog = ModuleCatalog([OrganizationModule.self, CriteriaModule.self])

/// Loads a fixture configuration directory and returns its diagnostics with paths relative to it.
func check(_ fixture: String) throws -> (lines: [String], host: LoadedHost) {
    let directory = try Fixtures.path(fixture)
    let host = Host(catalog: catalog).load(configurationDirectory: directory)
    let lines = host.diagnostics.map { $0.description.replacingOccurrences(of: directory + "/", with: "") }
    return (lines, host)
}

@Suite struct ValidationTests {
    @Test func libraryErrorsAreLocated() throws {
        let (lines, _) = try check("bad-library")
        #expect(
            lines == [
                "criteria/library.yaml:4:60: error: duplicate level 'tot' in scale 'xep-loai' (first at criteria/library.yaml:4:14)",
                "criteria/library.yaml:6:35: error: unknown scale 'xep-loia' (did you mean 'xep-loai'?)",
                "criteria/library.yaml:7:3: error: the rating fact 'diem' needs a scale (add 'scale:' with one of: xep-loai)",
                "criteria/library.yaml:8:19: error: 'bool' is not one of: rating, flag, number, percent, titles",
                "criteria/library.yaml:9:33: error: only rating facts have a scale; 'ty_le' is a percent fact (remove 'scale:' or write 'type: rating')",
                "criteria/library.yaml:17:22: error: 'ratng' is not one of: rating, threshold, flag, title, members, all_of, any_of, at_least, points, history (did you mean 'rating'?)",
                "criteria/library.yaml:20:56: error: 120% is outside 0–100 % (a share cannot be below 0% or above 100%)",
                "criteria/library.yaml:23:61: error: 'at_most' and 'at_least' cannot both be given (keep one comparison per rule; combine rules with all_of)",
                "criteria/library.yaml:26:43: error: unknown key 'expected' (did you mean 'expect'?)",
                "criteria/library.yaml:32:42: error: the band 'dat' is empty: 'to' (5) must be above 'from' (5) (bands are half-open ranges [from, to))",
                "thidua.yaml:4:3: note: module 'criteria' failed with 10 errors",
            ])
    }

    @Test func criteriaErrorsAreLocated() throws {
        let (lines, _) = try check("bad-sets")
        #expect(
            lines == [
                "criteria/library.yaml:22:78: error: the fact 'so_thang' is a number; the threshold 10% is a percentage (write the threshold as a number (10), or declare the fact with 'type: percent')",
                "criteria/library.yaml:24:54: error: unknown fact 'xep_loia' (did you mean 'xep_loai'?)",
                "criteria/library.yaml:25:74: error: 'htxnsv' is not a level of the scale 'xep-loai-cbccvc' (did you mean 'htxsnv'?)",
                "criteria/library.yaml:26:54: error: the fact 'ky_luat' is a flag fact; a rating rule needs a rating fact (for a flag fact use kind: flag)",
                "criteria/library.yaml:27:74: error: the fact 'ty_le' is a percentage; write the threshold with a percent sign (write 100%)",
                "criteria/library.yaml:28:14: error: duplicate criterion id 'a' (first at criteria/library.yaml:24:14) (give each criterion of a list its own id)",
                "criteria/library.yaml:28:58: error: unknown title 'ldt' (did you mean 'ldtt'?)",
                "criteria/library.yaml:29:40: error: a members rule judges the members of a collective; this list is for individuals (use members rules in the criteria of collectives only)",
                "criteria/library.yaml:30:57: error: count 3 is not between 1 and the number of rules (2) (the mandatory rules count towards 'count')",
                "criteria/library.yaml:41:35: error: the bands leave a gap: no band holds totals in [85, 90) (make 'kha' end (to) where 'tot' starts (from))",
                "criteria/library.yaml:48:35: error: the bands 'kha' and 'tot' overlap on [90, 95) (bands are half-open ranges [from, to): make 'kha' end where 'tot' starts)",
                "criteria/library.yaml:48:84: error: totals below 10 fall in no band (the lowest possible total is 0) (let the lowest band start at 0)",
                "criteria/library.yaml:50:88: error: 'tb-kha' is not a level of the bands of this grid (write one of: tot, kha, tb)",
                "criteria/library.yaml:57:18: error: the bands do not follow the order of the scale 'chi-so' (best first: tot, kha, tb) (a better level needs a higher range)",
                "criteria/library.yaml:64:43: error: totals from 100 up fall in no band (the highest possible total is 100) (leave out 'to' on the best band, or raise it above 100)",
                "thidua.yaml:4:3: note: module 'criteria' failed with 15 errors",
            ])
    }

    @Test func factDataErrorsAreLocated() throws {
        let (lines, _) = try check("bad-facts")
        #expect(
            lines == [
                "criteria/facts-2024.csv:2:4: error: 'xep_loai' of 'a2' for 2024 is given twice (first at criteria/facts-2024.yaml:10:18) (keep one value per subject, fact and period)",
                "criteria/facts-2024.csv:3:18: error: '95' has no percent sign (write 95% (or the share as a percentage: 0.7 is 70%))",
                "criteria/facts-2024.csv:4:1: error: the row has 3 fields; the header has 6 (quote fields that contain commas)",
                "criteria/facts-2024.csv:5:1: warning: unknown subject 'b1x': no unit or person has this id; its facts are ignored (did you mean 'b1'?)",
                "criteria/facts-2024.csv:6:1: warning: unknown subject 'b2': no unit or person has this id; its facts are ignored (did you mean 'u2'?)",
                "criteria/facts-2024.csv:6:4: error: 'hoan thanh' is not a level of the scale 'xep-loai-cbccvc' (write one of: htxsnv, httnv, htnv, khtnv)",
                "criteria/facts-2024.csv:6:15: error: 'maybe' is not a value of the yes/no fact 'ky_luat' (write true or false (có or không))",
                "criteria/facts-2024.csv:6:21: error: expected a number, found '1.2.3'",
                "criteria/facts-2024.yaml:4:15: error: 'htxnsv' is not a level of the scale 'xep-loai-cbccvc' (did you mean 'htxsnv'?)",
                "criteria/facts-2024.yaml:5:14: error: 'yes' is not a boolean here (write true; YAML 1.1 words like yes/no/on/off are not accepted)",
                "criteria/facts-2024.yaml:6:26: error: '100' has no percent sign (write 100% (or the share as a percentage: 0.7 is 70%))",
                "criteria/facts-2024.yaml:7:16: error: unknown title 'cstd' (declare it under 'titles:' in the library)",
                "criteria/facts-2024.yaml:8:5: error: unknown fact 'so_thang' (declare it under 'facts:' in the library)",
                "criteria/facts-2024.yaml:9:3: warning: unknown subject 'a9': no unit or person has this id; its facts are ignored (did you mean 'a1'?)",
                "criteria/no-period.csv:1:1: error: the file gives no period (add a 'period' column, or write {file: …, period: 2024} in the module settings)",
                "criteria/with-period.csv:1:35: error: unknown column 'so_thang': it is not a fact of the library (the header names 'subject', optionally 'period', and fact ids)",
                "criteria/with-period.csv:3:4: error: '23' is not a year (write the period as a year, e.g. 2024)",
                "thidua.yaml:11:9: error: 'criteria/facts.txt' is neither a .yaml nor a .csv file (fact data is read from YAML (.yaml, .yml) or CSV (.csv) files)",
                "thidua.yaml:4:3: note: module 'criteria' failed with 15 errors",
            ])
    }
}
