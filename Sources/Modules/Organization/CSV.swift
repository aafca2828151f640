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
    /// structural problem (a byte that is not UTF-8, an unterminated quote, text after a closing
    /// quote).
    static func parse(_ bytes: [UInt8], file: String) -> Result<CSVTable, Diagnostic> {
        var records: [Row] = []
        let problem = CSVScanner.scan(bytes) { line, fields in
            records.append(Row(line: line, fields: fields.map(\.text)))
        }
        if let problem {
            return .failure(problem.diagnostic(in: file))
        }
        guard let header = records.first else {
            return .failure(
                .error(
                    "the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "the first line names the columns"))
        }
        return .success(CSVTable(header: header.fields.map { $0.trimmingCharacters() }, rows: Array(records.dropFirst())))
    }
}

extension String {
    func trimmingCharacters() -> String {
        // Most fields start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        if isEmpty { return self }
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
