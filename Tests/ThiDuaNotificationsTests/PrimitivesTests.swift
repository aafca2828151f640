import Foundation
import Testing
import ThiDuaCore

@testable import ThiDuaNotifications

@Suite("HMAC-SHA256, base64 and RFC 5322 messages")
struct PrimitivesTests {
    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    /// RFC 4231, test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the output).
    @Test(
        "HMAC-SHA256 matches the RFC 4231 test vectors",
        arguments: [
            (
                "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                String(repeating: "aa", count: 131),
                "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                String(repeating: "aa", count: 131),
                "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ])
    func hmacVectors(_ vector: (key: String, data: String, mac: String)) {
        #expect(HMACSHA256.hex(key: Self.bytes(hex: vector.key), message: Self.bytes(hex: vector.data)) == vector.mac)
    }

    @Test("base64 matches RFC 4648 and Foundation")
    func base64() {
        #expect(
            ["", "f", "fo", "foo", "foob", "fooba", "foobar"].map { Base64.encode(Array($0.utf8)) }
                == ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"])
        let text = Array("Thi đua khen thưởng — Sở Xây dựng".utf8)
        #expect(Base64.encode(text) == Data(text).base64EncodedString())
    }

    @Test("a message has RFC 2047 headers, a base64 UTF-8 body and a Vietnam-time date")
    func message() throws {
        let subject = "[Sở Xây dựng] Nhắc nộp hồ sơ thi đua khen thưởng phong trào cải cách hành chính năm 2024"
        let message = MailMessage(
            from: Mailbox(name: "Văn phòng Sở Xây dựng", email: "thidua@sxd.example.vn"),
            to: Mailbox(name: "Lê Quang Vinh", email: "vinhlq@sxd.example.vn"), subject: subject,
            body: "Kính gửi: Lê Quang Vinh\nHạn nộp: 30/11/2024\n", messageID: "abc@sxd.example.vn",
            date: Instant(millisecondsSinceEpoch: 1_732_935_600_000))  // 2024-11-30T03:00:00Z
        let email = try Email(Data(message.bytes))
        #expect(email.header("Subject") == subject)
        #expect(email.header("From") == "Văn phòng Sở Xây dựng <thidua@sxd.example.vn>")
        #expect(email.header("To") == "Lê Quang Vinh <vinhlq@sxd.example.vn>")
        #expect(email.header("Date") == "Sat, 30 Nov 2024 10:00:00 +0700")
        #expect(email.header("Message-ID") == "<abc@sxd.example.vn>")
        #expect(email.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(email.body == "Kính gửi: Lê Quang Vinh\r\nHạn nộp: 30/11/2024\r\n")
        // Every line is 7-bit and within 78 characters; every encoded word within 75.
        for line in email.raw.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "too long: \(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "not ASCII: \(line)")
        }
        for word in email.raw.split(separator: " ") where word.hasPrefix("=?UTF-8?B?") {
            #expect(word.count <= 75)
        }
    }

    @Test("the same stored event, recipient and channel always get the same message id")
    func stableIDs() {
        let one = OutgoingMessage.id(
            eventKey: "dossier.returned|HS-1|2024-11-30T03:00:00.000Z", recipient: "person:a", channel: .smtp)
        #expect(
            one
                == OutgoingMessage.id(
                    eventKey: "dossier.returned|HS-1|2024-11-30T03:00:00.000Z", recipient: "person:a", channel: .smtp))
        #expect(
            one
                != OutgoingMessage.id(
                    eventKey: "dossier.returned|HS-1|2024-11-30T03:00:00.000Z", recipient: "person:a", channel: .outbox))
        #expect(one.count == 32)
    }

    @Test("backoff doubles from the configured base")
    func backoff() {
        var settings = DeliverySettings()
        settings.backoffSeconds = 60
        let now = Instant(millisecondsSinceEpoch: 0)
        #expect([1, 2, 3, 4].map { settings.retryAt(after: $0, now: now).millisecondsSinceEpoch / 1000 } == [60, 120, 240, 480])
    }

    @Test("Mustache errors are located in the template file")
    func templateErrors() {
        let unclosed = MessageTemplate.parse(
            "Subject: Hồ sơ {{dossier}}\n\nKính gửi {{#units}}\n- {{name}}\n", trigger: .reminder, file: "t.mustache")
        guard case .failure(let diagnostic) = unclosed else {
            Issue.record("an unclosed section was accepted")
            return
        }
        #expect(diagnostic.location.file == "t.mustache")
        #expect(diagnostic.location.line >= 3)
        #expect(diagnostic.message.contains("never closed"))
        let noSubject = MessageTemplate.parse("Kính gửi\n\nthân\n", trigger: .reminder, file: "t.mustache")
        guard case .failure(let missing) = noSubject else {
            Issue.record("a template without a subject line was accepted")
            return
        }
        #expect(missing.location.line == 1 && missing.message.contains("Subject:"))
        let badSubject = MessageTemplate.parse("Subject: Hồ sơ {{dossier\n\nthân\n", trigger: .reminder, file: "t.mustache")
        guard case .failure(let subject) = badSubject else {
            Issue.record("an unfinished tag was accepted")
            return
        }
        #expect(subject.location.line == 1 && subject.message.contains("'}}' is missing"))
    }
}
