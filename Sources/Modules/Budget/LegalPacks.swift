public import ThiDuaCore
import ThiDuaCriteria

// MARK: - Base salary

/// One row of the base-salary history (mức lương cơ sở): the amount in force from a date, set by a
/// decree. A row is in force until the next row starts (or until its own `until`, when written).
///
/// ```yaml
/// rows:
///   - from: 2024-07-01
///     amount: 2340000
///     decree: Nghị định số 73/2024/NĐ-CP
///     source: https://…
/// ```
public struct BaseSalaryRow: Decodable, Sendable, Hashable {
    /// VND per month.
    public var amount: Located<Int64>
    public var from: Located<CalendarDate>
    /// The last day in force, when the row says so; otherwise the day before the next row.
    public var until: Located<CalendarDate>?
    /// "Nghị định số 73/2024/NĐ-CP".
    public var decree: String
    /// Where the figure was read (URL).
    public var source: String?
    /// False for a figure not checked against the official text (legal-facts.md: UNCONFIRMED).
    public var confirmed: Bool
    public var note: String?
    /// Where the row is written.
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case amount, from, until, decree, source, confirmed, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amount = try c.decode(Located<Int64>.self, forKey: .amount)
        from = try c.decode(Located<CalendarDate>.self, forKey: .from)
        until = try c.decodeIfPresent(Located<CalendarDate>.self, forKey: .until)
        decree = try c.decode(String.self, forKey: .decree)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        confirmed = try c.decodeIfPresent(Bool.self, forKey: .confirmed) ?? true
        note = try c.decodeIfPresent(String.self, forKey: .note)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// `config/legal/base-salary.yaml`.
struct BaseSalaryFile: Decodable {
    var rows: [BaseSalaryRow]
}

// MARK: - Legal packs

/// How a pack rounds `coefficient × base salary` to the amount paid.
public enum RoundingMode: String, Decodable, Sendable, CaseIterable, Hashable {
    /// Up to the next multiple of the unit (Decree 98/2023 Art. 53.2: "làm tròn số lên hàng chục nghìn đồng").
    case up
    /// To the nearest multiple; exactly half way goes up.
    case nearest
    /// Down to the multiple below.
    case down
    /// No rounding to a multiple; only to the whole đồng (half way up).
    case none
}

/// The rounding rule of a pack, with its legal basis.
public struct RoundingRule: Decodable, Sendable, Hashable {
    public var mode: RoundingMode
    /// The multiple, in đồng (10 000 for "hàng chục nghìn đồng"); 1 for `none`.
    public var unit: Located<Int64>
    /// The rule in words, as documents print it ("làm tròn số lên hàng chục nghìn đồng").
    public var text: String
    /// "khoản 2 Điều 53 Nghị định số 98/2023/NĐ-CP".
    public var basis: String
    public var source: String?
    public var confirmed: Bool
    public var location: SourceLocation
    /// Whether `unit` was written (only `none` may leave it out).
    var unitIsWritten = true

    enum CodingKeys: String, CodingKey { case mode, unit, text, basis, source, confirmed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decode(RoundingMode.self, forKey: .mode)
        location = decoder.sourceLocation ?? .file("")
        let written = try c.decodeIfPresent(Located<Int64>.self, forKey: .unit)
        unitIsWritten = written != nil
        unit = written ?? Located(1, at: location)
        text = try c.decode(String.self, forKey: .text)
        basis = try c.decode(String.self, forKey: .basis)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        confirmed = try c.decodeIfPresent(Bool.self, forKey: .confirmed) ?? true
    }

    public init(mode: RoundingMode, unit: Int64, text: String, basis: String, source: String? = nil, confirmed: Bool = true) {
        self.mode = mode
        self.unit = Located(unit, at: .file(""))
        self.text = text
        self.basis = basis
        self.source = source
        self.confirmed = confirmed
        location = .file("")
    }

    /// `raw` (đồng, exact) rounded by the rule to whole đồng. Throws when the result does not fit.
    public func apply(to raw: ExactDecimal) throws(BudgetError) -> Int64 {
        let step = mode == .none ? Int64(1) : unit.value
        guard step > 0 else { throw BudgetError("the rounding unit must be positive, found \(step)") }
        let (stepUnits, overflow) = step.multipliedReportingOverflow(by: ExactDecimal.unitsPerOne)
        guard !overflow else { throw BudgetError("the rounding unit \(step) is out of range") }
        let (quotient, remainder) = raw.units.quotientAndRemainder(dividingBy: stepUnits)
        var multiples = quotient
        if remainder > 0 {
            switch mode {
            case .up: multiples += 1
            case .down: break
            case .nearest, .none: if remainder >= stepUnits - remainder { multiples += 1 }
            }
        } else if remainder < 0 {
            throw BudgetError("a negative amount (\(raw)) cannot be paid")
        }
        let (amount, tooLarge) = multiples.multipliedReportingOverflow(by: step)
        guard !tooLarge else { throw BudgetError("the amount \(raw) đồng is out of range") }
        return amount
    }
}

/// Whether an award is an emulation title (danh hiệu thi đua) or a form of commendation (hình
/// thức khen thưởng): Decree 98/2023 Art. 53.7 pays both when one decision gives both.
public enum AwardKind: String, Decodable, Sendable, CaseIterable, Hashable {
    case title
    case form

