/// The result of a rule, a criterion or a whole verdict.
///
/// Rules are three-valued: a fact that is not in the data is MISSING, never read as false.
/// Compositions combine outcomes like Kleene's logic (see docs/modules/criteria.md):
///
/// | all_of | any_of | at_least k of n |
/// |---|---|---|
/// | a failed item → failed | a passed item → passed | a mandatory item failed → failed |
/// | else a missing item → missing | else a missing item → missing | passes ≥ k and no mandatory missing → passed |
/// | else passed | else failed | passes + missing < k → failed; else missing |
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
    case passed
    case failed
    /// Not enough data to decide ("không đủ dữ liệu").
    case missing
    /// An exclusion applies: the subject is not considered.
    case excluded

    /// "đạt", "không đạt", "không đủ dữ liệu", "không xét".
    public var vietnamese: String {
        switch self {
        case .passed: return "đạt"
        case .failed: return "không đạt"
        case .missing: return "không đủ dữ liệu"
        case .excluded: return "không xét"
        }
    }

    /// Every outcome must pass: a failure decides; else a missing item leaves it open.
    public static func allOf<S: Sequence>(_ outcomes: S) -> Outcome where S.Element == Outcome {
        var missing = false
        for outcome in outcomes {
            switch outcome {
            case .failed, .excluded: return .failed
            case .missing: missing = true
            case .passed: break
            }
        }
        return missing ? .missing : .passed
    }

    /// One outcome must pass: a pass decides; else a missing item leaves it open.
    public static func anyOf<S: Sequence>(_ outcomes: S) -> Outcome where S.Element == Outcome {
        var missing = false
        for outcome in outcomes {
            switch outcome {
            case .passed: return .passed
            case .missing: missing = true
            case .failed, .excluded: break
            }
        }
        return missing ? .missing : .failed
    }

    /// At least `count` outcomes pass, with the first `mandatory` outcomes required to pass.
    public static func atLeast(_ count: Int, of outcomes: [Outcome], mandatory: Int = 0) -> Outcome {
        var passed = 0
        var missing = 0
        var mandatoryMissing = false
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .passed: passed += 1
            case .missing:
                missing += 1
                if index < mandatory { mandatoryMissing = true }
            case .failed, .excluded:
                if index < mandatory { return .failed }
            }
        }
        if passed >= count, !mandatoryMissing { return .passed }
        if passed + missing < count { return .failed }
        return .missing
    }
}
