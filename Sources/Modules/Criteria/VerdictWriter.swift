public import ThiDuaCore

/// Streams verdicts as text, CSV or JSON into an ``OutputBuffer``: every explanation is written
/// as it is made, straight into the buffer, with no tree of results and no string per row.
///
/// ```swift
/// var writer = VerdictWriter(format: .csv, output: OutputBuffer(fileDescriptor: 1))
/// writer.writeCSVHeader()
/// for verdict in verdicts {
///     writer.write(verdict)
///     writer.output.flushIfFull()
/// }
/// try writer.output.finish()
/// ```
///
/// - Text: the verdict's line, then each exclusion and criterion, indented by depth, with the
///   facts used (`· fact [subject, period] = value (source)`).
/// - CSV: one row per exclusion, criterion and part (``Verdict/csvHeader``, after ``csvPrefix``).
/// - JSON: one object per verdict (pretty-printed like ``JSONText``); the caller writes the
///   enclosing array (``writeJSONArray(_:indent:)``).
///
/// Members rules are summed up (counts, the members missing data or going against the
/// requirement, the facts read) unless `members` is true, which lists every member.
public struct VerdictWriter {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, csv
    }

    public let format: Format
    /// Members rules list every member with its own explanation instead of a summary.
    public let listMembers: Bool
    /// Where everything goes; callers write their own headings here too.
    public var output: OutputBuffer

    /// CSV: the fields written before each row, already quoted.
    var csvLead = OutputBuffer()
    var explainer: Explainer?
    /// CSV: the verdict's fields up to and including `eligible,`.
    var row = OutputBuffer()
    var part = ""
    var rows = 0
    var path = OutputBuffer()
    var pathEnds: [Int] = []
    var scratch = OutputBuffer()
    var depth = 0
    var exclusionSection = false
    /// JSON: the arrays open (the indentation of their key's line, and how many items they have).
    var jsonArrays: [(indent: Int, count: Int)] = []

    /// A writer; `csvPrefix` are values written in front of every CSV row (the campaign's id and round).
    public init(format: Format, members: Bool = false, csvPrefix: [String] = [], output: OutputBuffer) {
        self.format = format
        listMembers = members
        self.output = output
        for field in csvPrefix {
            csvLead.appendCSV(field)
            csvLead.append(byte: UInt8(ascii: ","))
        }
    }

    /// The CSV header line: `names` (the names of ``csvPrefix``'s columns), then ``Verdict/csvHeader``.
    public mutating func writeCSVHeader(prefix names: [String] = []) {
        for (offset, name) in (names + Verdict.csvHeader).enumerated() {
            if offset > 0 { output.append(byte: UInt8(ascii: ",")) }
            output.appendCSV(name)
        }
        output.appendNewline()
    }

    /// A JSON array of verdicts whose key is on a line indented by `indent`: `[]`, or one object
    /// per verdict at `indent + 2`; no line break after the closing bracket. Flushes when full.
    public mutating func writeJSONArray(_ verdicts: [Verdict], indent: Int) {
        guard !verdicts.isEmpty else { return output.append("[]") }
        output.append("[\n")
        for (offset, verdict) in verdicts.enumerated() {
            if offset > 0 { output.append(",\n") }
            output.append(spaces: indent + 2)
            write(verdict, jsonIndent: indent + 2)
            output.flushIfFull()
        }
        output.appendNewline()
        output.append(spaces: indent)
        output.append(byte: UInt8(ascii: "]"))
    }

    /// Writes one verdict: text lines (each ending with a line break), CSV rows, or a JSON object
    /// whose lines are indented by `jsonIndent` (the caller writes the first line's indentation
    /// and what follows the closing brace).
    public mutating func write(_ verdict: Verdict, jsonIndent: Int = 0) {
        var explainer: Explainer
        if let cached = self.explainer, cached.plan.program === verdict.compiled, cached.plan.store === verdict.evaluator.facts {
            explainer = cached
        } else {
            explainer = Explainer(
                plan: RenderPlan(program: verdict.compiled, store: verdict.evaluator.facts), listMembers: listMembers)
        }
        self.explainer = nil
        defer { self.explainer = explainer }
        let compiled = verdict.compiled
        let year = verdict.period.year
        switch format {
        case .text:
            output.append(verdict.subject.name)
            output.append(" (")
            output.append(verdict.subject.id)
            output.append("), ")
            output.append(verdict.subject.kind.vietnamese)
            output.append(", năm ")
            output.append(year)
            output.append(": ")
            output.append(verdict.eligible.headline)
            output.appendNewline()
            depth = 2
            if !compiled.exclusions.isEmpty {
                output.append("  Trường hợp loại trừ:\n")
                exclusionSection = true
                writeExclusions(verdict, &explainer)
                exclusionSection = false
            }
            if verdict.eligible == .excluded {
                output.append("  Không xét các tiêu chí: thuộc trường hợp loại trừ.\n")
            } else {
                output.append("  Tiêu chí:\n")
                writeCriteria(verdict, &explainer)
            }
        case .csv:
            row.removeAll()
            row.append(csvLead)
            row.append(year)
            row.append(byte: UInt8(ascii: ","))
            row.appendCSV(verdict.subject.id)
            row.append(byte: UInt8(ascii: ","))
            row.appendCSV(verdict.subject.name)
            row.append(byte: UInt8(ascii: ","))
            row.append(verdict.eligible.rawValue)
            row.append(byte: UInt8(ascii: ","))
            rows = 0
            depth = 0
            part = "exclusion"
            writeExclusions(verdict, &explainer)
            part = "criterion"
            if verdict.eligible != .excluded { writeCriteria(verdict, &explainer) }
            if rows == 0 {
                output.append(row)
                output.append(",,,,,\n")
            }
        case .json:
            let indent = jsonIndent + 2
            output.append("{\n")
            jsonKey("subject", indent)
            output.appendJSON(verdict.subject.id)
            output.append(",\n")
            jsonKey("name", indent)
            output.appendJSON(verdict.subject.name)
            output.append(",\n")
            jsonKey("kind", indent)
            output.appendJSON(verdict.subject.kind.rawValue)
            output.append(",\n")
            jsonKey("period", indent)
            output.append(year)
            output.append(",\n")
            jsonKey("eligible", indent)
            output.appendJSON(verdict.eligible.rawValue)
            output.append(",\n")
            jsonKey("exclusions", indent)
            jsonArrays.append((indent, 0))
            writeExclusions(verdict, &explainer)
            endJSONArray()
            output.append(",\n")
            jsonKey("criteria", indent)
            jsonArrays.append((indent, 0))
            if verdict.eligible != .excluded { writeCriteria(verdict, &explainer) }
            endJSONArray()
            output.appendNewline()
            output.append(spaces: jsonIndent)
            output.append(byte: UInt8(ascii: "}"))
        }
    }

    mutating func writeExclusions(_ verdict: Verdict, _ explainer: inout Explainer) {
        for (exclusion, root) in zip(verdict.compiled.exclusions, verdict.compiled.exclusionRoots) {
            explainer.explain(
                root, verdict.subjectIndex, verdict.period.year, id: exclusion.id.value, title: exclusion.title,
                adjustment: .exclusion, into: &self)
        }
    }

    mutating func writeCriteria(_ verdict: Verdict, _ explainer: inout Explainer) {
        for (index, (criterion, root)) in zip(verdict.compiled.criteria, verdict.compiled.criterionRoots).enumerated() {
            explainer.explain(
                root, verdict.subjectIndex, verdict.period.year, id: criterion.id.value, title: criterion.title,
                decided: verdict.decided(index), into: &self)
        }
    }

    // MARK: JSON helpers

    mutating func jsonKey(_ key: String, _ indent: Int) {
        output.append(spaces: indent)
        output.append(byte: UInt8(ascii: "\""))
        output.append(key)
        output.append("\": ")
    }

    mutating func endJSONArray() {
        let array = jsonArrays.removeLast()
        if array.count == 0 {
            output.append("[]")
        } else {
            output.appendNewline()
            output.append(spaces: array.indent)
            output.append(byte: UInt8(ascii: "]"))
        }
    }

    mutating func jsonStrings(_ values: [String], indent: Int) {
        guard !values.isEmpty else { return output.append("[]") }
        output.append("[\n")
        for (offset, value) in values.enumerated() {
            if offset > 0 { output.append(",\n") }
            output.append(spaces: indent + 2)
            output.appendJSON(value)
        }
        output.appendNewline()
        output.append(spaces: indent)
        output.append(byte: UInt8(ascii: "]"))
    }
}

