import Foundation
import Testing
import ThiDuaSQLite
import ThiDuaTestSupport

/// A scratch copy of the example configuration with its own database, taken to the point the
/// test needs: the qlxd dossier (the unit and Phan Đức Long, for Giấy khen) submitted and
/// accepted, then — with `review` — the council's session 1 closed with both approved.
final class DecisionWorkspace {
    let url: URL
    var now = "2024-11-30T10:00:00+07:00"
    let dossier = "HS-cchc-2024-001"
    let session = "PH-cchc-2024-1"

    init(review: Bool = true, edit: (DecisionWorkspace) throws -> Void = { _ in }, award: String = "giay-khen-giam-doc-so") throws
    {
        url = try Thidua.makeWorkspace(prefix: "thidua-decisions")
        try edit(self)
        try ok(["init"])
        let clerk = "phan-duc-long"
        try Data("%PDF-1.4\nho so\n".utf8).write(to: url.appendingPathComponent("ho-so.pdf"))
        try ok(["dossier", "new", "cchc-2024", "--reference", "15/TTr-QLXD"], actor: clerk)
        try ok(["dossier", "add-nominee", dossier, "qlxd", "--award", award], actor: clerk)
        try ok(["dossier", "add-nominee", dossier, "phan-duc-long", "--award", "giay-khen-giam-doc-so"], actor: clerk)
        for nominee in ["qlxd", "phan-duc-long"] {
            try ok(["dossier", "attach", dossier, "bao-cao-thanh-tich", "ho-so.pdf", "--nominee", nominee], actor: clerk)
        }
        try ok(["dossier", "attach", dossier, "van-ban-de-nghi", "ho-so.pdf"], actor: clerk)
        try ok(["dossier", "attach", dossier, "bien-ban-hop", "ho-so.pdf"], actor: clerk)
        try ok(["dossier", "submit", dossier], actor: clerk)
        try ok(["dossier", "accept", dossier], actor: "tran-thi-mai")
        now = "2024-12-05T09:00:00+07:00"
        if review {
            try ok(
                [
                    "council", "open", "cchc-2024", "--date", "2024-12-05", "--present",
                    "vo-tat-dung,tran-thi-mai,ngo-van-thanh,nguyen-van-hung",
                ],
                actor: "tran-thi-mai")
            for member in ["vo-tat-dung", "tran-thi-mai", "ngo-van-thanh", "nguyen-van-hung"] {
                try ok(["council", "vote", session, "approve", "--all"], actor: member)
            }
            try ok(["council", "close", session], actor: "tran-thi-mai")
        }
        now = "2024-12-10T08:00:00+07:00"
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Replaces `old` (which must be there) in a file of the copy.
    func replace(_ relative: String, _ old: String, with new: String) throws {
        let file = url.appendingPathComponent(relative)
        let text = try String(contentsOf: file, encoding: .utf8)
        guard text.contains(old) else { throw TestFailure("'\(old)' is not in \(relative)") }
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: file)
    }

    /// Runs `thidua arguments…` in the workspace with `THIDUA_NOW` and `actor`.
    func thidua(_ arguments: [String], actor: String? = nil) throws -> Run {
        try Thidua.run(arguments, in: url, environment: ["THIDUA_NOW": now, "THIDUA_ACTOR": actor])
    }

    @discardableResult
    func ok(_ arguments: [String], actor: String? = nil) throws -> Run {
        try thidua(arguments, actor: actor).requireSuccess(arguments)
    }

    /// The decision, the dossier and the audit log as shown, to compare before and after a refusal.
    func snapshot() throws -> String {
        let decision = try thidua(["decision", "show", "cchc-2024"])
        let dossier = try ok(["dossier", "list"])
        let audit = try ok(["audit", "list", "--limit", "1000"])
        return decision.stdout + dossier.stdout + audit.stdout
    }

    /// Runs SQL that thidua would never run.
    func tamper(_ sql: String) throws {
        let store = try SQLiteStore(
            path: path(".thidua/thidua.sqlite"), create: false, options: SQLiteStore.Options(checksPortability: false))
        try store.write { try $0.execute(sql) }
    }
}
