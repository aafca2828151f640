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
}

/// The judgement of one subject in one period: eligible (passed), failed, missing or excluded,
/// with the explanation tree built when asked for.
public struct Verdict: Sendable {
    public let subject: Subject
    public let period: Period
    public let eligible: Outcome

    let evaluator: Evaluator
    let compiled: CompiledCriteria
    let subjectIndex: Int

    init(subject: Subject, period: Period, eligible: Outcome, evaluator: Evaluator, compiled: CompiledCriteria, subjectIndex: Int) {
        self.subject = subject
        self.period = period
        self.eligible = eligible
        self.evaluator = evaluator
        self.compiled = compiled
        self.subjectIndex = subjectIndex
    }

    private var explainer: Explainer {
        Explainer(machine: Machine(program: compiled, store: evaluator.facts), subjectName: subject.name)
    }

    /// The exclusions, in order: `excluded` when one applies, `passed` when it does not,
    /// `missing` when the data do not tell. Built on each access.
    public var exclusions: [CriterionResult] {
        let explainer = explainer
        return zip(compiled.exclusions, compiled.exclusionRoots).map { exclusion, root in
            var result = explainer.explain(root, subjectIndex, period.year, id: exclusion.id.value, title: exclusion.title)
            switch result.outcome {
            case .passed:
                result.outcome = .excluded
                result.explanation += " → thuộc trường hợp loại trừ"
            case .failed, .excluded:
                result.outcome = .passed
                result.explanation += " → không thuộc trường hợp loại trừ"
            case .missing:
                result.explanation += " → chưa xác định được có thuộc trường hợp loại trừ hay không"
            }
            return result
        }
    }

    /// The criteria, in order, with their parts. Empty when the subject is excluded (criteria are
    /// not evaluated then). Built on each access.
    public var criteria: [CriterionResult] {
        guard eligible != .excluded else { return [] }
        let explainer = explainer
        return zip(compiled.criteria, compiled.criterionRoots).map { criterion, root in
            explainer.explain(root, subjectIndex, period.year, id: criterion.id.value, title: criterion.title)
        }
    }

    // MARK: Text

    /// `ĐẠT`, `KHÔNG ĐẠT`, `KHÔNG ĐỦ DỮ LIỆU`, `KHÔNG XÉT`.
    public var headline: String { eligible.vietnamese.uppercased() }

