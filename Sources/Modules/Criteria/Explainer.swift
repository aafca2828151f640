import ThiDuaCore

/// What a members rule shows when its members are summed up instead of listed one by one
/// (the default of `thidua evaluate` and `thidua criteria evaluate`; `--members` lists them).
public struct MemberSummary: Sendable, Hashable {
    /// How many member ids each list names at most.
    public static let listLimit = 10

    /// The members counted (after `member_kinds`).
    public var members: Int
    public var passed: Int
    public var failed: Int
    public var missing: Int
    /// The members that go against the requirement: those that failed the inner rule, or for
    /// `require: none` those that passed it.
    public var listedOutcome: Outcome
    /// The first ``listLimit`` of them, in roster order.
    public var listed: [String]
    /// The first ``listLimit`` members whose outcome is missing, in roster order.
    public var missingSubjects: [String]
    /// The facts the inner rule reads, with how many members have them.
    public var facts: [MemberFacts]
}

/// How many members of a collective have a fact in a period.
public struct MemberFacts: Sendable, Hashable {
    public var fact: String
    public var period: Period
    public var known: Int
    public var missing: Int
    /// The first ``MemberSummary/listLimit`` members without it, in roster order.
    public var missingSubjects: [String]
}

/// A fact an explanation used: its slot, whose (dense subject index) and which year.
struct FactRef {
    var slot: Int32
    var subject: Int
    var year: Int
}

/// Receives an explanation as it is made: a node (with its explanation and facts), then its
/// children, then ``close()``. Text, CSV and JSON writers stream it; ``TreeSink`` builds
/// ``CriterionResult`` trees.
protocol ExplanationSink {
    mutating func open(
        id: String, title: String, outcome: Outcome, explanation: OutputBuffer, facts: [FactRef],
        members: MemberSummary?, plan: RenderPlan)
    mutating func close()
}

/// The texts of a compiled program and library that do not depend on the subject, made once
/// for many subjects: node descriptions and requirements, level titles, fact ids.
final class RenderPlan {
    let program: CompiledCriteria
    let store: FactStore
    let library: Library
    /// Per node: the rule's label or a generated description.
    let descriptions: [String]
    /// Per node (flag, rating, threshold, title): "từ mức … trở lên", "≥ 100%", "có danh hiệu …".
    let requirements: [String]
    /// Per node (members): "tất cả", "không có", "ít nhất 70%", "ít nhất 3".
    let memberRequirements: [String]
    /// Per node (members): the (fact slot, years back) its inner rule reads.
    let memberFacts: [[(slot: Int32, back: Int)]]
    let factIDs: [String]
    let factTitles: [String]
    /// Per fact slot (ratings): "Hoàn thành xuất sắc nhiệm vụ (htxsnv)" and "htxsnv" by rank.
    let levelDisplays: [[String]]
    let levelIDs: [[String]]

    init(program: CompiledCriteria, store: FactStore) {
        self.program = program
        self.store = store
        let library = store.library
        self.library = library
        factIDs = library.facts.map(\.id)
        factTitles = library.facts.map(\.displayTitle)
        var levelDisplays: [[String]] = []
        var levelIDs: [[String]] = []
        for fact in library.facts {
            let levels = fact.type == .rating ? fact.scale.flatMap(library.scale)?.levels ?? [] : []
            levelDisplays.append(levels.map { "\($0.title) (\($0.id))" })
            levelIDs.append(levels.map(\.id))
        }
        self.levelDisplays = levelDisplays
        self.levelIDs = levelIDs
        let texts = NodeTexts(program: program, library: library)
        descriptions = program.nodes.indices.map { texts.describe(Int32($0)) }
        requirements = program.nodes.indices.map { texts.requirement(Int32($0)) }
        memberRequirements = program.nodes.map { $0.op == .members ? texts.membersRequirement($0).lowercased() : "" }
        memberFacts = program.nodes.map { node in
            var list: [(slot: Int32, back: Int)] = []
            if node.op == .members { texts.collectFacts(node.a, back: 0, into: &list) }
            return list
        }
    }

