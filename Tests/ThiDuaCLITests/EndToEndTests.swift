import Foundation
import Testing
import ThiDuaTestSupport

/// The built `thidua` executable: output and exit codes.
@Suite struct EndToEndTests {
    @Test func versionPrintsTheVersion() throws {
        let run = try Thidua.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func helpListsEveryCommand() throws {
        let run = try Thidua.run(["--help"])
        #expect(run.status == 0)
        for command in ["check", "modules", "org"] {
            #expect(run.stdout.contains("  \(command) "), "help lacks \(command)")
        }
    }

    @Test(arguments: [
        ["check", "--help"], ["modules", "--help"], ["org", "find", "--help"], ["org", "units", "--help"],
        ["org", "people", "--help"],
    ])
    func everyCommandHasHelpForEveryOption(arguments: [String]) throws {
        let run = try Thidua.run(arguments)
        #expect(run.status == 0)
        #expect(run.stdout.contains("--config <dir>"))
        #expect(run.stdout.contains("The configuration directory"))
        #expect(run.stdout.contains("OVERVIEW:"))
    }

    @Test func checkPassesOnTheExampleConfiguration() throws {
        let run = try Thidua.run(["check"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Configuration OK"))
        #expect(run.errorLines.isEmpty)
    }

    @Test func checkAsJSONReportsFilesAndModules() throws {
        let run = try Thidua.run(["check", "--format", "json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Bool == true)
        #expect(json["errors"] as? Int == 0)
        let files = try #require(json["files"] as? [String])
        #expect(files.contains("config/thidua.yaml"))
        #expect(files.contains("config/organization/so-xay-dung.yaml"))
    }

    @Test func modulesListsEnabledModulesWithVersions() throws {
        let text = try Thidua.run(["modules"])
        #expect(text.status == 0)
        #expect(text.lines.first?.hasPrefix("MODULE") == true)
        #expect(text.lines.contains { $0.hasPrefix("organization ") && $0.contains(" 1.0.0 ") })
        let json = try Thidua.run(["modules", "--format", "json"])
        let modules = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(modules.first?["id"] as? String == "organization")
        #expect(modules.first?["state"] as? String == "loaded")
    }

    @Test func orgFindIgnoresDiacriticsAndCase() throws {
        let run = try Thidua.run(["org", "find", "vo tat dung"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Võ Tất Dũng"))
        let upper = try Thidua.run(["org", "find", "DANG MINH"])
        #expect(upper.stdout.contains("Đặng Minh Tuấn"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let run = try Thidua.run(["check", "--colour"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Unknown option '--colour'"))
    }

    @Test func checkReportsEveryProblemWithItsPositionAndFails() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "thidua.yaml",
            """
            format: 1
            data:
              directry: .thidua
            modules:
              organisation: {}
              organization:
                file: org.yaml
            """)
        try directory.write(
            "org.yaml",
            """
            agency: {name: Sở Xây dựng, symbol: SXD, place: Bình Định}
            units:
              - {id: vp, name: Văn phòng, kind: divison}
            people: []
            """)
        let run = try Thidua.run(["check", "--config", directory.url.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("thidua.yaml:3:3: error: unknown key 'directry' (did you mean 'directory'?)"))
        #expect(run.stdout.contains("thidua.yaml:5:3: error: unknown module 'organisation' (did you mean 'organization'?)"))
        #expect(run.stdout.contains("org.yaml:3:37: error: 'divison' is not one of: leadership, division, attached-unit"))
        #expect(run.stdout.contains("3 errors"))
    }

    @Test func aModuleCommandRefusesWhenItsModuleFailed() throws {
        let directory = try TemporaryDirectory()
        try directory.write("thidua.yaml", "format: 1\nmodules:\n  organization:\n    file: missing.yaml\n")
        let run = try Thidua.run(["org", "find", "x", "--config", directory.url.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing.yaml: error: no such file"))
        #expect(run.stderr.contains("referenced at"))
        #expect(run.stderr.contains("the 'organization' module is not available"))
    }
}
