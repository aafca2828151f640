// criteria-bench: evaluation speed of ThiDuaCriteria on a generated organization.
//
//   swift build -c release --package-path Benchmarks --scratch-path Benchmarks/.build --product criteria-bench
//   Benchmarks/.build/release/criteria-bench [--people 24000] [--units 400] [--iterations 10]
//
// Generates an organization (people spread over units) with three years of facts (about 10 %
// missing), compiles ten criteria covering every individual rule kind (rating, threshold, flag,
// title, any_of, at_least with a mandatory item, two history rules, a point grid with deductions,
// bonus and a downgrade), then times the evaluation phase only: every criterion for every person
// (`Evaluator.outcome`, no explanations). It also times whole verdict outcomes
// (`Evaluator.eligibility`: the exclusion, then the criteria up to the first failure) and one
// collective list (members rules) over the units. Target: ≥ 5 million criterion evaluations per
// second (median); the exit status is 1 when it is missed.
import BenchSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization

struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

func argument(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]), number > 0 else {
        return value
    }
    return number
}

let peopleCount = argument("--people", default: 24_000)
let unitCount = argument("--units", default: 400)
let iterations = argument("--iterations", default: 10)

let libraryYAML = """
    scales:
      xep-loai: {title: Xếp loại, levels: [{id: htxsnv, title: HTXSNV}, {id: httnv, title: HTTNV}, {id: htnv, title: HTNV}, {id: khtnv, title: KHTNV}]}
    titles: {ldtt: Lao động tiên tiến, cstd-co-so: Chiến sĩ thi đua cơ sở}
    facts:
      xep_loai: {type: rating, scale: xep-loai}
      ky_luat: {type: flag}
      dang_xem_xet: {type: flag}
      so_thang_cong_tac: {type: number}
      danh_hieu: {type: titles}
      so_sang_kien: {type: number}
      diem_a: {type: number}
      so_vi_pham: {type: number}
    sets:
      ca-nhan:
        title: Cá nhân
        subject: individual
        exclusions:
          - {id: x, title: Đang bị xem xét, rule: {kind: flag, fact: dang_xem_xet, expect: true}}
        criteria:
          - {id: c1, title: HTTNV trở lên, rule: {kind: rating, fact: xep_loai, at_least: httnv}}
          - {id: c2, title: Đủ 10 tháng, rule: {kind: threshold, fact: so_thang_cong_tac, at_least: 10}}
          - {id: c3, title: Không vi phạm, rule: {kind: flag, fact: ky_luat, expect: false}}
          - {id: c4, title: LĐTT, rule: {kind: title, title: ldtt}}
          - {id: c5, title: HTXSNV hoặc sáng kiến, rule: {kind: any_of, rules: [{kind: rating, fact: xep_loai, at_least: htxsnv}, {kind: threshold, fact: so_sang_kien, at_least: 1}]}}
          - id: c6
            title: 2 trong 4
            rule: {kind: at_least, count: 2, mandatory: [{kind: flag, fact: ky_luat, expect: false}], rules: [{kind: rating, fact: xep_loai, at_least: htxsnv}, {kind: title, title: cstd-co-so}, {kind: threshold, fact: so_sang_kien, at_least: 2}]}
          - {id: c7, title: 2 năm HTXSNV, rule: {kind: history, fact: xep_loai, at_least: htxsnv, years: 2}}
          - {id: c8, title: 2 năm CSTĐ, rule: {kind: history, title: cstd-co-so, years: 2, up_to: previous}}
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
      tap-the:
        title: Tập thể
        subject: collective
        criteria:
          - {id: k1, title: Không ai vi phạm, rule: {kind: members, rule: {kind: flag, fact: ky_luat, expect: false}, require: all}}
          - {id: k2, title: 70% LĐTT, rule: {kind: members, rule: {kind: title, title: ldtt}, require: {at_least: 70%}}}
          - {id: k3, title: HTTNV, rule: {kind: rating, fact: xep_loai, at_least: httnv}}
    """

// MARK: - Data