    func subjectID(_ subject: Int) -> String {
        subject >= 0 && subject < store.subjects.ids.count ? store.subjects.ids[subject] : "?"
    }

    @inline(__always)
    func code(_ fact: FactRef) -> Int64 {
        fact.subject >= 0 ? store.code(slot: Int(fact.slot), subject: fact.subject, year: fact.year) : FactStore.missing
    }

    /// The value as Vietnamese text: "Hoàn thành xuất sắc nhiệm vụ (htxsnv)", "không", "95,5%",
    /// "không có dữ liệu" (exactly what ``FactUse/display`` holds).
    func writeDisplay(_ code: Int64, slot: Int32, into out: inout OutputBuffer) {
        let slot = Int(slot)
        guard code != FactStore.missing else { return out.append("không có dữ liệu") }
        switch library.facts[slot].type {
        case .flag: out.append(code != 0 ? "có" : "không")
        case .rating:
            let levels = levelDisplays[slot]
            if code >= 0 && code < levels.count { out.append(levels[Int(code)]) } else { out.append("không có dữ liệu") }
        case .number: out.append(ExactDecimal(units: code) ?? .zero, vietnamese: true)
        case .percent:
            out.append(ExactDecimal(units: code) ?? .zero, vietnamese: true)
            out.append(byte: UInt8(ascii: "%"))
        case .titles:
            var first = true
            for (position, title) in library.titles.enumerated() where code & (1 << Int64(position)) != 0 {
                if !first { out.append(", ") }
                out.append(title.title)
                first = false
            }
            if first { out.append("không có danh hiệu") }
        }
    }

    /// The value as data files write it (``FactValue/description``); false when it is missing.
    @discardableResult
    func writeValue(_ code: Int64, slot: Int32, into out: inout OutputBuffer) -> Bool {
        let slot = Int(slot)
        guard code != FactStore.missing else { return false }
        switch library.facts[slot].type {
        case .flag: out.append(code != 0 ? "true" : "false")
        case .rating:
            let levels = levelIDs[slot]
            guard code >= 0 && code < levels.count else { return false }
            out.append(levels[Int(code)])
        case .number: out.append(ExactDecimal(units: code) ?? .zero, vietnamese: false)
        case .percent:
            out.append(ExactDecimal(units: code) ?? .zero, vietnamese: false)
            out.append(byte: UInt8(ascii: "%"))
        case .titles:
            var first = true
            for (position, title) in library.titles.enumerated() where code & (1 << Int64(position)) != 0 {
                if !first { out.append(byte: UInt8(ascii: ";")) }
                out.append(title.id)
                first = false
            }
        }
        return true
    }

    /// `file:line:col` where the value was written; false when there is none.
    @discardableResult
    func writeSource(_ fact: FactRef, into out: inout OutputBuffer) -> Bool {
        guard let source = store.sourceParts(slot: Int(fact.slot), subject: fact.subject, year: fact.year) else { return false }
        out.append(source.file)
        if source.line > 0 {
            out.append(byte: UInt8(ascii: ":"))
            out.append(source.line)
            out.append(byte: UInt8(ascii: ":"))
            out.append(source.column)
        }
        return true
    }

    /// The fact as ``FactUse`` (for ``TreeSink``).
    func use(_ fact: FactRef) -> FactUse {
        let code = code(fact)
        let definition = library.facts[Int(fact.slot)]
        let value = store.decode(code, slot: Int(fact.slot))
        var display = OutputBuffer()
        writeDisplay(code, slot: fact.slot, into: &display)
        return FactUse(
            fact: definition.id, title: definition.displayTitle, subject: subjectID(fact.subject), period: Period(fact.year),
            value: value, display: display.text,
            source: fact.subject >= 0 ? store.source(slot: Int(fact.slot), subject: fact.subject, year: fact.year) : nil)
    }
}

