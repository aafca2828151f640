import Foundation
import Testing
import ThiDuaCore

@Suite("OutputBuffer: bytes gathered and written in chunks")
struct OutputBufferTests {
    @Test func textIntegersAndBytes() {
        var out = OutputBuffer()
        out.append("Võ Tất Dũng")
        out.append(byte: UInt8(ascii: " "))
        for value in [0, 7, 10, 2024, -1, -305, Int.max, Int.min] {
            out.append(value)
            out.append(byte: UInt8(ascii: ","))
        }
        out.append(spaces: 3)
        out.appendNewline()
        #expect(out.text == "Võ Tất Dũng 0,7,10,2024,-1,-305,\(Int.max),\(Int.min),   \n")
        #expect(out.count == out.content.count)
        out.truncate(to: 5)
        #expect(out.text == "Võ T")
        out.removeAll()
        #expect(out.text.isEmpty)
    }

    @Test(arguments: [
        0, 1, 5_000, 85_000, -20_000, 10_000, 12_345_678, 1_000_0000, 9_999_999_999, -1_234_567_891, Int64.max, -Int64.max,
    ])
    func decimalsAreWrittenLikeExactDecimal(units: Int64) throws {
        let value = try #require(ExactDecimal(units: units))
        var plain = OutputBuffer()
        plain.append(value, vietnamese: false)
        var vietnamese = OutputBuffer()
        vietnamese.append(value, vietnamese: true)
        #expect(plain.text == value.description)
        #expect(vietnamese.text == value.formatted)
    }

    @Test(arguments: [
        "", "plain", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u{1}\u{1f}\u{7f}", "dài hơn tám byte, có dấu “ngoặc”",
        "12345678\"12345678", "1234567\u{0}",
    ])
    func jsonStringsAreEscapedLikeJSONText(text: String) {
        var out = OutputBuffer()
        out.appendJSON(text)
        #expect(out.text == JSONText.string(text).description)
        var scratch = OutputBuffer()
        scratch.append(text)
        var copied = OutputBuffer()
        copied.appendJSON(contentsOf: scratch)
        #expect(copied.text == out.text)
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("two\r\nlines", "\"two\r\nlines\""),
        ("longer than eight bytes, with a comma", "\"longer than eight bytes, with a comma\""),
        ("abcdefgh\"", "\"abcdefgh\"\"\""), ("Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ"),
    ])
    func csvFieldsAreQuotedWhenNeeded(field: String, expected: String) {
        var out = OutputBuffer()
        out.appendCSV(field)
        #expect(out.text == expected)
    }

    @Test func copiesDoNotShareWrites() {
        var first = OutputBuffer()
        first.append("abc")
        var second = first
        second.append("def")
        first.append("xyz")
        #expect(first.text == "abcxyz")
        #expect(second.text == "abcdef")
        var third = first
        third.removeAll()
        third.append("q")
        #expect(first.text == "abcxyz" && third.text == "q")
    }

    @Test func aFileDescriptorGetsEverythingInChunks() throws {
        let path = "/tmp/thidua-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        var out = OutputBuffer(fileDescriptor: descriptor)
        var expected = ""
        for line in 0..<20_000 {
            out.append("dòng ")
            out.append(line)
            out.appendNewline()
            expected += "dòng \(line)\n"
            out.flushIfFull()
            #expect(out.count < OutputBuffer.chunkSize + 64)
        }
        try out.finish()
        #expect(out.count == 0)
        close(descriptor)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test func aFailedWriteIsReported() throws {
        var out = OutputBuffer(fileDescriptor: 987_654)  // not open
        out.append("lost")
        #expect(throws: CommandFailure.self) { try out.finish() }
    }
}
