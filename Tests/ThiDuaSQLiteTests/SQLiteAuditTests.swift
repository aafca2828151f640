import Foundation
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// The audit log on SQLite: entries committed with their change, and verify's findings after tampering.
@Suite struct SQLiteAuditTests {
    /// A database with the core's migrations (1 audit entry) and `count` more entries.
    static func log(entries count: Int) throws -> (DatabaseDirectory, SQLiteStore) {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        var clock = SteppingClock()
        _ = try MigrationPlan(modules: []).apply(to: store, clock: { clock.next() })
        for index in 2...(count + 1) {
            try store.write { transaction in
                try transaction.audit(
                    AuditEntry(
                        actor: "P00\(index % 3)", action: "dossier.update", entity: AuditEntity("dossier", "HS-\(index)"),
                        before: .object([("points", .int(index - 1))]), after: .object([("points", .int(index))])),
                    at: clock.next())
            }
        }
        return (directory, store)
    }

    static func problems(_ store: SQLiteStore) throws -> [String] {
        try store.read { try AuditLog.verify(in: $0, pageSize: 7) }.problems.map(\.message)
    }

    @Test("an entry is committed with the change it records, with its states as compact JSON")
    func appendWithChange() throws {
        let directory = try DatabaseDirectory()
        let store = try directory.open()
        _ = try Dossiers.plan([Dossiers.v1]).apply(to: store)
        let record = try store.write { transaction in
            try transaction.execute("INSERT INTO dossiers (id, title) VALUES (?, ?)", ["HS-1", "Bằng khen"])
            return try transaction.audit(
                AuditEntry(
                    actor: "P001", action: "dossier.create", entity: AuditEntity("dossier", "HS-1"),
                    after: .object([("title", .string("Bằng khen"))])),
                at: Instant(millisecondsSinceEpoch: 1_732_986_309_123))
        }
        #expect(record.sequence == 3)
        let stored = try store.read { try AuditLog.latest(in: $0, limit: 1) }
        #expect(stored == [record])
        #expect(stored.first?.afterJSON == #"{"title":"Bằng khen"}"#)
        #expect(stored.first?.beforeJSON == nil)
        #expect(stored.first?.recordedAtLocal == "2024-12-01T00:05:09.123+07:00")
        #expect(try store.read { try AuditLog.head(in: $0) } == AuditHead(lastSequence: 3, hash: record.hash))
    }

