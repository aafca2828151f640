import Testing
import ThiDuaCore

/// Rows, values, instants and the audit record's canonical content.
@Suite struct StoreValueTests {
    let row = Row(
        columns: ["id", "Points", "note", "scan", "done", "average"],
        values: [.text("HS-1"), .integer(12), .null, .blob([0, 255]), .integer(1), .real(2.5)])

    @Test("typed accessors read values, NULL as nil, and columns without regard to ASCII case")
    func accessors() throws {
        #expect(try row.string("id") == "HS-1")
        #expect(try row.int("points") == 12)
        #expect(try row.int("POINTS") == 12)
        #expect(try row.optionalString("note") == nil)
        #expect(try row.optionalInt("points") == 12)
        #expect(try row.blob("scan") == [0, 255])
        #expect(try row.bool("done"))
        #expect(try row.get("average", as: Double.self) == 2.5)
        #expect(row["id"] == .text("HS-1"))
        #expect(row["missing"] == nil)
    }

    @Test("a missing column or a value of another type is a row error that says what is there")
    func accessorErrors() {
        let missing = #expect(throws: StoreError.self) { try row.string("title") }
        #expect(missing?.kind == .row)
        #expect(missing?.message == "the result has no column 'title'")
        #expect(missing?.hint?.contains("id, Points, note") == true)
        let mismatch = #expect(throws: StoreError.self) { try row.int("id") }
        #expect(mismatch?.message == "column 'id' holds TEXT 'HS-1', which is not a Int")
        let null = #expect(throws: StoreError.self) { try row.string("note") }
        #expect(null?.message.contains("holds NULL") == true)
    }

    @Test("Swift values convert to and from SQL values")
    func conversions() {
        #expect(42.sqlValue == .integer(42))
        #expect(true.sqlValue == .integer(1))
        #expect("a".sqlValue == .text("a"))
        #expect(([1, 2] as [UInt8]).sqlValue == .blob([1, 2]))
        #expect((nil as String?).sqlValue == .null)
        #expect(Bool.fromSQLValue(.integer(2)) == nil)
        #expect(String?.fromSQLValue(.null) == .some(nil))
        #expect(String?.fromSQLValue(.integer(1)) == nil)
        let literal: SQLValue = "it's"
        #expect(literal.description == "'it''s'")
        #expect(SQLValue.blob([0xab]).description == "x'ab'")
    }

    @Test("instants render in UTC and in Asia/Ho_Chi_Minh (UTC+7), and parse back")
    func instants() throws {
        // 2024-11-30T17:05:09.123Z is already 1 December in Hà Nội.
        let instant = Instant(millisecondsSinceEpoch: 1_732_986_309_123)
        #expect(instant.utcText == "2024-11-30T17:05:09.123Z")
        #expect(instant.vietnamText == "2024-12-01T00:05:09.123+07:00")
        #expect(instant.vietnamDisplay == "01/12/2024 00:05:09")
        #expect(Instant(utcText: instant.utcText) == instant)
        #expect(Instant(utcText: "2024-11-30T17:05:09Z") == Instant(millisecondsSinceEpoch: 1_732_986_309_000))
        #expect(Instant(utcText: "2024-11-30 17:05:09Z") == nil)
        #expect(Instant(utcText: "2024-02-30T00:00:00.000Z") == nil)
        #expect(Instant(millisecondsSinceEpoch: -1).utcText == "1969-12-31T23:59:59.999Z")
        #expect(Instant.now() > instant)
    }

    @Test("compact JSON is one line without spaces")
    func compactJSON() {
        let json = JSONText.object([
            ("status", .string("đã nộp \"x\"")), ("points", .int(3)), ("tags", .array([.bool(true), .null])),
        ])
        #expect(json.compactText == #"{"status":"đã nộp \"x\"","points":3,"tags":[true,null]}"#)
    }

    @Test("an audit record's content and hash are fixed by its fields and the previous hash")
    func auditRecordHash() {
        let entry = AuditEntry(
            actor: "P001", action: "dossier.submit", entity: AuditEntity("dossier", "HS-1"),
            before: .object([("status", .string("draft"))]), after: nil)
        let instant = Instant(millisecondsSinceEpoch: 1_732_986_309_123)
        let record = AuditRecord(sequence: 1, entry: entry, at: instant, previousHash: AuditLog.genesisHash)
        #expect(
            record.canonicalContent == """
                thidua-audit-v1
                sequence=1:1
                recorded_at=24:2024-11-30T17:05:09.123Z
                recorded_at_local=29:2024-12-01T00:05:09.123+07:00
                actor=4:P001
                action=14:dossier.submit
                entity_kind=7:dossier
                entity_id=4:HS-1
                before=18:{"status":"draft"}
                after=-

                """)
        #expect(record.hash == SHA256.hex(AuditLog.genesisHash + record.canonicalContent))
        #expect(record.hash == record.computedHash)
        let next = AuditRecord(sequence: 2, entry: entry, at: instant, previousHash: record.hash)
        #expect(next.hash != record.hash)
    }
}
