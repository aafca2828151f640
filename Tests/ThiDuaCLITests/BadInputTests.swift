import Foundation
import Testing
import ThiDuaTestSupport

/// Every kind of bad input gets one clear message with its position where one exists, a non-zero
/// exit code, and no crash.
@Suite struct BadInputTests {
    /// Writes `thidua.yaml` with `hostFile`, runs `thidua check`, and checks the common promises.
    private func check(hostFile data: Data, expect fragment: String, at position: String?) throws {
        let directory = try TemporaryDirectory()
        try directory.write("thidua.yaml", data)
        let run = try Thidua.run(["check", "--config", directory.url.path])
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(run.errorLines.count == 1, "expected one error, got: \(run.errorLines)")
        let line = try #require(run.errorLines.first)
        #expect(line.contains(fragment), "\(line)")
        if let position {
            #expect(line.hasPrefix(directory.path("thidua.yaml") + ":" + position + ": error: "), "\(line)")
        }
    }

    @Test func malformedYAML() throws {
        try check(hostFile: Data("format: 1\nmodules: [organization\n".utf8), expect: "syntax error", at: "3:1")
    }

    @Test func tabIndentedFile() throws {
        try check(hostFile: Data("format: 1\nmodules:\n\torganization: {}\n".utf8), expect: "tabs", at: "3:1")
    }

    @Test func fileThatIsNotUTF8() throws {
        var bytes = Array("format: 1\n# S".utf8)
        bytes.append(0xF7)  // "ở" in Windows-1258 would be two bytes; a lone 0xF7 is never UTF-8
        bytes += Array(" Xây dựng\nmodules: {}\n".utf8)
        try check(hostFile: Data(bytes), expect: "not valid UTF-8", at: "2:4")
    }

    @Test func emptyFile() throws {
        try check(hostFile: Data(), expect: "the file is empty", at: "1:1")
    }

    @Test func fiftyThousandLevelsOfNesting() throws {
        let text = "format: 1\nmodules: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        try check(hostFile: Data(text.utf8), expect: "nesting is deeper than 64 levels", at: "2:73")
    }

    @Test func aliasBomb() throws {
        var text = "format: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        text += "modules: {}\n"
        try check(hostFile: Data(text.utf8), expect: "aliases expand to more than 1000000 nodes", at: nil)
    }

    @Test func twoHundredMegabyteFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("thidua.yaml", "format: 1\n")
        // A sparse file: 200 MB by size, nothing written to disk.
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let run = try Thidua.run(["check", "--config", directory.url.path])
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(
            run.errorLines == [
                "\(directory.path("thidua.yaml")): error: file is 200.0 MiB; the limit is 64.0 MiB (split it into several files)"
            ])
    }

    @Test func directoryWhereTheHostFileIsExpected() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent("thidua.yaml"), withIntermediateDirectories: true)
        let run = try Thidua.run(["check", "--config", directory.url.path])
        #expect(run.status == 1)
        #expect(
            run.errorLines == [
                "\(directory.path("thidua.yaml")): error: is a directory, expected a YAML file (name a file inside it)"
            ])
    }

    @Test func directoryWhereAModuleFileIsExpected() throws {
        let directory = try TemporaryDirectory()
        try directory.write("thidua.yaml", "format: 1\nmodules:\n  organization:\n    file: org\n")
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent("org"), withIntermediateDirectories: true)
        let run = try Thidua.run(["check", "--config", directory.url.path])
        #expect(run.status == 1)
        #expect(run.errorLines.count == 1)
        #expect(run.errorLines.first?.hasPrefix("\(directory.path("org")): error: is a directory") == true)
        #expect(run.errorLines.first?.contains("referenced at \(directory.path("thidua.yaml")):4:11") == true)
    }

    @Test func missingConfigurationDirectory() throws {
        let run = try Thidua.run(["check", "--config", "/nonexistent/thidua-config"])
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(
            run.errorLines == [
                "/nonexistent/thidua-config: error: the configuration directory does not exist (pass --config DIR, or run thidua from the directory that holds config/)"
            ])
    }

    @Test func missingConfigurationDirectoryForAModuleCommand() throws {
        let run = try Thidua.run(["org", "find", "x", "--config", "/nonexistent/thidua-config"])
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent/thidua-config: error: the configuration directory does not exist"))
    }
}
