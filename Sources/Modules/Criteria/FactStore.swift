public import ThiDuaCore
public import ThiDuaOrganization

/// The value of one fact for one subject in one period.
public enum FactValue: Hashable, Sendable, CustomStringConvertible {
    case flag(Bool)
    /// A level of the fact's scale, by id.
    case rating(String)
    case number(ExactDecimal)
    case percent(Percent)
    /// Title ids, in library order.
    case titles([String])

    public var type: FactType {
        switch self {
        case .flag: return .flag
        case .rating: return .rating
        case .number: return .number
        case .percent: return .percent
        case .titles: return .titles
        }
    }

    /// As written in data files: `true`, `htxsnv`, `8.5`, `70%`, `ldtt;cstd-co-so`.
    public var description: String {
        switch self {
        case .flag(let value): return value ? "true" : "false"
        case .rating(let level): return level
        case .number(let value): return value.description
        case .percent(let value): return value.description
        case .titles(let ids): return ids.joined(separator: ";")
        }
    }
}

/// One fact value with the place it came from, as data files give it.
public struct FactRecord: Sendable, Hashable {
    public var subject: String
    public var fact: String
    public var period: Period
    public var value: FactValue
    public var source: SourceLocation

    public init(subject: String, fact: String, period: Period, value: FactValue, source: SourceLocation) {
        self.subject = subject
        self.fact = fact
        self.period = period
        self.value = value
        self.source = source
    }
}

/// The subjects facts are about: the organization's units and people, with membership, indexed
/// densely so that evaluation works on integers.
struct SubjectTable: Sendable {
    /// Subject ids: units first, then people.
    var ids: [String]
    /// Unit names and people's full names, by subject.
    var names: [String]
    var index: [String: Int32]
    var unitCount: Int
    /// Per subject: -1 for a unit, else the index of the person's kind in `Person.Kind.allCases`.
    var personKind: [Int8]
    /// Members of unit `u` are `memberList[memberStart[u] ..< memberStart[u + 1]]` (people, roster order).
    var memberStart: [Int32]
    var memberList: [Int32]
    /// Ids that name both a unit and a person (facts go to the unit).
    var ambiguous: [String]
    /// For each person of the organization, in roster order, its subject index (-1 when its id
    /// is taken by a unit or an earlier person).
    var rosterSubjects: [Int32]

    init(organization: Organization) {
        ids = []
        names = []
        index = [:]
        personKind = []
        ambiguous = []
        for unit in organization.units where index[unit.id] == nil {
            index[unit.id] = Int32(ids.count)
            ids.append(unit.id)
            names.append(unit.name)
            personKind.append(-1)
        }
        unitCount = ids.count
        let kinds = Person.Kind.allCases
        var membersByUnit = [[Int32]](repeating: [], count: unitCount)
        rosterSubjects = []
        rosterSubjects.reserveCapacity(organization.people.count)
        for person in organization.people {
            if let existing = index[person.id] {
                if existing < unitCount { ambiguous.append(person.id) }
                rosterSubjects.append(-1)
                continue
            }
            let position = Int32(ids.count)
            rosterSubjects.append(position)
            index[person.id] = position
            ids.append(person.id)
            names.append(person.fullName)
            personKind.append(Int8(kinds.firstIndex(of: person.kind) ?? 0))
            if let unit = index[person.unit], Int(unit) < unitCount { membersByUnit[Int(unit)].append(position) }
        }
        memberStart = [0]
        memberList = []
        for members in membersByUnit {
            memberList += members
            memberStart.append(Int32(memberList.count))
        }
        for _ in unitCount..<ids.count { memberStart.append(Int32(memberList.count)) }
    }

    init(ids: [String]) {
        self.ids = ids
        names = ids
        index = [:]
        for (offset, id) in ids.enumerated() where index[id] == nil { index[id] = Int32(offset) }
        unitCount = 0
        personKind = [Int8](repeating: 0, count: ids.count)
        memberStart = [Int32](repeating: 0, count: ids.count + 1)
        memberList = []
        ambiguous = []
        rosterSubjects = []
    }
}

