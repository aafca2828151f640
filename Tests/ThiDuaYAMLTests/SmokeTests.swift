import Testing
import ThiDuaYAML

struct Person: Decodable, Equatable {
    var id: String
    var name: String
    var age: Int
    var active: Bool
    var born: CalendarDate?
    var tags: [String]?
}

struct Roster: Decodable {
    var people: [Person]
    var criteria: [String]
}

@Suite struct SmokeTests {
    @Test func decodesSimpleStructure() throws {
        let yaml = """
        people:
          - id: p1
            name: Võ Tất Dũng
            age: 45
            active: true
            born: 1979-02-28
          - id: p2
            name: "Nguyễn Văn A"
            age: 1_000
            active: false
        criteria: [a, b]
        """
        let roster = try YAMLDecoder().decode(Roster.self, from: yaml, file: "r.yaml")
        #expect(roster.people.count == 2)
        #expect(roster.people[0].name == "Võ Tất Dũng")
        #expect(roster.people[1].age == 1000)
        #expect(roster.people[0].born == CalendarDate(year: 1979, month: 2, day: 28))
    }

    @Test func reportsAllProblems() {
        let yaml = """
        people:
          - id: p1
            name: A
            age: 0755
            active: yes
            born: 2024-02-30
          - id: p2
            nme: B
            age: 3
            active: true
        critera: [a]
        """
        do {
            _ = try YAMLDecoder().decode(Roster.self, from: yaml, file: "r.yaml")
            Issue.record("expected failure")
        } catch {
            let text = error.description
            print(text)
            #expect(error.errors.count == 5)
        }
    }
}
