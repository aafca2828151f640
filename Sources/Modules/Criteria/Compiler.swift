public import ThiDuaCore
import ThiDuaOrganization

/// Criteria and exclusions compiled for fast evaluation: fact ids resolved to slots, levels to
/// ranks, titles to bits, thresholds to ten-thousandths, in flat arrays of plain values. Compile
/// once (``Evaluator/compile(criteria:exclusions:subject:)``), evaluate many subjects.
public final class CompiledCriteria: Sendable {
    public let subject: SubjectKind
    public let criteria: [Criterion]
    public let exclusions: [Exclusion]
    /// Problems found while compiling (the same as ``CriteriaModule/validate(_:exclusions:subject:)``).
    /// A rule with an error evaluates to missing.
    public let diagnostics: [Diagnostic]

    let nodes: [Node]
    let children: [Int32]
    let grids: [Grid]
    /// The rule each node was compiled from (for explanations).
    let rules: [CriterionRule]
    let criterionRoots: [Int32]
    let exclusionRoots: [Int32]

    init(
        subject: SubjectKind, criteria: [Criterion], exclusions: [Exclusion], diagnostics: [Diagnostic], nodes: [Node],
        children: [Int32], grids: [Grid], rules: [CriterionRule], criterionRoots: [Int32], exclusionRoots: [Int32]
    ) {
        self.subject = subject
        self.criteria = criteria
        self.exclusions = exclusions
        self.diagnostics = diagnostics
        self.nodes = nodes
        self.children = children
        self.grids = grids
        self.rules = rules
        self.criterionRoots = criterionRoots
        self.exclusionRoots = exclusionRoots
    }
}

/// One compiled rule: plain values only, so that evaluation copies no references.
struct Node: Sendable {
    enum Op: UInt8, Sendable {
        case flag, rating, threshold, title, members, allOf, anyOf, atLeast, points, history, invalid
    }

    var op: Op
    /// flag/rating/threshold/title: the fact slot; members/history: the child node; points: the grid.
    var a: Int32 = 0
    /// rating/threshold: the comparison; members: the requirement; atLeast: mandatory count; history: years.
    var b: Int32 = 0
    /// allOf/anyOf/atLeast: first index in `children`; members: the member-kind mask; history: years back from the period (0 or 1).
    var c: Int32 = 0
    /// allOf/anyOf/atLeast: number of children.
    var d: Int32 = 0
    /// flag: expected 0/1; rating: rank; threshold: ten-thousandths; title: bit; members: share or count; atLeast: k.
    var value: Int64 = 0
}

/// A compiled point grid.
struct Grid: Sendable {
    struct Item: Sendable {
        var max: Int64
        var floor: Int64
        /// Slot of the scored-points fact, or -1.
        var factSlot: Int32
        /// Node of the all-or-nothing rule, or -1.
        var ruleNode: Int32
        /// (slot of the count fact, points per incident).
        var deductions: [(slot: Int32, per: Int64)]
    }

    struct Bonus: Sendable {
        var slot: Int32
        /// Points per counted item, or 0 when the fact holds the points.
        var per: Int64
        /// Cap, or -1 for none.
        var max: Int64
    }

    var items: [Item]
    var bonuses: [Bonus]
    /// Band lower bounds, best band first (descending).
    var bandFrom: [Int64]
    /// The upper bound of the best band, or nil when unbounded.
    var topTo: Int64?
    var bandIDs: [String]
    var bandTitles: [String]
    /// Rank (index in the bands) needed to pass.
    var passRank: Int
    /// (condition node, the worst rank allowed when it fails).
    var downgrades: [(node: Int32, capRank: Int)]

    /// The rank of the band holding `total` (bands.count when it is in none).
    func rank(of total: Int64) -> Int {
        if let topTo, total >= topTo { return bandFrom.count }
        for (rank, from) in bandFrom.enumerated() where total >= from { return rank }
        return bandFrom.count
    }
}

/// Compiles and validates criteria against a library; every problem is a located diagnostic.
struct Compiler {
    let library: Library
    let subject: SubjectKind
    var nodes: [Node] = []
    var children: [Int32] = []
    var grids: [Grid] = []
    var rules: [CriterionRule] = []
    var diagnostics: [Diagnostic] = []
    /// The single titles fact, when the library has exactly one.
    let defaultTitlesFact: String?

