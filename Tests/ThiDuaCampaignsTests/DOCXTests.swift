import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The plan as a Word file: a ZIP of stored entries with correct CRC-32s, well-formed XML, every
/// sentence of the reference plan, A4 with the Decree 30/2020 margins.
@Suite struct DOCXTests {
    /// The entries of a ZIP whose entries are stored, read from the local headers; throws on a
    /// CRC-32 that does not match the data.
    func entries(_ bytes: [UInt8]) throws -> [String: Data] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        var entries: [String: Data] = [:]
        var offset = 0
        while offset + 30 <= bytes.count, u32(offset) == 0x0403_4B50 {
            #expect(u16(offset + 8) == 0, "stored, not compressed")
            let crc = u32(offset + 14)
            let size = Int(u32(offset + 18))
            let nameLength = u16(offset + 26)
            let extra = u16(offset + 28)
            let name = String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self)
            let start = offset + 30 + nameLength + extra
            let data = Array(bytes[start..<(start + size)])
            var check: UInt32 = 0xFFFF_FFFF
            for byte in data {
                check ^= UInt32(byte)
                for _ in 0..<8 { check = check & 1 == 1 ? 0xEDB8_8320 ^ (check >> 1) : check >> 1 }
            }
            guard check ^ 0xFFFF_FFFF == crc else { throw TestFailure("CRC-32 of \(name) does not match") }
            entries[name] = Data(data)
            offset = start + size
        }
        #expect(u32(offset) == 0x0201_4B50, "the central directory follows the entries")
        #expect(Array(bytes.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06], "the end record closes the file")
        return entries
    }

    @Test func thePlanAsDOCXIsAValidPackageWithEveryPart() throws {
        let module = try campaignsModule(loadHost(Paths_.packageRoot.appendingPathComponent("config")))
        let campaign = try #require(module.campaign("cchc-2024"))
        let document = module.document(for: campaign)
        let bytes = document.file(as: .docx)
        #expect(bytes == document.file(as: .docx), "the same bytes every time")
        let parts = try entries(bytes)
        #expect(
            Set(parts.keys) == [
                "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels",
            ])
        for (name, data) in parts {
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is not well-formed XML")
        }
        let xml = String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self)
        #expect(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(xml.contains("w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""))
        #expect(xml.contains(">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<"))
        #expect(xml.contains(">Số: 05/KH-SXD<"))
        #expect(xml.contains(">Võ Tất Dũng<"))
        #expect(xml.contains(">- Lưu VT.<"))
        #expect(String(decoding: try #require(parts["word/styles.xml"]), as: UTF8.self).contains("Times New Roman"))
    }
}
