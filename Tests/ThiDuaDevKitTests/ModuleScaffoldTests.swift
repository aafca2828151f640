import Foundation
import Testing

@testable import ThiDuaDevKit

/// The scaffold run into a temporary copy of the package's Package.swift and module catalog: the
/// files it writes, the registrations, and every refusal (which writes nothing).
@Suite struct ModuleScaffoldTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A temporary folder holding copies of Package.swift and Sources/ThiDuaCLI/ModuleCatalog.swift.
    final class Copy {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-scaffold-\(UUID().uuidString)")
        var path: String { url.path }

        init() throws {
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent("Sources/ThiDuaCLI"), withIntermediateDirectories: true)
            for file in ["Package.swift", "Sources/ThiDuaCLI/ModuleCatalog.swift"] {
                try FileManager.default.copyItem(
                    at: ModuleScaffoldTests.packageRoot.appendingPathComponent(file), to: url.appendingPathComponent(file))
            }
        }

        func read(_ file: String) throws -> String {
            try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
        }

        func write(_ text: String, to file: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(file))
        }

        /// Every file below the folder, relative, sorted.
        var files: [String] {
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let next = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let full = url.appendingPathComponent(next).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append(next)
                }
            }
            return found.sorted()
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// `import module` is in the catalog once, after the imports that sort before it and before
    /// those that sort after it (whatever order the others are in).
    func expectImportInPlace(_ module: String, in catalog: String) throws {
        let imports = catalog.split(separator: "\n").filter { $0.hasPrefix("import ") || $0.hasPrefix("public import ") }
        let modules = imports.map { String($0.split(separator: " ").last ?? "") }
        #expect(modules.filter { $0 == module }.count == 1)
        let position = try #require(modules.firstIndex(of: module))
        #expect(position == 0 || modules[position - 1] < module)
        #expect(position + 1 == modules.count || modules[position + 1] > module)
    }

    @Test func namesAreDerivedFromTheModuleID() throws {
        let name = try ModuleName("hr-scores")
        #expect(name.typeName == "HrScores")
        #expect(name.targetName == "ThiDuaHrScores")
        #expect(name.testTargetName == "ThiDuaHrScoresTests")
        #expect(name.tablePrefix == "hr_scores")
        #expect(try ModuleName("initiatives").moduleType == "InitiativesModule")
    }

    @Test(arguments: [
        "", "Initiatives", "sáng-kiến", "2fa", "hr--scores", "hr-", "hr_scores", "check", "core",
        String(repeating: "a", count: 31),
    ])
    func invalidNamesAreRefused(_ text: String) {
        #expect(throws: ScaffoldError.self) { try ModuleName(text) }
    }

    @Test func theScaffoldWritesTheModuleAndRegistersIt() throws {
        let copy = try Copy()
        let written = try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("hr-scores")).apply()
        let expected = [
            "Package.swift",
            "Sources/Modules/HrScores/Events.swift",
            "Sources/Modules/HrScores/HrScoresCommand.swift",
            "Sources/Modules/HrScores/HrScoresModule.swift",
            "Sources/Modules/HrScores/HrScoresRegister.swift",
            "Sources/ThiDuaCLI/ModuleCatalog.swift",
            "Tests/ThiDuaHrScoresTests/HrScoresModuleTests.swift",
            "config/examples/hr-scores/thidua.yaml",
            "docs/modules/hr-scores.md",
        ]
        #expect(written.sorted() == expected)
        #expect(copy.files == expected)

        let module = try copy.read("Sources/Modules/HrScores/HrScoresModule.swift")
        #expect(module.contains("public struct HrScoresModule: ThiDuaModule"))
        #expect(module.contains("public struct Configuration: Decodable, Sendable"))
        #expect(module.contains("CREATE TABLE hr_scores_records ("))
        #expect(module.contains("context.events.subscribe(HrScoresRecorded.self"))
        #expect(!module.contains("{{"))
        let command = try copy.read("Sources/Modules/HrScores/HrScoresCommand.swift")
        #expect(command.contains("commandName: \"hr-scores\""))

        let package = try copy.read("Package.swift")
        #expect(package.contains("name: \"ThiDuaHrScores\",\n            dependencies: [\"ThiDuaCore\""))
        #expect(package.contains("path: \"Sources/Modules/HrScores\""))
        #expect(package.contains("                \"ThiDuaHrScores\",\n                // @scaffold: linked modules"))
        #expect(
            package.contains(
                "name: \"ThiDuaHrScoresTests\",\n            dependencies: [\"ThiDuaHrScores\", \"ThiDuaCore\", \"ThiDuaSQLite\"]"
            ))
        // The import goes among the imports, before the first that sorts after it; the type goes
        // above the marker, indented like the entries.
        let catalog = try copy.read("Sources/ThiDuaCLI/ModuleCatalog.swift")
        try expectImportInPlace("ThiDuaHrScores", in: catalog)
        #expect(catalog.contains("    HrScoresModule.self,\n        // @scaffold: modules\n])"))

        // The markers stay, so a second module goes in after the first.
        try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("chat")).apply()
        let twice = try copy.read("Sources/ThiDuaCLI/ModuleCatalog.swift")
        try expectImportInPlace("ThiDuaChat", in: twice)
        #expect(twice.contains("    HrScoresModule.self,\n    ChatModule.self,\n        // @scaffold: modules"))
    }

    /// The generated sources stay within `.swift-format`'s 130 columns for the longest name allowed
    /// (scripts/scaffold-check.sh runs the full lint on a real scaffold).
    @Test func generatedLinesFitTheLineLengthForTheLongestName() throws {
        let name = try ModuleName("abcdefghi-abcdefghi-abcdefghi")
        #expect(name.id.count == ModuleName.maximumLength - 1)
        let longest = try ModuleName(name.id + "x")
        for file in ModuleTemplates(name: longest).files where file.path.hasSuffix(".swift") {
            for (number, line) in file.content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                #expect(line.count <= 130, "\(file.path):\(number + 1) has \(line.count) columns")
            }
        }
    }

    @Test func anExistingModuleIsRefusedAndNothingIsWritten() throws {
        let copy = try Copy()
        let before = copy.files
        let package = try copy.read("Package.swift")
        for existing in ["dossiers", "criteria"] {
            let error = #expect(throws: ScaffoldError.self) {
                try ModuleScaffold(packageDirectory: copy.path, name: ModuleName(existing)).apply()
            }
            #expect(error?.message.contains("already") == true, "\(String(describing: error))")
        }
        try FileManager.default.createDirectory(
            at: copy.url.appendingPathComponent("docs/modules"), withIntermediateDirectories: true)
        try copy.write("# taken\n", to: "docs/modules/chat.md")
        let error = #expect(throws: ScaffoldError.self) {
            try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("chat")).apply()
        }
        #expect(error?.message == "the module 'chat' already exists: docs/modules/chat.md is there")
        #expect(copy.files == (before + ["docs/modules/chat.md"]).sorted())
        #expect(try copy.read("Package.swift") == package)
    }

    @Test func aNameWhoseCommandExistsIsRefused() throws {
        let copy = try Copy()
        try FileManager.default.createDirectory(
            at: copy.url.appendingPathComponent("Sources/Modules/Organization"), withIntermediateDirectories: true)
        try copy.write(
            "static let configuration = CommandConfiguration(commandName: \"org\", abstract: \"…\")\n",
            to: "Sources/Modules/Organization/OrganizationCommand.swift")
        let before = copy.files
        let error = #expect(throws: ScaffoldError.self) {
            try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("org")).apply()
        }
        #expect(
            error?.message == "the command name 'org' is already used in Sources/Modules/Organization/OrganizationCommand.swift")
        #expect(copy.files == before)
    }

    @Test(arguments: ModuleScaffold.markers.indices)
    func aMissingMarkerIsRefusedAndNothingIsWritten(_ index: Int) throws {
        let copy = try Copy()
        let (file, marker) = ModuleScaffold.markers[index]
        let original = try copy.read(file)
        try copy.write(original.replacingOccurrences(of: marker, with: "// moved away"), to: file)
        let before = copy.files
        let error = #expect(throws: ScaffoldError.self) {
            try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("chat")).apply()
        }
        #expect(error?.message == "\(file) has no line '\(marker)'")
        #expect(error?.hint?.contains("docs/modules.md") == true)
        #expect(copy.files == before)
    }

    @Test func aDoubledMarkerIsRefused() throws {
        let copy = try Copy()
        let catalog = try copy.read("Sources/ThiDuaCLI/ModuleCatalog.swift")
        try copy.write(catalog + "// @scaffold: modules\n", to: "Sources/ThiDuaCLI/ModuleCatalog.swift")
        let error = #expect(throws: ScaffoldError.self) {
            try ModuleScaffold(packageDirectory: copy.path, name: ModuleName("chat")).plan()
        }
        #expect(error?.message == "Sources/ThiDuaCLI/ModuleCatalog.swift has the line '// @scaffold: modules' 2 times")
    }

    @Test func aFolderWithoutPackageSwiftIsRefused() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = #expect(throws: ScaffoldError.self) {
            try ModuleScaffold(packageDirectory: empty.path, name: ModuleName("chat")).plan()
        }
        #expect(error?.message.hasSuffix("has no Package.swift") == true)
    }
}