    /// Every exclusion and criterion with its outcome, explanation and facts (with their sources).
    public var text: String {
        var lines: [String] = []
        lines.append("\(subject.name) (\(subject.id)), \(subject.kind.vietnamese), năm \(period): \(headline)")
        let exclusions = exclusions
        if !exclusions.isEmpty {
            lines.append("  Trường hợp loại trừ:")
            for result in exclusions { Verdict.render(result, depth: 2, into: &lines, exclusion: true) }
        }
        if eligible == .excluded {
            lines.append("  Không xét các tiêu chí: thuộc trường hợp loại trừ.")
        } else {
            lines.append("  Tiêu chí:")
            for result in criteria { Verdict.render(result, depth: 2, into: &lines, exclusion: false) }
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ result: CriterionResult, depth: Int, into lines: inout [String], exclusion: Bool) {
        let indent = String(repeating: "  ", count: depth)
        let mark: String
        if exclusion && depth == 2 {
            mark = result.outcome == .excluded ? "loại trừ" : result.outcome == .passed ? "không" : result.outcome.vietnamese
        } else {
            mark = result.outcome.vietnamese
        }
        lines.append("\(indent)[\(mark)] \(result.id) — \(result.title): \(result.explanation)")
        for fact in result.facts {
            let source = fact.source.map { " (\($0))" } ?? ""
            lines.append("\(indent)    · \(fact.fact) [\(fact.subject), \(fact.period)] = \(fact.display)\(source)")
        }
        for child in result.children { render(child, depth: depth + 1, into: &lines, exclusion: exclusion) }
    }

    // MARK: JSON

    public var json: JSONText {
        .object([
            ("subject", .string(subject.id)), ("name", .string(subject.name)), ("kind", .string(subject.kind.rawValue)),
            ("period", .int(period.year)), ("eligible", .string(eligible.rawValue)),
            ("exclusions", .array(exclusions.map(Verdict.json))), ("criteria", .array(criteria.map(Verdict.json))),
        ])
    }

    static func json(_ result: CriterionResult) -> JSONText {
        .object([
            ("id", .string(result.id)), ("title", .string(result.title)), ("outcome", .string(result.outcome.rawValue)),
            ("explanation", .string(result.explanation)),
            ("facts", .array(result.facts.map { fact in
                .object([
                    ("fact", .string(fact.fact)), ("subject", .string(fact.subject)), ("period", .int(fact.period.year)),
                    ("value", fact.value.map { .string($0.description) } ?? .null), ("display", .string(fact.display)),
                    ("source", fact.source.map { .string($0.description) } ?? .null),
                ])
            })),
            ("children", .array(result.children.map(json))),
        ])
    }

    // MARK: CSV

    /// The columns of ``csvRows``.
    public static let csvHeader = ["period", "subject", "name", "eligible", "part", "id", "title", "outcome", "explanation", "facts"]

    /// One row per exclusion and criterion and each of their parts (ids joined with "/"):
    /// `part` is `exclusion` or `criterion`; `facts` lists `fact[subject,period]=value@source`.
    public var csvRows: [[String]] {
        var rows: [[String]] = []
        func add(_ result: CriterionResult, part: String, path: String) {
            let facts = result.facts.map { fact in
                "\(fact.fact)[\(fact.subject),\(fact.period)]=\(fact.value?.description ?? "")" + (fact.source.map { "@\($0)" } ?? "")
            }
            rows.append([String(period.year), subject.id, subject.name, eligible.rawValue, part, path, result.title,
                         result.outcome.rawValue, result.explanation, facts.joined(separator: "; ")])
            for child in result.children { add(child, part: part, path: path + "/" + child.id) }
        }
        for result in exclusions { add(result, part: "exclusion", path: result.id) }
        for result in criteria { add(result, part: "criterion", path: result.id) }
        if rows.isEmpty {
            rows.append([String(period.year), subject.id, subject.name, eligible.rawValue, "", "", "", "", "", ""])
        }
        return rows
    }

    /// One CSV line (RFC 4180 quoting), without the line break.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            var quoted = "\""
            for character in field {
                if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
            }
            return quoted + "\""
        }.joined(separator: ",")
    }
}

/// Builds explanation trees with the same semantics as ``Machine`` (only for output).
struct Explainer {
    let machine: Machine
    let subjectName: String

    var store: FactStore { machine.store }
    var library: Library { machine.store.library }
    var program: CompiledCriteria { machine.program }

    func subjectID(_ subject: Int) -> String {
        subject >= 0 && subject < store.subjects.ids.count ? store.subjects.ids[subject] : "?"
    }

    func use(_ slot: Int32, _ subject: Int, _ year: Int) -> FactUse {
        let fact = library.facts[Int(slot)]
        let code = machine.code(slot, subject, year)
        let value = store.decode(code, slot: Int(slot))
        return FactUse(fact: fact.id, title: fact.displayTitle, subject: subjectID(subject), period: Period(year), value: value,
                       display: display(value, fact: fact),
                       source: subject >= 0 ? store.source(slot: Int(slot), subject: subject, year: year) : nil)
    }

