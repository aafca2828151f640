import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

/// A deterministic generator (64-bit LCG), so that failures can be reproduced.
struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// One person's facts in one year, as the reference evaluator reads them (nil = missing).
struct PersonYear {
    var rating: Int?  // rank, 0 = htxsnv
    var disciplined: Bool?
    var underReview: Bool?
    var months: Int?
    var titles: Set<String>?
    var initiatives: Int?
    var scoreTenths: Int?  // diem_a in tenths
    var violations: Int?
}

let levels = ["htxsnv", "httnv", "htnv", "khtnv"]

/// A generated organization of 2,000 people in 50 units, with facts for 2022–2024 (about 10 % missing).
struct GeneratedWorld {
    var organization: Organization
    var data: [String: [Int: PersonYear]] = [:]
    var unitRating: [String: Int?] = [:]
    var records: [FactRecord] = []

    init(people count: Int = 2_000, units unitCount: Int = 50) {
        var random = Generator(state: 2024)
        let here = SourceLocation.file("generated")
        let units = (0..<unitCount).map { Unit(id: "u\($0)", name: "Đơn vị \($0)", kind: .division, head: nil, location: here) }
        var people: [Person] = []
        for index in 0..<count {
            let kind: Person.Kind = random.next(10) == 0 ? .worker : .civilServant
            people.append(
                Person(
                    id: "p\(index)", fullName: "Người \(index)", unit: "u\(random.next(unitCount))", position: nil, kind: kind,
                    email: nil, phone: nil, location: here))
        }
        organization = Organization(
            agency: Agency(name: "Sở", superior: nil, symbol: "S", place: "X"), units: units, people: people)
        func maybe<T>(_ value: T) -> T? { random.next(10) == 0 ? nil : value }
        for person in people {
            for year in 2022...2024 {
                var titles: Set<String> = []
                if random.next(3) > 0 { titles.insert("ldtt") }
                if random.next(4) == 0 { titles.insert("cstd-co-so") }
                let facts = PersonYear(
                    rating: maybe(random.next(4) == 0 ? random.next(4) : random.next(2)),
                    disciplined: maybe(random.next(12) == 0),
                    underReview: maybe(random.next(30) == 0), months: maybe(6 + random.next(7)), titles: maybe(titles),
                    initiatives: maybe(random.next(4)), scoreTenths: maybe(random.next(451)), violations: maybe(random.next(6)))
                data[person.id, default: [:]][year] = facts
                add(person.id, year, facts)
            }
        }
        for unit in units {
            let rating: Int? = random.next(10) == 0 ? nil : random.next(3)
            unitRating[unit.id] = rating
            if let rating {
                records.append(
                    FactRecord(subject: unit.id, fact: "xep_loai", period: 2024, value: .rating(levels[rating]), source: here))
            }
        }
    }

    mutating func add(_ subject: String, _ year: Int, _ facts: PersonYear) {
        let here = SourceLocation(file: "generated", line: 1, column: 1)
        func put(_ fact: String, _ value: FactValue?) {
            if let value {
                records.append(FactRecord(subject: subject, fact: fact, period: Period(year), value: value, source: here))
            }
        }
        put("xep_loai", facts.rating.map { .rating(levels[$0]) })
        put("ky_luat", facts.disciplined.map { .flag($0) })
        put("dang_xem_xet", facts.underReview.map { .flag($0) })
        put("so_thang_cong_tac", facts.months.map { .number(ExactDecimal($0)) })
        put("danh_hieu", facts.titles.map { titles in .titles(["ldtt", "cstd-co-so"].filter { titles.contains($0) }) })
        put("so_sang_kien", facts.initiatives.map { .number(ExactDecimal($0)) })
        put("diem_a", facts.scoreTenths.map { .number((try? ExactDecimal($0).divided(by: 10)) ?? .zero) })
        put("so_vi_pham", facts.violations.map { .number(ExactDecimal($0)) })
    }
}

