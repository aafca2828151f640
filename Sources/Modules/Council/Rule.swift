public import ThiDuaCore
public import ThiDuaYAML

/// A share of a whole, written `2/3` or `50%`, compared exactly (no floating point).
public struct Share: Sendable, Hashable, CustomStringConvertible, YAMLScalarDecodable {
    public let numerator: Int64
    public let denominator: Int64

    /// `numerator / denominator`; nil unless 0 ≤ share ≤ 1 and the denominator is positive.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator > 0, numerator >= 0, numerator <= denominator else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses `2/3`, `1/2` or a percentage (`50%`, `66.67%`).
    public static func parse(_ text: String) throws(ScalarError) -> Share {
        if text.contains("/") {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
            guard parts.count == 2, let top = Int64(parts[0]), let bottom = Int64(parts[1]), let share = Share(top, bottom) else {
                throw ScalarError(
                    "'\(text)' is not a share between 0 and 1", hint: "write a fraction such as 2/3 or a percentage such as 50%")
            }
            return share
        }
        let percent = try Percent.parse(text)
        guard let share = Share(percent.value.units, 100 * ExactDecimal.unitsPerOne) else {
            throw ScalarError("'\(text)' is not between 0% and 100%", hint: "write a percentage such as 50%")
        }
        return share
    }

    public init(yamlScalar scalar: YAMLScalar) throws(ScalarError) {
        self = try Share.parse(scalar.value)
    }

    public static var yamlPlaceholder: Share? { half }

    /// One half.
    public static let half = Share(uncheckedNumerator: 1, denominator: 2)

    init(uncheckedNumerator numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }
    public static var yamlExpectation: String { "a share (2/3 or 50%)" }

    /// Whether `part / whole` reaches the share (`≥`), or exceeds it with `strictly` (`>`).
    /// False when `whole` is zero.
    public func isReached(by part: Int, of whole: Int, strictly: Bool = false) -> Bool {
        guard whole > 0 else { return false }
        let left = Int64(part).multipliedFullWidth(by: denominator)
        let right = numerator.multipliedFullWidth(by: Int64(whole))
        return strictly ? (left.high, left.low) > (right.high, right.low) : (left.high, left.low) >= (right.high, right.low)
    }

    /// `2/3` or `50%` (a percentage when the denominator is the one percentages use).
    public var description: String {
        if denominator == 100 * ExactDecimal.unitsPerOne, let value = ExactDecimal(units: numerator) {
            return value.description + "%"
        }
        return "\(numerator)/\(denominator)"
    }
}

/// `{at_least: 2/3}` or `{more_than: 50%}`.
public struct Threshold: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var share: Share
    /// True for `more_than` (strictly more).
    public var strictly: Bool

    public init(share: Share, strictly: Bool) {
        self.share = share
        self.strictly = strictly
    }

    enum CodingKeys: String, CodingKey {
        case atLeast = "at_least", moreThan = "more_than"
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.container(keyedBy: CodingKeys.self), keys: (CodingKeys.atLeast, CodingKeys.moreThan))
    }

    /// Reads `at_least` / `more_than` from a container that may hold more keys.
    init<K: CodingKey>(_ container: KeyedDecodingContainer<K>, keys: (atLeast: K, moreThan: K)) throws {
        let atLeast = try container.decodeIfPresent(Share.self, forKey: keys.atLeast)
        let moreThan = try container.decodeIfPresent(Share.self, forKey: keys.moreThan)
        switch (atLeast, moreThan) {
        case (let share?, nil): self.init(share: share, strictly: false)
        case (nil, let share?): self.init(share: share, strictly: true)
        case (.some, .some):
            throw ConfigurationError("write either 'at_least' or 'more_than', not both")
        case (nil, nil):
            throw ConfigurationError(
                "a threshold needs 'at_least' or 'more_than'", hint: "e.g. {at_least: 2/3} or {more_than: 50%}")
        }
    }

    /// Whether `part` of `whole` meets the threshold.
    public func isMet(by part: Int, of whole: Int) -> Bool {
        share.isReached(by: part, of: whole, strictly: strictly)
    }

    /// "≥ 2/3", "> 50%".
    public var description: String { (strictly ? "> " : "≥ ") + share.description }

    /// "ít nhất 2/3", "trên 50%".
    public var vietnamese: String { (strictly ? "trên " : "ít nhất ") + share.description }
}

