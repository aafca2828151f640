import Foundation
import Synchronization
import Testing
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaOrganization
import ThiDuaSQLite
import ThiDuaTestSupport

/// The dossiers module's library: the clock, file types, sizes, stored JSON, and events published
/// on the bus after the unit of work committed.
@Suite struct LibraryTests {
    @Test(arguments: [
        ("2024-11-30T23:59:59+07:00", "2024-11-30T16:59:59.000Z"),
        ("2024-11-30T16:59:59Z", "2024-11-30T16:59:59.000Z"),
        ("2024-12-01T00:00+07:00", "2024-11-30T17:00:00.000Z"),
        ("2024-11-30T10:00:00.5-02:30", "2024-11-30T12:30:00.500Z"),
    ])
    func theClockReadsISO8601WithAnOffset(text: String, utc: String) throws {
        let instant = try #require(WallClock.parseISO8601(text))
        #expect(instant.utcText == utc)
        let clock = try WallClock.fromEnvironment(["THIDUA_NOW": text])
        #expect(clock.now() == instant)
        #expect(clock.override == instant)
    }

    @Test(arguments: [
        "2024-11-30", "2024-11-30T10:00:00", "30/11/2024 10:00", "2024-11-30T25:00:00+07:00", "2024-11-30T10:00:00+7",
    ])
    func aTimeWithoutOffsetOrOutOfRangeIsRefused(text: String) {
        #expect(WallClock.parseISO8601(text) == nil)
        #expect(throws: CommandFailure.self) { try WallClock.fromEnvironment(["THIDUA_NOW": text]) }
    }

    @Test func withoutTHIDUA_NOWTheSystemClockIsUsed() throws {
        let clock = try WallClock.fromEnvironment([:])
        #expect(clock.override == nil)
        let now = Instant.now()
        #expect(abs(clock.now().millisecondsSinceEpoch - now.millisecondsSinceEpoch) < 60_000)
    }

    @Test func fileTypesAreRecognisedByTheirFirstBytes() {
        #expect(AttachmentType.byContent(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(AttachmentType.byContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(AttachmentType.byContent([0xFF, 0xD8, 0xFF, 0xDB]) == .jpg)
        #expect(AttachmentType.byContent([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) == .doc)
        #expect(AttachmentType.byContent(Array("PK\u{3}\u{4}xxword/document.xml".utf8)) == .docx)
        #expect(AttachmentType.byContent(Array("PK\u{3}\u{4}xxxl/workbook.xml".utf8)) == nil)
        #expect(AttachmentType.byContent(Array("%PD".utf8)) == nil)
        #expect(AttachmentType.byExtension(of: "Báo cáo.JPEG") == .jpg)
        #expect(AttachmentType.byExtension(of: ".pdf") == nil)
        #expect(AttachmentType.byExtension(of: "to-trinh.pdf.exe") == nil)
    }

    @Test func sizesAreWrittenWithBinaryUnits() {
        #expect(ByteSize("20 MB")?.bytes == 20 * 1_048_576)
        #expect(ByteSize("512KB")?.bytes == 524_288)
        #expect(ByteSize("1000")?.bytes == 1000)
        #expect(ByteSize("20 MiB")?.bytes == 20 * 1_048_576)
        #expect(ByteSize("0") == nil)
        #expect(ByteSize("big") == nil)
        #expect(ByteSize("1.5 MB") == nil)
        #expect(ByteSize(bytes: 20 * 1_048_576).description == "20 MB")
        #expect(ByteSize(bytes: 2009).description == "2.0 KB")
        #expect(ByteSize(bytes: 15).description == "15 bytes")
    }

    @Test func storedJSONReadsBackAsWritten() throws {
        let value = JSONText.object([
            ("text", .string("Hoàn thành \"xuất sắc\"\n\t\\ ✓")), ("n", .int(-42)), ("ok", .bool(true)), ("none", .null),
            ("list", .array([.int(1), .array([]), .object([])])),
        ])
        let parsed = try #require(JSONText(parsing: value.compactText))
        #expect(parsed.compactText == value.compactText)
        #expect(JSONText(parsing: "{\"a\": \"\\u1ea0\\ud83d\\ude00\"}")?.compactText == "{\"a\":\"Ạ😀\"}")
        #expect(JSONText(parsing: "{\"a\":1,}") == nil)
        #expect(JSONText(parsing: "[1 2]") == nil)
    }

