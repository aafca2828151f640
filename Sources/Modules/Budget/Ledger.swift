public import ThiDuaCampaigns
public import ThiDuaCore

/// The money of one award decision (quyết định khen thưởng), as the module that issues decisions
/// hands it to ``BudgetModule/recordDecision(_:in:)``.
public struct DecidedAwards: Sendable {
    /// The campaign id.
    public var campaign: String
    /// The decision's number and symbol as printed ("125/QĐ-SXD").
    public var number: String
    /// The decision's date: it selects the pack and the base salary of every line.
    public var date: CalendarDate
    /// Who signed it (name as printed).
    public var signer: String
    /// One line per recipient and award, in the decision's order.
    public var lines: [Line]
    /// The total the decision states, when it states one; recording refuses a total that is not
    /// the sum of the lines.
    public var statedTotal: Int64?

    /// One recipient's award in the decision.
    public struct Line: Sendable {
        /// The awarded unit or person id.
        public var recipient: String
        /// Whether the recipient is a unit (tập thể).
        public var collective: Bool
        /// The unit the recipient belongs to (for a collective: itself).
        public var unit: String
        /// The legal payment, from ``BudgetModule/payment(award:collective:decisionDate:)`` with the decision's date.
        public var payment: Payment

        public init(recipient: String, collective: Bool, unit: String, payment: Payment) {
            self.recipient = recipient
            self.collective = collective
            self.unit = unit
            self.payment = payment
        }
    }

    public init(campaign: String, number: String, date: CalendarDate, signer: String, lines: [Line], statedTotal: Int64? = nil) {
        self.campaign = campaign
        self.number = number
        self.date = date
        self.signer = signer
        self.lines = lines
        self.statedTotal = statedTotal
    }

    /// The sum of the lines' amounts; nil when it does not fit in an `Int64`.
    public var linesTotal: Int64? { VND.sum(lines.map(\.payment.amount)) }
}

/// A decision as the ledger keeps it: what was recorded, with the total it was recorded with.
public struct RecordedDecision: Sendable {
    /// The decision with its lines as stored (`statedTotal` is nil; see ``recordedTotal``).
    public var decision: DecidedAwards
    /// The total stored with the decision (the sum of its lines when recorded).
    public var recordedTotal: Int64
}