    init(library: Library, subject: SubjectKind) {
        self.library = library
        self.subject = subject
        let titlesFacts = library.facts.filter { $0.type == .titles }
        defaultTitlesFact = titlesFacts.count == 1 ? titlesFacts[0].id : nil
    }

    static func compile(criteria: [Criterion], exclusions: [Exclusion], library: Library, subject: SubjectKind)
        -> CompiledCriteria
    {
        var compiler = Compiler(library: library, subject: subject)
        compiler.checkDuplicates(criteria.map(\.id), what: "criterion")
        compiler.checkDuplicates(exclusions.map(\.id), what: "exclusion")
        let exclusionRoots = exclusions.map { compiler.compile($0.rule, individual: subject == .individual) }
        let criterionRoots = criteria.map { compiler.compile($0.rule, individual: subject == .individual) }
        var diagnostics = compiler.diagnostics
        diagnostics.sortByLocation()
        return CompiledCriteria(
            subject: subject, criteria: criteria, exclusions: exclusions, diagnostics: diagnostics, nodes: compiler.nodes,
            children: compiler.children, grids: compiler.grids, rules: compiler.rules, criterionRoots: criterionRoots,
            exclusionRoots: exclusionRoots)
    }

    mutating func checkDuplicates(_ ids: [Located<String>], what: String) {
        var seen: [String: SourceLocation] = [:]
        for id in ids {
            if let first = seen[id.value] {
                diagnostics.append(
                    .error(
                        "duplicate \(what) id '\(id.value)' (first at \(first))", at: id.location,
                        hint: "give each \(what) of a list its own id"))
            } else {
                seen[id.value] = id.location
            }
        }
    }