    func display(_ value: FactValue?, fact: FactDefinition) -> String {
        guard let value else { return "không có dữ liệu" }
        switch value {
        case .flag(let flag): return flag ? "có" : "không"
        case .rating(let level):
            let title = fact.scale.flatMap(library.scale)?.levels.first { $0.id == level }?.title
            return title.map { "\($0) (\(level))" } ?? level
        case .number(let number): return number.formatted
        case .percent(let percent): return percent.formatted
        case .titles(let ids):
            return ids.isEmpty ? "không có danh hiệu" : ids.map { library.title($0)?.title ?? $0 }.joined(separator: ", ")
        }
    }

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

    func explain(_ index: Int32, _ subject: Int, _ year: Int, id: String, title: String? = nil) -> CriterionResult {
        let node = program.nodes[Int(index)]
        let title = title ?? describe(index)
        let outcome = machine.run(index, subject, year)
        var result = CriterionResult(id: id, title: title, outcome: outcome, facts: [], explanation: "", children: [])
        func childResults(_ count: Int32, _ start: Int32) -> [CriterionResult] {
            (0..<Int(count)).map { offset in
                explain(program.children[Int(start) + offset], subject, year, id: String(offset + 1))
            }
        }
        func summary(_ children: [CriterionResult]) -> String {
            let passed = children.filter { $0.outcome == .passed }.count
            let failed = children.filter { $0.outcome == .failed }.count
            let missing = children.filter { $0.outcome == .missing }.count
            var parts = ["\(passed)/\(children.count) đạt"]
            if failed > 0 { parts.append("\(failed) không đạt") }
            if missing > 0 { parts.append("\(missing) không đủ dữ liệu") }
            return parts.joined(separator: ", ")
        }
        switch node.op {
        case .flag, .rating, .threshold, .title:
            let fact = library.facts[Int(node.a)]
            let used = use(node.a, subject, year)
            result.facts = [used]
            let requirement: String
            switch node.op {
            case .flag: requirement = node.value == 1 ? "có" : "không"
            case .rating: requirement = self.requirement(rating: node, fact: fact)
            case .threshold: requirement = self.requirement(threshold: node, fact: fact)
            default: requirement = "có danh hiệu \(titleName(bits: node.value))"
            }
            if used.value == nil {
                result.explanation = "không có dữ liệu (\(fact.id), \(year)); yêu cầu: \(requirement)"
            } else {
                result.explanation = "\(used.display) (\(fact.id), \(year)); yêu cầu: \(requirement)"
            }
        case .members:
            var children: [CriterionResult] = []
            let count = machine.members(node, subject, year) { member, _ in
                children.append(explain(node.a, member, year, id: store.subjects.ids[member], title: store.subjects.names[member]))
            }
            result.children = children
            if count.members == 0 {
                result.explanation = "đơn vị không có thành viên nào thuộc diện xét"
            } else {
                var text = "\(count.passed)/\(count.members) thành viên đạt"
                if let share = Percent(part: count.passed, of: count.members) { text += " (\(share.value.rounded(places: 2).formatted)%)" }
                if count.missing > 0 { text += ", \(count.missing) không đủ dữ liệu" }
                result.explanation = text + "; yêu cầu: \(membersRequirement(node).lowercased()) thành viên"
            }
        case .allOf, .anyOf:
            result.children = childResults(node.d, node.c)
            result.explanation = summary(result.children) + (node.op == .allOf ? "; yêu cầu: tất cả" : "; yêu cầu: ít nhất một")
        case .atLeast:
            var children = childResults(node.d, node.c)
            for offset in 0..<Int(node.b) { children[offset].title += " (bắt buộc)" }
            result.children = children
            result.explanation = summary(children) + "; yêu cầu: ít nhất \(node.value)"
                + (node.b > 0 ? ", trong đó \(node.b) điều kiện bắt buộc" : "")
        case .history:
            let first = year - Int(node.c) - Int(node.b) + 1
            let last = year - Int(node.c)
            result.children = (0..<Int(node.b)).map { back in
                let period = last - back
                return explain(node.a, subject, period, id: String(period), title: "Năm \(period): \(describe(node.a))")
            }.reversed()
            result.explanation = summary(result.children) + "; yêu cầu: đạt liên tục các năm \(first)–\(last)"
        case .points:
            explainPoints(program.grids[Int(node.a)], index, subject, year, into: &result)
        case .invalid:
            result.explanation = "quy tắc có lỗi cấu hình (xem thidua check), không đánh giá được"
        }
        return result
    }

