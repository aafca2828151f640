/// A fast RFC 4180 reader over the bytes of a file, shared by the modules' CSV formats (rosters,
/// wide fact files) and by imports.
///
/// It works on the bytes themselves: the file is validated as UTF-8 once, then every field becomes
/// one `String` (in NFC) made from its own bytes — no string of the whole file, no scalar-by-scalar
/// copy. Each field keeps the line and column (in characters, like the YAML layer) where it starts.
///
/// - Fields are separated by commas; records by LF, CRLF or CR.
/// - A field that starts with `"` is quoted: it may hold commas and line breaks, and `""` stands for
///   one quote. Nothing may follow the closing quote but a comma or the end of the line.
/// - A `"` anywhere else is an ordinary character.
/// - A byte order mark at the start is skipped.
/// - A line whose only field is empty is skipped (blank line); with `skipsWhitespaceOnlyLines`, so
///   is a line holding only white space.
///
/// The caller gets each record as it is read and keeps what it needs:
///
/// ```swift
/// let problem = CSVScanner.scan(bytes) { line, fields in
///     rows.append(Row(line: line, fields: fields.map(\.text)))
/// }
/// ```
public enum CSVScanner {
    /// One field: its text (NFC, quotes removed) and where it starts.
    public struct Field: Sendable, Hashable {
        /// The text, without surrounding quotes, `""` as `"`, in NFC. Not trimmed.
        public var text: String
        /// The 1-based line where the field starts.
        public var line: Int
        /// The 1-based column (in characters) where the field starts.
        public var column: Int

        /// A field.
        public init(text: String, line: Int, column: Int) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    /// A problem that stops reading: nothing after it is trustworthy.
    public enum Problem: Sendable, Hashable {
        /// A byte that is not UTF-8, at this line and column (characters before it on the line + 1).
        case notUTF8(line: Int, column: Int)
        /// A quoted field that is never closed: the line of its record, the line and column where
        /// the field starts.
        case unclosedQuote(recordLine: Int, line: Int, column: Int)
        /// A character after a closing quote (other than a comma or a line break).
        case textAfterQuote(line: Int, column: Int)
    }

    /// Reads every record of `bytes` and hands it to `record` with the line where it starts.
    /// Returns the first structural problem, or nil when the whole file was read. Records before a
    /// problem have been handed over already; callers that need all or nothing discard them.
    @discardableResult
    public static func scan(
        _ bytes: [UInt8], skipsWhitespaceOnlyLines: Bool = false, record: (_ line: Int, _ fields: [Field]) -> Void
    ) -> Problem? {
        bytes.withUnsafeBufferPointer { buffer -> Problem? in
            var start = 0
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            if let bad = firstInvalidUTF8(buffer, from: start) {
                let place = position(of: bad, in: buffer, from: start)
                return .notUTF8(line: place.line, column: place.column)
            }
            var reader = Reader(buffer: buffer, index: start, skipsWhitespaceOnlyLines: skipsWhitespaceOnlyLines)
            return reader.run(record)
        }
    }

    /// The reading state; one pass over the bytes.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var index: Int
        let skipsWhitespaceOnlyLines: Bool
        var line = 1
        var column = 0
        var recordLine = 1
        var fields: [Field] = []
        /// Whether the current field has started (its first character was seen).
        var pending = false
        var fieldStart = 0
        var fieldLine = 1
        var fieldColumn = 1
        var quoted = false
        var inQuotes = false
        var afterQuote = false
        var scratch: [UInt8] = []

        init(buffer: UnsafeBufferPointer<UInt8>, index: Int, skipsWhitespaceOnlyLines: Bool) {
            self.buffer = buffer
            self.index = index
            self.skipsWhitespaceOnlyLines = skipsWhitespaceOnlyLines
        }

        mutating func run(_ record: (Int, [Field]) -> Void) -> Problem? {
            let end = buffer.count
            while index < end {
                let byte = buffer[index]
                if byte & 0xC0 != 0x80 { column += 1 }
                if !pending {
                    pending = true
                    fieldStart = index
                    fieldLine = line
                    fieldColumn = column
                }
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < end, buffer[index + 1] == UInt8(ascii: "\"") {
                            scratch.append(byte)
                            index += 2
                            column += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                            index += 1
                        }
                        continue
                    }
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                        column = 0
                    }
                    scratch.append(byte)
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: ","):
                    finishField(contentEnd: index)
                    pending = false
                    index += 1
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    let length = byte == UInt8(ascii: "\r") && index + 1 < end && buffer[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                    finishField(contentEnd: index)
                    pending = false
                    finishRecord(record)
                    line += 1
                    column = 0
                    recordLine = line
                    index += length
                case UInt8(ascii: "\"") where index == fieldStart && !quoted:
                    inQuotes = true
                    quoted = true
                    scratch.removeAll(keepingCapacity: true)
                    index += 1
                default:
                    if afterQuote { return .textAfterQuote(line: line, column: column) }
                    index += 1
                    // Ordinary characters up to the next comma, quote or line break.
                    while index < end {
                        let next = buffer[index]
                        if next == UInt8(ascii: ",") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") { break }
                        if next & 0xC0 != 0x80 { column += 1 }
                        index += 1
                    }
                }
            }
            if inQuotes {
                return .unclosedQuote(recordLine: recordLine, line: fieldLine, column: fieldColumn)
            }
            if pending || !fields.isEmpty {
                if !pending {
                    fieldStart = end
                    fieldLine = line
                    fieldColumn = column + 1
                }
                finishField(contentEnd: end)
                finishRecord(record)
            }
            return nil
        }

        mutating func finishField(contentEnd: Int) {
            let text: String
            if quoted {
                text = String(decoding: scratch, as: UTF8.self).nfc
            } else {
                text = String(decoding: UnsafeBufferPointer(rebasing: buffer[fieldStart..<contentEnd]), as: UTF8.self).nfc
            }
            fields.append(Field(text: text, line: fieldLine, column: fieldColumn))
            quoted = false
            afterQuote = false
        }

        mutating func finishRecord(_ record: (Int, [Field]) -> Void) {
            defer { fields.removeAll(keepingCapacity: true) }
            if fields.count == 1 {
                let text = fields[0].text
                if text.isEmpty { return }
                if skipsWhitespaceOnlyLines, text.allSatisfy(\.isWhitespace) { return }
            }
            record(recordLine, fields)
        }
    }

    // MARK: - UTF-8

    /// The offset of the first byte that does not belong to well-formed UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        let end = bytes.count
        while index < end {
            // ASCII, eight bytes at a time.
            while index + 8 <= end {
                let word = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < end else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= end else { return index }
            let second = bytes[index + 1]
            if second < lower || second > upper { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// Line and column (characters before it on its line + 1) of the byte at `offset`.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for index in start..<offset {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

extension CSVScanner.Problem {
    /// The problem as a diagnostic in `file`, with what to do about it.
    public func diagnostic(in file: String) -> Diagnostic {
        switch self {
        case .notUTF8(let line, let column):
            return .error(
                "the file is not valid UTF-8", at: SourceLocation(file: file, line: line, column: column),
                hint: "save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
        case .unclosedQuote(_, let line, let column):
            return .error(
                "a quoted field is not closed", at: SourceLocation(file: file, line: line, column: column),
                hint: "add the closing '\"'")
        case .textAfterQuote(let line, let column):
            return .error(
                "unexpected text after a closing quote", at: SourceLocation(file: file, line: line, column: column),
                hint: "a quoted field ends at its closing quote; write \"\" for a quote inside it")
        }
    }
}
