public import ThiDuaCore

/// A subject, fact and period: the key of one fact value.
struct FactKey: Hashable, Sendable {
    var subject: String
    var fact: String
    var period: Int
}

/// A wide CSV fact file read for `thidua import facts`, checked exactly like a fact file listed
/// under `facts:` (the same reader, the same messages), except that an unknown subject is an
/// error, plus: the same fact of a subject and period twice in the file, and a fact that
/// configuration already gives.
///
/// Writing replaces, for every row of the file, the stored values of the file's fact columns for
/// that subject and period: a value in the file is stored, an empty cell removes a value imported
/// earlier. Facts of other columns, subjects or periods are left alone. So importing the same
/// file again changes nothing.
public struct FactsImport: Sendable {
    /// The file as named on the command line (also what the store records as the source).
    public let file: String
    /// The values of the file (empty when there are errors).
    public let records: [FactRecord]
    /// The fact columns of the file, in header order.
    public let facts: [String]
    /// Every well-formed row's subject and period, in file order.
    let rows: [FactRowKey]
    /// Every problem found, located in the file.
    public let diagnostics: [Diagnostic]

    struct FactRowKey: Sendable, Hashable {
        var subject: String
        var period: Int
    }

    /// Whether anything stops the import.
    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The most values one `INSERT` carries (6 parameters each).
    static let maximumValuesPerStatement = 64

    /// The number of data rows (subjects × periods) the file has.
    public var rowCount: Int { rows.count }

    /// The periods the file gives values for, ascending.
    public var periods: [Period] { Set(rows.map(\.period)).sorted().map { Period($0) } }

    /// What ``write(to:progress:)`` did.
    public struct Counts: Sendable, Hashable {
        /// Values stored.
        public var written: Int
        /// Values that were in the store before for the same subjects, periods and facts (replaced
        /// or, for an empty cell, removed).
        public var replaced: Int
    }

    /// Writes the values into `criteria_facts` inside the caller's unit of work: for each row, one
    /// `DELETE` of the row's subject and period for the file's facts, then one `INSERT` per value
    /// (portable delete-then-insert). Statements are prepared once. `progress` is called with the
    /// number of values written so far, every 4,096 values and at the end.
    public func write(to transaction: any Transaction, progress: (Int) -> Void = { _ in }) throws -> Counts {
        var counts = Counts(written: 0, replaced: 0)
        guard !facts.isEmpty else {
            progress(0)
            return counts
        }
        let placeholders = Array(repeating: "?", count: facts.count).joined(separator: ", ")
        let delete = try transaction.prepare(
            "DELETE FROM criteria_facts WHERE subject = ? AND period = ? AND fact IN (\(placeholders))")
        // One INSERT per row of the file, with a VALUES list per value of the row (portable
        // multi-row VALUES): fewer statements to run than values. Prepared once per list length.
        var inserts: [Int: any PreparedStatement] = [:]
        func insert(count: Int) throws -> any PreparedStatement {
            if let prepared = inserts[count] { return prepared }
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
            let prepared = try transaction.prepare(
                "INSERT INTO criteria_facts (subject, period, fact, value, source_file, source_line) VALUES \(values)")
            inserts[count] = prepared
            return prepared
        }
        // A period without any stored value has nothing to replace: its rows skip the DELETE (the
        // unit of work holds the write lock, so this stays true until it commits).
        let probe = try transaction.prepare("SELECT period FROM criteria_facts WHERE period = ? LIMIT 1")
        var periodsWithValues: Set<Int> = []
        for period in Set(rows.map(\.period)) {
            try probe.bind(period, at: 1)
            var found = false
            try probe.forEachRow { _ in found = true }
            if found { periodsWithValues.insert(period) }
        }
        var next = 0
        for row in rows {
            if periodsWithValues.contains(row.period) {
                try delete.bind(row.subject, at: 1)
                try delete.bind(row.period, at: 2)
                for (offset, fact) in facts.enumerated() { try delete.bind(fact, at: offset + 3) }
                counts.replaced += try delete.execute()
            }
            // The records of a row follow each other, in file order.
            var end = next
            while end < records.count, records[end].subject == row.subject, records[end].period.year == row.period { end += 1 }
            guard end > next else { continue }
            // At most `maximumValuesPerStatement` VALUES lists per statement (a library with very
            // many facts keeps well within SQLite's and PostgreSQL's parameter limits).
            var chunk = next
            while chunk < end {
                let stop = min(chunk + FactsImport.maximumValuesPerStatement, end)
                let statement = try insert(count: stop - chunk)
                var position = 1
                for record in records[chunk..<stop] {
                    try statement.bind(record.subject, at: position)
                    try statement.bind(record.period.year, at: position + 1)
                    try statement.bind(record.fact, at: position + 2)
                    try statement.bind(record.value.description, at: position + 3)
                    try statement.bind(file, at: position + 4)
                    try statement.bind(record.source.line, at: position + 5)
                    position += 6
                }
                try statement.execute()
                chunk = stop
            }
            let before = counts.written
            counts.written += end - next
            next = end
            if counts.written >> 12 != before >> 12 { progress(counts.written) }
        }
        progress(counts.written)
        return counts
    }
}