    /// "danh hiệu thi đua" / "hình thức khen thưởng".
    public var vietnamese: String { self == .title ? "danh hiệu thi đua" : "hình thức khen thưởng" }
}

/// What is paid when one decision gives one recipient an emulation title and a form of commendation.
public enum TitleAndFormPayment: String, Decodable, Sendable, CaseIterable, Hashable {
    /// Both are paid (Decree 98/2023 Art. 53.7).
    case both
    /// Only the higher amount is paid.
    case higher
}

/// A principle of a pack with its legal basis.
public struct TitleAndFormPrinciple: Decodable, Sendable, Hashable {
    public var paid: TitleAndFormPayment
    public var basis: String
    public var source: String?
    public var confirmed: Bool

    enum CodingKeys: String, CodingKey { case paid, basis, source, confirmed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paid = try c.decode(TitleAndFormPayment.self, forKey: .paid)
        basis = try c.decode(String.self, forKey: .basis)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        confirmed = try c.decodeIfPresent(Bool.self, forKey: .confirmed) ?? true
    }
}

/// A coefficient of the base salary for individuals or for collectives, with the article it comes from.
public struct Coefficient: Decodable, Sendable, Hashable {
    public var coefficient: Located<ExactDecimal>
    /// The article: "điểm e khoản 1 Điều 58 Nghị định số 98/2023/NĐ-CP".
    public var basis: String
    public var source: String?
    /// False when the figure is not confirmed by the official text (legal-facts.md: UNCONFIRMED).
    public var confirmed: Bool
    public var note: String?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case coefficient, basis, source, confirmed, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        coefficient = try c.decode(Located<ExactDecimal>.self, forKey: .coefficient)
        basis = try c.decode(String.self, forKey: .basis)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        confirmed = try c.decodeIfPresent(Bool.self, forKey: .confirmed) ?? true
        note = try c.decodeIfPresent(String.self, forKey: .note)
        location = decoder.sourceLocation ?? .file("")
    }
}

/// The row of a pack for one award (an id of the awards file): its kind and its coefficients.
public struct CoefficientRow: Decodable, Sendable {
    /// The award id (`giay-khen-giam-doc-so`), as declared in the awards file.
    public var award: Located<String>
    public var kind: AwardKind
    /// The decree's wording of the row, when it differs from the award's name.
    public var legalName: String?
    public var individual: Coefficient?
    public var collective: Coefficient?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case award, kind, legalName = "legal_name", individual, collective }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        award = try c.decode(Located<String>.self, forKey: .award)
        kind = try c.decode(AwardKind.self, forKey: .kind)
        legalName = try c.decodeIfPresent(String.self, forKey: .legalName)
        individual = try c.decodeIfPresent(Coefficient.self, forKey: .individual)
        collective = try c.decodeIfPresent(Coefficient.self, forKey: .collective)
        location = decoder.sourceLocation ?? .file("")
    }

    /// The coefficient for a collective or an individual.
    public func coefficient(collective: Bool) -> Coefficient? {
        collective ? self.collective : individual
    }
}

/// The days a pack applies to: decisions dated from `from` to `until`, both included; open-ended
/// without `until`.
public struct EffectiveRange: Decodable, Sendable, Hashable {
    public var from: CalendarDate
    public var until: CalendarDate?
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey { case from, until }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(CalendarDate.self, forKey: .from)
        until = try c.decodeIfPresent(CalendarDate.self, forKey: .until)
        location = decoder.sourceLocation ?? .file("")
    }

    public func contains(_ date: CalendarDate) -> Bool {
        from <= date && until.map { date <= $0 } ?? true
    }

    /// "01/01/2024 – 30/06/2025", "từ 01/07/2025".
    public var vietnamese: String {
        until.map { "\(VietnameseDate.numeric(from)) – \(VietnameseDate.numeric($0))" } ?? "từ \(VietnameseDate.numeric(from))"
    }
}

