public import ThiDuaCore

/// The reward money of one award to one recipient on one decision date: coefficient × the base
/// salary in force on that date, exact, then rounded by the pack that applies to that date.
public struct Payment: Sendable, Hashable {
    /// The award id from the awards file (`giay-khen-giam-doc-so`).
    public var award: String
    public var collective: Bool
    public var decisionDate: CalendarDate
    public var coefficient: ExactDecimal
    /// VND per month in force on `decisionDate`.
    public var baseSalary: Int64
    /// `coefficient × baseSalary`, exact.
    public var raw: ExactDecimal
    /// After the pack's rounding.
    public var amount: Int64
    /// The rounding in words ("làm tròn số lên hàng chục nghìn đồng").
    public var rounding: String
    /// The coefficient's article ("điểm e khoản 1 Điều 58 Nghị định số 98/2023/NĐ-CP").
    public var basis: String
    /// The decree of the base salary ("Nghị định số 73/2024/NĐ-CP").
    public var baseSalaryBasis: String

    public init(
        award: String, collective: Bool, decisionDate: CalendarDate, coefficient: ExactDecimal, baseSalary: Int64,
        raw: ExactDecimal,
        amount: Int64, rounding: String, basis: String, baseSalaryBasis: String
    ) {
        self.award = award
        self.collective = collective
        self.decisionDate = decisionDate
        self.coefficient = coefficient
        self.baseSalary = baseSalary
        self.raw = raw
        self.amount = amount
        self.rounding = rounding
        self.basis = basis
        self.baseSalaryBasis = baseSalaryBasis
    }
}

/// A payment with everything it was computed from: the pack, its row, the base-salary row and the
/// rounding rule, each with its source and whether it is confirmed (for `thidua budget explain`).
public struct PaymentExplanation: Sendable {
    public var payment: Payment
    public var pack: LegalPack
    public var row: CoefficientRow
    public var coefficient: Coefficient
    public var baseSalary: BaseSalaryRow

    /// Whether every figure used is confirmed by the official text (no `confirmed: false`).
    public var isConfirmed: Bool {
        coefficient.confirmed && baseSalary.confirmed && pack.rounding.confirmed
    }
}

/// Money could not be computed or recorded: which award, which date, which pack, and what to do.
public struct BudgetError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message, then the hint in parentheses.
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

extension LegalTables {
    /// The payment of `award` to a collective or an individual for a decision dated `date`. Throws
    /// when no pack applies on that date, the pack has no row (or no coefficient for that kind of
    /// recipient) for the award, or no base salary is in force — never a zero amount.
    public func explain(award: String, collective: Bool, decisionDate date: CalendarDate) throws(BudgetError)
        -> PaymentExplanation
    {
        let day = VietnameseDate.numeric(date)
        guard let pack = pack(on: date) else {
            throw BudgetError(
                "no legal pack applies to a decision dated \(day) (award '\(award)')",
                hint: "packs: \(packSummary); add a pack under config/legal/ for that date or check the date")
        }
        guard let row = pack.row(for: award) else {
            throw BudgetError(
                "pack '\(pack.id.value)' (\(pack.decree), \(pack.effective.vietnamese)) has no row for award '\(award)', so no amount can be paid for a decision dated \(day)",
                hint: "add a row for '\(award)' to \(pack.file) with the decree's coefficient")
        }
        let kind = collective ? "collectives" : "individuals"
        guard let coefficient = row.coefficient(collective: collective) else {
            throw BudgetError(
                "pack '\(pack.id.value)' has no coefficient for '\(award)' given to \(kind) (decision dated \(day))",
                hint:
                    "add '\(collective ? "collective" : "individual"):' to the row at \(row.location), or do not give the award to \(kind)"
            )
        }
        guard let base = baseSalary(on: date) else {
            throw BudgetError(
                "no base salary is in force on \(day) (award '\(award)', pack '\(pack.id.value)')",
                hint: "add the base salary in force on that date to the base-salary file")
        }
        let raw: ExactDecimal
        do {
            guard let salary = ExactDecimal(exactly: Int(base.amount.value)) else { throw ExactDecimal.Overflow("base salary") }
            raw = try coefficient.coefficient.value.multiplied(by: salary)
        } catch {
            throw BudgetError(
                "\(coefficient.coefficient.value) × \(base.amount.value) is out of range (award '\(award)', \(day))")
        }
        let amount = try pack.rounding.apply(to: raw)
        guard amount > 0 else {
            throw BudgetError(
                "the amount of '\(award)' on \(day) is \(amount) đồng; pack '\(pack.id.value)' must give a positive amount")
        }
        let payment = Payment(
            award: award, collective: collective, decisionDate: date, coefficient: coefficient.coefficient.value,
            baseSalary: base.amount.value, raw: raw, amount: amount, rounding: pack.rounding.text, basis: coefficient.basis,
            baseSalaryBasis: base.decree)
        return PaymentExplanation(payment: payment, pack: pack, row: row, coefficient: coefficient, baseSalary: base)
    }

    /// The payment alone (see ``explain(award:collective:decisionDate:)``).
    public func payment(award: String, collective: Bool, decisionDate date: CalendarDate) throws(BudgetError) -> Payment {
        try explain(award: award, collective: collective, decisionDate: date).payment
    }
}