extension CriteriaModule {
    /// Reads a wide CSV fact file for `thidua import facts` and checks it: every check a configured
    /// fact file gets (header, fields, periods, values against their fact's type, quotes, UTF-8),
    /// an unknown subject as an error, the same fact of a subject and period twice in the file,
    /// and a fact that configuration already gives. `period` is `--period` (a `period` cell wins).
    public func readImport(facts bytes: [UInt8], file: String, period: Period?) -> FactsImport {
        let subjects = facts.subjects
        let lookup = FactFiles.Subjects(knows: { subjects.index[$0] != nil }, all: { subjects.ids })
        let read = FactFiles.readCSVRows(
            bytes, file: file, period: period.map { Located($0, at: .file("--period")) }, library: library, subjects: lookup,
            importing: true)
        var diagnostics = read.diagnostics
        if !diagnostics.hasErrors, !configured.isEmpty {
            for record in read.records {
                let key = FactKey(subject: record.subject, fact: record.fact, period: record.period.year)
                if let first = configured[key] {
                    diagnostics.append(
                        .error(
                            "'\(record.fact)' of '\(record.subject)' for \(record.period) is already in the configuration (at \(first))",
                            at: record.source,
                            hint: "a fact comes from configuration or from 'thidua import facts', not both: "
                                + "leave the cell empty, or remove the value from the configuration first"))
                }
            }
        }
        if !diagnostics.hasErrors {
            // A subject twice for the same period gives each of its values twice: look at the rows
            // (one key per row), and word the values only when a row repeats.
            var rowKeys: Set<FactsImport.FactRowKey> = []
            rowKeys.reserveCapacity(read.rows.count)
            let repeats = read.rows.contains {
                !rowKeys.insert(FactsImport.FactRowKey(subject: $0.subject, period: $0.period.year)).inserted
            }
            if repeats { diagnostics += Self.duplicates(in: read.records) }
        }
        let ok = !diagnostics.hasErrors
        return FactsImport(
            file: file, records: ok ? read.records : [], facts: read.facts,
            rows: ok ? read.rows.map { FactsImport.FactRowKey(subject: $0.subject, period: $0.period.year) } : [],
            diagnostics: diagnostics)
    }

    /// Stored values, and sentences about the rows left out.
    struct StoredFacts {
        var records: [FactRecord] = []
        var problems: [String] = []
    }

    /// The values of `criteria_facts` as records (the source is the file and line they were
    /// imported from). Values whose fact the library no longer has, that no longer fit their
    /// fact's type, or whose subject is no longer a unit or person are left out and summed up in
    /// `problems` (one sentence per fact or kind of problem, with an example).
    static func readImportedFacts(in transaction: any Transaction, library: Library, knows: (String) -> Bool) throws
        -> StoredFacts
    {
        var stored = StoredFacts()
        var unknownFacts: [String: (count: Int, example: String)] = [:]
        var badValues: [String: (count: Int, example: String)] = [:]
        var unknownSubjects: [String: Int] = [:]
        // Values repeat (ratings, flags): parse each text once per fact.
        var parsed: [FactKey: FactValue] = [:]
        try transaction.forEachRow("SELECT subject, period, fact, value, source_file, source_line FROM criteria_facts") { row in
            let subject = row.text(at: 0) ?? ""
            let period = Int(row.integer(at: 1) ?? 0)
            let factID = row.text(at: 2) ?? ""
            let text = row.text(at: 3) ?? ""
            let file = row.text(at: 4) ?? ""
            let line = Int(row.integer(at: 5) ?? 0)
            guard let fact = library.fact(factID) else {
                unknownFacts[factID, default: (0, "\(subject), \(period) — \(file):\(line)")].count += 1
                return
            }
            guard knows(subject) else {
                unknownSubjects[subject, default: 0] += 1
                return
            }
            let valueKey = FactKey(subject: text, fact: factID, period: 0)
            let value: FactValue
            if let known = parsed[valueKey] {
                value = known
            } else {
                do throws(ScalarError) {
                    value = try FactFiles.parse(text: text, as: fact, library: library)
                } catch {
                    badValues[factID, default: (0, "'\(text)' for \(subject), \(period) — \(file):\(line): \(error.message)")]
                        .count += 1
                    return
                }
                if parsed.count < 4096 { parsed[valueKey] = value }
            }
            stored.records.append(
                FactRecord(
                    subject: subject, fact: factID, period: Period(period), value: value,
                    source: SourceLocation(file: file, line: line, column: 1)))
        }
        for (fact, problem) in unknownFacts.sorted(by: { $0.key < $1.key }) {
            stored.problems.append(
                "\(problem.count) value\(problem.count == 1 ? "" : "s") of '\(fact)', which the library no longer has (e.g. \(problem.example)),"
            )
        }
        for (fact, problem) in badValues.sorted(by: { $0.key < $1.key }) {
            stored.problems.append(
                "\(problem.count) value\(problem.count == 1 ? "" : "s") of '\(fact)' no longer fit the fact (e.g. \(problem.example)),"
            )
        }
        if !unknownSubjects.isEmpty {
            let count = unknownSubjects.values.reduce(0, +)
            let examples = unknownSubjects.keys.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            stored.problems.append(
                "\(count) value\(count == 1 ? "" : "s") for \(unknownSubjects.count) subject\(unknownSubjects.count == 1 ? "" : "s") "
                    + "that \(unknownSubjects.count == 1 ? "is" : "are") no longer a unit or person (\(examples)\(unknownSubjects.count > 3 ? ", …" : "")),"
            )
        }
        return stored
    }
}
