public import ThiDuaBudget
public import ThiDuaCore

/// Reward money, from the budget module: the legal amount of an award on the decision date, and
/// the record of the decided money in the issuing transaction.
public struct Pricing: Sendable {
    public let budget: BudgetModule

    init(context: ModuleContext) throws {
        budget = try context.dependency(BudgetModule.self)
    }

    /// The payment of `award` to a collective or an individual for a decision dated `date`.
    public func payment(award: String, collective: Bool, date: CalendarDate) throws -> Payment {
        try budget.payment(award: award, collective: collective, decisionDate: date)
    }

    /// Records the decided money inside the issuing unit of work.
    func record(_ decision: Decision, in transaction: any Transaction) throws {
        try budget.recordDecision(
            DecidedAwards(
                campaign: decision.campaign, number: decision.symbol, date: decision.date, signer: decision.signer,
                lines: decision.lines.map {
                    DecidedAwards.Line(
                        recipient: $0.recipient, collective: $0.kind == .collective, unit: $0.unit, payment: $0.payment)
                }, statedTotal: decision.total),
            in: transaction)
    }

    /// "1.410.000 đồng".
    static func dong(_ amount: Int64) -> String { VND.text(amount) }

    /// "1.410.000".
    static func grouped(_ amount: Int64) -> String { VND.grouped(amount) }
}