/// How a council decides a nomination: quorum, approval threshold and its base, ties, or scores.
///
/// ```yaml
/// rule:
///   method: vote                          # vote (approve / reject / abstain) or score
///   quorum: {at_least: 2/3}               # of all members, present at the session
///   approval: {more_than: 50%, of: present}   # of the members present (or: of all members)
///   tie: chair                            # approvals = rejections: the chair's vote decides (or approve, reject)
///   scores: {max: 100, pass: 70}          # method score: the average of the eligible members' scores
/// ```
///
/// Members excluded for a conflict of interest are left out of the base of that nomination.
public struct TallyRule: Sendable, Hashable, Decodable {
    public enum Method: String, Sendable, Hashable, Decodable, CaseIterable { case vote, score }
    public enum Base: String, Sendable, Hashable, Decodable, CaseIterable { case present, members }
    public enum Tie: String, Sendable, Hashable, Decodable, CaseIterable { case chair, approve, reject }

    public var method: Method
    public var quorum: Threshold
    public var approval: Threshold
    /// What the approval threshold is a share of.
    public var base: Base
    public var tie: Tie
    public var scores: ScoreScale?

    /// The scale of a scoring council.
    public struct ScoreScale: Sendable, Hashable, Decodable {
        public var max: ExactDecimal
        public var pass: ExactDecimal
    }

    enum CodingKeys: String, CodingKey { case method, quorum, approval, tie, scores }

    /// `approval: {more_than: 50%, of: present}`.
    struct Approval: Decodable {
        var threshold: Threshold
        var of: Base

        enum CodingKeys: String, CodingKey { case atLeast = "at_least", moreThan = "more_than", of }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            threshold = try Threshold(container, keys: (.atLeast, .moreThan))
            of = try container.decodeIfPresent(Base.self, forKey: .of) ?? .present
        }
    }

    public init(method: Method, quorum: Threshold, approval: Threshold, base: Base, tie: Tie, scores: ScoreScale? = nil) {
        self.method = method
        self.quorum = quorum
        self.approval = approval
        self.base = base
        self.tie = tie
        self.scores = scores
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(Method.self, forKey: .method) ?? .vote
        quorum = try container.decode(Threshold.self, forKey: .quorum)
        let approval = try container.decodeIfPresent(Approval.self, forKey: .approval)
        self.approval = approval?.threshold ?? Threshold(share: Share.half, strictly: true)
        base = approval?.of ?? .present
        tie = try container.decodeIfPresent(Tie.self, forKey: .tie) ?? .reject
        scores = try container.decodeIfPresent(ScoreScale.self, forKey: .scores)
        if method == .score, scores == nil {
            throw ConfigurationError(
                "a scoring rule needs 'scores: {max: …, pass: …}'", hint: "e.g. scores: {max: 100, pass: 70}")
        }
        if let scores, scores.pass > scores.max || scores.max <= .zero {
            throw ConfigurationError("'scores.pass' must lie between 0 and 'scores.max' (\(scores.max))")
        }
    }

    /// One line for listings and minutes.
    public var summary: String {
        switch method {
        case .vote:
            return
                "vote; quorum \(quorum) of all members; approval \(approval) of the \(base == .present ? "members present" : "members")"
                + " (members with a conflict of interest left out); tie: \(tie.rawValue)"
        case .score:
            return "score; quorum \(quorum) of all members; approved when the average score ≥ \(scores?.pass.description ?? "?")"
                + " of \(scores?.max.description ?? "?")"
        }
    }

    /// The rule in Vietnamese, for the minutes.
    public var vietnamese: String {
        switch method {
        case .vote:
            let of = base == .present ? "số thành viên có mặt" : "tổng số thành viên Hội đồng"
            let tie: String
            switch self.tie {
            case .chair:
                tie =
                    "trường hợp số phiếu tán thành và không tán thành bằng nhau thì quyết định theo ý kiến của Chủ tịch Hội đồng"
            case .approve: tie = "trường hợp số phiếu bằng nhau thì được đề nghị khen thưởng"
            case .reject: tie = "trường hợp số phiếu bằng nhau thì không đề nghị khen thưởng"
            }
            return
                "được đề nghị khen thưởng khi có \(approval.vietnamese) \(of) tán thành (không tính thành viên có xung đột lợi ích); \(tie)"
        case .score:
            return
                "được đề nghị khen thưởng khi điểm bình quân đạt từ \(scores?.pass.formatted ?? "?")/\(scores?.max.formatted ?? "?") điểm trở lên"
        }
    }
}

/// A member's ballot on one nomination.
public enum Ballot: Sendable, Hashable {
    case approve, reject, abstain
    case score(ExactDecimal)