/// The criteria of the scale test, written as a clerk would.
let individualCriteria = """
    - {id: c1, title: HTTNV trở lên, rule: {kind: rating, fact: xep_loai, at_least: httnv}}
    - {id: c2, title: Đủ 10 tháng, rule: {kind: threshold, fact: so_thang_cong_tac, at_least: 10}}
    - {id: c3, title: Không vi phạm, rule: {kind: flag, fact: ky_luat, expect: false}}
    - {id: c4, title: LĐTT, rule: {kind: title, title: ldtt}}
    - {id: c5, title: HTXSNV hoặc sáng kiến, rule: {kind: any_of, rules: [{kind: rating, fact: xep_loai, at_least: htxsnv}, {kind: threshold, fact: so_sang_kien, at_least: 1}]}}
    - id: c6
      title: 2 trong 4, không vi phạm bắt buộc
      rule:
        kind: at_least
        count: 2
        mandatory: [{kind: flag, fact: ky_luat, expect: false}]
        rules: [{kind: rating, fact: xep_loai, at_least: htxsnv}, {kind: title, title: cstd-co-so}, {kind: threshold, fact: so_sang_kien, at_least: 2}]
    - {id: c7, title: 2 năm HTXSNV, rule: {kind: history, fact: xep_loai, at_least: htxsnv, years: 2}}
    - {id: c8, title: 2 năm CSTĐ đến năm trước, rule: {kind: history, title: cstd-co-so, years: 2, up_to: previous}}
    - id: c9
      title: Chấm điểm
      rule:
        kind: points
        items:
          - {id: a, title: A, max: 40, fact: diem_a}
          - {id: b, title: B, max: 40, deductions: [{fact: so_vi_pham, per: 2.5}], floor: 10}
        bonus: [{id: s, title: S, fact: so_sang_kien, per: 2, max: 5}]
        bands: [{id: tot, from: 80}, {id: kha, from: 65, to: 80}, {id: tb, from: 50, to: 65}, {id: yeu, from: 0, to: 50}]
        at_least: kha
        downgrade: [{condition: {kind: flag, fact: ky_luat, expect: false}, at_most: tb}]
    - {id: c10, title: Dưới 12 tháng, rule: {kind: threshold, fact: so_thang_cong_tac, less_than: 12}}
    """

let collectiveCriteria = """
    - {id: k1, title: Không ai vi phạm, rule: {kind: members, member_kinds: [civil-servant], rule: {kind: flag, fact: ky_luat, expect: false}, require: all}}
    - {id: k2, title: 70% LĐTT, rule: {kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 70%}}}
    - {id: k3, title: HTTNV, rule: {kind: rating, fact: xep_loai, at_least: httnv}}
    """

/// A straightforward evaluation of the same criteria over dictionaries, to check the compiled one.
enum Reference {
    static func flag(_ value: Bool?, _ expected: Bool) -> Outcome { value.map { $0 == expected ? .passed : .failed } ?? .missing }
    static func test(_ value: Bool?) -> Outcome { value.map { $0 ? .passed : .failed } ?? .missing }

    static func individual(_ facts: [Int: PersonYear], year: Int) -> [Outcome] {
        let now = facts[year] ?? PersonYear()
        func rating(_ year: Int, atLeast rank: Int) -> Outcome { test(facts[year]?.rating.map { $0 <= rank }) }
        func title(_ year: Int, _ id: String) -> Outcome { test(facts[year]?.titles.map { $0.contains(id) }) }
        let c1 = rating(year, atLeast: 1)
        let c2 = test(now.months.map { $0 >= 10 })
        let c3 = flag(now.disciplined, false)
        let c4 = title(year, "ldtt")
        let c5 = Outcome.anyOf([rating(year, atLeast: 0), test(now.initiatives.map { $0 >= 1 })])
        let c6 = Outcome.atLeast(
            2,
            of: [
                flag(now.disciplined, false), rating(year, atLeast: 0), title(year, "cstd-co-so"),
                test(now.initiatives.map { $0 >= 2 }),
            ], mandatory: 1)
        let c7 = Outcome.allOf([rating(year - 1, atLeast: 0), rating(year, atLeast: 0)])
        let c8 = Outcome.allOf([title(year - 2, "cstd-co-so"), title(year - 1, "cstd-co-so")])
        let c10 = test(now.months.map { $0 < 12 })
        return [c1, c2, c3, c4, c5, c6, c7, c8, points(now), c10]
    }

    /// The grid in tenths of a point: items a (max 400) and b (400 − 25 per violation, at least 100), bonus 20 per initiative up to 50.
    static func points(_ facts: PersonYear) -> Outcome {
        let a: ClosedRange<Int> = facts.scoreTenths.map { min($0, 400)...min($0, 400) } ?? 0...400
        let b: ClosedRange<Int> =
            facts.violations.map {
                let v = max(100, 400 - 25 * $0); return v...v
            } ?? 100...400
        let s: ClosedRange<Int> =
            facts.initiatives.map {
                let v = min(50, 20 * $0); return v...v
            } ?? 0...50
        let low = a.lowerBound + b.lowerBound + s.lowerBound
        let high = a.upperBound + b.upperBound + s.upperBound
        func band(_ total: Int) -> Int { total >= 800 ? 0 : total >= 650 ? 1 : total >= 500 ? 2 : 3 }
        var worst = band(low)
        var best = band(high)
        switch flag(facts.disciplined, false) {
        case .failed:
            worst = max(worst, 2)
            best = max(best, 2)
        case .missing: worst = max(worst, 2)
        default: break
        }
        return worst <= 1 ? .passed : best > 1 ? .failed : .missing
    }

