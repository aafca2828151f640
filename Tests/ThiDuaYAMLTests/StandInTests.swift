import Testing
import ThiDuaYAML

/// After an error, decoding goes on with stand-ins; checks that run on a decoded list must never
/// see an item that holds one.
@Suite("Stand-ins never reach checks on lists")
struct StandInTests {
    enum Kind: String, Decodable, CaseIterable { case rating, flag }

    struct Fact: Decodable {
        var id: String
        var kind: Kind
        var scale: String?
    }

    /// Checks its facts after decoding them, the way module libraries do.
    struct Library: Decodable {
        var facts: [Fact]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            facts = try container.decode([Fact].self, forKey: .facts)
            for fact in facts where fact.kind == .rating && fact.scale == nil {
                decoder.report(.error("the rating fact '\(fact.id)' needs a scale", at: decoder.sourceLocation ?? .file("")))
            }
        }

        enum CodingKeys: String, CodingKey { case facts }
    }

    @Test func itemWithABadValueIsLeftOutOfTheList() {
        let yaml = """
            facts:
              - {id: diem, kind: rating}
              - {id: ky_luat, kind: bool}
              - {id: ty_le, kind: flag}
            """
        let result = YAMLDecoder().decode(Library.self, from: YAMLParser().parse(yaml, file: "l.yaml"))
        #expect(
            result.diagnostics.map(\.description) == [
                "l.yaml:1:1: error: the rating fact 'diem' needs a scale",
                "l.yaml:3:25: error: 'bool' is not one of: rating, flag",
            ])
        #expect(result.partial?.facts.map(\.id) == ["diem", "ty_le"])
    }

    @Test func errorCountIsVisibleToCustomCollections() throws {
        struct Counting: Decodable {
            var counts: [Int]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                var counts: [Int] = []
                while !container.isAtEnd {
                    _ = try container.decode(Int.self)
                    counts.append(decoder.yamlErrorCount)
                }
                self.counts = counts
            }
        }
        let result = YAMLDecoder().decode(Counting.self, from: YAMLParser().parse("[1, x, 2, y]", file: "c.yaml"))
        #expect(result.partial?.counts == [0, 1, 1, 2])
    }
}
