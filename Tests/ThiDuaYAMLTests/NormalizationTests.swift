import Testing
import ThiDuaYAML

@Suite("Unicode normalisation (NFC)")
struct NormalizationTests {
    private struct Staff: Decodable {
        var name: String
        var staff: [String: Int]
    }

    /// "Võ Tất Dũng" in NFC, written scalar by scalar so that no editor can change it.
    private let composedName: [Unicode.Scalar] = ["V", "\u{F5}", " ", "T", "\u{1EA5}", "t", " ", "D", "\u{169}", "n", "g"]
    /// "Sở Nội vụ" in NFC.
    private let composedUnit: [Unicode.Scalar] = ["S", "\u{1EDF}", " ", "N", "\u{1ED9}", "i", " ", "v", "\u{1EE5}"]

    @Test func fixtureReallyIsDecomposed() throws {
        let text = String(decoding: try fixtureBytes("nfd.yaml"), as: UTF8.self)
        // "Vo" followed by COMBINING TILDE.
        #expect(text.unicodeScalars.contains("\u{303}"))
        #expect(!text.unicodeScalars.contains("\u{F5}"))
    }

    @Test func decomposedTextDecodesToComposedText() throws {
        let staff = try YAMLDecoder().decode(Staff.self, fromFile: try fixturePath("nfd.yaml"))
        // Swift's == ignores normalisation, so compare the scalars.
        #expect(Array(staff.name.unicodeScalars) == composedName)
    }

    @Test func decomposedKeysDecodeToComposedKeys() throws {
        let staff = try YAMLDecoder().decode(Staff.self, fromFile: try fixturePath("nfd.yaml"))
        let key = try #require(staff.staff.keys.first)
        #expect(Array(key.unicodeScalars) == composedUnit)
        #expect(staff.staff.values.first == 45)
    }

    @Test func decomposedTextInAStringIsComposedToo() throws {
        let yaml = "name: \"Vo\u{303} Ta\u{302}\u{301}t Du\u{303}ng\"\nstaff: {}\n"
        let staff = try YAMLDecoder().decode(Staff.self, from: yaml, file: inlineFile)
        #expect(Array(staff.name.unicodeScalars) == composedName)
    }

    @Test func nfcOfComposedOrASCIITextIsTheSameText() {
        let composed = String(String.UnicodeScalarView(composedName))
        #expect(Array(composed.nfc.unicodeScalars) == composedName)
        #expect("Thi dua".nfc == "Thi dua")
        #expect(Array("Vo\u{303}".nfc.unicodeScalars) == ["V", "\u{F5}"])
    }
}
