import Testing
import ThiDuaYAML

@Suite("Positions: file, line and column of every node")
struct PositionTests {
    typealias Location = ThiDuaYAML.SourceLocation

    @Test func everyNodeAndKeyKnowsItsFileLineAndColumn() throws {
        let path = try fixturePath("positions.yaml")
        let document = YAMLParser().parse(file: path)
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        let (nodes, keys) = allNodes(root)
        #expect(nodes.count == 13)
        #expect(keys.count == 8)
        for location in nodes.map(\.location) + keys {
            #expect(location.file == path)
            #expect(location.line >= 1 && location.line <= 9)
            #expect(location.column >= 1)
        }
    }

    @Test func blockNodesHaveOneBasedLinesAndColumns() throws {
        let path = try fixturePath("positions.yaml")
        let root = try #require(YAMLParser().parse(file: path).root)
        guard case .mapping(let top) = root.content else {
            Issue.record("the root is not a mapping")
            return
        }
        #expect(root.location == Location(file: path, line: 2, column: 1))
        #expect(top.entries.map(\.key) == ["don_vi", "can_bo", "tieu_chi", "ghi_chu"])
        #expect(top.entries.map(\.keyLocation.line) == [2, 3, 7, 8])
        #expect(top.entries.allSatisfy { $0.keyLocation.column == 1 })
        // After "don_vi: " the value starts at column 9.
        #expect(top["don_vi"]?.location == Location(file: path, line: 2, column: 9))
        // A block sequence starts at its first '-'.
        let staff = try #require(top["can_bo"])
        #expect(staff.location == Location(file: path, line: 4, column: 3))
        guard case .sequence(let people) = staff.content, people.count == 2,
            case .mapping(let first) = people[0].content
        else {
            Issue.record("can_bo is not a list of two mappings")
            return
        }
        // A block mapping inside a list item starts at its first key.
        #expect(people[0].location == Location(file: path, line: 4, column: 5))
        #expect(first.entry("ten")?.keyLocation == Location(file: path, line: 4, column: 5))
        #expect(first["ten"]?.location == Location(file: path, line: 4, column: 10))
        #expect(first.entry("chuc_vu")?.keyLocation == Location(file: path, line: 5, column: 5))
        // A quoted scalar starts at its opening quote.
        #expect(first["chuc_vu"]?.location == Location(file: path, line: 5, column: 14))
        #expect(first["chuc_vu"]?.scalar == YAMLScalar("Giám đốc", style: .doubleQuoted))
        // A literal block scalar starts at its '|'.
        #expect(top["ghi_chu"]?.location == Location(file: path, line: 8, column: 10))
        #expect(top["ghi_chu"]?.scalar?.value == "Dòng một\n")
    }

    @Test func columnsAfterVietnameseTextCountUnicodeScalarsNotBytes() throws {
        let path = try fixturePath("positions.yaml")
        let root = try #require(YAMLParser().parse(file: path).root)
        guard case .mapping(let top) = root.content,
            case .sequence(let people)? = top["can_bo"]?.content, people.count == 2,
            case .mapping(let flow) = people[1].content,
            case .sequence(let criteria)? = top["tieu_chi"]?.content
        else {
            Issue.record("unexpected shape of positions.yaml")
            return
        }
        // Line 6: "  - {ten: Võ Tất Dũng, tuoi: x}" — 'tuoi' is the 24th scalar (its UTF-8 offset is 28).
        #expect(people[1].location == Location(file: path, line: 6, column: 5))
        #expect(flow.entry("ten")?.keyLocation == Location(file: path, line: 6, column: 6))
        #expect(flow["ten"]?.location == Location(file: path, line: 6, column: 11))
        #expect(flow["ten"]?.scalar?.value == "Võ Tất Dũng")
        #expect(flow.entry("tuoi")?.keyLocation == Location(file: path, line: 6, column: 24))
        #expect(flow["tuoi"]?.location == Location(file: path, line: 6, column: 30))
        // Line 7: "tieu_chi: [chuyên cần, sáng tạo]".
        #expect(top["tieu_chi"]?.location == Location(file: path, line: 7, column: 11))
        #expect(criteria.map(\.location.column) == [12, 24])
        #expect(criteria.map { $0.scalar?.value } == ["chuyên cần", "sáng tạo"])
    }

    @Test func aFlowMappingOnTheFirstLineCountsColumnsInScalars() throws {
        let document = YAMLParser().parse("{ten: Võ Tất Dũng, tuoi: x}", file: "flow.yaml")
        let mapping = try #require(document.rootMapping)
        #expect(mapping.entry("tuoi")?.keyLocation == Location(file: "flow.yaml", line: 1, column: 20))
        #expect(mapping["tuoi"]?.location == Location(file: "flow.yaml", line: 1, column: 26))
    }

    @Test func decodingErrorsAfterVietnameseTextPointAtTheRightColumn() {
        struct Person: Decodable {
            var ten: String
            var tuoi: Int
        }
        let diagnostics = failures(decoding: Person.self, "{ten: Võ Tất Dũng, tuoi: x}")
        expectOnlyDiagnostic(diagnostics, at: 1, 26, "expected a whole number, found 'x'")
    }

    @Test func locationsPrintAsPathLineColumn() {
        #expect(Location(file: "config/thidua.yaml", line: 3, column: 7).description == "config/thidua.yaml:3:7")
        #expect(Location.file("config").description == "config")
        #expect(Location(file: "a.yaml", line: 2, column: 9) < Location(file: "a.yaml", line: 10, column: 1))
        #expect(Location(file: "a.yaml", line: 2, column: 1) < Location(file: "a.yaml", line: 2, column: 9))
    }
}
