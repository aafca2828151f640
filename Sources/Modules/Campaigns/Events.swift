public import ThiDuaCore
public import ThiDuaYAML

/// A campaign was launched: its plan was issued and is to be disseminated to every unit and to the
/// plan's recipients (nơi nhận). Published by `thidua campaign launch` after the launch committed.
public struct CampaignLaunched: ThiDuaEvent {
    public static let name = "campaign.launched"
    public var campaign: String
    /// Who launched it (a person id, or the operating-system user).
    public var actor: String
    public var at: Instant

    public init(campaign: String, actor: String, at: Instant) {
        self.campaign = campaign
        self.actor = actor
        self.at = at
    }
}

/// The head signed and issued an award decision (quyết định khen thưởng). Published by the module
/// that issues decisions, after the decision was frozen and committed. Lives here, beside the
/// campaigns it belongs to, so that modules reacting to it (notifications, budget) need not depend
/// on the module that issues it.
public struct DecisionIssued: ThiDuaEvent {
    public static let name = "decision.issued"

    /// One line of the decision's attached list.
    public struct Line: Sendable, Hashable {
        /// The awarded unit or person id.
        public var recipient: String
        public var collective: Bool
        /// The unit the recipient belongs to (for a collective: itself).
        public var unit: String
        /// The award id (`giay-khen-giam-doc-so`, …).
        public var award: String
        /// Reward money in đồng.
        public var amount: Int64

        public init(recipient: String, collective: Bool, unit: String, award: String, amount: Int64) {
            self.recipient = recipient
            self.collective = collective
            self.unit = unit
            self.award = award
            self.amount = amount
        }
    }

    public var campaign: String
    /// The decision's number and symbol as printed ("125/QĐ-SXD").
    public var number: String
    public var date: CalendarDate
    public var signer: String
    public var lines: [Line]
    /// The total money of the decision, in đồng (the sum of the lines).
    public var total: Int64
    public var actor: String
    public var at: Instant

    public init(
        campaign: String, number: String, date: CalendarDate, signer: String, lines: [Line], total: Int64,
        actor: String, at: Instant
    ) {
        self.campaign = campaign
        self.number = number
        self.date = date
        self.signer = signer
        self.lines = lines
        self.total = total
        self.actor = actor
        self.at = at
    }
}
