import ThiDuaCore

/// Reads fact data files: YAML (`period` + `subjects`) and wide CSV (`subject,<fact>,…`).
enum FactFiles {
    /// The place a subject id list comes from, for "unknown subject" warnings with suggestions.
    struct Subjects {
        var knows: (String) -> Bool
        var all: () -> [String]
    }

    // MARK: YAML

    /// ```yaml
    /// period: 2024
    /// subjects:
    ///   vo-tat-dung: {xep_loai: htxsnv, ky_luat: false, danh_hieu: [ldtt]}
    /// ```
    static func readYAML(_ document: YAMLDocument, library: Library, subjects: Subjects) -> ([FactRecord], [Diagnostic]) {
        var diagnostics = document.diagnostics
        guard let root = document.root else {
            if !diagnostics.hasErrors {
                diagnostics.append(
                    .error(
                        "the file is empty", at: SourceLocation(file: document.file, line: 1, column: 1),
                        hint: "write 'period:' and 'subjects:'"))
            }
            return ([], diagnostics)
        }
        guard case .mapping(let mapping) = root.content else {
            diagnostics.append(
                .error("expected a mapping with 'period' and 'subjects', found \(root.kindDescription)", at: root.location))
            return ([], diagnostics)
        }
        for entry in mapping.entries where entry.key != "period" && entry.key != "subjects" {
            let suggestion = Suggestion.closest(to: entry.key, in: ["period", "subjects"])
            diagnostics.append(
                .error(
                    "unknown key '\(entry.key)'", at: entry.keyLocation,
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "expected one of: period, subjects"))
        }
        guard let periodNode = mapping["period"] else {
            diagnostics.append(.error("missing required key 'period'", at: root.location, hint: "add 'period: 2024'"))
            return ([], diagnostics)
        }
        let period: Period
        do throws(ScalarError) {
            guard let scalar = periodNode.scalar else {
                throw ScalarError("expected a year, found \(periodNode.kindDescription)")
            }
            period = try Period(yamlScalar: scalar)
        } catch {
            diagnostics.append(.error(error.message, at: periodNode.location, hint: error.hint))
            return ([], diagnostics)
        }
        guard let subjectsNode = mapping["subjects"] else {
            diagnostics.append(
                .error(
                    "missing required key 'subjects'", at: root.location,
                    hint: "add 'subjects:' with one entry per unit or person id"))
            return ([], diagnostics)
        }
        guard case .mapping(let subjectEntries) = subjectsNode.content else {
            if !subjectsNode.isNull {
                diagnostics.append(
                    .error(
                        "expected a mapping of subject ids to their facts, found \(subjectsNode.kindDescription)",
                        at: subjectsNode.location))
            }
            return ([], diagnostics)
        }
        var records: [FactRecord] = []
        records.reserveCapacity(subjectEntries.entries.count * 4)
        let factIDs = library.facts.map(\.id)
        for subjectEntry in subjectEntries.entries {
            let subject = subjectEntry.key
            let known = subjects.knows(subject)
            if !known {
                diagnostics.append(unknownSubject(subject, at: subjectEntry.keyLocation, subjects: subjects))
            }
            guard case .mapping(let facts) = subjectEntry.value.content else {
                if !subjectEntry.value.isNull {
                    diagnostics.append(
                        .error(
                            "expected the facts of '\(subject)' as 'fact: value' lines, found \(subjectEntry.value.kindDescription)",
                            at: subjectEntry.value.location))
                }
                continue
            }
            for factEntry in facts.entries {
                guard let fact = library.fact(factEntry.key) else {
                    let suggestion = Suggestion.closest(to: factEntry.key, in: factIDs)
                    diagnostics.append(
                        .error(
                            "unknown fact '\(factEntry.key)'", at: factEntry.keyLocation,
                            hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'facts:' in the library"))
                    continue
                }
                if factEntry.value.isNull { continue }  // written as unknown: stays missing
                do throws(ScalarError) {
                    let value = try parse(factEntry.value, as: fact, library: library)
                    if known {
                        records.append(
                            FactRecord(
                                subject: subject, fact: fact.id, period: period, value: value,
                                source: factEntry.value.location))
                    }
                } catch {
                    diagnostics.append(.error(error.message, at: factEntry.value.location, hint: error.hint))
                }
            }
        }
        return (records, diagnostics)
    }

    /// A YAML value of a fact.
    static func parse(_ node: YAMLNode, as fact: FactDefinition, library: Library) throws(ScalarError) -> FactValue {
        if fact.type == .titles, case .sequence(let items) = node.content {
            var ids: [String] = []
            for item in items {
                guard let scalar = item.scalar else { throw ScalarError("expected a title id, found \(item.kindDescription)") }
                ids.append(scalar.value)
            }
            return try titles(ids, fact: fact, library: library)
        }
        guard let scalar = node.scalar else {
            throw ScalarError("expected \(fact.type.valueDescription) for '\(fact.id)', found \(node.kindDescription)")
        }
        switch fact.type {
        case .flag:
            return .flag(try ScalarRules.bool(scalar))
        case .number:
            return .number(try ExactDecimal(yamlScalar: scalar))
        case .percent:
            return .percent(try Percent(yamlScalar: scalar))
        case .rating, .titles:
            return try parse(text: scalar.value, as: fact, library: library)
        }
    }

    /// A value written as text (a CSV field, or a rating / titles scalar in YAML).
    static func parse(text: String, as fact: FactDefinition, library: Library) throws(ScalarError) -> FactValue {
        switch fact.type {
        case .flag:
            if text == "true" { return .flag(true) }  // the canonical forms, without folding
            if text == "false" { return .flag(false) }
            switch VietnameseText.searchKey(text) {
            case "true", "co": return .flag(true)
            case "false", "khong": return .flag(false)
            default:
                throw ScalarError(
                    "'\(text)' is not a value of the yes/no fact '\(fact.id)'", hint: "write true or false (có or không)")
            }
        case .number:
            return .number(try ExactDecimal.parse(text))
        case .percent:
            return .percent(try Percent.parse(text))
        case .rating:
            guard let scale = fact.scale.flatMap(library.scale) else {
                throw ScalarError("the fact '\(fact.id)' has no valid scale", hint: "fix its 'scale:' in the library")
            }
            guard let rank = scale.rank(matching: text) else {
                let suggestion = Suggestion.closest(to: text, in: scale.levels.map(\.id))
                throw ScalarError(
                    "'\(text)' is not a level of the scale '\(scale.id)'",
                    hint: suggestion.map { "did you mean '\($0)'?" }
                        ?? "write one of: \(scale.levels.map(\.id).joined(separator: ", "))")
            }
            return .rating(scale.levels[rank].id)
        case .titles:
            let ids = text.split(separator: ";").map { String($0).trimmingSpacesAround() }.filter { !$0.isEmpty }
            return try titles(ids, fact: fact, library: library)
        }
    }

    private static func titles(_ ids: [String], fact: FactDefinition, library: Library) throws(ScalarError) -> FactValue {
        var known: [String] = []
        for id in ids {
            guard library.title(id) != nil else {
                let suggestion = Suggestion.closest(to: id, in: library.titles.map(\.id))
                throw ScalarError(
                    "unknown title '\(id)'",
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'titles:' in the library")
            }
            if !known.contains(id) { known.append(id) }
        }
        known.sort { (library.position(ofTitle: $0) ?? 0) < (library.position(ofTitle: $1) ?? 0) }
        return .titles(known)
    }

    static func unknownSubject(_ subject: String, at location: SourceLocation, subjects: Subjects, importing: Bool = false)
        -> Diagnostic
    {
        let suggestion = Suggestion.closest(to: subject, in: subjects.all())
        let hint = suggestion.map { "did you mean '\($0)'?" } ?? "check the id against 'thidua org people' and 'thidua org units'"
        if importing {
            return .error("unknown subject '\(subject)': no unit or person has this id", at: location, hint: hint)
        }
        return .warning(
            "unknown subject '\(subject)': no unit or person has this id; its facts are ignored", at: location, hint: hint)
    }

    // MARK: CSV

    /// A wide CSV: a header `subject,<fact id>,…` (optionally a `period` column), one row per
    /// subject. An empty cell is a missing fact. `period` is the period of the rows without a
    /// `period` column (from the module settings).
    static func readCSV(
        _ bytes: [UInt8], file: String, period: Located<Period>?, library: Library, subjects: Subjects
    ) -> ([FactRecord], [Diagnostic]) {
        let read = readCSVRows(bytes, file: file, period: period, library: library, subjects: subjects)
        return (read.records, read.diagnostics)
    }

    /// What ``readCSVRows(_:file:period:library:subjects:importing:)`` found.
    struct CSVRead {
        var records: [FactRecord] = []
        var diagnostics: [Diagnostic] = []
        /// The fact columns of the header, in order.
        var facts: [String] = []
        /// Each well-formed row's subject and period, in file order (rows without any value too).
        var rows: [(subject: String, period: Period)] = []
    }

    /// ``readCSV(_:file:period:library:subjects:)`` with the header's facts and the rows' keys, for
    /// imports. `importing` makes an unknown subject an error (an import must not store facts
    /// about no one) and words the missing period for the command line.
    static func readCSVRows(
        _ bytes: [UInt8], file: String, period: Located<Period>?, library: Library, subjects: Subjects, importing: Bool = false
    ) -> CSVRead {
        var read = CSVRead()
        let (records, diagnostics) = readCSVBody(
            bytes, file: file, period: period, library: library, subjects: subjects, importing: importing, read: &read)
        read.records = records
        read.diagnostics = diagnostics
        return read
    }

    private static func readCSVBody(
        _ bytes: [UInt8], file: String, period: Located<Period>?, library: Library, subjects: Subjects, importing: Bool,
        read: inout CSVRead
    ) -> ([FactRecord], [Diagnostic]) {
        let table: CSVFile
        switch CSVFile.parse(bytes, file: file) {
        case .success(let parsed): table = parsed
        case .failure(let diagnostic): return ([], [diagnostic])
        }
        var diagnostics: [Diagnostic] = []
        var subjectColumn: Int?
        var periodColumn: Int?
        var factColumns: [(column: Int, fact: FactDefinition)] = []
        let factIDs = library.facts.map(\.id)
        for (index, field) in table.header.fields.enumerated() {
            let name = field.text.trimmingSpacesAround()
            let location = SourceLocation(file: file, line: field.line, column: field.column)
            if name == "subject" {
                subjectColumn = index
            } else if name == "period" {
                periodColumn = index
            } else if let fact = library.fact(name) {
                if factColumns.contains(where: { $0.fact.id == name }) {
                    diagnostics.append(.error("the column '\(name)' appears twice", at: location))
                } else {
                    factColumns.append((index, fact))
                }
            } else {
                let suggestion = Suggestion.closest(to: name, in: ["subject", "period"] + factIDs)
                diagnostics.append(
                    .error(
                        "unknown column '\(name)': it is not a fact of the library", at: location,
                        hint: suggestion.map { "did you mean '\($0)'?" }
                            ?? "the header names 'subject', optionally 'period', and fact ids"))
            }
        }
        guard let subjectColumn else {
            diagnostics.append(
                .error(
                    "the column 'subject' is missing", at: SourceLocation(file: file, line: table.header.line, column: 1),
                    hint: "the first line names the columns: subject,<fact>,…"))
            return ([], diagnostics)
        }
        if periodColumn == nil, period == nil {
            diagnostics.append(
                .error(
                    "the file gives no period", at: SourceLocation(file: file, line: table.header.line, column: 1),
                    hint: importing
                        ? "add a 'period' column, or pass --period 2024"
                        : "add a 'period' column, or write {file: …, period: 2024} in the module settings"))
            return ([], diagnostics)
        }
        read.facts = factColumns.map(\.fact.id)
        if importing { read.rows.reserveCapacity(table.rows.count) }
        var records: [FactRecord] = []
        records.reserveCapacity(table.rows.count * factColumns.count)
        for row in table.rows {
            let rowLocation = SourceLocation(file: file, line: row.line, column: 1)
            guard row.fields.count == table.header.fields.count else {
                diagnostics.append(
                    .error(
                        "the row has \(row.fields.count) fields; the header has \(table.header.fields.count)", at: rowLocation,
                        hint: "quote fields that contain commas"))
                continue
            }
            let subjectField = row.fields[subjectColumn]
            let subject = subjectField.text.trimmingSpacesAround()
            guard !subject.isEmpty else {
                diagnostics.append(.error("the row has no subject", at: rowLocation))
                continue
            }
            var rowPeriod = period?.value
            if let periodColumn {
                let field = row.fields[periodColumn]
                let text = field.text.trimmingSpacesAround()
                if !text.isEmpty {
                    guard let parsed = Period(text) else {
                        diagnostics.append(
                            .error(
                                "'\(text)' is not a year", at: SourceLocation(file: file, line: field.line, column: field.column),
                                hint: "write the period as a year, e.g. 2024"))
                        continue
                    }
                    rowPeriod = parsed
                }
            }
            guard let rowPeriod else {
                diagnostics.append(.error("the row has no period", at: rowLocation, hint: "fill in the 'period' column"))
                continue
            }
            let known = subjects.knows(subject)
            if !known {
                diagnostics.append(
                    unknownSubject(
                        subject, at: SourceLocation(file: file, line: subjectField.line, column: subjectField.column),
                        subjects: subjects, importing: importing))
            }
            if importing { read.rows.append((subject, rowPeriod)) }
            for (column, fact) in factColumns {
                let field = row.fields[column]
                let text = field.text.trimmingSpacesAround()
                if text.isEmpty { continue }  // missing, never false
                let location = SourceLocation(file: file, line: field.line, column: field.column)
                do throws(ScalarError) {
                    let value = try parse(text: text, as: fact, library: library)
                    if known {
                        records.append(
                            FactRecord(subject: subject, fact: fact.id, period: rowPeriod, value: value, source: location))
                    }
                } catch {
                    diagnostics.append(.error(error.message, at: location, hint: error.hint))
                }
            }
        }
        return (records, diagnostics)
    }
}

/// A small RFC 4180 reader that keeps the line and column where each field starts.
struct CSVFile {
    typealias Field = CSVScanner.Field

    struct Row {
        var line: Int
        var fields: [Field]
    }

    var header: Row
    var rows: [Row]

    static func parse(_ bytes: [UInt8], file: String) -> Result<CSVFile, Diagnostic> {
        var records: [Row] = []
        let problem = CSVScanner.scan(bytes, skipsWhitespaceOnlyLines: true) { line, fields in
            records.append(Row(line: line, fields: fields))
        }
        if let problem {
            return .failure(problem.diagnostic(in: file))
        }
        guard let header = records.first else {
            return .failure(
                .error(
                    "the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "the first line names the columns: subject,<fact>,…"))
        }
        return .success(CSVFile(header: header, rows: Array(records.dropFirst())))
    }
}

extension String {
    func trimmingSpacesAround() -> String {
        // Most fields start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        if isEmpty { return self }
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
