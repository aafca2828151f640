import Foundation
import Testing

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What a run of the built `thidua` printed.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A scratch copy of the example configuration with its own database, where the qlxd dossier
/// (the unit and Phan Đức Long, for Giấy khen) was submitted and accepted before the deadline.
final class CouncilWorkspace {
    let url: URL
    var now = "2024-11-30T10:00:00+07:00"
    let dossier = "HS-cchc-2024-001"

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL {
        get throws {
            var directory = Bundle.main.bundleURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("thidua")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            let fallback = packageRoot.appendingPathComponent(".build/debug/thidua")
            if FileManager.default.isExecutableFile(atPath: fallback.path) { return fallback }
            throw TestFailure("the thidua executable was not found; run 'swift build' first")
        }
    }

    init(accept: Bool = true, councilFile: String? = nil) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-council-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.packageRoot.appendingPathComponent("config"), to: url.appendingPathComponent("config"))
        if let councilFile {
            try Data(councilFile.utf8).write(to: url.appendingPathComponent("config/council.yaml"))
        }
        try ok(["init"])
        let clerk = "phan-duc-long"
        try Data("%PDF-1.4\nho so\n".utf8).write(to: url.appendingPathComponent("ho-so.pdf"))
        try ok(["dossier", "new", "cchc-2024", "--reference", "15/TTr-QLXD"], actor: clerk)
        for nominee in ["qlxd", "phan-duc-long"] {
            try ok(["dossier", "add-nominee", dossier, nominee, "--award", "giay-khen-giam-doc-so"], actor: clerk)
            try ok(["dossier", "attach", dossier, "bao-cao-thanh-tich", "ho-so.pdf", "--nominee", nominee], actor: clerk)
        }
        try ok(["dossier", "attach", dossier, "van-ban-de-nghi", "ho-so.pdf"], actor: clerk)
        try ok(["dossier", "attach", dossier, "bien-ban-hop", "ho-so.pdf"], actor: clerk)
        try ok(["dossier", "submit", dossier], actor: clerk)
        if accept { try ok(["dossier", "accept", dossier], actor: "tran-thi-mai") }
        now = "2024-12-05T09:00:00+07:00"
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func thidua(_ arguments: [String], actor: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = url
        var environment = ProcessInfo.processInfo.environment
        environment["THIDUA_NOW"] = now
        environment.removeValue(forKey: "THIDUA_ACTOR")
        if let actor { environment["THIDUA_ACTOR"] = actor }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    @discardableResult
    func ok(_ arguments: [String], actor: String? = nil) throws -> Run {
        let run = try thidua(arguments, actor: actor)
        guard run.status == 0 else {
            throw TestFailure("thidua \(arguments.joined(separator: " ")) exited \(run.status):\n\(run.stdout)\(run.stderr)")
        }
        return run
    }

    /// Opens session 1 with every member but Nguyễn Văn Hùng present.
    @discardableResult
    func open() throws -> String {
        try ok(
            [
                "council", "open", "cchc-2024", "--date", "2024-12-05", "--present",
                "vo-tat-dung,tran-thi-mai,ngo-van-thanh,le-quang-vinh",
            ],
            actor: "tran-thi-mai")
        return "PH-cchc-2024-1"
    }

    /// The council tables and the audit log's length, to compare before and after a refusal.
    func snapshot() throws -> String {
        let tally = try thidua(["council", "tally", "PH-cchc-2024-1"])
        let audit = try ok(["audit", "list", "--limit", "1000"])
        return tally.stdout + audit.stdout
    }
}