/// One decree's reward-money rules (a legal pack): the decisions it applies to, its coefficient
/// table, its rounding rule and its principles, each with the article it comes from.
public struct LegalPack: Decodable, Sendable {
    /// `nd-98-2023`.
    public var id: Located<String>
    /// "Nghị định số 98/2023/NĐ-CP".
    public var decree: String
    public var title: String?
    /// The day it was signed.
    public var signed: CalendarDate?
    /// Decisions dated within it use this pack.
    public var effective: EffectiveRange
    public var source: String?
    public var rounding: RoundingRule
    public var titleAndForm: TitleAndFormPrinciple
    public var rows: [CoefficientRow]
    /// The file the pack was read from (relative to the configuration directory).
    public var file: String = ""

    enum CodingKeys: String, CodingKey {
        case id, decree, title, signed, effective, source, rounding, titleAndForm = "title_and_form", rows
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Located<String>.self, forKey: .id)
        decree = try c.decode(String.self, forKey: .decree)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        signed = try c.decodeIfPresent(CalendarDate.self, forKey: .signed)
        effective = try c.decode(EffectiveRange.self, forKey: .effective)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        rounding = try c.decode(RoundingRule.self, forKey: .rounding)
        titleAndForm = try c.decode(TitleAndFormPrinciple.self, forKey: .titleAndForm)
        rows = try c.decode([CoefficientRow].self, forKey: .rows)
    }

    /// The row for `award`.
    public func row(for award: String) -> CoefficientRow? {
        rows.first { $0.award.value == award }
    }
}

// MARK: - The tables together

/// The base-salary history and the packs, sorted by date: what selects the money for a decision date.
public struct LegalTables: Sendable {
    /// Oldest first.
    public var baseSalaries: [BaseSalaryRow]
    /// Oldest first.
    public var packs: [LegalPack]

    public init(baseSalaries: [BaseSalaryRow], packs: [LegalPack]) {
        self.baseSalaries = baseSalaries.sorted { $0.from.value < $1.from.value }
        self.packs = packs.sorted { $0.effective.from < $1.effective.from }
    }

    /// The pack that applies to a decision dated `date`.
    public func pack(on date: CalendarDate) -> LegalPack? {
        packs.first { $0.effective.contains(date) }
    }

    /// The base salary in force on `date`: the latest row started on or before it, unless that row
    /// ended before it.
    public func baseSalary(on date: CalendarDate) -> BaseSalaryRow? {
        guard let row = baseSalaries.last(where: { $0.from.value <= date }) else { return nil }
        if let until = row.until, until.value < date { return nil }
        return row
    }

    /// The packs and their ranges, for messages: "nd-98-2023 (01/01/2024 – 30/06/2025), …".
    public var packSummary: String {
        packs.isEmpty
            ? "no packs are configured" : packs.map { "\($0.id.value) (\($0.effective.vietnamese))" }.joined(separator: ", ")
    }