/// Every fact value for every subject and period, in dense arrays: one `Int64` per
/// (period with data, fact, subject), with ratings as ranks, numbers and percentages in ten-thousandths,
/// flags as 0/1 and titles as bit sets. A cell never written is MISSING — never false or zero.
public final class FactStore: Sendable {
    public let library: Library
    let subjects: SubjectTable
    /// The years with data, ascending.
    public let periods: [Period]
    let firstYear: Int
    /// For each year from `firstYear`, its position in `periods`, or -1 (years without data take no space).
    let yearSlots: [Int32]
    let slotCount: Int
    let subjectCount: Int
    /// `values[(yearSlots[year - firstYear] * slotCount + slot) * subjectCount + subject]`.
    let values: [Int64]
    /// Where each value came from: file index (16 bits), line (32 bits), column (16 bits).
    let sources: [UInt64]
    let files: [String]

    /// The value of a cell without data.
    static let missing = Int64.min

    /// Builds the store; records for unknown subjects, unknown facts or values of the wrong type
    /// are skipped (the loaders report them). A record for a cell already written is skipped too.
    public convenience init(library: Library, organization: Organization, records: [FactRecord]) {
        self.init(library: library, subjects: SubjectTable(organization: organization), records: records)
    }

    init(library: Library, subjects: SubjectTable, records: [FactRecord]) {
        self.library = library
        self.subjects = subjects
        let years = Set(records.map(\.period.year)).sorted()
        periods = years.map { Period($0) }
        let firstYear = years.first ?? 0
        var yearSlots = [Int32](repeating: -1, count: years.isEmpty ? 0 : years[years.count - 1] - firstYear + 1)
        for (position, year) in years.enumerated() { yearSlots[year - firstYear] = Int32(position) }
        self.firstYear = firstYear
        self.yearSlots = yearSlots
        slotCount = library.facts.count
        subjectCount = subjects.ids.count
        var values = [Int64](repeating: FactStore.missing, count: years.count * slotCount * subjectCount)
        var sources = [UInt64](repeating: 0, count: values.count)
        var files: [String] = []
        var fileIndex: [String: Int] = [:]
        for record in records {
            guard let slot = library.slot(ofFact: record.fact), let subject = subjects.index[record.subject],
                let encoded = FactStore.encode(record.value, as: library.facts[slot], library: library)
            else { continue }
            let cell = (Int(yearSlots[record.period.year - firstYear]) * slotCount + slot) * subjectCount + Int(subject)
            guard values[cell] == FactStore.missing else { continue }
            values[cell] = encoded
            let file: Int
            if let known = fileIndex[record.source.file] {
                file = known
            } else {
                file = files.count
                fileIndex[record.source.file] = file
                files.append(record.source.file)
            }
            sources[cell] =
                UInt64(truncatingIfNeeded: file) << 48 | UInt64(truncatingIfNeeded: record.source.line & 0xFFFF_FFFF) << 16
                | UInt64(truncatingIfNeeded: min(record.source.column, 0xFFFF))
        }
        self.values = values
        self.sources = sources
        self.files = files
    }

    /// The dense code of a value, or nil when it does not fit the fact.
    static func encode(_ value: FactValue, as fact: FactDefinition, library: Library) -> Int64? {
        switch (fact.type, value) {
        case (.flag, .flag(let flag)): return flag ? 1 : 0
        case (.rating, .rating(let level)):
            guard let scale = fact.scale.flatMap(library.scale), let rank = scale.rank(of: level) else { return nil }
            return Int64(rank)
        case (.number, .number(let number)): return number.units
        case (.percent, .percent(let percent)): return percent.value.units
        case (.titles, .titles(let ids)):
            var bits: Int64 = 0
            for id in ids {
                guard let position = library.position(ofTitle: id), position < Library.maximumTitles else { return nil }
                bits |= 1 << Int64(position)
            }
            return bits
        default:
            return nil
        }
    }