    func points(_ units: Int64) -> String {
        if units == Int64.max { return "∞" }
        return (ExactDecimal(units: units) ?? .zero).formatted
    }

    func explainPoints(_ grid: Grid, _ index: Int32, _ subject: Int, _ year: Int, into result: inout CriterionResult) {
        let rule = program.rules[Int(index)]
        guard case .points(let written) = rule.body else { return }
        var children: [CriterionResult] = []
        for (item, source) in zip(grid.items, written.items) {
            let range = machine.itemRange(item, subject, year)
            var facts: [FactUse] = []
            var parts: [String] = []
            var itemChildren: [CriterionResult] = []
            if item.factSlot >= 0 {
                let used = use(item.factSlot, subject, year)
                facts.append(used)
                parts.append("điểm chấm \(used.display)")
            } else if item.ruleNode >= 0 {
                let child = explain(item.ruleNode, subject, year, id: "dieu-kien")
                parts.append("điều kiện \(child.outcome.vietnamese)")
                itemChildren.append(child)
            }
            for (deduction, written) in zip(item.deductions, source.deductions) {
                let used = use(deduction.slot, subject, year)
                facts.append(used)
                parts.append("trừ \(points(deduction.per)) điểm × \(used.display) \(written.title ?? used.title)")
            }
            let score = range.low == range.high ? points(range.low) : "\(points(range.low))–\(points(range.high))"
            let outcome: Outcome = range.low == range.high ? .passed : .missing
            children.append(CriterionResult(
                id: source.id.value, title: source.title, outcome: outcome, facts: facts,
                explanation: "\(score)/\(points(item.max)) điểm" + (parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")
                    + (item.floor != 0 ? ", tối thiểu \(points(item.floor))" : ""),
                children: itemChildren))
        }
        for (bonus, source) in zip(grid.bonuses, written.bonus) {
            let range = machine.bonusRange(bonus, subject, year)
            let used = use(bonus.slot, subject, year)
            let score = range.low == range.high ? points(range.low) : "\(points(range.low))–\(points(range.high))"
            children.append(CriterionResult(
                id: source.id.value, title: source.title + " (điểm thưởng)", outcome: range.low == range.high ? .passed : .missing,
                facts: [used],
                explanation: "+\(score) điểm" + (bonus.per > 0 ? " (\(points(bonus.per)) điểm × \(used.display))" : "")
                    + (bonus.max >= 0 ? ", tối đa \(points(bonus.max))" : ""),
                children: []))
        }
        let computed = machine.points(grid, subject, year)
        for (downgrade, source) in zip(grid.downgrades, written.downgrades) {
            var child = explain(downgrade.node, subject, year, id: "ha-khung", title: source.title ?? describe(downgrade.node))
            child.explanation += "; nếu không đạt: tối đa khung \(grid.bandTitles[downgrade.capRank])"
            children.append(child)
        }
        result.children = children
        let total = computed.total.low == computed.total.high
            ? "Tổng điểm \(points(computed.total.low))" : "Tổng điểm trong khoảng \(points(computed.total.low))–\(points(computed.total.high))"
        func band(_ rank: Int) -> String { rank < grid.bandTitles.count ? "khung \(grid.bandTitles[rank])" : "ngoài các khung" }
        let bands = computed.best == computed.worst ? band(computed.best) : "\(band(computed.worst)) đến \(band(computed.best))"
        result.explanation = "\(total), xếp \(bands); yêu cầu: từ khung \(grid.bandTitles[grid.passRank]) trở lên"
    }
}