extension VerdictWriter: ExplanationSink {
    mutating func open(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan
    ) {
        switch format {
        case .text:
            openText(id: id, title: title, outcome: outcome, explanation: explanation, facts: facts, members: members, plan: plan)
        case .csv:
            openCSV(id: id, title: title, outcome: outcome, explanation: explanation, facts: facts, members: members, plan: plan)
        case .json:
            openJSON(id: id, title: title, outcome: outcome, explanation: explanation, facts: facts, members: members, plan: plan)
        }
    }

    mutating func close() {
        switch format {
        case .text:
            depth -= 1
        case .csv:
            path.truncate(to: pathEnds.removeLast())
            depth -= 1
        case .json:
            let children = jsonArrays.last?.indent ?? 2
            endJSONArray()
            output.appendNewline()
            output.append(spaces: children - 2)
            output.append(byte: UInt8(ascii: "}"))
        }
    }

    // MARK: Text

    mutating func openText(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan
    ) {
        let indent = depth * 2
        output.append(spaces: indent)
        output.append(byte: UInt8(ascii: "["))
        if exclusionSection && depth == 2 {
            output.append(outcome == .excluded ? "loại trừ" : outcome == .passed ? "không" : outcome.vietnamese)
        } else {
            output.append(outcome.vietnamese)
        }
        output.append("] ")
        output.append(id)
        output.append(" — ")
        output.append(title)
        output.append(": ")
        output.append(explanation)
        output.appendNewline()
        for fact in facts {
            output.append(spaces: indent + 4)
            output.append("· ")
            output.append(plan.factIDs[Int(fact.slot)])
            output.append(" [")
            output.append(plan.subjectID(fact.subject))
            output.append(", ")
            output.append(fact.year)
            output.append("] = ")
            plan.writeDisplay(plan.code(fact), slot: fact.slot, into: &output)
            scratch.removeAll()
            if plan.writeSource(fact, into: &scratch) {
                output.append(" (")
                output.append(scratch)
                output.append(byte: UInt8(ascii: ")"))
            }
            output.appendNewline()
        }
        if let members {
            for fact in members.facts {
                output.append(spaces: indent + 4)
                output.append("· ")
                Self.writeMemberFact(fact, of: members, into: &output, csv: false)
                output.appendNewline()
            }
        }
        depth += 1
    }