    /// Every problem of the tables: overlapping or gapped ranges, non-positive amounts and
    /// coefficients, rounding units, duplicate ids, unknown awards, missing coefficients for whom an
    /// award may go to, and pack days without a base salary. `awards` maps award ids to who may
    /// receive them (collective, individual).
    func validate(awards: [String: (recipients: Set<SubjectKind>, location: SourceLocation)]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []

        // Base salaries: positive, in order, no overlap, no gap.
        for row in baseSalaries where row.amount.value <= 0 {
            diagnostics.append(
                .error(
                    "the base salary must be a positive amount in đồng, found \(row.amount.value)", at: row.amount.location,
                    hint: "write the monthly amount, e.g. 2340000"))
        }
        for row in baseSalaries {
            if let until = row.until, until.value < row.from.value {
                diagnostics.append(.error("'until' (\(until.value)) is before 'from' (\(row.from.value))", at: until.location))
            }
        }
        for (previous, next) in zip(baseSalaries, baseSalaries.dropFirst()) {
            if previous.from.value == next.from.value {
                diagnostics.append(
                    .error(
                        "two base salaries start on \(next.from.value) (the other at \(previous.location))",
                        at: next.from.location,
                        hint: "keep one row per date"))
            } else if let until = previous.until?.value, until >= next.from.value {
                diagnostics.append(
                    .error(
                        "base salaries overlap: the row at \(previous.location) is in force until \(until), this one from \(next.from.value)",
                        at: next.from.location, hint: "end the earlier row the day before \(next.from.value)"))
            } else if let until = previous.until?.value, until.adding(days: 1) < next.from.value {
                diagnostics.append(
                    .error(
                        "gap in the base salaries: no row is in force from \(until.adding(days: 1)) to \(next.from.value.adding(days: -1))",
                        at: next.from.location, hint: "add a row for the gap or move 'until' of the row at \(previous.location)"))
            }
        }

        // Packs: ids, ranges, rounding, rows.
        var seen: [String: SourceLocation] = [:]
        for pack in packs {
            if let first = seen[pack.id.value] {
                diagnostics.append(.error("duplicate pack id '\(pack.id.value)' (first at \(first))", at: pack.id.location))
            } else {
                seen[pack.id.value] = pack.id.location
            }
            if let until = pack.effective.until, until < pack.effective.from {
                diagnostics.append(
                    .error(
                        "the effective range ends (\(until)) before it starts (\(pack.effective.from))",
                        at: pack.effective.location))
            }
            if pack.rounding.mode != .none, !pack.rounding.unitIsWritten {
                diagnostics.append(
                    .error(
                        "rounding '\(pack.rounding.mode.rawValue)' needs 'unit', the multiple in đồng",
                        at: pack.rounding.location,
                        hint: "e.g. 'unit: 10000' for 'hàng chục nghìn đồng'"))
            } else if pack.rounding.mode != .none, pack.rounding.unit.value <= 0 {
                diagnostics.append(
                    .error(
                        "the rounding unit must be a positive amount in đồng, found \(pack.rounding.unit.value)",
                        at: pack.rounding.unit.location, hint: "e.g. 10000 for 'hàng chục nghìn đồng'"))
            }
            if let first = baseSalaries.first, pack.effective.from < first.from.value {
                diagnostics.append(
                    .error(
                        "no base salary is in force on \(pack.effective.from), when pack '\(pack.id.value)' starts (the first row starts on \(first.from.value))",
                        at: pack.effective.location, hint: "add the base salary in force then to the base-salary file"))
            }
            diagnostics += validateRows(of: pack, awards: awards)
        }
        for (previous, next) in zip(packs, packs.dropFirst()) {
            guard let until = previous.effective.until else {
                diagnostics.append(
                    .error(
                        "packs overlap: '\(previous.id.value)' has no end date, and '\(next.id.value)' starts on \(next.effective.from)",
                        at: next.effective.location,
                        hint: "give '\(previous.id.value)' 'until: \(next.effective.from.adding(days: -1))'"))
                continue
            }
            if until >= next.effective.from {
                diagnostics.append(
                    .error(
                        "packs overlap: '\(previous.id.value)' applies until \(until), '\(next.id.value)' from \(next.effective.from)",
                        at: next.effective.location,
                        hint:
                            "a decision date must select one pack; end '\(previous.id.value)' on \(next.effective.from.adding(days: -1))"
                    ))
            } else if until.adding(days: 1) < next.effective.from {
                diagnostics.append(
                    .error(
                        "gap between packs: no pack applies from \(until.adding(days: 1)) to \(next.effective.from.adding(days: -1))",
                        at: next.effective.location,
                        hint: "start '\(next.id.value)' on \(until.adding(days: 1)) or add a pack for the gap"))
            }
        }
        return diagnostics
    }

    private func validateRows(of pack: LegalPack, awards: [String: (recipients: Set<SubjectKind>, location: SourceLocation)])
        -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        var rowSeen: [String: SourceLocation] = [:]
        for row in pack.rows {
            let id = row.award.value
            if let first = rowSeen[id] {
                diagnostics.append(
                    .error("award '\(id)' has two rows in pack '\(pack.id.value)' (first at \(first))", at: row.award.location))
                continue
            }
            rowSeen[id] = row.award.location
            for coefficient in [row.individual, row.collective].compactMap({ $0 }) where coefficient.coefficient.value <= .zero {
                diagnostics.append(
                    .error(
                        "a coefficient must be positive, found \(coefficient.coefficient.value)",
                        at: coefficient.coefficient.location,
                        hint: "write the multiple of the base salary, e.g. 0.3"))
            }
            if row.individual == nil, row.collective == nil {
                diagnostics.append(.error("the row for '\(id)' has neither 'individual' nor 'collective'", at: row.location))
            }
            guard let award = awards[id] else {
                let suggestion = Suggestion.closest(to: id, in: Array(awards.keys))
                diagnostics.append(
                    .error(
                        "unknown award '\(id)'", at: row.award.location,
                        hint: suggestion.map { "did you mean '\($0)'?" }
                            ?? "declare it in the awards file of the campaigns module first"))
                continue
            }
            if award.recipients.contains(.collective), row.collective == nil {
                diagnostics.append(
                    .error(
                        "'\(id)' may go to collectives (awards file, \(award.location)), but pack '\(pack.id.value)' has no collective coefficient for it",
                        at: row.location,
                        hint:
                            "add 'collective: {coefficient: …, basis: …}', with 'confirmed: false' if the decree's text was not checked"
                    ))
            }
            if award.recipients.contains(.individual), row.individual == nil {
                diagnostics.append(
                    .error(
                        "'\(id)' may go to individuals (awards file, \(award.location)), but pack '\(pack.id.value)' has no individual coefficient for it",
                        at: row.location, hint: "add 'individual: {coefficient: …, basis: …}'"))
            }
        }
        return diagnostics
    }
}
