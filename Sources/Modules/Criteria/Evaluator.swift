import ThiDuaCore
public import ThiDuaOrganization

/// Evaluates criteria for subjects against a ``FactStore``.
///
/// ```swift
/// let evaluator = criteriaModule.evaluator
/// let compiled = evaluator.compile(criteria: campaign.individualCriteria, exclusions: campaign.exclusions, subject: .individual)
/// for person in organization.people {
///     let verdict = evaluator.evaluate(compiled, subject: .person(person), period: 2024)
///     print(verdict.text)
/// }
/// ```
///
/// Exclusions are checked first: if one passes the subject is `excluded` and its criteria are not
/// evaluated. Otherwise the verdict is the all-of of the criteria, where an exclusion that could
/// not be decided (missing data) counts as a missing item. Explanations are made only when asked
/// for (``Verdict/criteria``, ``Verdict/text``, ``VerdictWriter``); ``eligibility(_:subjectIndex:period:)``
/// decides without allocating.
public struct Evaluator: Sendable {
    public let facts: FactStore
    public var library: Library { facts.library }

    public init(facts: FactStore) {
        self.facts = facts
    }

    /// Compiles criteria and exclusions once for many subjects. Problems are in the result's
    /// `diagnostics`; a rule with an error evaluates to missing.
    public func compile(criteria: [Criterion], exclusions: [Exclusion] = [], subject: SubjectKind) -> CompiledCriteria {
        Compiler.compile(criteria: criteria, exclusions: exclusions, library: library, subject: subject)
    }

    /// Compiles and evaluates for one subject (compile once with ``compile(criteria:exclusions:subject:)``
    /// when evaluating many subjects).
    public func evaluate(criteria: [Criterion], exclusions: [Exclusion], subject: Subject, period: Period) -> Verdict {
        evaluate(compile(criteria: criteria, exclusions: exclusions, subject: subject.kind), subject: subject, period: period)
    }

    /// Evaluates compiled criteria for one subject.
    public func evaluate(_ compiled: CompiledCriteria, subject: Subject, period: Period) -> Verdict {
        var evaluations = 0
        return evaluate(compiled, subject: subject, period: period, evaluations: &evaluations)
    }

    /// Evaluates compiled criteria for one subject; adds the number of exclusions and criteria
    /// evaluated to `evaluations`.
    public func evaluate(_ compiled: CompiledCriteria, subject: Subject, period: Period, evaluations: inout Int) -> Verdict {
        evaluate(
            compiled, subject: subject, period: period, machine: Machine(program: compiled, store: facts),
            evaluations: &evaluations)
    }

    func evaluate(
        _ compiled: CompiledCriteria, subject: Subject, period: Period, machine: Machine, evaluations: inout Int,
        index known: Int? = nil
    ) -> Verdict {
        let index = known ?? subjectIndex(of: subject.id) ?? -1
        var outcomes: [Outcome] = []
        let eligible = judge(
            compiled, subjectIndex: index, year: period.year, machine: machine, outcomes: &outcomes,
            evaluations: &evaluations)
        return Verdict(
            subject: subject, period: period, eligible: eligible, evaluator: self, compiled: compiled, subjectIndex: index,
            criterionOutcomes: outcomes)
    }

    /// A batch for evaluating compiled criteria for many subjects one by one, counting the
    /// exclusions and criteria evaluated.
    public func batch(_ compiled: CompiledCriteria, period: Period) -> EvaluationBatch {
        EvaluationBatch(evaluator: self, compiled: compiled, period: period, machine: Machine(program: compiled, store: facts))
    }

    /// Evaluates compiled criteria for many subjects.
    public func evaluate(_ compiled: CompiledCriteria, subjects: [Subject], period: Period) -> [Verdict] {
        var evaluations = 0
        return evaluate(compiled, subjects: subjects, period: period, evaluations: &evaluations)
    }

    /// Evaluates compiled criteria for many subjects; adds the number of exclusions and criteria
    /// evaluated (subjects × criteria, plus the exclusions checked) to `evaluations`.
    public func evaluate(_ compiled: CompiledCriteria, subjects: [Subject], period: Period, evaluations: inout Int) -> [Verdict] {
        let machine = Machine(program: compiled, store: facts)
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(subjects.count)
        for subject in subjects {
            verdicts.append(evaluate(compiled, subject: subject, period: period, machine: machine, evaluations: &evaluations))
        }
        return verdicts
    }

    /// The dense index of a unit or person id in the fact store (for the allocation-free path).
    public func subjectIndex(of id: String) -> Int? {
        facts.subjects.index[id].map(Int.init)
    }