extension BudgetModule {
    /// Records the amounts actually decided, inside the caller's transaction, so that the decision
    /// and its money commit together (or not at all).
    ///
    /// Refuses (``BudgetError``) a decision already recorded, one without lines, a line whose
    /// payment is not dated on the decision's date or does not match the legal amount for its award
    /// on that date, the same award twice to one recipient, and a stated total that is not the sum
    /// of the lines.
    public func recordDecision(_ decision: DecidedAwards, in transaction: any Transaction) throws {
        let label = "decision \(decision.number) of campaign '\(decision.campaign)'"
        guard campaigns.campaign(decision.campaign) != nil else {
            throw BudgetError("unknown campaign '\(decision.campaign)' (\(label))")
        }
        guard !decision.number.isEmpty else {
            throw BudgetError("a decision needs its number to be recorded (campaign '\(decision.campaign)')")
        }
        guard !decision.lines.isEmpty else { throw BudgetError("\(label) has no lines; there is no money to record") }
        var seen: Set<[String]> = []
        var kinds: [String: Set<AwardKind>] = [:]
        for (index, line) in decision.lines.enumerated() {
            let position = "line \(index + 1) (\(line.recipient), \(line.payment.award))"
            guard seen.insert([line.recipient, line.payment.award]).inserted else {
                throw BudgetError("\(label): \(position) gives the same award to the same recipient twice")
            }
            guard line.payment.decisionDate == decision.date else {
                throw BudgetError(
                    "\(label): \(position) was computed for \(VietnameseDate.numeric(line.payment.decisionDate)), the decision is dated \(VietnameseDate.numeric(decision.date))",
                    hint: "compute the payment with the decision's date")
            }
            guard line.payment.collective == line.collective else {
                throw BudgetError(
                    "\(label): \(position) is for \(line.collective ? "a collective" : "an individual") but its payment is not")
            }
            let explanation = try explanation(award: line.payment.award, collective: line.collective, decisionDate: decision.date)
            let legal = explanation.payment
            kinds[line.recipient, default: []].insert(explanation.row.kind)
            if explanation.pack.titleAndForm.paid == .higher, kinds[line.recipient]?.count == 2 {
                throw BudgetError(
                    "\(label): \(line.recipient) is paid for an emulation title and a form of commendation, but pack '\(explanation.pack.id.value)' pays only the higher (\(explanation.pack.titleAndForm.basis))",
                    hint: "keep only the line with the higher amount")
            }
            guard legal.amount == line.payment.amount, legal.coefficient == line.payment.coefficient,
                legal.baseSalary == line.payment.baseSalary
            else {
                throw BudgetError(
                    "\(label): \(position) pays \(VND.text(line.payment.amount)), but the law gives \(VND.text(legal.amount)) (\(legal.coefficient) × \(VND.text(legal.baseSalary)), \(legal.basis))",
                    hint: "take the line's payment from BudgetModule.payment(award:collective:decisionDate:)")
            }
        }
        guard let total = decision.linesTotal else { throw BudgetError("\(label): the total is out of range") }
        if let stated = decision.statedTotal, stated != total {
            throw BudgetError(
                "\(label) states a total of \(VND.text(stated)), but its lines add up to \(VND.text(total)) (difference \(VND.text(stated - total)))",
                hint: "correct the total or the lines")
        }
        if try transaction.row(
            "SELECT number FROM budget_decisions WHERE campaign = ? AND number = ?", [decision.campaign, decision.number]) != nil
        {
            throw BudgetError(
                "\(label) is already recorded",
                hint: "a decision's money is recorded once; see 'thidua budget report \(decision.campaign)'")
        }
        try transaction.execute(
            "INSERT INTO budget_decisions (campaign, number, decision_date, signer, total, line_count) VALUES (?, ?, ?, ?, ?, ?)",
            [decision.campaign, decision.number, decision.date.description, decision.signer, total, decision.lines.count])
        let insert = try transaction.prepare(
            """
            INSERT INTO budget_decision_lines (campaign, number, ordinal, recipient, collective, unit, award, coefficient, base_salary, raw, \
            amount, rounding, basis, base_salary_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (index, line) in decision.lines.enumerated() {
            let p = line.payment
            try insert.execute([
                decision.campaign, decision.number, index + 1, line.recipient, line.collective, line.unit, p.award,
                p.coefficient.description,
                p.baseSalary, p.raw.description, p.amount, p.rounding, p.basis, p.baseSalaryBasis,
            ])
        }
    }

    /// The decisions recorded for `campaign`, in date and number order, with their lines.
    public func recordedDecisions(campaign: String, in transaction: any Transaction) throws -> [RecordedDecision] {
        var decisions: [RecordedDecision] = []
        var index: [String: Int] = [:]
        for row in try transaction.rows(
            "SELECT number, decision_date, signer, total FROM budget_decisions WHERE campaign = ? ORDER BY decision_date, number",
            [campaign])
        {
            let number = try row.string("number")
            let dateText = try row.string("decision_date")
            guard let date = CalendarDate(iso: dateText) else {
                throw StoreError(.row, "decision \(number) of '\(campaign)' has the date '\(dateText)', which is not YYYY-MM-DD")
            }
            index[number] = decisions.count
            decisions.append(
                RecordedDecision(
                    decision: DecidedAwards(
                        campaign: campaign, number: number, date: date, signer: try row.string("signer"), lines: []),
                    recordedTotal: try row.get("total", as: Int64.self)))
        }
        for row in try transaction.rows(
            """
            SELECT number, recipient, collective, unit, award, coefficient, base_salary, raw, amount, rounding, basis, base_salary_basis \
            FROM budget_decision_lines WHERE campaign = ? ORDER BY number, ordinal
            """, [campaign])
        {
            let number = try row.string("number")
            guard let position = index[number] else { continue }
            let coefficientText = try row.string("coefficient")
            let rawText = try row.string("raw")
            guard let coefficient = ExactDecimal(coefficientText), let raw = ExactDecimal(rawText) else {
                throw StoreError(
                    .row,
                    "a line of decision \(number) has a coefficient or product that is not a decimal ('\(coefficientText)', '\(rawText)')"
                )
            }
            let collective = try row.bool("collective")
            let payment = Payment(
                award: try row.string("award"), collective: collective, decisionDate: decisions[position].decision.date,
                coefficient: coefficient,
                baseSalary: try row.get("base_salary", as: Int64.self), raw: raw, amount: try row.get("amount", as: Int64.self),
                rounding: try row.string("rounding"), basis: try row.string("basis"),
                baseSalaryBasis: try row.string("base_salary_basis"))
            decisions[position].decision.lines.append(
                DecidedAwards.Line(
                    recipient: try row.string("recipient"), collective: collective, unit: try row.string("unit"), payment: payment
                ))
        }
        return decisions
    }
}

extension BudgetModule {
    /// Checks an issued decision: its stated total must be the sum of its lines, and — with a store —
    /// the ledger must hold the decision with the same lines and total (the issuing module records
    /// it with ``recordDecision(_:in:)`` in the decision's transaction). Throws a ``BudgetError``
    /// naming the decision otherwise; the bus reports it to the publisher.
    public func check(_ event: DecisionIssued, in store: (any Store)?) throws {
        let label = "decision \(event.number) of campaign '\(event.campaign)'"
        guard let sum = VND.sum(event.lines.map(\.amount)) else { throw BudgetError("\(label): the total is out of range") }
        if sum != event.total {
            throw BudgetError(
                "\(label) states a total of \(VND.text(event.total)), but its \(event.lines.count) lines add up to \(VND.text(sum))"
            )
        }
        guard let store else { return }
        let recorded = try store.read { try recordedDecisions(campaign: event.campaign, in: $0) }.first {
            $0.decision.number == event.number
        }
        guard let recorded else {
            throw BudgetError(
                "\(label) was issued, but its money is not in the budget ledger",
                hint: "record it with BudgetModule.recordDecision(_:in:) in the transaction that issues the decision")
        }
        func key(_ recipient: String, _ award: String, _ amount: Int64) -> String { "\(recipient)|\(award)|\(amount)" }
        let issued = event.lines.map { key($0.recipient, $0.award, $0.amount) }.sorted()
        let ledger = recorded.decision.lines.map { key($0.recipient, $0.payment.award, $0.payment.amount) }.sorted()
        if issued != ledger || recorded.recordedTotal != event.total {
            throw BudgetError(
                "\(label) as issued (\(event.lines.count) lines, \(VND.text(event.total))) differs from the ledger (\(ledger.count) lines, \(VND.text(recorded.recordedTotal)))",
                hint: "the decision and its money must be recorded from the same lines")
        }
    }
}

/// The budget module's tables. Every statement is portable SQL (docs/storage.md).
enum LedgerSchema {
    static let migrations: [Migration] = [
        Migration(
            module: "budget", version: 1, name: "create the ledger of decided amounts",
            statements: [
                """
                CREATE TABLE budget_decisions (
                    campaign TEXT NOT NULL,
                    number TEXT NOT NULL,
                    decision_date TEXT NOT NULL,
                    signer TEXT NOT NULL,
                    total INTEGER NOT NULL,
                    line_count INTEGER NOT NULL,
                    PRIMARY KEY (campaign, number)
                )
                """,
                """
                CREATE TABLE budget_decision_lines (
                    campaign TEXT NOT NULL,
                    number TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    recipient TEXT NOT NULL,
                    collective INTEGER NOT NULL,
                    unit TEXT NOT NULL,
                    award TEXT NOT NULL,
                    coefficient TEXT NOT NULL,
                    base_salary INTEGER NOT NULL,
                    raw TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    rounding TEXT NOT NULL,
                    basis TEXT NOT NULL,
                    base_salary_basis TEXT NOT NULL,
                    PRIMARY KEY (campaign, number, ordinal)
                )
                """,
                "CREATE INDEX budget_decision_lines_by_award ON budget_decision_lines (campaign, award)",
            ])
    ]
}