/// Descriptions of compiled rules in Vietnamese (made once per program by ``RenderPlan``).
struct NodeTexts {
    let program: CompiledCriteria
    let library: Library

    func levelTitle(_ fact: FactDefinition, rank: Int64) -> String {
        guard let scale = fact.scale.flatMap(library.scale), rank >= 0, rank < scale.levels.count else { return "?" }
        return scale.levels[Int(rank)].title
    }

    /// A short Vietnamese description of what a rule asks.
    func describe(_ index: Int32) -> String {
        let node = program.nodes[Int(index)]
        let rule = program.rules[Int(index)]
        if let label = rule.label { return label }
        switch node.op {
        case .flag:
            let fact = library.facts[Int(node.a)]
            return "\(fact.displayTitle): \(node.value == 1 ? "có" : "không")"
        case .rating:
            let fact = library.facts[Int(node.a)]
            return "\(fact.displayTitle) \(requirement(rating: node, fact: fact))"
        case .threshold:
            let fact = library.facts[Int(node.a)]
            return "\(fact.displayTitle) \(requirement(threshold: node, fact: fact))"
        case .title:
            return "Đạt danh hiệu \(titleName(bits: node.value))"
        case .members:
            return "\(membersRequirement(node)) thành viên: \(describe(node.a))"
        case .allOf: return "Đạt tất cả \(node.d) điều kiện"
        case .anyOf: return "Đạt ít nhất một trong \(node.d) điều kiện"
        case .atLeast: return "Đạt ít nhất \(node.value) trong \(node.d) điều kiện"
        case .points:
            let grid = program.grids[Int(node.a)]
            return "Chấm điểm, yêu cầu từ khung \(grid.bandTitles[grid.passRank]) trở lên"
        case .history:
            return "\(node.b) năm liên tục: \(describe(node.a))"
        case .invalid:
            return "Quy tắc có lỗi cấu hình"
        }
    }

    /// What a fact rule requires, as its explanation says it ("" for other rules).
    func requirement(_ index: Int32) -> String {
        let node = program.nodes[Int(index)]
        switch node.op {
        case .flag: return node.value == 1 ? "có" : "không"
        case .rating: return requirement(rating: node, fact: library.facts[Int(node.a)])
        case .threshold: return requirement(threshold: node, fact: library.facts[Int(node.a)])
        case .title: return "có danh hiệu \(titleName(bits: node.value))"
        default: return ""
        }
    }

    func requirement(rating node: Node, fact: FactDefinition) -> String {
        let level = levelTitle(fact, rank: node.value)
        switch node.b {
        case 0: return "từ mức \(level) trở lên"
        case 1: return "cao hơn mức \(level)"
        case 2: return "từ mức \(level) trở xuống"
        default: return "thấp hơn mức \(level)"
        }
    }

    func requirement(threshold node: Node, fact: FactDefinition) -> String {
        let symbol = ThresholdRule.Comparison.allCases[Int(node.b)].symbol
        let value = ExactDecimal(units: node.value) ?? .zero
        return "\(symbol) \(fact.type == .percent ? Percent(value).formatted : value.formatted)"
    }

    func titleName(bits: Int64) -> String {
        let names = library.titles.indices.filter { bits & (1 << Int64($0)) != 0 }.map { library.titles[$0].title }
        return names.joined(separator: ", ")
    }

    func membersRequirement(_ node: Node) -> String {
        switch node.b {
        case 0: return "Tất cả"
        case 1: return "Không có"
        case 2: return "Ít nhất \(Percent(ExactDecimal(units: node.value) ?? .zero).formatted)"
        default: return "Ít nhất \(node.value)"
        }
    }