let setupStart = monotonicMilliseconds()
let library = try Library.decode(yaml: libraryYAML, file: "bench-library.yaml")
var random = Generator(state: 2024)
let here = SourceLocation(file: "generated.csv", line: 1, column: 1)
let units = (0..<unitCount).map { Unit(id: "u\($0)", name: "Đơn vị \($0)", kind: .division, head: nil, location: here) }
var people: [Person] = []
people.reserveCapacity(peopleCount)
for index in 0..<peopleCount {
    people.append(Person(id: "p\(index)", fullName: "Người \(index)", unit: "u\(random.next(unitCount))", position: nil,
                         kind: random.next(10) == 0 ? .worker : .civilServant, email: nil, phone: nil, location: here))
}
let organization = Organization(agency: Agency(name: "Sở", superior: nil, symbol: "S", place: "X"), units: units, people: people)
let levels = ["htxsnv", "httnv", "htnv", "khtnv"]
var records: [FactRecord] = []
records.reserveCapacity(peopleCount * 3 * 8)
@MainActor func add(_ subject: String, _ fact: String, _ year: Int, _ value: FactValue) {
    if random.next(10) == 0 { return }  // about 10 % missing
    records.append(FactRecord(subject: subject, fact: fact, period: Period(year), value: value, source: here))
}
for person in people {
    for year in 2022...2024 {
        add(person.id, "xep_loai", year, .rating(levels[random.next(4) == 0 ? random.next(4) : random.next(2)]))
        add(person.id, "ky_luat", year, .flag(random.next(12) == 0))
        add(person.id, "dang_xem_xet", year, .flag(random.next(30) == 0))
        add(person.id, "so_thang_cong_tac", year, .number(ExactDecimal(6 + random.next(7))))
        add(person.id, "danh_hieu", year, .titles(["ldtt", "cstd-co-so"].filter { _ in random.next(3) == 0 }))
        add(person.id, "so_sang_kien", year, .number(ExactDecimal(random.next(4))))
        add(person.id, "diem_a", year, .number(ExactDecimal(random.next(41))))
        add(person.id, "so_vi_pham", year, .number(ExactDecimal(random.next(6))))
    }
}
for unit in units { add(unit.id, "xep_loai", 2024, .rating(levels[random.next(3)])) }
let store = FactStore(library: library, organization: organization, records: records)
let evaluator = Evaluator(facts: store)
guard let individualSet = library.set("ca-nhan"), let collectiveSet = library.set("tap-the") else { fatalError("sets missing") }
let individual = evaluator.compile(criteria: individualSet.criteria, exclusions: individualSet.exclusions, subject: .individual)
let collective = evaluator.compile(criteria: collectiveSet.criteria, subject: .collective)
precondition(individual.diagnostics.isEmpty && collective.diagnostics.isEmpty, "\(individual.diagnostics) \(collective.diagnostics)")
let personIndices = people.compactMap { evaluator.subjectIndex(of: $0.id) }
let unitIndices = units.compactMap { evaluator.subjectIndex(of: $0.id) }
let criteriaCount = individualSet.criteria.count
let setupMilliseconds = monotonicMilliseconds() - setupStart
let period: Period = 2024

// MARK: - Timed phases

/// Every criterion for every person: people × criteria evaluations.
let perCriterion = measure(iterations: iterations) { () -> Int in
    var counts = (0, 0, 0)
    for index in personIndices {
        for criterion in 0..<criteriaCount {
            switch evaluator.outcome(individual, criterion: criterion, subjectIndex: index, period: period) {
            case .passed: counts.0 += 1
            case .failed: counts.1 += 1
            default: counts.2 += 1
            }
        }
    }
    return counts.0 &* 31 &+ counts.1 &* 7 &+ counts.2
}
let evaluations = personIndices.count * criteriaCount
func perSecond(_ count: Int, _ milliseconds: Double) -> Int { Int((Double(count) / (milliseconds / 1000)).rounded()) }

/// Verdict outcomes: the exclusion, then the criteria until one fails.
let verdicts = measure(iterations: iterations) { () -> Int in
    var passed = 0
    for index in personIndices where evaluator.eligibility(individual, subjectIndex: index, period: period) == .passed { passed += 1 }
    return passed
}

/// The collective list over every unit (each members rule visits every member).
let collectiveRun = measure(iterations: iterations) { () -> Int in
    var passed = 0
    for index in unitIndices {
        for criterion in 0..<collectiveSet.criteria.count
        where evaluator.outcome(collective, criterion: criterion, subjectIndex: index, period: period) == .passed {
            passed += 1
        }
    }
    return passed
}

/// Explanations for 1,000 people (built only for output).
let explained = measure(iterations: 1) { () -> Int in
    var lines = 0
    for person in people.prefix(1_000) {
        lines += evaluator.evaluate(individual, subject: .person(person), period: period).text.count
    }
    return lines
}

print(resultLine(name: "criteria-eval", timings: perCriterion.timings, extra: [
    ("people", String(personIndices.count)), ("criteria", String(criteriaCount)), ("evaluations", String(evaluations)),
    ("evals_per_s_best", String(perSecond(evaluations, perCriterion.timings.best))),
    ("evals_per_s_median", String(perSecond(evaluations, perCriterion.timings.median))), ("check", String(perCriterion.last)),
]))
print(resultLine(name: "criteria-verdicts", timings: verdicts.timings, extra: [
    ("subjects_per_s_median", String(perSecond(personIndices.count, verdicts.timings.median))), ("passed", String(verdicts.last)),
]))
print(resultLine(name: "criteria-collective", timings: collectiveRun.timings, extra: [
    ("units", String(unitIndices.count)), ("members", String(personIndices.count)), ("passed", String(collectiveRun.last)),
]))
print(resultLine(name: "criteria-explain-1000", timings: explained.timings, extra: [("characters", String(explained.last))]))
print("setup_ms=\(formatMilliseconds(setupMilliseconds)) facts=\(records.count) peak_rss_kb=\(peakRSSKilobytes())")
let target = 5_000_000
let median = perSecond(evaluations, perCriterion.timings.median)
print("target: ≥ \(target) criterion evaluations/s (median): \(median >= target ? "met" : "MISSED") (\(median))")
if median < target { exit(1) }
