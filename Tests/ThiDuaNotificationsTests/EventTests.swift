import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaNotifications
import ThiDuaOrganization
import ThiDuaSQLite
import ThiDuaTestSupport

/// Events published on the host's bus in this process, as the decisions module will publish them.
@Suite("Event handling: decision issued, no duplicates, nothing lost when the store refuses")
struct EventTests {
    static let catalog = ModuleCatalog([
        OrganizationModule.self, CriteriaModule.self, CampaignsModule.self, DossiersModule.self, NotificationsModule.self,
    ])

    /// A workspace whose data directory is absolute, so that this process and `thidua` share it.
    static func workspace() throws -> Workspace {
        try Workspace { workspace in
            try workspace.replace("config/thidua.yaml", "directory: .thidua ", with: "directory: \(workspace.path(".thidua")) ")
        }
    }

    static func decision(number: String = "125/QĐ-SXD") -> DecisionIssued {
        DecisionIssued(
            campaign: "cchc-2024", number: number,
            date: CalendarDate(year: 2024, month: 12, day: 20) ?? CalendarDate(daysSinceEpoch: 0),
            signer: "vo-tat-dung",
            lines: [
                .init(recipient: "qlxd", collective: true, unit: "qlxd", award: "giay-khen-giam-doc-so", amount: 1_500_000),
                .init(
                    recipient: "phan-duc-long", collective: false, unit: "qlxd", award: "giay-khen-giam-doc-so", amount: 500_000),
                .init(
                    recipient: "ly-hoang-nam", collective: false, unit: "qhkt", award: "giay-khen-giam-doc-so", amount: 500_000),
            ],
            total: 2_500_000, actor: "vo-tat-dung", at: Instant(millisecondsSinceEpoch: 1_734_660_000_000))
    }

    static func start(_ workspace: Workspace) throws -> (EventBus, any Store) {
        try workspace.keepOnlyModules(Set(catalog.modules.map { $0.descriptor.id }))
        let host = Host(catalog: catalog, storeBackend: SQLiteBackend()).load(configurationDirectory: workspace.path("config"))
        #expect(!host.hasErrors, "\(host.diagnostics)")
        let store = try host.openStore()
        return (try host.start(store: store), store)
    }

    @Test("a decision tells the awarded people and the heads of the awarded units, once")
    func decisionIssued() throws {
        let workspace = try Self.workspace()
        let (bus, store) = try Self.start(workspace)
        #expect(bus.subscribers(of: DecisionIssued.name) == ["notifications"])
        try bus.publish(Self.decision(), from: "decisions")
        try bus.publish(Self.decision(), from: "decisions")
        let messages = try store.read { try DeliveryLog.messages(in: $0) }
        #expect(Set(messages.map(\.address)) == ["vinhlq@sxd.example.vn", "longpd@sxd.example.vn", "hapt@sxd.example.vn"])
        let unreachable = try store.read { try DeliveryLog.unreachable(in: $0) }
        #expect(unreachable.map(\.recipient) == ["person:ly-hoang-nam"])

        try workspace.ok(["notify", "run", "--now", "2024-12-20T10:00:00+07:00"])
        let emails = try workspace.outbox()
        #expect(emails.count == 3)
        let long = try #require(emails.first { $0.header("To") == "Phan Đức Long <longpd@sxd.example.vn>" })
        #expect(long.header("Subject") == "[Sở Xây dựng] Quyết định khen thưởng số 125/QĐ-SXD ngày 20/12/2024")
        #expect(long.body.contains("- Phòng Quản lý xây dựng: Giấy khen của Giám đốc Sở, 1.500.000 đ"))
        #expect(long.body.contains("- Phan Đức Long (Phòng Quản lý xây dựng): Giấy khen của Giám đốc Sở, 500.000 đ"))
        #expect(long.body.contains("Tổng số tiền thưởng: 2.500.000 đ."))
        #expect(long.body.contains("(Võ Tất Dũng ký)"))
    }

    @Test("when the store refuses the rows, the event is spooled, the publisher is told, and the next run enqueues it")
    func spooled() throws {
        let workspace = try Self.workspace()
        let (bus, store) = try Self.start(workspace)
        let database = workspace.path(".thidua/thidua.sqlite")
        try sqlite(database, "ALTER TABLE notifications_messages RENAME TO notifications_messages_away")
        #expect(throws: EventHandlerError.self) { try bus.publish(Self.decision(), from: "decisions") }
        do {
            try bus.publish(Self.decision(number: "126/QĐ-SXD"), from: "decisions")
        } catch {
            #expect(error.description.contains("the next 'thidua notify run' enqueues them"), "\(error)")
        }
        try sqlite(database, "ALTER TABLE notifications_messages_away RENAME TO notifications_messages")
        #expect(try store.read { try DeliveryLog.messages(in: $0) }.isEmpty)
        let spool = workspace.path(".thidua/notifications-spool")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }.count == 2)

        let run = try workspace.ok(["notify", "run", "--now", "2024-12-20T10:00:00+07:00"])
        #expect(run.stdout.contains("enqueued 3 spooled messages"))
        #expect(try workspace.outbox().count == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }.isEmpty)
        #expect(try workspace.unreachable().count == 2)
    }

    func sqlite(_ database: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, statement]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("sqlite3 failed: \(statement)") }
    }
}