    /// The (fact slot, years back) that rule `index` reads, in order, without repeats.
    func collectFacts(_ index: Int32, back: Int, into list: inout [(slot: Int32, back: Int)]) {
        func add(_ slot: Int32, _ back: Int) {
            if !list.contains(where: { $0.slot == slot && $0.back == back }) { list.append((slot, back)) }
        }
        let node = program.nodes[Int(index)]
        switch node.op {
        case .flag, .rating, .threshold, .title: add(node.a, back)
        case .members: collectFacts(node.a, back: back, into: &list)
        case .allOf, .anyOf, .atLeast:
            for offset in 0..<Int(node.d) { collectFacts(program.children[Int(node.c) + offset], back: back, into: &list) }
        case .history:
            for year in 0..<Int(node.b) { collectFacts(node.a, back: back + Int(node.c) + year, into: &list) }
        case .points:
            let grid = program.grids[Int(node.a)]
            for item in grid.items {
                if item.factSlot >= 0 { add(item.factSlot, back) }
                if item.ruleNode >= 0 { collectFacts(item.ruleNode, back: back, into: &list) }
                for deduction in item.deductions { add(deduction.slot, back) }
            }
            for bonus in grid.bonuses { add(bonus.slot, back) }
            for downgrade in grid.downgrades { collectFacts(downgrade.node, back: back, into: &list) }
        case .invalid: break
        }
    }
}

/// Explains compiled rules for one subject with the same semantics as ``Machine``, node by node
/// into an ``ExplanationSink``: the explanation of each node is written into a reused buffer, its
/// facts into a reused list, and nothing is kept once the sink has it.
struct Explainer {
    let plan: RenderPlan
    let machine: Machine
    /// Members rules list every member as its own node (`--members`) instead of summing up.
    let listMembers: Bool
    var text = OutputBuffer()
    var facts: [FactRef] = []

    /// What the caller adds to a node: exclusions turn "passed" into "excluded", downgrades say what failing costs.
    enum Adjustment {
        case none
        case exclusion
        case suffix(String)
    }

    init(plan: RenderPlan, listMembers: Bool) {
        self.plan = plan
        machine = Machine(program: plan.program, store: plan.store)
        self.listMembers = listMembers
    }

    var program: CompiledCriteria { plan.program }

    /// "2/3 đạt, 1 không đạt".
    mutating func writeSummary(passed: Int, failed: Int, missing: Int, of count: Int) {
        text.append(passed)
        text.append(byte: UInt8(ascii: "/"))
        text.append(count)
        text.append(" đạt")
        if failed > 0 {
            text.append(", ")
            text.append(failed)
            text.append(" không đạt")
        }
        if missing > 0 {
            text.append(", ")
            text.append(missing)
            text.append(" không đủ dữ liệu")
        }
    }

    mutating func writeIDs(_ ids: [String], total: Int) {
        for (offset, id) in ids.enumerated() {
            if offset > 0 { text.append(", ") }
            text.append(id)
        }
        if total > ids.count { text.append(", …") }
    }

    func points(_ units: Int64) -> String {
        if units == Int64.max { return "∞" }
        return (ExactDecimal(units: units) ?? .zero).formatted
    }

