import Foundation
import Testing
import ThiDuaTestSupport

/// `thidua dossier import FILE…` on the built executable.
@Suite struct ImportTests {
    static let file = """
        # Hồ sơ đề nghị khen thưởng — Trung tâm Kiểm định, prepared offline
        campaign: cchc-2024
        unit: tt-kiem-dinh
        reference: 07/TTr-TTKĐ
        submit: true
        documents:
          van-ban-de-nghi: files/to-trinh.pdf
          bien-ban-hop: files/bien-ban.jpg
        nominees:
          - id: tt-kiem-dinh
            award: giay-khen-giam-doc-so
            documents:
              bao-cao-thanh-tich: files/bao-cao-tap-the.docx
          - id: truong-van-binh
            award: giay-khen-giam-doc-so
            documents:
              bao-cao-thanh-tich: files/bao-cao-binh.doc

        """

    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("offline/tt-kiem-dinh.yaml", Self.file)
        try workspace.document("offline/files/to-trinh.pdf")
        try workspace.document("offline/files/bien-ban.jpg", "jpg")
        try workspace.document("offline/files/bao-cao-tap-the.docx", "docx")
        try workspace.document("offline/files/bao-cao-binh.doc", "doc")
        return workspace
    }

    @Test func aDossierPreparedOfflineIsImportedAndSubmittedInOneGo() throws {
        let workspace = try workspace()
        let run = try workspace.ok(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "truong-van-binh")
        #expect(run.lines == ["offline/tt-kiem-dinh.yaml: HS-cchc-2024-001: imported (submitted)", "Imported 1 dossier."])
        let shown = try workspace.show("HS-cchc-2024-001")
        #expect(shown["status"] as? String == "submitted")
        #expect(shown["reference"] as? String == "07/TTr-TTKĐ")
        let documents = try #require(shown["documents"] as? [[String: Any]])
        #expect(documents.map { $0["name"] as? String } == ["to-trinh.pdf", "bien-ban.jpg"])
        let nominees = try #require(shown["nominees"] as? [[String: Any]])
        #expect(nominees.map { $0["id"] as? String } == ["tt-kiem-dinh", "truong-van-binh"])
        #expect(nominees.compactMap { ($0["documents"] as? [[String: Any]])?.first?["type"] as? String } == ["docx", "doc"])
        // Files are stored under their hash; the names users gave are data only.
        let stored = try #require(documents.first?["stored_at"] as? String)
        let sha = try #require(documents.first?["sha256"] as? String)
        #expect(stored == ".thidua/attachments/sha256/\(sha.prefix(2))/\(sha.dropFirst(2))")
        #expect(FileManager.default.fileExists(atPath: workspace.path(stored)))
        #expect(try workspace.audit().filter { $0.entity == "HS-cchc-2024-001" }.map(\.action).first == "dossier.import")

        // Importing again is refused; --skip-imported leaves it alone.
        let again = try workspace.thidua(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "truong-van-binh")
        #expect(again.status == 1)
        #expect(
            again.errors == [
                "offline/tt-kiem-dinh.yaml:4:12: error: unit 'tt-kiem-dinh' already has dossier HS-cchc-2024-001 with reference "
                    + "'07/TTr-TTKĐ' in 'cchc-2024' (it was imported before; pass --skip-imported to leave such files alone)"
            ])
        let skipped = try workspace.ok(
            ["dossier", "import", "offline/tt-kiem-dinh.yaml", "--skip-imported"], actor: "truong-van-binh")
        #expect(skipped.lines.first == "offline/tt-kiem-dinh.yaml: HS-cchc-2024-001: imported before, left alone (submitted)")
    }

    @Test func everyProblemOfTheFileIsReportedWithItsPositionAndNothingIsWritten() throws {
        let workspace = try workspace()
        var text = Self.file
        text = text.replacingOccurrences(of: "id: truong-van-binh", with: "id: phan-duc-long")
        text = text.replacingOccurrences(of: "files/bien-ban.jpg", with: "files/khong-co.jpg")
        text = text.replacingOccurrences(
            of: "bao-cao-thanh-tich: files/bao-cao-tap-the.docx", with: "bao-cao: files/bao-cao-tap-the.docx")
        try workspace.write("offline/tt-kiem-dinh.yaml", text)
        let before = try workspace.snapshot()
        let run = try workspace.thidua(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "truong-van-binh")
        #expect(run.status == 1)
        #expect(
            run.errors == [
                "offline/tt-kiem-dinh.yaml:8:17: error: there is no file 'files/khong-co.jpg' (check the path; relative paths are read from the import file's directory)",
                "offline/tt-kiem-dinh.yaml:13:7: error: campaign 'cchc-2024' asks for no document 'bao-cao' (its documents: van-ban-de-nghi, bien-ban-hop, bao-cao-thanh-tich)",
                "offline/tt-kiem-dinh.yaml:14:9: error: Phan Đức Long (phan-duc-long) belongs to 'qlxd', not to 'tt-kiem-dinh': a dossier nominates its own unit's people (the unit clerk of 'qlxd' nominates them)",
            ])
        #expect(try workspace.snapshot() == before)
    }

    @Test func aFileThatWouldNotPassSubmissionIsRefusedBeforeAnythingIsWritten() throws {
        let workspace = try workspace()
        try workspace.write(
            "offline/tt-kiem-dinh.yaml", Self.file.replacingOccurrences(of: "  bien-ban-hop: files/bien-ban.jpg\n", with: ""))
        let run = try workspace.thidua(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "truong-van-binh")
        #expect(run.status == 1)
        #expect(
            run.errors == [
                "offline/tt-kiem-dinh.yaml:5:9: error: the required document 'bien-ban-hop' (Biên bản họp) is missing (add it to the file, or import without 'submit: true')"
            ])
        workspace.now = "2024-12-01T08:00:00+07:00"
        try workspace.write("offline/tt-kiem-dinh.yaml", Self.file)
        let late = try workspace.thidua(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "truong-van-binh")
        #expect(
            late.errors.first?.hasPrefix("offline/tt-kiem-dinh.yaml:5:9: error: too late — hạn nộp hồ sơ: trước ngày 01/12/2024")
                == true)
        #expect(try workspace.list().isEmpty)
    }

    @Test func onlyTheUnitsClerkImportsAndARefusalIsAudited() throws {
        let workspace = try workspace()
        let run = try workspace.thidua(["dossier", "import", "offline/tt-kiem-dinh.yaml"], actor: "phan-duc-long")
        #expect(run.status == 1)
        #expect(run.errors.first?.contains("may not import dossiers for 'tt-kiem-dinh'") == true)
        #expect(try workspace.audit().last?.action == "dossier.import.refused")
        #expect(try workspace.list().isEmpty)
    }

    @Test func aBatchIsCheckedWholeBeforeAnyFileIsWritten() throws {
        let workspace = try Workspace { try $0.addPeople(6) }
        var files = try workspace.importFiles(1...5, submit: false)
        // The sixth file nominates someone the third already nominates.
        try workspace.write(
            "batch/d-dup.yaml",
            try String(contentsOfFile: workspace.path(files[2]), encoding: .utf8).replacingOccurrences(
                of: "KT-cv-0003", with: "KT-dup"))
        files.append("batch/d-dup.yaml")
        let run = try workspace.thidua(["dossier", "import"] + files, actor: "phan-duc-long")
        #expect(run.status == 1)
        #expect(
            run.errors.first?.hasPrefix(
                "batch/d-dup.yaml:9:9: error: Nguyễn Văn Số 3 (cv-0003) is nominated for 'giay-khen-giam-doc-so' twice") == true,
            "\(run.errors)")
        #expect(try workspace.list().isEmpty)
        let good = try workspace.ok(["dossier", "import"] + files.dropLast(), actor: "phan-duc-long")
        #expect(good.lines.last == "Imported 5 dossiers.")
        #expect(try workspace.list().map { $0["status"] as? String } == Array(repeating: "draft", count: 5))
    }
}

/// Progress on standard error: only on a terminal, only after a second.
@Suite struct ImportProgressTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aLongImportOnATerminalShowsProgressAndAPipeDoesNot() throws {
        let workspace = try Workspace { try $0.addPeople(300) }
        let files = try workspace.importFiles(1...300, submit: true)
        // A pipe is not a terminal: no progress line.
        let piped = try workspace.ok(["dossier", "import"] + files.prefix(150), actor: "phan-duc-long")
        #expect(!piped.stderr.contains("dossier import:"))
        // Under script(1), standard error is a terminal.
        let command = ([try Thidua.executable.path, "dossier", "import"] + files.suffix(150)).joined(separator: " ")
        let process = try workspace.process(["-qec", command + " >/dev/null", "/dev/null"], actor: "phan-duc-long")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let terminal = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(terminal)")
        // Whether a second passed depends on the machine; when it did, the line counts files and is cleared at the end.
        if terminal.contains("dossier import:") {
            #expect(terminal.contains("/150 — "))
            #expect(terminal.contains("\r\u{1B}[K"))
        }
        #expect(try workspace.list().count == 300)
    }
}
