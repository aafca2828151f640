import Foundation
import Synchronization
import Testing
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaInitiatives

/// `thidua initiative add`: checked like the register, stored with its audit entry, announced
/// after the commit; the next load gives its fact to the criteria module.
@Suite struct RecordingTests {
    func draft(
        id: String = "sk-2025-03", authors: [String] = ["vo-minh-khoa"], scope: String = "co-so", date: String = "2025-05-28"
    )
        -> InitiativesModule.Draft
    {
        InitiativesModule.Draft(
            id: id, title: "Tổ chức câu lạc bộ Toán học cho học sinh lớp 10", authors: authors, year: 2025, scope: scope,
            decisionNumber: "120/QĐ-THPTNH", decisionDate: date, decisionIssuer: "Hiệu trưởng Trường THPT Nguyễn Huệ")
    }

    @Test func aRecordedInitiativeIsStoredAuditedAnnouncedAndCounted() throws {
        let school = try SchoolCopy()
        var host = school.load()
        _ = try host.initializeStore()
        let store = try host.openStore()
        let events = try host.start(store: store)
        let heard = Mutex<[String]>([])
        events.subscribe(InitiativeRecorded.self, by: "test") { event in
            // Published after the commit: the row is there.
            let row = try store.read { try $0.row("SELECT title FROM initiatives WHERE id = ?", [event.initiative]) }
            heard.withLock { $0.append("\(event.initiative) \(event.authors) \(row != nil)") }
        }
        let module = try #require(host.module(InitiativesModule.self))
        let event = try module.record(draft(), actor: "pho-hieu-truong", store: store)
        try events.publish(event, from: "initiatives")
        #expect(heard.withLock { $0 } == ["sk-2025-03 [\"vo-minh-khoa\"] true"])
        let audit = try store.read { try AuditLog.latest(in: $0, limit: 1) }
        #expect(audit.first?.action == "initiative.record" && audit.first?.entityID == "sk-2025-03")

        host = school.load()
        #expect(!host.hasErrors, "\(host.diagnostics.map(\.description))")
        let reloaded = try #require(host.module(InitiativesModule.self))
        let stored = try #require(reloaded.initiative("sk-2025-03"))
        #expect(stored.stored && stored.authors == ["vo-minh-khoa"])
        #expect(stored.source.file.hasSuffix("data/thidua.sqlite"))
        let facts = try #require(host.module(CriteriaModule.self)).facts
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "vo-minh-khoa", in: 2025) == .flag(true))
    }

    @Test func aBadDraftIsRefusedWithEveryProblemAndNothingIsWritten() throws {
        let school = try SchoolCopy()
        let host = school.load()
        _ = try host.initializeStore()
        let store = try host.openStore()
        let module = try #require(host.module(InitiativesModule.self))
        let entries = try store.read { try AuditLog.count(in: $0) }
        let error = #expect(throws: CommandFailure.self) {
            try module.record(
                draft(id: "sk-2025-01", authors: ["vo-minh-kho"], scope: "huyen", date: "20/05/2025"), actor: "pho-hieu-truong",
                store: store)
        }
        let message = error?.message ?? ""
        #expect(message.contains("--id: the initiative 'sk-2025-01' already exists"))
        #expect(message.contains("--author: unknown person 'vo-minh-kho' (did you mean 'vo-minh-khoa'?)"))
        #expect(message.contains("--scope: unknown scope 'huyen'"))
        #expect(message.contains("--decision-date: '20/05/2025' is not a date; write YYYY-MM-DD"))
        #expect(try store.read { try $0.rows("SELECT id FROM initiatives") }.isEmpty)
        #expect(try store.read { try AuditLog.count(in: $0) } == entries)
    }
}
