public import ThiDuaCore

/// An RFC 5322 message in UTF-8: headers with RFC 2047 encoded words where they are not ASCII,
/// a `text/plain; charset=UTF-8` body in base64, CRLF line ends. The outbox writes these bytes
/// and the SMTP channel sends the very same bytes.
public struct MailMessage: Sendable {
    public var from: Mailbox
    public var to: Mailbox
    public var subject: String
    public var body: String
    /// `<id@domain>` without the angle brackets.
    public var messageID: String
    public var date: Instant
    /// Extra `X-…` headers (ASCII values).
    public var extraHeaders: [(String, String)]

    public init(
        from: Mailbox, to: Mailbox, subject: String, body: String, messageID: String, date: Instant,
        extraHeaders: [(String, String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
        self.extraHeaders = extraHeaders
    }

    /// The message for a stored row: its Date is when it was enqueued, so every attempt sends the
    /// same bytes and receivers can de-duplicate on Message-ID.
    public init(_ message: StoredMessage, from: Mailbox) {
        let domain = from.email.split(separator: "@").last.map(String.init) ?? "thidua"
        self.init(
            from: from, to: Mailbox(name: message.recipientName, email: message.address), subject: message.subject,
            body: message.body, messageID: "\(message.id)@\(domain)", date: message.createdAt,
            extraHeaders: [("X-ThiDua-Event", MailMessage.asciiOnly(message.eventKey)), ("X-ThiDua-Trigger", message.trigger)])
    }

    /// The whole message.
    public var bytes: [UInt8] {
        var headers: [String] = []
        headers.append("Date: " + Self.rfc5322Date(date))
        headers.append(Self.fold("From: ", Self.mailbox(from)))
        headers.append(Self.fold("To: ", Self.mailbox(to)))
        headers.append(Self.fold("Subject: ", Self.encodedWords(subject)))
        headers.append("Message-ID: <\(messageID)>")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=UTF-8")
        headers.append("Content-Transfer-Encoding: base64")
        for (name, value) in extraHeaders { headers.append("\(name): \(value)") }
        var text = headers.joined(separator: "\r\n") + "\r\n\r\n"
        let normalized = body.replacing("\r\n", with: "\n").replacing("\n", with: "\r\n")
        let encoded = Base64.encode(Array(normalized.utf8))
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            text += encoded[index..<end] + "\r\n"
            index = end
        }
        return Array(text.utf8)
    }

    // MARK: - Headers

    /// `"Name" <address>`, the name as encoded words when it is not plain ASCII.
    static func mailbox(_ mailbox: Mailbox) -> String {
        guard !mailbox.name.isEmpty else { return "<\(mailbox.email)>" }
        let safe = mailbox.name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0 == " " || ("0"..."9").contains($0))
        }
        return (safe ? mailbox.name : encodedWords(mailbox.name)) + " <\(mailbox.email)>"
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, split between whole characters;
    /// plain ASCII text stays as it is.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "=" && $0 != "?" }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words.joined(separator: " ")
    }

    /// `name` followed by `value`, folded at spaces to keep lines within 78 characters.
    static func fold(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if current.count + word.count + 1 > 78, current != name {
                lines.append(current)
                current = " " + word
            } else {
                current += (current == name ? "" : " ") + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// `Sat, 30 Nov 2024 10:00:00 +0700`.
    static func rfc5322Date(_ instant: Instant) -> String {
        let local = instant.millisecondsSinceEpoch / 1000 + Instant.vietnamOffset
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let date = CalendarDate(daysSinceEpoch: days)
        let seconds = Int(local - Int64(days) * 86_400)
        // 1970-01-01 was a Thursday.
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = weekdays[((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(weekday), \(two(date.day)) \(months[date.month - 1]) \(date.year) "
            + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0700"
    }

    /// Non-ASCII and control characters replaced by `_`, for informational headers.
    static func asciiOnly(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "_" })
    }
}

/// Base64 (RFC 4648) without Foundation.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int(value >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(rest == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// HMAC-SHA256 (RFC 2104) on the core's SHA-256.
public enum HMACSHA256 {
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// The code in lower-case hexadecimal.
    public static func hex(key: [UInt8], message: [UInt8]) -> String {
        SHA256.hexString(authenticationCode(key: key, message: message))
    }
}
