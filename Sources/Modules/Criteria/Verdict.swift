public import ThiDuaCore
import ThiDuaOrganization

/// A fact an outcome was decided on: which, whose, when, its value (nil when missing) and where it
/// was written.
public struct FactUse: Sendable, Hashable {
    public var fact: String
    public var title: String
    public var subject: String
    public var period: Period
    public var value: FactValue?
    /// The value as Vietnamese text ("Hoàn thành xuất sắc nhiệm vụ", "không", "95,5%", "không có dữ liệu").
    public var display: String
    public var source: SourceLocation?
}

/// The outcome of one criterion, exclusion or inner rule, with the facts used, a Vietnamese
/// explanation and the outcomes of its parts.
public struct CriterionResult: Sendable {
    public var id: String
    public var title: String
    /// For exclusions: `excluded` when the exclusion applies, `passed` when it does not.
    public var outcome: Outcome
    public var facts: [FactUse]
    public var explanation: String
    public var children: [CriterionResult]
    /// For a members rule whose members are summed up instead of listed (then `children` is empty).
    public var members: MemberSummary?
}

/// The judgement of one subject in one period: eligible (passed), failed, missing or excluded,
/// with the explanations made when asked for (``criteria``, ``text``, ``VerdictWriter``).
public struct Verdict: Sendable {
    public let subject: Subject
    public let period: Period
    public let eligible: Outcome

    let evaluator: Evaluator
    let compiled: CompiledCriteria
    let subjectIndex: Int
    /// The outcome of each criterion, decided when the verdict was (empty when excluded).
    let criterionOutcomes: [Outcome]

    init(
        subject: Subject, period: Period, eligible: Outcome, evaluator: Evaluator, compiled: CompiledCriteria, subjectIndex: Int,
        criterionOutcomes: [Outcome]
    ) {
        self.subject = subject
        self.period = period
        self.eligible = eligible
        self.evaluator = evaluator
        self.compiled = compiled
        self.subjectIndex = subjectIndex
        self.criterionOutcomes = criterionOutcomes
    }

    /// The outcome of criterion number `index` (in `compiled.criteria`), as decided, or nil.
    func decided(_ index: Int) -> Outcome? {
        index < criterionOutcomes.count ? criterionOutcomes[index] : nil
    }

    /// The exclusions, in order: `excluded` when one applies, `passed` when it does not,
    /// `missing` when the data do not tell. Members rules list every member. Built on each access.
    public var exclusions: [CriterionResult] { exclusions(members: true) }

    /// The criteria, in order, with their parts. Empty when the subject is excluded (criteria are
    /// not evaluated then). Members rules list every member. Built on each access.
    public var criteria: [CriterionResult] { criteria(members: true) }

    /// The exclusions; `members: false` sums members rules up (``CriterionResult/members``).
    public func exclusions(members: Bool) -> [CriterionResult] {
        var sink = TreeSink()
        var explainer = Explainer(plan: RenderPlan(program: compiled, store: evaluator.facts), listMembers: members)
        for (exclusion, root) in zip(compiled.exclusions, compiled.exclusionRoots) {
            explainer.explain(
                root, subjectIndex, period.year, id: exclusion.id.value, title: exclusion.title, adjustment: .exclusion,
                into: &sink)
        }
        return sink.roots
    }

    /// The criteria; `members: false` sums members rules up (``CriterionResult/members``).
    public func criteria(members: Bool) -> [CriterionResult] {
        guard eligible != .excluded else { return [] }
        var sink = TreeSink()
        var explainer = Explainer(plan: RenderPlan(program: compiled, store: evaluator.facts), listMembers: members)
        for (index, (criterion, root)) in zip(compiled.criteria, compiled.criterionRoots).enumerated() {
            explainer.explain(
                root, subjectIndex, period.year, id: criterion.id.value, title: criterion.title, decided: decided(index),
                into: &sink)
        }
        return sink.roots
    }

    // MARK: Text

    /// `ĐẠT`, `KHÔNG ĐẠT`, `KHÔNG ĐỦ DỮ LIỆU`, `KHÔNG XÉT`.
    public var headline: String { eligible.headline }

    /// Every exclusion and criterion with its outcome, explanation and facts (with their sources);
    /// members rules summed up.
    public var text: String { text(members: false) }

    /// The text; `members: true` lists every member of a members rule with its own explanation.
    public func text(members: Bool) -> String {
        var writer = VerdictWriter(format: .text, members: members, output: OutputBuffer())
        writer.write(self)
        var text = writer.output.text
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// This verdict alone in `format`: text lines, CSV rows (without the header) or a JSON object,
    /// each line ending with a line break.
    public func rendered(_ format: VerdictWriter.Format, members: Bool = false) -> String {
        var writer = VerdictWriter(format: format, members: members, output: OutputBuffer())
        writer.write(self)
        if format == .json { writer.output.appendNewline() }
        return writer.output.text
    }

    /// The columns of CSV output (``VerdictWriter``): one row per exclusion and criterion and each
    /// of their parts (ids joined with "/"); `part` is `exclusion` or `criterion`; `facts` lists
    /// `fact[subject,period]=value@source`.
    public static let csvHeader = [
        "period", "subject", "name", "eligible", "part", "id", "title", "outcome", "explanation", "facts",
    ]
}

extension Outcome {
    /// `ĐẠT`, `KHÔNG ĐẠT`, `KHÔNG ĐỦ DỮ LIỆU`, `KHÔNG XÉT`.
    var headline: String {
        switch self {
        case .passed: return "ĐẠT"
        case .failed: return "KHÔNG ĐẠT"
        case .missing: return "KHÔNG ĐỦ DỮ LIỆU"
        case .excluded: return "KHÔNG XÉT"
        }
    }
}

/// Builds ``CriterionResult`` trees from an explanation.
struct TreeSink: ExplanationSink {
    var stack: [CriterionResult] = []
    var roots: [CriterionResult] = []

    mutating func open(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan
    ) {
        stack.append(
            CriterionResult(
                id: id, title: title, outcome: outcome, facts: facts.map(plan.use), explanation: explanation.text,
                children: [], members: members))
    }

    mutating func close() {
        let done = stack.removeLast()
        if stack.isEmpty { roots.append(done) } else { stack[stack.count - 1].children.append(done) }
    }
}