    /// `xep_loai [thành viên, 2024] = 40/41 có dữ liệu, 1 không có dữ liệu (p000123)`; in CSV
    /// `xep_loai[thành viên,2024]=…`.
    static func writeMemberFact(_ fact: MemberFacts, of members: MemberSummary, into out: inout OutputBuffer, csv: Bool) {
        out.append(fact.fact)
        out.append(csv ? "[thành viên," : " [thành viên, ")
        out.append(fact.period.year)
        out.append(csv ? "]=" : "] = ")
        out.append(fact.known)
        out.append(byte: UInt8(ascii: "/"))
        out.append(members.members)
        out.append(" có dữ liệu")
        if fact.missing > 0 {
            out.append(", ")
            out.append(fact.missing)
            out.append(" không có dữ liệu (")
            for (offset, id) in fact.missingSubjects.enumerated() {
                if offset > 0 { out.append(", ") }
                out.append(id)
            }
            if fact.missing > fact.missingSubjects.count { out.append(", …") }
            out.append(byte: UInt8(ascii: ")"))
        }
    }

    // MARK: CSV

    mutating func openCSV(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan
    ) {
        pathEnds.append(path.count)
        if depth > 0 { path.append(byte: UInt8(ascii: "/")) }
        path.append(id)
        depth += 1
        rows += 1
        output.append(row)
        output.append(part)
        output.append(byte: UInt8(ascii: ","))
        output.appendCSV(contentsOf: path)
        output.append(byte: UInt8(ascii: ","))
        output.appendCSV(title)
        output.append(byte: UInt8(ascii: ","))
        output.append(outcome.rawValue)
        output.append(byte: UInt8(ascii: ","))
        output.appendCSV(contentsOf: explanation)
        output.append(byte: UInt8(ascii: ","))
        scratch.removeAll()
        for (offset, fact) in facts.enumerated() {
            if offset > 0 { scratch.append("; ") }
            scratch.append(plan.factIDs[Int(fact.slot)])
            scratch.append(byte: UInt8(ascii: "["))
            scratch.append(plan.subjectID(fact.subject))
            scratch.append(byte: UInt8(ascii: ","))
            scratch.append(fact.year)
            scratch.append("]=")
            let code = plan.code(fact)
            plan.writeValue(code, slot: fact.slot, into: &scratch)
            let mark = scratch.count
            scratch.append(byte: UInt8(ascii: "@"))
            if !plan.writeSource(fact, into: &scratch) { scratch.truncate(to: mark) }
        }
        if let members {
            for (offset, fact) in members.facts.enumerated() {
                if offset > 0 || !facts.isEmpty { scratch.append("; ") }
                Self.writeMemberFact(fact, of: members, into: &scratch, csv: true)
            }
        }
        output.appendCSV(contentsOf: scratch)
        output.appendNewline()
    }

    // MARK: JSON

