import Testing
import ThiDuaCore

@Suite("CSVScanner: the byte-level CSV reader")
struct CSVScannerTests {
    func records(_ text: String, whitespaceLines: Bool = false) -> ([[String]], [Int], CSVScanner.Problem?) {
        var rows: [[String]] = []
        var lines: [Int] = []
        let problem = CSVScanner.scan(Array(text.utf8), skipsWhitespaceOnlyLines: whitespaceLines) { line, fields in
            rows.append(fields.map(\.text))
            lines.append(line)
        }
        return (rows, lines, problem)
    }

    @Test func fieldsQuotesLineEndsAndABOM() {
        let (rows, lines, problem) = records("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\"two\nlines\",\n\nlast")
        #expect(problem == nil)
        #expect(rows == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", ""], ["last"]])
        #expect(lines == [1, 2, 3, 6])
    }

    @Test func positionsAreCharactersWhereTheFieldStarts() {
        var fields: [CSVScanner.Field] = []
        CSVScanner.scan(Array("id,tên\nvõ-a,\"Võ A\",x\n".utf8)) { _, row in fields += row }
        #expect(fields.map { "\($0.line):\($0.column)" } == ["1:1", "1:4", "2:1", "2:6", "2:13"])
    }

    @Test func decomposedTextBecomesNFC() {
        let (rows, _, _) = records("Vo\u{0303} A\n")
        #expect(rows.first?.first?.unicodeScalars.map(\.value) == Array("Võ A".unicodeScalars.map(\.value)))
    }

    @Test func blankLinesAndWhitespaceOnlyLines() {
        #expect(records("a\n   \nb\n").0 == [["a"], ["   "], ["b"]])
        #expect(records("a\n   \nb\n", whitespaceLines: true).0 == [["a"], ["b"]])
        #expect(records("a,\n").0 == [["a", ""]])
    }

    @Test func problemsStopReading() {
        #expect(records("a\n\"open\n").2 == .unclosedQuote(recordLine: 2, line: 2, column: 1))
        #expect(records("a\nb,\"x\"y\n").2 == .textAfterQuote(line: 2, column: 6))
        var bytes = Array("a\nbé,".utf8)
        bytes.append(0xFF)
        var count = 0
        #expect(CSVScanner.scan(bytes) { _, _ in count += 1 } == .notUTF8(line: 2, column: 4))
        #expect(count == 0)
        // Overlong encodings and surrogates are not UTF-8.
        #expect(CSVScanner.scan([0xC0, 0x80]) { _, _ in } == .notUTF8(line: 1, column: 1))
        #expect(CSVScanner.scan([0x61, 0xED, 0xA0, 0x80]) { _, _ in } == .notUTF8(line: 1, column: 2))
    }

    @Test func sha256OfLargeInputIsTheSameFedWholeOrByteByByte() {
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var streamed = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 997) {
            streamed.update(bytes[chunk..<min(chunk + 997, bytes.count)].map { $0 })
        }
        var single = SHA256()
        single.update(AnySequence(bytes))
        let whole = SHA256.hash(bytes)
        #expect(streamed.finalize() == whole)
        #expect(single.finalize() == whole)
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
