public import ThiDuaCore
import ThiDuaOrganization

/// An initiative (sáng kiến) recognised by a decision.
public struct Initiative: Sendable, Hashable {
    /// The register's id (`sk-2025-01`).
    public var id: String
    /// Its title, NFC.
    public var title: String
    /// Person ids, in the order the decision names them.
    public var authors: [String]
    /// The year it counts for.
    public var year: Int
    /// How far its effect was recognised.
    public var scope: InitiativeScope
    /// The decision that recognised it.
    public var decision: RecognitionDecision
    /// Where it is written: the register file, or the database for those recorded with `thidua initiative add`.
    public var source: SourceLocation
    /// Whether it comes from the store.
    public var stored: Bool
}

/// The decision recognising an initiative (quyết định công nhận sáng kiến).
public struct RecognitionDecision: Sendable, Hashable {
    /// Number and symbol as printed (`112/QĐ-THPTNH`).
    public var number: String
    /// The date it was signed.
    public var date: CalendarDate
    /// Who issued it (`Hiệu trưởng Trường THPT Nguyễn Huệ`).
    public var issuer: String
}

/// How far an initiative's effect reaches, narrowest first.
public enum InitiativeScope: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Within the agency or school (phạm vi cơ sở).
    case coSo = "co-so"
    /// Province-wide (phạm vi tỉnh).
    case tinh
    /// Nation-wide (phạm vi toàn quốc).
    case toanQuoc = "toan-quoc"

    /// `cơ sở`, `tỉnh`, `toàn quốc`.
    public var title: String {
        switch self {
        case .coSo: return "cơ sở"
        case .tinh: return "tỉnh"
        case .toanQuoc: return "toàn quốc"
        }
    }

    /// Narrower scopes come first.
    public static func < (lhs: InitiativeScope, rhs: InitiativeScope) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// The scope written at `text`, or nil after reporting what the choices are.
    static func parse(_ text: Located<String>, report: (Diagnostic) -> Void) -> InitiativeScope? {
        if let scope = InitiativeScope(rawValue: text.value) { return scope }
        let choices = allCases.map(\.rawValue)
        let suggestion = Suggestion.closest(to: text.value, in: choices)
        report(
            .error(
                "unknown scope '\(text.value)'", at: text.location,
                hint: suggestion.map { "did you mean '\($0)'?" } ?? "write one of: \(choices.joined(separator: ", "))"))
        return nil
    }
}

/// The register file: `initiatives:`, a list of entries.
struct RegisterFile: Decodable, Sendable {
    var initiatives: [Entry]

    /// One entry as written.
    struct Entry: Decodable, Sendable {
        var id: Located<String>
        var title: Located<String>
        var authors: Located<[Located<String>]>
        var year: Located<Int>
        var scope: Located<String>
        var decision: Decision
    }

    /// The decision as written.
    struct Decision: Decodable, Sendable {
        var number: Located<String>
        var date: Located<CalendarDate>
        var issuer: Located<String>
    }
}

extension InitiativesModule {
    /// The register's entries that are complete and consistent, and a located diagnostic for each
    /// problem: a repeated id, an empty text, an unknown author (with "did you mean"), an unknown
    /// scope, a year out of range, a decision dated far from the year.
    static func check(_ entries: [RegisterFile.Entry], organization: Organization) -> (
        initiatives: [Initiative], diagnostics: [Diagnostic]
    ) {
        var diagnostics: [Diagnostic] = []
        var initiatives: [Initiative] = []
        var seen: [String: SourceLocation] = [:]
        let people = organization.people.map(\.id)
        for entry in entries {
            var ok = true
            func fail(_ diagnostic: Diagnostic) {
                diagnostics.append(diagnostic)
                ok = false
            }
            let id = entry.id.value
            if id.isEmpty || id.contains(where: \.isWhitespace) {
                fail(
                    .error("the id '\(id)' is empty or has spaces", at: entry.id.location, hint: "write an id like 'sk-2025-01'"))
            } else if let first = seen[id] {
                fail(
                    .error(
                        "the id '\(id)' is used twice (first at \(first))", at: entry.id.location,
                        hint: "give each initiative its own id"))
            } else {
                seen[id] = entry.id.location
            }
            for text in [entry.title, entry.decision.number, entry.decision.issuer] where text.value.allSatisfy(\.isWhitespace) {
                fail(.error("this text is empty", at: text.location, hint: "write it as on the decision"))
            }
            if entry.authors.value.isEmpty {
                fail(
                    .error(
                        "an initiative needs at least one author", at: entry.authors.location,
                        hint: "list person ids: [vo-minh-khoa]"))
            }
            for author in entry.authors.value where organization.person(author.value) == nil {
                let suggestion = Suggestion.closest(to: author.value, in: people)
                fail(
                    .error(
                        "unknown person '\(author.value)'", at: author.location,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "authors are person ids of the organization"))
            }
            let scope = InitiativeScope.parse(entry.scope) { fail($0) }
            if !(1900...2999).contains(entry.year.value) {
                fail(
                    .error(
                        "\(entry.year.value) is not a year", at: entry.year.location,
                        hint: "write the year it counts for, e.g. 2025"))
            } else if abs(entry.decision.date.value.year - entry.year.value) > 1 {
                diagnostics.append(
                    .warning(
                        "the decision is dated \(VietnameseDate.numeric(entry.decision.date.value)) but the initiative counts for "
                            + "\(entry.year.value)", at: entry.decision.date.location,
                        hint: "check 'year' (the year the initiative counts for) and the decision's date"))
            }
            guard ok, let scope else { continue }
            initiatives.append(
                Initiative(
                    id: id, title: VietnameseText.normalized(entry.title.value), authors: entry.authors.value.map(\.value),
                    year: entry.year.value, scope: scope,
                    decision: RecognitionDecision(
                        number: entry.decision.number.value, date: entry.decision.date.value,
                        issuer: VietnameseText.normalized(entry.decision.issuer.value)),
                    source: entry.id.location, stored: false))
        }
        return (initiatives, diagnostics)
    }
}