    mutating func openJSON(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan
    ) {
        let parent = jsonArrays.count - 1
        let arrayIndent = parent >= 0 ? jsonArrays[parent].indent : 0
        if parent >= 0 {
            output.append(jsonArrays[parent].count == 0 ? "[\n" : ",\n")
            jsonArrays[parent].count += 1
        }
        let indent = arrayIndent + 2
        let inner = indent + 2
        output.append(spaces: indent)
        output.append("{\n")
        jsonKey("id", inner)
        output.appendJSON(id)
        output.append(",\n")
        jsonKey("title", inner)
        output.appendJSON(title)
        output.append(",\n")
        jsonKey("outcome", inner)
        output.appendJSON(outcome.rawValue)
        output.append(",\n")
        jsonKey("explanation", inner)
        output.appendJSON(contentsOf: explanation)
        output.append(",\n")
        jsonKey("facts", inner)
        if facts.isEmpty {
            output.append("[]")
        } else {
            output.append("[\n")
            let field = inner + 4
            for (offset, fact) in facts.enumerated() {
                if offset > 0 { output.append(",\n") }
                output.append(spaces: inner + 2)
                output.append("{\n")
                jsonKey("fact", field)
                output.appendJSON(plan.factIDs[Int(fact.slot)])
                output.append(",\n")
                jsonKey("subject", field)
                output.appendJSON(plan.subjectID(fact.subject))
                output.append(",\n")
                jsonKey("period", field)
                output.append(fact.year)
                output.append(",\n")
                let code = plan.code(fact)
                jsonKey("value", field)
                scratch.removeAll()
                if plan.writeValue(code, slot: fact.slot, into: &scratch) {
                    output.appendJSON(contentsOf: scratch)
                } else {
                    output.append("null")
                }
                output.append(",\n")
                jsonKey("display", field)
                scratch.removeAll()
                plan.writeDisplay(code, slot: fact.slot, into: &scratch)
                output.appendJSON(contentsOf: scratch)
                output.append(",\n")
                jsonKey("source", field)
                scratch.removeAll()
                if plan.writeSource(fact, into: &scratch) {
                    output.appendJSON(contentsOf: scratch)
                } else {
                    output.append("null")
                }
                output.appendNewline()
                output.append(spaces: inner + 2)
                output.append(byte: UInt8(ascii: "}"))
            }
            output.appendNewline()
            output.append(spaces: inner)
            output.append(byte: UInt8(ascii: "]"))
        }
        output.append(",\n")
        if let members {
            jsonKey("members", inner)
            writeJSON(members, indent: inner)
            output.append(",\n")
        }
        jsonKey("children", inner)
        jsonArrays.append((inner, 0))
    }

    /// The summary of a members rule as a JSON object whose key is on a line indented by `indent`.
    mutating func writeJSON(_ members: MemberSummary, indent: Int) {
        let field = indent + 2
        output.append("{\n")
        jsonKey("count", field)
        output.append(members.members)
        output.append(",\n")
        jsonKey("passed", field)
        output.append(members.passed)
        output.append(",\n")
        jsonKey("failed", field)
        output.append(members.failed)
        output.append(",\n")
        jsonKey("missing", field)
        output.append(members.missing)
        output.append(",\n")
        jsonKey("missing_subjects", field)
        jsonStrings(members.missingSubjects, indent: field)
        output.append(",\n")
        jsonKey(members.listedOutcome == .passed ? "passed_subjects" : "failed_subjects", field)
        jsonStrings(members.listed, indent: field)
        output.append(",\n")
        jsonKey("facts", field)
        if members.facts.isEmpty {
            output.append("[]")
        } else {
            output.append("[\n")
            for (offset, fact) in members.facts.enumerated() {
                if offset > 0 { output.append(",\n") }
                output.append(spaces: field + 2)
                output.append("{\n")
                let inner = field + 4
                jsonKey("fact", inner)
                output.appendJSON(fact.fact)
                output.append(",\n")
                jsonKey("period", inner)
                output.append(fact.period.year)
                output.append(",\n")
                jsonKey("known", inner)
                output.append(fact.known)
                output.append(",\n")
                jsonKey("missing", inner)
                output.append(fact.missing)
                output.append(",\n")
                jsonKey("missing_subjects", inner)
                jsonStrings(fact.missingSubjects, indent: inner)
                output.appendNewline()
                output.append(spaces: field + 2)
                output.append(byte: UInt8(ascii: "}"))
            }
            output.appendNewline()
            output.append(spaces: field)
            output.append(byte: UInt8(ascii: "]"))
        }
        output.appendNewline()
        output.append(spaces: indent)
        output.append(byte: UInt8(ascii: "}"))
    }
}
