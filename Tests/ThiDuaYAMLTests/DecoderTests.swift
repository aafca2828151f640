import Testing
import ThiDuaYAML

// A campaign as a host module would declare it.

enum Level: String, Decodable, CaseIterable, Sendable {
    case coSo = "co_so"
    case tinh
    case trungUong = "trung_uong"
}

/// A period that checks itself: a `ConfigurationError` from `init(from:)` lands at the mapping.
struct Period: Decodable {
    var start: Located<CalendarDate>
    var end: Located<CalendarDate>

    enum CodingKeys: String, CodingKey { case start, end }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decode(Located<CalendarDate>.self, forKey: .start)
        end = try container.decode(Located<CalendarDate>.self, forKey: .end)
        if end.value < start.value {
            throw ConfigurationError("the period ends before it starts", hint: "swap 'start' and 'end'")
        }
    }
}

struct Unit: Decodable {
    var id: String
    var name: String
    var score: Double
    var staff: Int
    var active: Bool
    var note: String?
}

struct Campaign: Decodable {
    var id: String
    var name: String
    var level: Level
    var period: Period
    var units: [Unit]
    var weights: [String: Double]
    var criteria: [String]?
}

/// Remembers where it was written through `Decoder.sourceLocation`.
struct Tracked: Decodable {
    var name: String
    var writtenAt: ThiDuaYAML.SourceLocation?

    enum CodingKeys: String, CodingKey { case name }

    init(from decoder: any Decoder) throws {
        writtenAt = decoder.sourceLocation
        name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
    }
}

/// A title that warns (without failing) when written in capitals.
struct Title: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
        if text == text.uppercased() {
            decoder.report(.warning, "the title is written in capitals", hint: "write it in sentence case")
        }
    }
}

/// A percentage: a `ConfigurationError` from a scalar type lands at the scalar.
struct Percent: Decodable {
    var value: Int

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int.self)
        guard (0...100).contains(value) else {
            throw ConfigurationError("\(value) is not a percentage", hint: "write a number from 0 to 100")
        }
    }
}

@Suite("Decoder: any Decodable, with positions")
struct DecoderTests {
    typealias Location = ThiDuaYAML.SourceLocation

    @Test func decodesNestedStructsListsDictionariesAndEnumsFromAFile() throws {
        let path = try fixturePath("campaign.yaml")
        let campaign = try YAMLDecoder().decode(Campaign.self, fromFile: path)
        #expect(campaign.id == "cchc-2024")
        #expect(campaign.name == "Thi đua cải cách hành chính năm 2024")
        #expect(campaign.level == .tinh)
        #expect(campaign.period.start.value == CalendarDate(year: 2024, month: 1, day: 15))
        #expect(campaign.period.end.value == CalendarDate(year: 2024, month: 11, day: 30))
        #expect(campaign.units.map(\.id) == ["snv", "stc"])
        #expect(campaign.units.map(\.name) == ["Sở Nội vụ", "Sở Tài chính"])
        #expect(campaign.units.map(\.score) == [92.5, 88])
        #expect(campaign.units.map(\.staff) == [45, 1200])
        #expect(campaign.units.map(\.active) == [true, false])
        #expect(campaign.units.map(\.note) == [nil, "Mới sáp nhập"])
        #expect(campaign.weights == ["attendance": 0.3, "innovation": 0.7])
        #expect(campaign.criteria == nil)
    }

    @Test func locatedValuesCarryTheLineAndColumnOfTheValue() throws {
        let path = try fixturePath("campaign.yaml")
        let campaign = try YAMLDecoder().decode(Campaign.self, fromFile: path)
        #expect(campaign.period.start.location == Location(file: path, line: 6, column: 10))
        #expect(campaign.period.end.location == Location(file: path, line: 7, column: 8))
    }

    @Test func decodesAParsedDocumentAndATextTheSameWay() throws {
        let yaml = "id: x\nname: Tên\nscore: 1\nstaff: 2\nactive: true\n"
        let fromText = try YAMLDecoder().decode(Unit.self, from: yaml, file: "unit.yaml")
        let result = YAMLDecoder().decode(Unit.self, from: YAMLParser().parse(yaml, file: "unit.yaml"))
        #expect(result.diagnostics.isEmpty)
        let fromDocument = try result.get()
        #expect(fromText.name == "Tên")
        #expect(fromDocument.name == fromText.name)
        #expect(fromDocument.staff == 2)
    }

    @Test(arguments: ["note:", "note: ~", "note: null", "note: Null", "note: NULL", ""])
    func optionalIsNilWhenAbsentNullOrEmpty(line: String) throws {
        let yaml = "id: x\nname: Tên\nscore: 1\nstaff: 2\nactive: true\n\(line)\n"
        let unit = try YAMLDecoder().decode(Unit.self, from: yaml, file: inlineFile)
        #expect(unit.note == nil)
    }

    @Test func optionalHoldsTheValueWhenPresent() throws {
        let yaml = "id: x\nname: Tên\nscore: 1\nstaff: 2\nactive: true\nnote: \"~\"\n"
        let unit = try YAMLDecoder().decode(Unit.self, from: yaml, file: inlineFile)
        #expect(unit.note == "~")
    }