    @Test("when the unit of work fails, its audit entry is rolled back with the change")
    func rollback() throws {
        let (directory, store) = try Self.log(entries: 2)
        let before = try directory.snapshot()
        #expect(throws: Deliberate.self) {
            try store.write { transaction in
                try transaction.audit(AuditEntry(actor: "P001", action: "dossier.delete", entity: AuditEntity("dossier", "HS-9")))
                throw Deliberate()
            }
        }
        #expect(try directory.snapshot() == before)
        #expect(try Self.problems(store) == [])
    }

    @Test("an entry without an actor, action or entity is refused")
    func incompleteEntry() throws {
        let (directory, store) = try Self.log(entries: 1)
        let error = #expect(throws: StoreError.self) {
            try store.write {
                try $0.audit(AuditEntry(actor: "", action: "dossier.create", entity: AuditEntity("dossier", "HS-1")))
            }
        }
        #expect(error?.message == "an audit entry needs a non-empty actor")
        #expect(try directory.count("thidua_audit") == 2)
    }

    @Test("appending needs the audit tables")
    func noAuditTables() throws {
        let directory = try DatabaseDirectory()
        let error = #expect(throws: StoreError.self) {
            try directory.open().write { try $0.audit(AuditEntry(actor: "P001", action: "a.b", entity: AuditEntity("x", "1"))) }
        }
        #expect(error?.description == "this database has no audit log (run 'thidua init' to create it)")
    }

    @Test("a clean log verifies, across pages, and ends at its head")
    func clean() throws {
        let (_, store) = try Self.log(entries: 24)
        let verification = try store.read { try AuditLog.verify(in: $0, pageSize: 7) }
        #expect(verification.isIntact)
        #expect(verification.count == 25)
        #expect(verification.lastSequence == 25)
        #expect(verification.head?.hash == verification.lastHash)
    }

    @Test("an edited entry is named")
    func edited() throws {
        let (directory, store) = try Self.log(entries: 24)
        try directory.raw().write { try $0.execute("UPDATE thidua_audit SET actor = 'P999' WHERE sequence = 17") }
        #expect(try Self.problems(store) == ["audit entry 17 was changed (hash mismatch)"])
    }

    @Test("an edited entry whose hash was recomputed is caught by the next entry's link")
    func editedAndRehashed() throws {
        let (directory, store) = try Self.log(entries: 24)
        try directory.raw().write { transaction in
            guard let row = try transaction.row("SELECT * FROM thidua_audit WHERE sequence = 17") else { throw Deliberate() }
            var record = try AuditRecord(row: row)
            record.afterJSON = #"{"points":1000}"#
            try transaction.execute(
                "UPDATE thidua_audit SET after_json = ?, hash = ? WHERE sequence = 17",
                [record.afterJSON, record.computedHash])
        }
        #expect(try Self.problems(store) == ["audit entry 17 was changed (entry 18 was chained to a different entry 17)"])
    }

    @Test("deleted entries in the middle are a sequence gap")
    func deleted() throws {
        let (directory, store) = try Self.log(entries: 24)
        try directory.raw().write { try $0.execute("DELETE FROM thidua_audit WHERE sequence = 17") }
        #expect(try Self.problems(store) == ["audit entry 17 is missing (sequence gap)"])
        try directory.raw().write { try $0.execute("DELETE FROM thidua_audit WHERE sequence = 18") }
        #expect(try Self.problems(store) == ["audit entries 17–18 are missing (sequence gap)"])
    }

    @Test("deleting the last entries is caught by the head")
    func deletedLast() throws {
        let (directory, store) = try Self.log(entries: 24)
        try directory.raw().write { try $0.execute("DELETE FROM thidua_audit WHERE sequence = 25") }
        #expect(try Self.problems(store) == ["audit entry 25 is missing (the log ends before its recorded head)"])
        try directory.raw().write { try $0.execute("DELETE FROM thidua_audit") }
        #expect(try Self.problems(store) == ["audit entries 1–25 are missing (the log ends before its recorded head)"])
    }

    @Test("a changed or missing head is reported")
    func head() throws {
        let (directory, store) = try Self.log(entries: 3)
        try directory.raw().write { try $0.execute("UPDATE thidua_audit_head SET hash = 'abc'") }
        #expect(
            try Self.problems(store) == [
                "audit entry 4 or the recorded head was changed (the head's hash does not match entry 4)"
            ])
        try directory.raw().write { try $0.execute("UPDATE thidua_audit_head SET last_sequence = 2") }
        #expect(
            try Self.problems(store) == [
                "audit entries 3–4 are not covered by the recorded head (written outside thidua, or the head was changed)"
            ])
        try directory.raw().write { try $0.execute("DELETE FROM thidua_audit_head") }
        #expect(try Self.problems(store) == ["the audit log has no head row (thidua_audit_head is empty)"])
    }

    /// The documented limit: someone who can write the database and recomputes the chain and the
    /// head consistently is not detected. Only a head hash recorded elsewhere catches that.
    @Test("rewriting the tail and the head consistently is not detected (the documented limit)")
    func limit() throws {
        let (directory, store) = try Self.log(entries: 5)
        let earlier = try store.read { try AuditLog.verify(in: $0) }
        try directory.raw().write { transaction in
            guard let row = try transaction.row("SELECT hash FROM thidua_audit WHERE sequence = 5") else { throw Deliberate() }
            try transaction.execute("DELETE FROM thidua_audit WHERE sequence = 6")
            try transaction.execute("UPDATE thidua_audit_head SET last_sequence = 5, hash = ?", [try row.string("hash")])
        }
        let later = try store.read { try AuditLog.verify(in: $0) }
        #expect(later.isIntact)
        // …but the head written down earlier, checked as an anchor, exposes it.
        let anchor = try #require(earlier.head)
        let problem = try store.read { try AuditLog.check(anchor: anchor, in: $0) }
        #expect(problem?.message == "audit entry 6 is missing (it was recorded as the head earlier)")
    }

    @Test("an anchor catches an entry rewritten with the chain and head recomputed after it")
    func anchor() throws {
        let (directory, store) = try Self.log(entries: 5)
        let anchor = try #require(try store.read { try AuditLog.verify(in: $0) }.head)
        #expect(try store.read { try AuditLog.check(anchor: anchor, in: $0) } == nil)
        // Rewrite entry 3 and recompute every hash after it, and the head, as thidua would have.
        try directory.raw().write { transaction in
            var previous = try transaction.row("SELECT hash FROM thidua_audit WHERE sequence = 2")?.string("hash") ?? ""
            for row in try transaction.rows("SELECT * FROM thidua_audit WHERE sequence >= 3 ORDER BY sequence") {
                var record = try AuditRecord(row: row)
                if record.sequence == 3 { record.actor = "P999" }
                record.previousHash = previous
                record.hash = record.computedHash
                try transaction.execute(
                    "UPDATE thidua_audit SET actor = ?, previous_hash = ?, hash = ? WHERE sequence = ?",
                    [record.actor, record.previousHash, record.hash, record.sequence])
                previous = record.hash
            }
            try transaction.execute("UPDATE thidua_audit_head SET hash = ?", [previous])
        }
        #expect(try Self.problems(store) == [])
        let problem = try store.read { try AuditLog.check(anchor: anchor, in: $0) }
        #expect(problem?.message.hasPrefix("audit entry 6 no longer has the hash recorded for it") == true)
    }
}