    /// `approve`, `reject`, `abstain` or the score.
    public var text: String {
        switch self {
        case .approve: return "approve"
        case .reject: return "reject"
        case .abstain: return "abstain"
        case .score(let value): return value.description
        }
    }

    /// "tán thành", "không tán thành", "không biểu quyết", "85 điểm".
    public var vietnamese: String {
        switch self {
        case .approve: return "tán thành"
        case .reject: return "không tán thành"
        case .abstain: return "không biểu quyết"
        case .score(let value): return "\(value.formatted) điểm"
        }
    }
}

/// The outcome of one nomination, with the counts that led to it.
public struct Tally: Sendable, Hashable {
    public var approved: Bool
    public var approvals: Int
    public var rejections: Int
    public var abstentions: Int
    /// Members who could vote on the nomination (present, not excluded).
    public var eligible: Int
    /// What the approval threshold is a share of.
    public var base: Int
    /// For a scoring council: the average score (rounded to 4 places, half up).
    public var average: ExactDecimal?
    /// Why, in Vietnamese (for the minutes).
    public var explanation: String

    /// Decides a nomination under `rule`.
    ///
    /// - Parameters:
    ///   - ballots: the ballots of eligible members, by member id.
    ///   - eligible: present members without a conflict of interest.
    ///   - members: the number of members of the council.
    ///   - excluded: members excluded from this nomination (present or not).
    ///   - chair: the chair's id, for `tie: chair`.
    public static func decide(
        rule: TallyRule, ballots: [String: Ballot], eligible: Int, members: Int, excluded: Int, chair: String?
    ) -> Tally {
        let base = rule.base == .present ? eligible : max(0, members - excluded)
        var approvals = 0
        var rejections = 0
        var abstentions = 0
        var total = ExactDecimal.zero
        var scored = 0
        for ballot in ballots.values {
            switch ballot {
            case .approve: approvals += 1
            case .reject: rejections += 1
            case .abstain: abstentions += 1
            case .score(let value):
                if let sum = try? total.adding(value) { total = sum }
                scored += 1
            }
        }
        switch rule.method {
        case .score:
            let pass = rule.scores?.pass ?? .zero
            guard scored > 0, let average = try? total.divided(by: scored) else {
                return Tally(
                    approved: false, approvals: 0, rejections: 0, abstentions: abstentions, eligible: eligible, base: base,
                    average: nil,
                    explanation: "không có thành viên nào chấm điểm")
            }
            let approved = average >= pass
            return Tally(
                approved: approved, approvals: 0, rejections: 0, abstentions: abstentions, eligible: eligible, base: base,
                average: average,
                explanation: "điểm bình quân \(average.formatted)/\(rule.scores?.max.formatted ?? "?") của \(scored) thành viên; "
                    + (approved ? "đạt" : "không đạt") + " mức \(pass.formatted) điểm")
        case .vote:
            let share = Percent(part: approvals, of: base).map { " (\($0.formatted))" } ?? ""
            let counts =
                "\(approvals)/\(base) phiếu tán thành\(share), \(rejections) không tán thành, \(abstentions) không biểu quyết"
            if approvals == rejections, approvals > 0 {
                let approved: Bool
                let why: String
                switch rule.tie {
                case .approve:
                    approved = true
                    why = "số phiếu bằng nhau, theo quy chế được đề nghị khen thưởng"
                case .reject:
                    approved = false
                    why = "số phiếu bằng nhau, theo quy chế không đề nghị khen thưởng"
                case .chair:
                    let chairBallot = chair.flatMap { ballots[$0] }
                    approved = chairBallot == .approve
                    why =
                        chairBallot.map { "số phiếu bằng nhau, quyết định theo ý kiến Chủ tịch Hội đồng (\($0.vietnamese))" }
                        ?? "số phiếu bằng nhau và Chủ tịch Hội đồng không biểu quyết nội dung này, không đề nghị khen thưởng"
                }
                return Tally(
                    approved: approved, approvals: approvals, rejections: rejections, abstentions: abstentions,
                    eligible: eligible,
                    base: base, average: nil, explanation: "\(counts); \(why)")
            }
            let approved = rule.approval.isMet(by: approvals, of: base)
            return Tally(
                approved: approved, approvals: approvals, rejections: rejections, abstentions: abstentions, eligible: eligible,
                base: base, average: nil,
                explanation: "\(counts); " + (approved ? "đạt" : "không đạt") + " tỷ lệ \(rule.approval.vietnamese)")
        }
    }
}
