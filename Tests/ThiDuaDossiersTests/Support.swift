import Foundation
import Testing
import ThiDuaTestSupport

extension Run {
    /// Standard error without the THIDUA_NOW note.
    var errors: [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("note: THIDUA_NOW") }
    }
}

/// A working directory with a copy of the example configuration and its own database: every
/// test gets one, removed when it ends.
final class Workspace {
    let url: URL
    /// Before the cchc-2024 deadline ("trước ngày 01/12/2024").
    var now = "2024-11-30T10:00:00+07:00"

    /// A copy of `config/` (changed by `edit`), initialised with `thidua init`.
    init(initialise: Bool = true, edit: (Workspace) throws -> Void = { _ in }) throws {
        url = try Thidua.makeWorkspace(prefix: "thidua-dossiers")
        try edit(self)
        if initialise {
            let run = try thidua(["init"])
            guard run.status == 0 else { throw TestFailure("thidua init failed: \(run.stderr)") }
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try write(relative, Data(text.utf8)) }

    /// Replaces `old` (which must be there) in a configuration file.
    func replace(_ relative: String, _ old: String, with new: String) throws {
        let file = url.appendingPathComponent(relative)
        let text = try String(contentsOf: file, encoding: .utf8)
        guard text.contains(old) else { throw TestFailure("'\(old)' is not in \(relative)") }
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: file)
    }

    /// A small PDF, PNG … file whose content starts like the real thing (`tag` makes it unique).
    @discardableResult
    func document(_ relative: String, _ kind: String = "pdf", tag: String? = nil) throws -> String {
        let body = Data((tag ?? relative).utf8)
        let head: [UInt8]
        switch kind {
        case "png": head = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case "jpg": head = [0xFF, 0xD8, 0xFF, 0xE0]
        case "doc": head = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        case "docx": head = Array("PK\u{3}\u{4}....[Content_Types].xml....word/document.xml".utf8)
        default: head = Array("%PDF-1.4\n".utf8)
        }
        return try write(relative, Data(head) + body)
    }

    /// The process for `thidua arguments…` in this directory, with `THIDUA_NOW` and `actor`.
    func process(_ arguments: [String], actor: String? = nil) throws -> Process {
        try Thidua.process(arguments, in: url, environment: ["THIDUA_NOW": now, "THIDUA_ACTOR": actor])
    }

    /// Runs `thidua arguments…` to the end.
    func thidua(_ arguments: [String], actor: String? = nil) throws -> Run {
        try Run.capture(process(arguments, actor: actor))
    }

    /// Runs and requires exit status 0.
    @discardableResult
    func ok(_ arguments: [String], actor: String? = nil) throws -> Run {
        try thidua(arguments, actor: actor).requireSuccess(arguments)
    }

    /// The first word of the first line: the dossier id `new` printed.
    func newDossier(_ unit: String = "qlxd", clerk: String = "phan-duc-long", reference: String? = nil) throws -> String {
        var arguments = ["dossier", "new", "cchc-2024", "--unit", unit]
        if let reference { arguments += ["--reference", reference] }
        let run = try ok(arguments, actor: clerk)
        guard let id = run.lines.first?.split(separator: ":").first.map(String.init) else {
            throw TestFailure("no dossier id in: \(run.stdout)")
        }
        return id
    }

    /// A dossier of qlxd nominating the unit and Phan Đức Long, with every document, ready to submit.
    func completeDossier(reference: String? = nil) throws -> String {
        let id = try newDossier(reference: reference)
        let clerk = "phan-duc-long"
        try ok(["dossier", "add-nominee", id, "qlxd", "--award", "giay-khen-giam-doc-so"], actor: clerk)
        try ok(["dossier", "add-nominee", id, "phan-duc-long", "--award", "giay-khen-giam-doc-so"], actor: clerk)
        try ok(["dossier", "attach", id, "van-ban-de-nghi", try document("files/\(id)-to-trinh.pdf")], actor: clerk)
        try ok(["dossier", "attach", id, "bien-ban-hop", try document("files/\(id)-bien-ban.pdf")], actor: clerk)
        for nominee in ["qlxd", "phan-duc-long"] {
            try ok(
                [
                    "dossier", "attach", id, "bao-cao-thanh-tich", try document("files/\(id)-\(nominee).pdf"), "--nominee",
                    nominee,
                ],
                actor: clerk)
        }
        return id
    }

    /// `dossier show ID --format json` as a dictionary.
    func show(_ id: String) throws -> [String: Any] {
        let run = try ok(["dossier", "show", id, "--format", "json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(run.stdout)")
        }
        return object
    }

