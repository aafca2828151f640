import Testing
import ThiDuaYAML

@Suite("Suggestion.closest")
struct SuggestionTests {
    private let keys = ["id", "name", "criteria", "period", "units"]

    @Test func transposedLettersAreFound() {
        #expect(Suggestion.closest(to: "nmae", in: keys) == "name")
        #expect(Suggestion.closest(to: "peroid", in: keys) == "period")
    }

    @Test func oneLetterOffIsFound() {
        #expect(Suggestion.closest(to: "critera", in: keys) == "criteria")
        #expect(Suggestion.closest(to: "nane", in: keys) == "name")
        #expect(Suggestion.closest(to: "unitss", in: keys) == "units")
    }

    @Test func caseIsIgnored() {
        #expect(Suggestion.closest(to: "Name", in: keys) == "name")
    }

    @Test func nothingCloseGivesNil() {
        #expect(Suggestion.closest(to: "phone", in: keys) == nil)
        #expect(Suggestion.closest(to: "xy", in: keys) == nil)
        #expect(Suggestion.closest(to: "name", in: [String]()) == nil)
    }

    @Test func shortWordsAllowOneEditOnly() {
        #expect(Suggestion.closest(to: "ix", in: keys) == "id")
        #expect(Suggestion.closest(to: "nm", in: keys) == nil)
    }

    @Test func theWordItselfIsNotASuggestion() {
        #expect(Suggestion.closest(to: "name", in: ["name"]) == nil)
    }

    @Test func tiesGoToTheEarlierCandidate() {
        #expect(Suggestion.closest(to: "cat", in: ["bat", "hat"]) == "bat")
        #expect(Suggestion.closest(to: "cat", in: ["hat", "bat"]) == "hat")
    }
}