    /// The verdict's outcome only, without building explanations: `excluded`, `failed`, `missing` or
    /// `passed` (exclusions until one applies, then the criteria up to the first failure).
    public func eligibility(_ compiled: CompiledCriteria, subjectIndex: Int, period: Period) -> Outcome {
        let machine = Machine(program: compiled, store: facts)
        var missing = false
        for root in compiled.exclusionRoots {
            switch machine.run(root, subjectIndex, period.year) {
            case .passed: return .excluded
            case .missing: missing = true
            case .failed, .excluded: break
            }
        }
        for root in compiled.criterionRoots {
            switch machine.run(root, subjectIndex, period.year) {
            case .failed, .excluded: return .failed
            case .missing: missing = true
            case .passed: break
            }
        }
        return missing ? .missing : .passed
    }

    /// The verdict of a subject with the outcome of every criterion (kept in the verdict, which
    /// shows them all): exclusions until one applies, then every criterion unless the subject is
    /// excluded. Adds the exclusions and criteria evaluated to `evaluations`.
    func judge(
        _ compiled: CompiledCriteria, subjectIndex: Int, year: Int, machine: Machine, outcomes: inout [Outcome],
        evaluations: inout Int
    ) -> Outcome {
        var missing = false
        for root in compiled.exclusionRoots {
            evaluations += 1
            switch machine.run(root, subjectIndex, year) {
            case .passed: return .excluded
            case .missing: missing = true
            case .failed, .excluded: break
            }
        }
        var failed = false
        outcomes.reserveCapacity(compiled.criterionRoots.count)
        for root in compiled.criterionRoots {
            evaluations += 1
            let outcome = machine.run(root, subjectIndex, year)
            outcomes.append(outcome)
            switch outcome {
            case .failed, .excluded: failed = true
            case .missing: missing = true
            case .passed: break
            }
        }
        return failed ? .failed : missing ? .missing : .passed
    }

    /// The outcome of criterion number `criterion` of `compiled` (index in `compiled.criteria`), without explanations.
    public func outcome(_ compiled: CompiledCriteria, criterion: Int, subjectIndex: Int, period: Period) -> Outcome {
        Machine(program: compiled, store: facts).run(compiled.criterionRoots[criterion], subjectIndex, period.year)
    }

    /// The outcome of exclusion number `exclusion`: `passed` means the subject is excluded.
    public func outcome(_ compiled: CompiledCriteria, exclusion: Int, subjectIndex: Int, period: Period) -> Outcome {
        Machine(program: compiled, store: facts).run(compiled.exclusionRoots[exclusion], subjectIndex, period.year)
    }
}

/// Evaluates compiled criteria for subjects given one by one (``Evaluator/batch(_:period:)``).
public struct EvaluationBatch: Sendable {
    public let evaluator: Evaluator
    public let compiled: CompiledCriteria
    public let period: Period
    let machine: Machine
    /// The exclusions and criteria evaluated so far.
    public private(set) var evaluations = 0

    init(evaluator: Evaluator, compiled: CompiledCriteria, period: Period, machine: Machine) {
        self.evaluator = evaluator
        self.compiled = compiled
        self.period = period
        self.machine = machine
    }

    public mutating func evaluate(_ subject: Subject) -> Verdict {
        evaluator.evaluate(compiled, subject: subject, period: period, machine: machine, evaluations: &evaluations)
    }

    /// Evaluates the person at `position` in the organization's roster (`organization.people`),
    /// finding its facts by position instead of by id.
    public mutating func evaluate(_ person: Person, rosterPosition position: Int) -> Verdict {
        let store = evaluator.facts
        var index: Int?
        if position >= 0, position < store.subjects.rosterSubjects.count {
            let candidate = Int(store.subjects.rosterSubjects[position])
            if candidate >= 0, store.subjects.ids[candidate] == person.id { index = candidate }
        }
        return evaluator.evaluate(
            compiled, subject: .person(person), period: period, machine: machine, evaluations: &evaluations, index: index)
    }
}

/// The fast evaluation of compiled rules: integers only, no allocation. It holds the program and
/// the store only (two references), so that making one per call costs nothing.
struct Machine: Sendable {
    let program: CompiledCriteria
    let store: FactStore

    @inline(__always)
    func code(_ slot: Int32, _ subject: Int, _ year: Int) -> Int64 {
        guard subject >= 0 else { return FactStore.missing }
        return store.code(slot: Int(slot), subject: subject, year: year)
    }

