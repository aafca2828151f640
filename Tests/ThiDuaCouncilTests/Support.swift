import Foundation
import Testing
import ThiDuaTestSupport

/// A scratch copy of the example configuration with its own database, where the qlxd dossier
/// (the unit and Phan Đức Long, for Giấy khen) was submitted and accepted before the deadline.
final class CouncilWorkspace {
    let url: URL
    var now = "2024-11-30T10:00:00+07:00"
    let dossier = "HS-cchc-2024-001"

    init(accept: Bool = true, councilFile: String? = nil) throws {
        url = try Thidua.makeWorkspace(prefix: "thidua-council")
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

    /// Runs `thidua arguments…` in the workspace with `THIDUA_NOW` and `actor`.
    func thidua(_ arguments: [String], actor: String? = nil) throws -> Run {
        try Thidua.run(arguments, in: url, environment: ["THIDUA_NOW": now, "THIDUA_ACTOR": actor])
    }

    @discardableResult
    func ok(_ arguments: [String], actor: String? = nil) throws -> Run {
        try thidua(arguments, actor: actor).requireSuccess(arguments)
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