    /// Explains node `index` for `subject` in `year` into `sink`; `decided` is its outcome when
    /// the evaluation already knows it.
    mutating func explain<S: ExplanationSink>(
        _ index: Int32, _ subject: Int, _ year: Int, id: String, title: String? = nil, adjustment: Adjustment = .none,
        decided: Outcome? = nil, into sink: inout S
    ) {
        let node = program.nodes[Int(index)]
        var outcome = decided ?? machine.run(index, subject, year)
        text.removeAll()
        facts.removeAll(keepingCapacity: true)
        var summary: MemberSummary?
        switch node.op {
        case .flag, .rating, .threshold, .title:
            let fact = FactRef(slot: node.a, subject: subject, year: year)
            facts.append(fact)
            plan.writeDisplay(plan.code(fact), slot: node.a, into: &text)
            text.append(" (")
            text.append(plan.factIDs[Int(node.a)])
            text.append(", ")
            text.append(year)
            text.append("); yêu cầu: ")
            text.append(plan.requirements[Int(index)])
        case .members:
            summary = explainMembers(node, index, subject, year)
        case .allOf, .anyOf, .atLeast:
            var passed = 0, failed = 0, missing = 0
            for offset in 0..<Int(node.d) {
                switch machine.run(program.children[Int(node.c) + offset], subject, year) {
                case .passed: passed += 1
                case .failed: failed += 1
                case .missing: missing += 1
                case .excluded: break
                }
            }
            writeSummary(passed: passed, failed: failed, missing: missing, of: Int(node.d))
            switch node.op {
            case .allOf: text.append("; yêu cầu: tất cả")
            case .anyOf: text.append("; yêu cầu: ít nhất một")
            default:
                text.append("; yêu cầu: ít nhất ")
                text.append(Int(node.value))
                if node.b > 0 {
                    text.append(", trong đó ")
                    text.append(Int(node.b))
                    text.append(" điều kiện bắt buộc")
                }
            }
        case .history:
            let first = year - Int(node.c) - Int(node.b) + 1
            let last = year - Int(node.c)
            var passed = 0, failed = 0, missing = 0
            for back in 0..<Int(node.b) {
                switch machine.run(node.a, subject, last - back) {
                case .passed: passed += 1
                case .failed: failed += 1
                case .missing: missing += 1
                case .excluded: break
                }
            }
            writeSummary(passed: passed, failed: failed, missing: missing, of: Int(node.b))
            text.append("; yêu cầu: đạt liên tục các năm \(first)–\(last)")
        case .points:
            explainPointsTotal(program.grids[Int(node.a)], subject, year)
        case .invalid:
            text.append("quy tắc có lỗi cấu hình (xem thidua check), không đánh giá được")
        }
        switch adjustment {
        case .none: break
        case .exclusion:
            switch outcome {
            case .passed:
                outcome = .excluded
                text.append(" → thuộc trường hợp loại trừ")
            case .failed, .excluded:
                outcome = .passed
                text.append(" → không thuộc trường hợp loại trừ")
            case .missing:
                text.append(" → chưa xác định được có thuộc trường hợp loại trừ hay không")
            }
        case .suffix(let suffix):
            text.append(suffix)
        }
        sink.open(
            id: id, title: title ?? plan.descriptions[Int(index)], outcome: outcome, explanation: text, facts: facts,
            members: summary, plan: plan)
        switch node.op {
        case .members where listMembers:
            let names = plan.store.subjects.names
            let ids = plan.store.subjects.ids
            for position in machine.memberPositions(subject) {
                let member = Int(plan.store.subjects.memberList[position])
                guard machine.counts(member, for: node) else { continue }
                explain(node.a, member, year, id: ids[member], title: names[member], into: &sink)
            }
        case .allOf, .anyOf, .atLeast:
            for offset in 0..<Int(node.d) {
                let child = program.children[Int(node.c) + offset]
                let title = node.op == .atLeast && offset < Int(node.b) ? plan.descriptions[Int(child)] + " (bắt buộc)" : nil
                explain(child, subject, year, id: String(offset + 1), title: title, into: &sink)
            }
        case .history:
            let last = year - Int(node.c)
            for back in (0..<Int(node.b)).reversed() {
                let period = last - back
                explain(
                    node.a, subject, period, id: String(period), title: "Năm \(period): \(plan.descriptions[Int(node.a)])",
                    into: &sink)
            }
        case .points:
            explainPointsParts(program.grids[Int(node.a)], index, subject, year, into: &sink)
        default:
            break
        }
        sink.close()
    }

