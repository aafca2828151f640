import Testing
import ThiDuaCore
import ThiDuaOrganization

/// Loads `roster` as the only roster and hands over the errors and the roster's path.
func rosterErrors(_ roster: [UInt8], _ body: ([Diagnostic], String, LoadedHost) throws -> Void) throws {
    try loadOrganization(rosters: [("r.csv", roster)]) { host, directory in
        try body(host.errors, directory.file("organization/r.csv"), host)
    }
}

@Suite("Errors in CSV rosters, with file, line and column")
struct RosterErrorTests {
    @Test("a row with the wrong number of fields is reported at its line and skipped")
    func wrongFieldCount() throws {
        let roster =
            rosterHeader + "le-a,Lê A,van-phong,,worker,,\nle-b,Lê B,van-phong,Tổ trưởng, tổ xe,worker,,\nle-c,Lê C,van-phong\n"
        try rosterErrors(utf8(roster)) { errors, file, host in
            #expect(
                errors.map(\.message) == ["the row has 8 fields; the header has 7", "the row has 3 fields; the header has 7"])
            #expect(errors.map(\.location.description) == [file + ":3:1", file + ":4:1"])
            #expect(errors.first?.hint == "quote fields that contain commas")
            #expect(host.organization == nil)
        }
    }

    @Test("an unterminated quote is reported where the quoted field starts")
    func unterminatedQuote() throws {
        let roster =
            rosterHeader + "le-a,Lê A,van-phong,,worker,,\nle-b,\"Lê B,van-phong,,worker,,\nle-c,Lê C,van-phong,,worker,,\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "a quoted field is not closed")
            #expect(error.hint == "add the closing '\"'")
            #expect(error.location.description == file + ":3:6")
        }
    }

    @Test("text after a closing quote is reported at its line and character column")
    func textAfterClosingQuote() throws {
        let roster = rosterHeader + "le-b,\"Lê B\"x,van-phong,,worker,,\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "unexpected text after a closing quote")
            #expect(error.location.description == file + ":2:12")
        }
    }

    @Test("a bad kind is reported at its line and field number with a did-you-mean")
    func badKind() throws {
        let roster = rosterHeader + "le-a,Lê A,van-phong,,civil-servent,,\nle-b,Lê B,van-phong,,contractor,,\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            #expect(errors.count == 2)
            let close = try #require(errors.first)
            #expect(close.message == "'civil-servent' is not one of: civil-servant, public-employee, worker")
            #expect(close.hint == "did you mean 'civil-servant'?")
            #expect(close.location.description == file + ":2:5")
            let far = try #require(errors.last)
            #expect(far.message == "'contractor' is not one of: civil-servant, public-employee, worker")
            #expect(far.hint == nil)
            #expect(far.location.description == file + ":3:5")
        }
    }

    @Test("a row without a required value names the empty columns")
    func missingRequiredValues() throws {
        let roster = rosterHeader + "le-a,,van-phong,Văn thư,  ,,\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "the row has no full_name, kind")
            #expect(error.location.description == file + ":2:1")
        }
    }

    @Test("a header without a required column is reported once per missing column")
    func missingRequiredColumn() throws {
        let roster = "id,full_name,position\nle-a,Lê A,Văn thư\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            #expect(errors.map(\.message) == ["the column 'unit' is missing", "the column 'kind' is missing"])
            #expect(errors.allSatisfy { $0.location.description == file + ":1:1" })
            #expect(
                errors.first?.hint
                    == "the header must name id, full_name, unit and kind; position, email, phone and roles are optional")
        }
    }

    @Test("an unknown column is reported at its field number, with a did-you-mean when one is close")
    func unknownColumn() throws {
        let roster = "id,full_name,unit,kind,emial,ghi_chu\nle-a,Lê A,van-phong,worker,a@b.vn,x\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            #expect(errors.count == 2)
            let close = try #require(errors.first)
            #expect(close.message == "unknown column 'emial'")
            #expect(close.hint == "did you mean 'email'?")
            #expect(close.location.description == file + ":1:5")
            let far = try #require(errors.last)
            #expect(far.message == "unknown column 'ghi_chu'")
            #expect(far.hint == "columns: id,full_name,unit,position,kind,email,phone,roles")
            #expect(far.location.description == file + ":1:6")
        }
    }

    @Test("a column named twice is reported at its second place instead of crashing")
    func duplicateColumn() throws {
        let roster = "id,full_name,unit,kind,email,email\nle-a,Lê A,van-phong,worker,a@sxd.vn,b@sxd.vn\n"
        try rosterErrors(utf8(roster)) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "the column 'email' appears twice")
            #expect(error.hint == "keep one of them")
            #expect(error.location.description == file + ":1:6")
        }
    }

    @Test("an empty roster is reported at line 1", arguments: [[UInt8](), [0xEF, 0xBB, 0xBF], utf8("\n\n")])
    func emptyRoster(bytes: [UInt8]) throws {
        try rosterErrors(bytes) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "the file is empty")
            #expect(error.hint == "the first line names the columns")
            #expect(error.location.description == file + ":1:1")
        }
    }

    @Test("a roster that is not UTF-8 is reported at the line and column of the first bad byte")
    func notUTF8() throws {
        // "Lê" written in Latin-1 / Windows-1258 style: 0xEA is not UTF-8 on its own.
        let roster =
            utf8("id,full_name,unit,kind\nle-a,Le A,van-phong,worker\n") + utf8("le-b,L") + [0xEA] + utf8(" B,van-phong,worker\n")
        try rosterErrors(roster) { errors, file, _ in
            let error = try #require(errors.only)
            #expect(error.message == "the file is not valid UTF-8")
            #expect(error.hint == "save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
            #expect(error.location.description == file + ":3:7")
        }
    }

    @Test("every bad row of a roster is reported in one run; good rows are still read")
    func everyBadRowReported() throws {
        let roster =
            rosterHeader + """
                le-a,Lê A,van-phong,,worker,,
                le-b,Lê B,van-phong,,wroker,,
                le-c,,van-phong,,worker,,
                le-d,Lê D,van-phong,a,b,c,d,e

                """
        try loadOrganization(rosters: [("r.csv", utf8(roster))]) { host, directory in
            let file = directory.file("organization/r.csv")
            #expect(host.errors.map(\.location.description) == [file + ":3:5", file + ":4:1", file + ":5:1"])
            #expect(
                host.diagnostics.contains { $0.severity == .note && $0.message == "module 'organization' failed with 3 errors" })
        }
    }
}
