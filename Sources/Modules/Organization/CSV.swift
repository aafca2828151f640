import ThiDuaCore

/// A minimal RFC 4180 CSV reader that keeps line numbers: fields separated by commas, optional
/// double quotes (with `""` for a quote, and line breaks allowed inside quotes), a header row.
struct CSVTable {
    struct Row {
        /// 1-based line where the row starts.
        var line: Int
        var fields: [String]
    }

    var header: [String]
    var rows: [Row]

    /// Parses `bytes` (UTF-8, an optional BOM is skipped). Returns a diagnostic for the first
    /// structural problem (an unterminated quote, text after a closing quote).
    static func parse(_ bytes: [UInt8], file: String) -> Result<CSVTable, Diagnostic> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            let place = firstInvalidUTF8(in: bytes[start...])
            return .failure(.error("the file is not valid UTF-8", at: SourceLocation(file: file, line: place.line, column: place.column),
                                   hint: "save it as UTF-8 (CSV UTF-8 in spreadsheet programs)"))
        }
        var records: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var column = 0
        var inQuotes = false
        var afterQuote = false
        var fieldStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar? = iterator.next()

        func finishField() {
            fields.append(String(field).nfc)
            field = String.UnicodeScalarView()
            afterQuote = false
            fieldStarted = false
        }

        while let scalar = lookahead {
            lookahead = iterator.next()
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    if lookahead == "\"" {
                        field.append("\"")
                        lookahead = iterator.next()
                        column += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1; column = 0 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                finishField()
                fieldStarted = true
            case "\r":
                if lookahead == "\n" { continue }
                fallthrough
            case "\n":
                finishField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    records.append(Row(line: recordLine, fields: fields))
                }
                fields = []
                line += 1
                column = 0
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                fieldStarted = true
            default:
                if afterQuote {
                    return .failure(.error("unexpected text after a closing quote", at: SourceLocation(file: file, line: line, column: column),
                                           hint: "a quoted field ends at its closing quote; write \"\" for a quote inside it"))
                }
                field.append(scalar)
                fieldStarted = true
            }
        }
        if inQuotes {
            return .failure(.error("a quoted field is not closed", at: SourceLocation(file: file, line: recordLine, column: 1),
                                   hint: "add the closing '\"'"))
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty {
            finishField()
            records.append(Row(line: recordLine, fields: fields))
        }
        guard let header = records.first else {
            return .failure(.error("the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                   hint: "the first line names the columns"))
        }
        return .success(CSVTable(header: header.fields.map { $0.trimmingCharacters() }, rows: Array(records.dropFirst())))
    }

    /// Line and column (in characters, like the YAML layer) of the first byte that is not UTF-8.
    private static func firstInvalidUTF8(in bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

extension String {
    func trimmingCharacters() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