    /// Writes a members rule's explanation; with the members summed up, returns the summary.
    mutating func explainMembers(_ node: Node, _ index: Int32, _ subject: Int, _ year: Int) -> MemberSummary? {
        let table = plan.store.subjects
        let limit = MemberSummary.listLimit
        let againstPassed = node.b == 1  // require: none lists the members that passed
        var count = Machine.MemberCount()
        var listed: [String] = []
        var missingSubjects: [String] = []
        let factReads = listMembers ? [] : plan.memberFacts[Int(index)]
        var known = [Int](repeating: 0, count: factReads.count)
        var factMissing = [[String]](repeating: [], count: factReads.count)
        var factMissingCount = [Int](repeating: 0, count: factReads.count)
        if listMembers {
            count = machine.members(node, subject, year, complete: true)
        } else {
            for position in machine.memberPositions(subject) {
                let member = Int(table.memberList[position])
                guard machine.counts(member, for: node) else { continue }
                count.members += 1
                switch machine.run(node.a, member, year) {
                case .passed:
                    count.passed += 1
                    if againstPassed && listed.count < limit { listed.append(table.ids[member]) }
                case .missing:
                    count.missing += 1
                    if missingSubjects.count < limit { missingSubjects.append(table.ids[member]) }
                case .failed, .excluded:
                    count.failed += 1
                    if !againstPassed && listed.count < limit { listed.append(table.ids[member]) }
                }
                for (offset, read) in factReads.enumerated() {
                    if machine.code(read.slot, member, year - read.back) == FactStore.missing {
                        factMissingCount[offset] += 1
                        if factMissing[offset].count < limit { factMissing[offset].append(table.ids[member]) }
                    } else {
                        known[offset] += 1
                    }
                }
            }
        }
        if count.members == 0 {
            text.append("đơn vị không có thành viên nào thuộc diện xét")
        } else {
            writeSummaryOfMembers(
                count, listed: listMembers ? nil : (listed, againstPassed), missing: listMembers ? nil : missingSubjects)
            text.append("; yêu cầu: ")
            text.append(plan.memberRequirements[Int(index)])
            text.append(" thành viên")
        }
        guard !listMembers else { return nil }
        return MemberSummary(
            members: count.members, passed: count.passed, failed: count.failed, missing: count.missing,
            listedOutcome: againstPassed ? .passed : .failed, listed: listed, missingSubjects: missingSubjects,
            facts: count.members == 0
                ? []
                : factReads.indices.map { offset in
                    MemberFacts(
                        fact: plan.factIDs[Int(factReads[offset].slot)], period: Period(year - factReads[offset].back),
                        known: known[offset], missing: factMissingCount[offset], missingSubjects: factMissing[offset])
                })
    }

    /// "18/41 thành viên đạt (43,9%), 1 không đủ dữ liệu (p000123), 22 không đạt (p000124, …)".
    mutating func writeSummaryOfMembers(_ count: Machine.MemberCount, listed: (ids: [String], passed: Bool)?, missing: [String]?)
    {
        text.append(count.passed)
        text.append(byte: UInt8(ascii: "/"))
        text.append(count.members)
        text.append(" thành viên đạt")
        if let share = Percent(part: count.passed, of: count.members) {
            text.append(" (")
            text.append(share.value.rounded(places: 2), vietnamese: true)
            text.append("%)")
        }
        if let listed, listed.passed, count.passed > 0 {
            text.append(" (")
            writeIDs(listed.ids, total: count.passed)
            text.append(")")
        }
        if count.missing > 0 {
            text.append(", ")
            text.append(count.missing)
            text.append(" không đủ dữ liệu")
            if let missing {
                text.append(" (")
                writeIDs(missing, total: count.missing)
                text.append(")")
            }
        }
        if let listed, !listed.passed, count.failed > 0 {
            text.append(", ")
            text.append(count.failed)
            text.append(" không đạt (")
            writeIDs(listed.ids, total: count.failed)
            text.append(")")
        }
    }

    // MARK: Point grids