    private mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.error(message, at: location, hint: hint))
    }

    private mutating func add(_ node: Node, _ rule: CriterionRule) -> Int32 {
        nodes.append(node)
        rules.append(rule)
        return Int32(nodes.count - 1)
    }

    /// The fact `reference` names, checked against the types the rule accepts.
    private mutating func fact(_ reference: Located<String>, for kind: String, accepts types: [FactType]) -> (
        slot: Int, fact: FactDefinition
    )? {
        guard let slot = library.slot(ofFact: reference.value) else {
            let suggestion = Suggestion.closest(to: reference.value, in: library.facts.map(\.id))
            error(
                "unknown fact '\(reference.value)'", at: reference.location,
                hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'facts:' in the criteria library")
            return nil
        }
        let fact = library.facts[slot]
        guard types.contains(fact.type) else {
            let suitable = suitableKind(for: fact.type)
            error(
                "the fact '\(fact.id)' is a \(fact.type.rawValue) fact; a \(kind) needs a \(types.map(\.rawValue).joined(separator: " or ")) fact",
                at: reference.location, hint: suitable.map { "for a \(fact.type.rawValue) fact use kind: \($0)" })
            return nil
        }
        return (slot, fact)
    }

    private func suitableKind(for type: FactType) -> String? {
        switch type {
        case .rating: return "rating"
        case .flag: return "flag"
        case .number, .percent: return "threshold"
        case .titles: return "title"
        }
    }

    /// The band or level `reference` names among `ids`, with "did you mean".
    private mutating func level(_ reference: Located<String>, in ids: [String], of what: String) -> Int? {
        if let rank = ids.firstIndex(of: reference.value) { return rank }
        let suggestion = Suggestion.closest(to: reference.value, in: ids)
        error(
            "'\(reference.value)' is not a level of \(what)", at: reference.location,
            hint: suggestion.map { "did you mean '\($0)'?" } ?? "write one of: \(ids.joined(separator: ", "))")
        return nil
    }

    mutating func compile(_ rule: CriterionRule, individual: Bool) -> Int32 {
        let invalid = Node(op: .invalid)
        switch rule.body {
        case .flag(let flag):
            guard let (slot, _) = fact(flag.fact, for: "flag rule", accepts: [.flag]) else { return add(invalid, rule) }
            return add(Node(op: .flag, a: Int32(slot), value: flag.expect ? 1 : 0), rule)

        case .rating(let rating):
            guard let (slot, fact) = fact(rating.fact, for: "rating rule", accepts: [.rating]),
                let scale = fact.scale.flatMap(library.scale)
            else { return add(invalid, rule) }
            guard let rank = level(rating.level, in: scale.levels.map(\.id), of: "the scale '\(scale.id)'") else {
                return add(invalid, rule)
            }
            let comparison = RatingRule.Comparison.allCases.firstIndex(of: rating.comparison) ?? 0
            if (rating.comparison == .betterThan && rank == 0)
                || (rating.comparison == .worseThan && rank == scale.levels.count - 1)
            {
                diagnostics.append(
                    .warning(
                        "no level is \(rating.comparison == .betterThan ? "better" : "worse") than '\(rating.level.value)': the rule never passes",
                        at: rating.level.location))
            }
            return add(Node(op: .rating, a: Int32(slot), b: Int32(comparison), value: Int64(rank)), rule)

        case .threshold(let threshold):
            guard let (slot, fact) = fact(threshold.fact, for: "threshold rule", accepts: [.number, .percent]) else {
                return add(invalid, rule)
            }
            let units: Int64
            switch (fact.type, threshold.value.value) {
            case (.number, .number(let number)): units = number.units
            case (.percent, .percent(let percent)): units = percent.value.units
            case (.number, .percent(let percent)):
                error(
                    "the fact '\(fact.id)' is a number; the threshold \(percent) is a percentage", at: threshold.value.location,
                    hint: "write the threshold as a number (\(percent.value)), or declare the fact with 'type: percent'")
                return add(invalid, rule)
            case (_, .number(let number)):
                error(
                    "the fact '\(fact.id)' is a percentage; write the threshold with a percent sign",
                    at: threshold.value.location,
                    hint: "write \(number)%")
                return add(invalid, rule)
            default:
                return add(invalid, rule)
            }
            let comparison = ThresholdRule.Comparison.allCases.firstIndex(of: threshold.comparison) ?? 0
            return add(Node(op: .threshold, a: Int32(slot), b: Int32(comparison), value: units), rule)

        case .title(let title):
            guard let factReference = title.fact ?? defaultTitlesFact.map({ Located($0, at: title.titleID.location) }) else {
                let count = library.facts.filter { $0.type == .titles }.count
                error(
                    count == 0
                        ? "the library declares no titles fact" : "the library declares \(count) titles facts; say which one",
                    at: title.titleID.location,
                    hint: count == 0 ? "add e.g. 'danh_hieu: {type: titles}' under 'facts:'" : "add 'fact:' to the rule")
                return add(invalid, rule)
            }
            guard let (slot, _) = fact(factReference, for: "title rule", accepts: [.titles]) else { return add(invalid, rule) }
            guard let position = library.position(ofTitle: title.titleID.value) else {
                let suggestion = Suggestion.closest(to: title.titleID.value, in: library.titles.map(\.id))
                error(
                    "unknown title '\(title.titleID.value)'", at: title.titleID.location,
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'titles:' in the criteria library")
                return add(invalid, rule)
            }
            return add(Node(op: .title, a: Int32(slot), value: 1 << Int64(position)), rule)

        case .members(let members):
            if individual {
                error(
                    subject == .individual
                        ? "a members rule judges the members of a collective; this list is for individuals"
                        : "a members rule cannot be nested inside another members rule",
                    at: rule.kindLocation, hint: "use members rules in the criteria of collectives only")
                return add(invalid, rule)
            }
            let child = compile(members.rule, individual: true)
            var node = Node(op: .members, a: child)
            switch members.require.value {
            case .all: node.b = 0
            case .none: node.b = 1
            case .atLeastShare(let share):
                node.b = 2
                node.value = share.value.units
            case .atLeastCount(let count):
                node.b = 3
                node.value = Int64(count)
            }
            var mask: Int32 = 0
            for kind in members.memberKinds ?? [] {
                if let index = PersonKinds.index(kind) { mask |= 1 << Int32(index) }
            }
            node.c = mask
            return add(node, rule)

        case .allOf(let items), .anyOf(let items):
            if items.isEmpty {
                error("the list of rules is empty", at: rule.location, hint: "list at least one rule")
            }
            let compiled = items.map { compile($0, individual: individual) }
            let start = Int32(children.count)
            children += compiled
            let op: Node.Op
            if case .allOf = rule.body { op = .allOf } else { op = .anyOf }
            return add(Node(op: op, c: start, d: Int32(compiled.count)), rule)

        case .atLeast(let atLeast):
            let all = atLeast.mandatory + atLeast.rules
            if all.isEmpty {
                error("the at_least rule lists no rules", at: rule.location, hint: "list the rules under 'rules:'")
            } else if atLeast.count.value < 1 || atLeast.count.value > all.count {
                error(
                    "count \(atLeast.count.value) is not between 1 and the number of rules (\(all.count))",
                    at: atLeast.count.location,
                    hint: "the mandatory rules count towards 'count'")
            } else if atLeast.count.value < atLeast.mandatory.count {
                diagnostics.append(
                    .warning(
                        "count \(atLeast.count.value) is below the number of mandatory rules (\(atLeast.mandatory.count))",
                        at: atLeast.count.location, hint: "every mandatory rule must pass anyway"))
            }
            let compiled = all.map { compile($0, individual: individual) }
            let start = Int32(children.count)
            children += compiled
            return add(
                Node(
                    op: .atLeast, b: Int32(atLeast.mandatory.count), c: start, d: Int32(compiled.count),
                    value: Int64(atLeast.count.value)), rule)

        case .history(let history):
            if history.years.value < 1 || history.years.value > 50 {
                error("years must be between 1 and 50", at: history.years.location)
            }
            let child = compile(history.rule, individual: individual)
            return add(
                Node(
                    op: .history, a: child, b: Int32(max(1, min(50, history.years.value))),
                    c: history.upTo == .previous ? 1 : 0), rule)

        case .points(let points):
            guard let grid = compileGrid(points, individual: individual) else { return add(invalid, rule) }
            grids.append(grid)
            return add(Node(op: .points, a: Int32(grids.count - 1)), rule)
        }
    }

    private mutating func compileGrid(_ points: PointsRule, individual: Bool) -> Grid? {
        var valid = true
        var items: [Grid.Item] = []
        var itemIDs: [String: SourceLocation] = [:]
        for item in points.items {
            if let first = itemIDs[item.id.value] {
                error("duplicate item id '\(item.id.value)' (first at \(first))", at: item.id.location)
                valid = false
            } else {
                itemIDs[item.id.value] = item.id.location
            }
            var slot: Int32 = -1
            if let reference = item.fact {
                if let (found, _) = fact(reference, for: "point item", accepts: [.number]) {
                    slot = Int32(found)
                } else {
                    valid = false
                }
            }
            var ruleNode: Int32 = -1
            if let itemRule = item.rule { ruleNode = compile(itemRule, individual: individual) }
            var deductions: [(slot: Int32, per: Int64)] = []
            for deduction in item.deductions {
                if let (found, _) = fact(deduction.fact, for: "deduction", accepts: [.number]) {
                    deductions.append((Int32(found), deduction.per.value.units))
                } else {
                    valid = false
                }
            }
            items.append(
                Grid.Item(
                    max: item.max.value.units, floor: item.floor.value.units, factSlot: slot, ruleNode: ruleNode,
                    deductions: deductions))
        }
        var bonuses: [Grid.Bonus] = []
        for bonus in points.bonus {
            if let first = itemIDs[bonus.id.value] {
                error("duplicate item id '\(bonus.id.value)' (first at \(first))", at: bonus.id.location)
                valid = false
            } else {
                itemIDs[bonus.id.value] = bonus.id.location
            }
            if let (found, _) = fact(bonus.fact, for: "bonus", accepts: [.number]) {
                bonuses.append(
                    Grid.Bonus(slot: Int32(found), per: bonus.per?.value.units ?? 0, max: bonus.max?.value.units ?? -1))
            } else {
                valid = false
            }
        }

        // Bands: ids, scale order, contiguous half-open ranges.
        var bandSeen: [String: SourceLocation] = [:]
        for band in points.bands {
            if let first = bandSeen[band.id.value] {
                error("duplicate band '\(band.id.value)' (first at \(first))", at: band.id.location)
                valid = false
            } else {
                bandSeen[band.id.value] = band.id.location
            }
        }
        if points.bands.isEmpty {
            error("the point grid has no bands", at: points.bandsLocation, hint: "list bands such as {id: kha, from: 80, to: 90}")
            return nil
        }
        let ordered = points.bands.sorted { $0.from.value > $1.from.value }
        if let scaleReference = points.scale {
            if let scale = library.scale(scaleReference.value) {
                let levelIDs = scale.levels.map(\.id)
                var ranks: [Int] = []
                for band in ordered {
                    if let rank = level(band.id, in: levelIDs, of: "the scale '\(scale.id)'") {
                        ranks.append(rank)
                    } else {
                        valid = false
                    }
                }
                if valid, ranks != ranks.sorted() {
                    error(
                        "the bands do not follow the order of the scale '\(scale.id)' (best first: \(levelIDs.joined(separator: ", ")))",
                        at: points.bandsLocation, hint: "a better level needs a higher range")
                    valid = false
                }
            } else {
                let suggestion = Suggestion.closest(to: scaleReference.value, in: library.scales.map(\.id))
                error(
                    "unknown scale '\(scaleReference.value)'", at: scaleReference.location,
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "declare it under 'scales:' in the criteria library")
                valid = false
            }
        }
        for (upper, lower) in zip(ordered, ordered.dropFirst()) {
            guard let lowerTo = lower.to else {
                error(
                    "the band '\(lower.id.value)' has no 'to' but the band '\(upper.id.value)' starts at \(upper.from.value): they overlap",
                    at: lower.from.location, hint: "only the best band may leave out 'to'; write to: \(upper.from.value)")
                valid = false
                continue
            }
            if lowerTo.value < upper.from.value {
                error(
                    "the bands leave a gap: no band holds totals in [\(lowerTo.value), \(upper.from.value))",
                    at: upper.from.location,
                    hint: "make '\(lower.id.value)' end (to) where '\(upper.id.value)' starts (from)")
                valid = false
            } else if lowerTo.value > upper.from.value {
                error(
                    "the bands '\(lower.id.value)' and '\(upper.id.value)' overlap on [\(upper.from.value), \(lowerTo.value))",
                    at: upper.from.location,
                    hint: "bands are half-open ranges [from, to): make '\(lower.id.value)' end where '\(upper.id.value)' starts")
                valid = false
            }
        }
        if let bottom = ordered.last, bottom.from.value > points.minimumTotal {
            error(
                "totals below \(bottom.from.value) fall in no band (the lowest possible total is \(points.minimumTotal))",
                at: bottom.from.location, hint: "let the lowest band start at \(points.minimumTotal)")
            valid = false
        }
        if let top = ordered.first, let to = top.to {
            if let maximum = points.maximumTotal {
                if maximum >= to.value {
                    error(
                        "totals from \(to.value) up fall in no band (the highest possible total is \(maximum))", at: to.location,
                        hint: "leave out 'to' on the best band, or raise it above \(maximum)")
                    valid = false
                }
            } else {
                error(
                    "a bonus without 'max' makes the total unbounded, but the best band ends at \(to.value)", at: to.location,
                    hint: "leave out 'to' on the best band, or cap the bonus with 'max'")
                valid = false
            }
        }
        let bandIDs = ordered.map(\.id.value)
        let passRank = level(points.atLeast, in: bandIDs, of: "the bands of this grid")
        var downgrades: [(node: Int32, capRank: Int)] = []
        for downgrade in points.downgrades {
            let node = compile(downgrade.condition, individual: individual)
            if let cap = level(downgrade.atMost, in: bandIDs, of: "the bands of this grid") {
                downgrades.append((node, cap))
            } else {
                valid = false
            }
        }
        guard valid, let passRank else { return nil }
        let titles: [String] = ordered.map { band in
            band.title ?? points.scale.flatMap { library.scale($0.value) }?.levels.first { $0.id == band.id.value }?.title
                ?? band.id.value
        }
        return Grid(
            items: items, bonuses: bonuses, bandFrom: ordered.map(\.from.value.units), topTo: ordered.first?.to?.value.units,
            bandIDs: bandIDs, bandTitles: titles, passRank: passRank, downgrades: downgrades)
    }
}

/// Positions of person kinds in `Person.Kind.allCases` (the member-kind mask bits).
enum PersonKinds {
    static func index(_ kind: Person.Kind) -> Int? { Person.Kind.allCases.firstIndex(of: kind) }
}