    /// The value a dense code stands for.
    func decode(_ code: Int64, slot: Int) -> FactValue? {
        guard code != FactStore.missing else { return nil }
        let fact = library.facts[slot]
        switch fact.type {
        case .flag: return .flag(code != 0)
        case .rating:
            guard let scale = fact.scale.flatMap(library.scale), code >= 0, code < scale.levels.count else { return nil }
            return .rating(scale.levels[Int(code)].id)
        case .number: return ExactDecimal(units: code).map { .number($0) }
        case .percent: return ExactDecimal(units: code).map { .percent(Percent($0)) }
        case .titles:
            return .titles(library.titles.indices.filter { code & (1 << Int64($0)) != 0 }.map { library.titles[$0].id })
        }
    }

    /// The position of `year` in ``periods``, or -1.
    @inline(__always)
    func periodSlot(_ year: Int) -> Int {
        let offset = year - firstYear
        guard offset >= 0, offset < yearSlots.count else { return -1 }
        return Int(yearSlots[offset])
    }

    @inline(__always)
    func code(slot: Int, subject: Int, year: Int) -> Int64 {
        let period = periodSlot(year)
        guard period >= 0 else { return FactStore.missing }
        return values[(period * slotCount + slot) * subjectCount + subject]
    }

    func source(slot: Int, subject: Int, year: Int) -> SourceLocation? {
        sourceParts(slot: slot, subject: subject, year: year).map {
            SourceLocation(file: $0.file, line: $0.line, column: $0.column)
        }
    }

    /// Where the value of a cell was written, without building a ``SourceLocation``; nil when the cell is missing.
    func sourceParts(slot: Int, subject: Int, year: Int) -> (file: String, line: Int, column: Int)? {
        let period = periodSlot(year)
        guard period >= 0, subject >= 0 else { return nil }
        let cell = (period * slotCount + slot) * subjectCount + subject
        guard values[cell] != FactStore.missing else { return nil }
        let packed = sources[cell]
        let file = Int(packed >> 48)
        guard file < files.count else { return nil }
        return (files[file], Int((packed >> 16) & 0xFFFF_FFFF), Int(packed & 0xFFFF))
    }

    /// The value of `fact` for the subject `subject` (a unit or person id) in `period`; nil when missing.
    public func value(of fact: String, for subject: String, in period: Period) -> FactValue? {
        guard let slot = library.slot(ofFact: fact), let index = subjects.index[subject] else { return nil }
        return decode(code(slot: slot, subject: Int(index), year: period.year), slot: slot)
    }

    /// Where the value of `fact` for `subject` in `period` was written.
    public func source(of fact: String, for subject: String, in period: Period) -> SourceLocation? {
        guard let slot = library.slot(ofFact: fact), let index = subjects.index[subject] else { return nil }
        return source(slot: slot, subject: Int(index), year: period.year)
    }

    /// Every known value of a subject in a period, in library order.
    public func values(for subject: String, in period: Period) -> [(
        fact: FactDefinition, value: FactValue, source: SourceLocation?
    )] {
        guard let index = subjects.index[subject] else { return [] }
        return library.facts.indices.compactMap { slot in
            guard let value = decode(code(slot: slot, subject: Int(index), year: period.year), slot: slot) else { return nil }
            return (library.facts[slot], value, source(slot: slot, subject: Int(index), year: period.year))
        }
    }

    /// Whether `id` is a unit or person the store knows.
    public func knows(subject id: String) -> Bool { subjects.index[id] != nil }

    /// How many cells hold a value.
    public var count: Int { values.reduce(0) { $0 + ($1 == FactStore.missing ? 0 : 1) } }
}