    /// `dossier list --format json`.
    func list() throws -> [[String: Any]] {
        let run = try ok(["dossier", "list", "--format", "json"])
        guard let array = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] else {
            throw TestFailure("not a JSON array: \(run.stdout)")
        }
        return array
    }

    /// The audit log's entries (actor, action, entity id), oldest first.
    func audit() throws -> [(actor: String, action: String, entity: String)] {
        let run = try ok(["audit", "list", "--limit", "100000", "--format", "json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
            let entries = object["entries"] as? [[String: Any]]
        else { throw TestFailure("no audit entries in: \(run.stdout)") }
        return entries.map {
            (
                $0["actor"] as? String ?? "", $0["action"] as? String ?? "",
                ($0["entity"] as? [String: Any])?["id"] as? String ?? ""
            )
        }
    }

    /// Everything the dossier tables and the attachment store hold, to compare before and after.
    func snapshot() throws -> String {
        let listing = try ok(["dossier", "list", "--format", "json"]).stdout
        var details = ""
        for id in try list().compactMap({ $0["id"] as? String }) {
            var object = try show(id)
            object["history"] = nil
            details += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let store = url.appendingPathComponent(".thidua/attachments")
        let files = (FileManager.default.enumerator(atPath: store.path)?.allObjects as? [String] ?? []).sorted()
        return listing + details + files.joined(separator: "\n")
    }
}

extension Workspace {
    /// Starts again with an empty database and attachment store.
    func reset() throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(".thidua"))
        try ok(["init"])
    }

    /// Adds `count` civil servants of qlxd (`cv-0001` …) through a generated roster.
    func addPeople(_ count: Int) throws {
        var csv = "id,full_name,unit,position,kind\n"
        for index in 1...count { csv += "\(Workspace.person(index)),Nguyễn Văn Số \(index),qlxd,Chuyên viên,civil-servant\n" }
        try write("config/organization/generated.csv", csv)
        try replace(
            "config/thidua.yaml", "      - organization/nhan-su-bo-sung.csv",
            with: "      - organization/nhan-su-bo-sung.csv\n      - organization/generated.csv")
    }

    static func person(_ index: Int) -> String {
        let digits = String(index)
        return "cv-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Import files `batch/d-NNNN.yaml` for people `range` (one dossier each, three documents),
    /// with reference `KT-NNNN`. Returns their paths relative to the workspace.
    func importFiles(_ range: ClosedRange<Int>, submit: Bool) throws -> [String] {
        try document("batch/files/to-trinh.pdf", tag: "to-trinh chung")
        var paths: [String] = []
        for index in range {
            let person = Workspace.person(index)
            try document("batch/files/bien-ban-\(person).pdf")
            try document("batch/files/bao-cao-\(person).docx", "docx")
            let path = "batch/d-\(person).yaml"
            try write(
                path,
                """
                campaign: cchc-2024
                unit: qlxd
                reference: KT-\(person)
                submit: \(submit)
                documents:
                  van-ban-de-nghi: files/to-trinh.pdf
                  bien-ban-hop: files/bien-ban-\(person).pdf
                nominees:
                  - id: \(person)
                    award: giay-khen-giam-doc-so
                    documents:
                      bao-cao-thanh-tich: files/bao-cao-\(person).docx

                """)
            paths.append(path)
        }
        return paths
    }

    /// Checks that every dossier is complete (one nominee, three documents, submitted, its six
    /// audit entries), that references are unique, and that `dossier verify` and `audit verify`
    /// pass. Returns the number of dossiers.
    func checkImportedConsistently(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let dossiers = try list()
        var references: Set<String> = []
        for dossier in dossiers {
            let id = dossier["id"] as? String ?? "?"
            #expect(dossier["nominees"] as? Int == 1, "\(id)", sourceLocation: sourceLocation)
            #expect(dossier["documents"] as? Int == 3, "\(id)", sourceLocation: sourceLocation)
            #expect(dossier["status"] as? String == "submitted", "\(id)", sourceLocation: sourceLocation)
            #expect(references.insert(dossier["reference"] as? String ?? "").inserted, "\(id)", sourceLocation: sourceLocation)
        }
        var entries: [String: [String]] = [:]
        for entry in try audit() where entry.action.hasPrefix("dossier.") {
            entries[entry.entity, default: []].append(entry.action)
        }
        for dossier in dossiers {
            let id = dossier["id"] as? String ?? "?"
            #expect(
                entries[id] == [
                    "dossier.import", "dossier.add-nominee", "dossier.attach", "dossier.attach", "dossier.attach",
                    "dossier.submit",
                ], "\(id)", sourceLocation: sourceLocation)
        }
        #expect(entries.keys.filter { $0.hasPrefix("HS-") }.count == dossiers.count, sourceLocation: sourceLocation)
        let verify = try thidua(["dossier", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)", sourceLocation: sourceLocation)
        let audit = try thidua(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)", sourceLocation: sourceLocation)
        return dossiers.count
    }
}