    @Test func dictionaryKeepsEveryEntryInAnyOrder() throws {
        let yaml = "innovation: 0.7\nattendance: 0.3\nSở Nội vụ: 1\n"
        let weights = try YAMLDecoder().decode([String: Double].self, from: yaml, file: inlineFile)
        #expect(weights == ["attendance": 0.3, "innovation": 0.7, "Sở Nội vụ": 1])
    }

    @Test func enumWithABadValueListsTheCasesAndSuggestsTheClosest() {
        struct Holder: Decodable { var level: Level }
        let diagnostics = failures(decoding: Holder.self, "level: tnh\n")
        expectOnlyDiagnostic(
            diagnostics, at: 1, 8, "'tnh' is not one of: co_so, tinh, trung_uong",
            hint: "did you mean 'tinh'?")
    }

    @Test func enumWithAValueFarFromEveryCaseHasNoSuggestion() {
        struct Holder: Decodable { var level: Level }
        let diagnostics = failures(decoding: Holder.self, "level: quốc gia\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 8, "'quốc gia' is not one of: co_so, tinh, trung_uong")
        #expect(diagnostics.first?.hint == nil)
    }

    @Test func enumGivenAListIsReportedOnce() {
        struct Holder: Decodable { var level: Level }
        let diagnostics = failures(decoding: Holder.self, "level: [tinh]\n")
        expectOnlyDiagnostic(diagnostics, at: 1, 8, "expected text, found a list")
    }

    @Test func decoderSourceLocationIsWhereTheValueStarts() throws {
        struct Holder: Decodable { var people: [Tracked] }
        let yaml = "people:\n  - name: A\n  - {name: Bảo}\n"
        let holder = try YAMLDecoder().decode(Holder.self, from: yaml, file: "people.yaml")
        #expect(
            holder.people.map(\.writtenAt) == [
                Location(file: "people.yaml", line: 2, column: 5),
                Location(file: "people.yaml", line: 3, column: 5),
            ])
    }

    @Test func reportedWarningAppearsWithItsPositionAndDoesNotFailDecoding() throws {
        struct Holder: Decodable {
            var title: Title
            var other: Title
        }
        let yaml = "title: THI ĐUA\nother: Thi đua\n"
        let value = try YAMLDecoder().decode(Holder.self, from: yaml, file: inlineFile)
        #expect(value.title.text == "THI ĐUA")

        let result = YAMLDecoder().decode(Holder.self, from: YAMLParser().parse(yaml, file: inlineFile))
        #expect(result.value?.other.text == "Thi đua")
        expectOnlyDiagnostic(
            result.diagnostics, severity: .warning, at: 1, 8, "the title is written in capitals",
            hint: "sentence case")
        #expect(
            result.diagnostics.first?.description
                == "test.yaml:1:8: warning: the title is written in capitals (write it in sentence case)")
    }

    @Test func warningsTravelWithTheErrorsOfAFailedFile() {
        struct Holder: Decodable {
            var title: Title
            var count: Int
        }
        let diagnostics = failures(decoding: Holder.self, "title: THI ĐUA\ncount: nhiều\n")
        #expect(diagnostics.count == 2)
        expectDiagnostic(diagnostics, severity: .warning, at: 1, 8, "the title is written in capitals")
        expectDiagnostic(diagnostics, at: 2, 8, "expected a whole number, found 'nhiều'")
    }

    @Test func configurationErrorFromAMappingTypeLandsAtThatMapping() {
        struct Holder: Decodable {
            var name: String
            var period: Period
        }
        let yaml = """
            name: Đợt 1
            period:
              start: 2024-11-30
              end: 2024-01-15
            """
        let diagnostics = failures(decoding: Holder.self, yaml)
        expectOnlyDiagnostic(diagnostics, at: 3, 3, "the period ends before it starts", hint: "swap 'start' and 'end'")
    }

    @Test func typeCheckThatRanOnAStandInValueIsNotReported() {
        struct Holder: Decodable { var period: Period }
        // 'end' is invalid; the check "ends before it starts" would see a stand-in date.
        let diagnostics = failures(decoding: Holder.self, "period:\n  start: 2024-01-15\n  end: 2024-02-30\n")
        expectOnlyDiagnostic(diagnostics, at: 3, 8, "'2024-02-30' is not a valid date")
    }

    @Test func configurationErrorFromAScalarTypeLandsAtThatScalar() {
        struct Holder: Decodable { var shares: [Percent] }
        let diagnostics = failures(decoding: Holder.self, "shares:\n  - 30\n  - 130\n  - 40\n")
        expectOnlyDiagnostic(diagnostics, at: 3, 5, "130 is not a percentage", hint: "from 0 to 100")
    }

    @Test func diagnosticDescriptionIsPathLineColumnSeverityMessageHint() {
        struct Holder: Decodable { var staff: Int }
        let diagnostics = failures(decoding: Holder.self, "staff: 0755\n")
        #expect(
            diagnostics.map(\.description) == [
                "test.yaml:1:8: error: '0755' has a leading zero (YAML 1.1 reads it as an octal number; "
                    + "write it without the leading zero, or quote it if it is a code)"
            ])
    }
}