    func run(_ index: Int32, _ subject: Int, _ year: Int) -> Outcome {
        let node = program.nodes[Int(index)]
        switch node.op {
        case .flag:
            let value = code(node.a, subject, year)
            if value == FactStore.missing { return .missing }
            return value == node.value ? .passed : .failed
        case .rating:
            let rank = code(node.a, subject, year)
            if rank == FactStore.missing { return .missing }
            return Machine.compareRank(rank, node.b, node.value) ? .passed : .failed
        case .threshold:
            let value = code(node.a, subject, year)
            if value == FactStore.missing { return .missing }
            return Machine.compareValue(value, node.b, node.value) ? .passed : .failed
        case .title:
            let bits = code(node.a, subject, year)
            if bits == FactStore.missing { return .missing }
            return bits & node.value != 0 ? .passed : .failed
        case .members:
            return members(node, subject, year).outcome
        case .allOf:
            var missing = false
            for offset in 0..<Int(node.d) {
                switch run(program.children[Int(node.c) + offset], subject, year) {
                case .failed, .excluded: return .failed
                case .missing: missing = true
                case .passed: break
                }
            }
            return missing ? .missing : .passed
        case .anyOf:
            var missing = false
            for offset in 0..<Int(node.d) {
                switch run(program.children[Int(node.c) + offset], subject, year) {
                case .passed: return .passed
                case .missing: missing = true
                case .failed, .excluded: break
                }
            }
            return missing ? .missing : .failed
        case .atLeast:
            var passed = 0
            var missing = 0
            var mandatoryMissing = false
            for offset in 0..<Int(node.d) {
                switch run(program.children[Int(node.c) + offset], subject, year) {
                case .passed: passed += 1
                case .missing:
                    missing += 1
                    if offset < Int(node.b) { mandatoryMissing = true }
                case .failed, .excluded:
                    if offset < Int(node.b) { return .failed }
                }
            }
            if passed >= Int(node.value), !mandatoryMissing { return .passed }
            if passed + missing < Int(node.value) { return .failed }
            return .missing
        case .history:
            var missing = false
            for back in 0..<Int(node.b) {
                switch run(node.a, subject, year - Int(node.c) - back) {
                case .failed, .excluded: return .failed
                case .missing: missing = true
                case .passed: break
                }
            }
            return missing ? .missing : .passed
        case .points:
            return points(program.grids[Int(node.a)], subject, year).outcome
        case .invalid:
            return .missing
        }
    }

    /// rank ≤ level for at_least (0 is the best), < for better_than, ≥ for at_most, > for worse_than.
    @inline(__always)
    static func compareRank(_ rank: Int64, _ comparison: Int32, _ level: Int64) -> Bool {
        switch comparison {
        case 0: return rank <= level
        case 1: return rank < level
        case 2: return rank >= level
        default: return rank > level
        }
    }

    /// In the order of `ThresholdRule.Comparison.allCases`: ≥, >, ≤, <, =.
    @inline(__always)
    static func compareValue(_ value: Int64, _ comparison: Int32, _ threshold: Int64) -> Bool {
        switch comparison {
        case 0: return value >= threshold
        case 1: return value > threshold
        case 2: return value <= threshold
        case 3: return value < threshold
        default: return value == threshold
        }
    }

    struct MemberCount {
        var members = 0
        var passed = 0
        var missing = 0
        var failed = 0
        var outcome: Outcome = .missing
    }

    /// The positions in `store.subjects.memberList` of the members of unit `subject` (empty for others).
    @inline(__always)
    func memberPositions(_ subject: Int) -> Swift.Range<Int> {
        guard subject >= 0, subject < store.subjectCount else { return 0..<0 }
        return Int(store.subjects.memberStart[subject])..<Int(store.subjects.memberStart[subject + 1])
    }

    /// Whether `member` counts for a members rule (its `member_kinds`).
    @inline(__always)
    func counts(_ member: Int, for node: Node) -> Bool {
        guard node.c != 0 else { return true }
        let kind = store.subjects.personKind[member]
        return kind >= 0 && node.c & (1 << Int32(kind)) != 0
    }