    @Test func eventsArePublishedAfterTheChangeCommitted() throws {
        let directory = try Thidua.makeWorkspace(prefix: "thidua-dossiers-lib")
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostFile = directory.appendingPathComponent("config/thidua.yaml")
        let text = try String(contentsOf: hostFile, encoding: .utf8)
        // Only the modules this test links: the entries of other modules (budget …) are left out.
        let kept = Thidua.hostFile(
            text.replacingOccurrences(of: "directory: .thidua", with: "directory: \(directory.path)/data"),
            keepingModules: ["organization", "criteria", "campaigns", "dossiers"])
        try Data(kept.utf8).write(to: hostFile)

        let catalog = ModuleCatalog([OrganizationModule.self, CriteriaModule.self, CampaignsModule.self, DossiersModule.self])
        let host = Host(catalog: catalog, storeBackend: SQLiteBackend()).load(
            configurationDirectory: directory.appendingPathComponent("config").path)
        #expect(!host.hasErrors, "\(host.diagnostics)")
        _ = try host.initializeStore()
        let store = try host.openStore()
        let bus = try host.start(store: store)
        let module = try #require(host.module(DossiersModule.self))
        let workflow = module.workflow(
            store: store, clock: .fixed(try #require(WallClock.parseISO8601("2024-11-30T10:00:00+07:00"))))

        let seen = Mutex<[String]>([])
        bus.subscribe(DossierSubmitted.self, by: "test") { event in
            // The handler runs after the commit: the store already shows the new status.
            let status = try store.read {
                try $0.row("SELECT status FROM dossiers WHERE id = ?", [event.dossier])?.string("status")
            }
            seen.withLock { $0.append("submitted \(event.dossier) \(status ?? "?") resubmission=\(event.resubmission)") }
        }
        bus.subscribe(DossierReturned.self, by: "test") { event in seen.withLock { $0.append("returned \(event.reason)") } }
        bus.subscribe(DossierAccepted.self, by: "test") { event in
            seen.withLock {
                $0.append("accepted " + event.verdicts.map { "\($0.subject)=\($0.outcome.rawValue)" }.joined(separator: ","))
            }
        }

        var record = try workflow.create(actor: "phan-duc-long", campaign: "cchc-2024")
        record = try workflow.addNominee(
            actor: "phan-duc-long", dossier: record.id, subject: "phan-duc-long", award: "giay-khen-giam-doc-so")
        for (component, nominee) in [("van-ban-de-nghi", nil), ("bien-ban-hop", nil), ("bao-cao-thanh-tich", "phan-duc-long")] {
            let file = directory.appendingPathComponent("\(component).pdf")
            try Data("%PDF-1.4\n\(component)".utf8).write(to: file)
            record = try workflow.attach(
                actor: "phan-duc-long", dossier: record.id, component: component, file: file.path, nominee: nominee)
        }
        try workflow.submit(actor: "phan-duc-long", dossier: record.id).event?.publish(on: bus)
        try workflow.returnToUnit(actor: "tran-thi-mai", dossier: record.id, reason: "thiếu chữ ký").event?.publish(on: bus)
        try workflow.submit(actor: "phan-duc-long", dossier: record.id).event?.publish(on: bus)
        try workflow.accept(actor: "tran-thi-mai", dossier: record.id).event?.publish(on: bus)
        #expect(
            seen.withLock { $0 } == [
                "submitted HS-cchc-2024-001 submitted resubmission=false", "returned thiếu chữ ký",
                "submitted HS-cchc-2024-001 resubmitted resubmission=true", "accepted phan-duc-long=passed",
            ])
        #expect(
            DossiersModule.descriptor.publishes == [
                "dossier.submitted", "dossier.returned", "dossier.accepted", "dossier.rejected",
            ])

        // A refused change returns no event and changes nothing.
        #expect(throws: DossierError.self) { try workflow.accept(actor: "tran-thi-mai", dossier: record.id) }
        #expect(try workflow.dossier(record.id).status == .accepted)
    }
}