    mutating func explainPointsTotal(_ grid: Grid, _ subject: Int, _ year: Int) {
        let computed = machine.points(grid, subject, year)
        let total =
            computed.total.low == computed.total.high
            ? "Tổng điểm \(points(computed.total.low))"
            : "Tổng điểm trong khoảng \(points(computed.total.low))–\(points(computed.total.high))"
        func band(_ rank: Int) -> String { rank < grid.bandTitles.count ? "khung \(grid.bandTitles[rank])" : "ngoài các khung" }
        let bands = computed.best == computed.worst ? band(computed.best) : "\(band(computed.worst)) đến \(band(computed.best))"
        text.append("\(total), xếp \(bands); yêu cầu: từ khung \(grid.bandTitles[grid.passRank]) trở lên")
    }

    func display(_ fact: FactRef) -> String {
        var out = OutputBuffer()
        plan.writeDisplay(plan.code(fact), slot: fact.slot, into: &out)
        return out.text
    }

    mutating func explainPointsParts<S: ExplanationSink>(
        _ grid: Grid, _ index: Int32, _ subject: Int, _ year: Int, into sink: inout S
    ) {
        let rule = program.rules[Int(index)]
        guard case .points(let written) = rule.body else { return }
        for (item, source) in zip(grid.items, written.items) {
            let range = machine.itemRange(item, subject, year)
            var itemFacts: [FactRef] = []
            var parts: [String] = []
            if item.factSlot >= 0 {
                let used = FactRef(slot: item.factSlot, subject: subject, year: year)
                itemFacts.append(used)
                parts.append("điểm chấm \(display(used))")
            } else if item.ruleNode >= 0 {
                parts.append("điều kiện \(machine.run(item.ruleNode, subject, year).vietnamese)")
            }
            for (deduction, written) in zip(item.deductions, source.deductions) {
                let used = FactRef(slot: deduction.slot, subject: subject, year: year)
                itemFacts.append(used)
                parts.append(
                    "trừ \(points(deduction.per)) điểm × \(display(used)) \(written.title ?? plan.factTitles[Int(deduction.slot)])"
                )
            }
            let score = range.low == range.high ? points(range.low) : "\(points(range.low))–\(points(range.high))"
            text.removeAll()
            text.append(
                "\(score)/\(points(item.max)) điểm" + (parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")
                    + (item.floor != 0 ? ", tối thiểu \(points(item.floor))" : ""))
            sink.open(
                id: source.id.value, title: source.title, outcome: range.low == range.high ? .passed : .missing,
                explanation: text, facts: itemFacts, members: nil, plan: plan)
            if item.factSlot < 0 && item.ruleNode >= 0 {
                explain(item.ruleNode, subject, year, id: "dieu-kien", into: &sink)
            }
            sink.close()
        }
        for (bonus, source) in zip(grid.bonuses, written.bonus) {
            let range = machine.bonusRange(bonus, subject, year)
            let used = FactRef(slot: bonus.slot, subject: subject, year: year)
            let score = range.low == range.high ? points(range.low) : "\(points(range.low))–\(points(range.high))"
            text.removeAll()
            text.append(
                "+\(score) điểm" + (bonus.per > 0 ? " (\(points(bonus.per)) điểm × \(display(used)))" : "")
                    + (bonus.max >= 0 ? ", tối đa \(points(bonus.max))" : ""))
            sink.open(
                id: source.id.value, title: source.title + " (điểm thưởng)",
                outcome: range.low == range.high ? .passed : .missing,
                explanation: text, facts: [used], members: nil, plan: plan)
            sink.close()
        }
        for (downgrade, source) in zip(grid.downgrades, written.downgrades) {
            explain(
                downgrade.node, subject, year, id: "ha-khung", title: source.title ?? plan.descriptions[Int(downgrade.node)],
                adjustment: .suffix("; nếu không đạt: tối đa khung \(grid.bandTitles[downgrade.capRank])"), into: &sink)
        }
    }
}