    /// Counts the members' outcomes and decides; `all` stops at the first failure and `none` at
    /// the first pass (the counts are then partial) unless `complete`.
    func members(_ node: Node, _ subject: Int, _ year: Int, complete: Bool = false) -> MemberCount {
        var count = MemberCount()
        let requirement = node.b
        for position in memberPositions(subject) {
            let member = Int(store.subjects.memberList[position])
            guard counts(member, for: node) else { continue }
            count.members += 1
            switch run(node.a, member, year) {
            case .passed: count.passed += 1
            case .missing: count.missing += 1
            case .failed, .excluded: count.failed += 1
            }
            if !complete, (requirement == 0 && count.failed > 0) || (requirement == 1 && count.passed > 0) {
                count.outcome = .failed
                return count
            }
        }
        guard count.members > 0 else {
            count.outcome = .missing
            return count
        }
        switch requirement {
        case 0:
            count.outcome = count.failed > 0 ? .failed : count.missing > 0 ? .missing : .passed
        case 1:
            count.outcome = count.passed > 0 ? .failed : count.missing > 0 ? .missing : .passed
        case 2:
            let share = Percent(ExactDecimal(units: node.value) ?? .zero)
            if share.isReached(by: count.passed, of: count.members) {
                count.outcome = .passed
            } else if !share.isReached(by: count.passed + count.missing, of: count.members) {
                count.outcome = .failed
            } else {
                count.outcome = .missing
            }
        default:
            if count.passed >= Int(node.value) {
                count.outcome = .passed
            } else if count.passed + count.missing < Int(node.value) {
                count.outcome = .failed
            } else {
                count.outcome = .missing
            }
        }
        return count
    }

    // MARK: Point grids

    struct Range {
        var low: Int64
        var high: Int64
    }

    struct GridResult {
        var total: Range
        /// Band ranks (0 best) for the lowest and highest possible totals, after downgrades.
        var worst: Int
        var best: Int
        var outcome: Outcome
    }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.max : -Int64.max) : sum
    }

    /// `a × b` in ten-thousandths, rounded half away from zero, saturating.
    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        guard let left = ExactDecimal(units: a), let right = ExactDecimal(units: b) else { return Int64.max }
        do {
            return try left.multiplied(by: right).units
        } catch {
            return (a < 0) != (b < 0) ? -Int64.max : Int64.max
        }
    }

    func itemRange(_ item: Grid.Item, _ subject: Int, _ year: Int) -> Range {
        var base = Range(low: item.max, high: item.max)
        if item.factSlot >= 0 {
            let value = code(item.factSlot, subject, year)
            if value == FactStore.missing {
                base = Range(low: item.floor, high: item.max)
            } else {
                base = Range(low: min(value, item.max), high: min(value, item.max))
            }
        } else if item.ruleNode >= 0 {
            switch run(item.ruleNode, subject, year) {
            case .passed: base = Range(low: item.max, high: item.max)
            case .failed, .excluded: base = Range(low: 0, high: 0)
            case .missing: base = Range(low: 0, high: item.max)
            }
        }
        var deducted: Int64 = 0
        var unbounded = false
        for deduction in item.deductions {
            let count = code(deduction.slot, subject, year)
            if count == FactStore.missing {
                unbounded = true
            } else {
                deducted = Machine.saturatingAdd(deducted, Machine.multiply(count, deduction.per))
            }
        }
        func clamp(_ value: Int64) -> Int64 { min(max(value, item.floor), item.max) }
        let low = unbounded ? item.floor : clamp(Machine.saturatingAdd(base.low, -deducted))
        let high = clamp(Machine.saturatingAdd(base.high, -deducted))
        return Range(low: min(low, high), high: high)
    }

    func bonusRange(_ bonus: Grid.Bonus, _ subject: Int, _ year: Int) -> Range {
        let value = code(bonus.slot, subject, year)
        if value == FactStore.missing {
            return Range(low: 0, high: bonus.max >= 0 ? bonus.max : Int64.max)
        }
        var points = bonus.per > 0 ? Machine.multiply(value, bonus.per) : value
        points = max(0, points)
        if bonus.max >= 0 { points = min(points, bonus.max) }
        return Range(low: points, high: points)
    }

    func points(_ grid: Grid, _ subject: Int, _ year: Int) -> GridResult {
        var total = Range(low: 0, high: 0)
        for item in grid.items {
            let range = itemRange(item, subject, year)
            total.low = Machine.saturatingAdd(total.low, range.low)
            total.high = Machine.saturatingAdd(total.high, range.high)
        }
        for bonus in grid.bonuses {
            let range = bonusRange(bonus, subject, year)
            total.low = Machine.saturatingAdd(total.low, range.low)
            total.high = Machine.saturatingAdd(total.high, range.high)
        }
        var worst = grid.rank(of: total.low)
        var best = grid.rank(of: total.high)
        if best > worst { swap(&best, &worst) }
        for downgrade in grid.downgrades {
            switch run(downgrade.node, subject, year) {
            case .failed, .excluded:
                worst = max(worst, downgrade.capRank)
                best = max(best, downgrade.capRank)
            case .missing:
                worst = max(worst, downgrade.capRank)
            case .passed:
                break
            }
        }
        let outcome: Outcome = worst <= grid.passRank ? .passed : best > grid.passRank ? .failed : .missing
        return GridResult(total: total, worst: worst, best: best, outcome: outcome)
    }
}