    static func eligibility(exclusion: Outcome, criteria: [Outcome]) -> Outcome {
        if exclusion == .passed { return .excluded }
        return Outcome.allOf(criteria + (exclusion == .missing ? [.missing] : []))
    }
}

@Suite struct ScaleTests {
    @Test func twoThousandPeopleAgreeWithTheReference() throws {
        let generated = GeneratedWorld()
        let library = try Fixtures.library()
        let store = FactStore(library: library, organization: generated.organization, records: generated.records)
        let evaluator = Evaluator(facts: store)
        let criteria = try YAMLDecoder().decode([Criterion].self, from: individualCriteria, file: "individual.yaml")
        let exclusion = try YAMLDecoder().decode(
            [Exclusion].self, from: "- {id: x, title: X, rule: {kind: flag, fact: dang_xem_xet, expect: true}}")
        let compiled = evaluator.compile(criteria: criteria, exclusions: exclusion, subject: .individual)
        #expect(compiled.diagnostics.isEmpty)
        // A shorter list (c1, c3, c4) whose verdicts take every value.
        let short = evaluator.compile(
            criteria: [criteria[0], criteria[2], criteria[3]], exclusions: exclusion, subject: .individual)
        var counts: [Outcome: Int] = [:]
        var mismatches = 0
        for (position, person) in generated.organization.people.enumerated() {
            let facts = generated.data[person.id] ?? [:]
            let expected = Reference.individual(facts, year: 2024)
            let index = try #require(evaluator.subjectIndex(of: person.id))
            for (number, outcome) in expected.enumerated() {
                let actual = evaluator.outcome(compiled, criterion: number, subjectIndex: index, period: 2024)
                if actual != outcome {
                    mismatches += 1
                    if mismatches < 10 { Issue.record("\(person.id) c\(number + 1): \(actual), expected \(outcome)") }
                }
            }
            let eligible = Reference.eligibility(exclusion: Reference.test(facts[2024]?.underReview), criteria: expected)
            let verdict = evaluator.evaluate(compiled, subject: .person(person), period: 2024)
            #expect(verdict.eligible == eligible)
            let shortVerdict = evaluator.evaluate(short, subject: .person(person), period: 2024)
            #expect(
                shortVerdict.eligible
                    == Reference.eligibility(
                        exclusion: Reference.test(facts[2024]?.underReview), criteria: [expected[0], expected[2], expected[3]]))
            counts[shortVerdict.eligible, default: 0] += 1
            // The explanation tree agrees with the fast path (checked on a sample: it is built on demand).
            if position < 100, verdict.eligible != .excluded {
                #expect(verdict.criteria.map(\.outcome) == expected)
            }
        }
        #expect(mismatches == 0)
        // Every verdict occurs, so that the comparison means something.
        #expect(Outcome.allCases.allSatisfy { (counts[$0] ?? 0) > 0 }, "\(counts)")
    }

    @Test func fiftyUnitsAgreeWithTheReference() throws {
        let generated = GeneratedWorld()
        let store = FactStore(library: try Fixtures.library(), organization: generated.organization, records: generated.records)
        let evaluator = Evaluator(facts: store)
        let criteria = try YAMLDecoder().decode([Criterion].self, from: collectiveCriteria, file: "collective.yaml")
        let compiled = evaluator.compile(criteria: criteria, subject: .collective)
        #expect(compiled.diagnostics.isEmpty)
        for unit in generated.organization.units {
            let members = generated.organization.members(of: unit.id)
            let current = members.map { generated.data[$0.id]?[2024] ?? PersonYear() }
            let k1 = Outcome.allOf(
                zip(members, current).filter { $0.0.kind == .civilServant }.map { Reference.flag($0.1.disciplined, false) })
            let titles = current.map { Reference.test($0.titles.map { $0.contains("ldtt") }) }
            let passed = titles.filter { $0 == .passed }.count
            let missing = titles.filter { $0 == .missing }.count
            let share = Percent(ExactDecimal(70))
            let k2: Outcome =
                share.isReached(by: passed, of: members.count)
                ? .passed
                : share.isReached(by: passed + missing, of: members.count) ? .missing : .failed
            let k3 = Reference.test((generated.unitRating[unit.id] ?? nil).map { $0 <= 1 })
            let verdict = evaluator.evaluate(compiled, subject: .unit(unit), period: 2024)
            #expect(verdict.criteria.map(\.outcome) == [k1, k2, k3], "\(unit.id)")
            #expect(verdict.eligible == Outcome.allOf([k1, k2, k3]))
        }
    }
}
