import Foundation
import Testing
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaInitiatives

/// The initiatives register loads and validates with the school example, gives the criteria
/// module `sang_kien_cong_nhan`, and the campaign's evaluation uses it.
@Suite struct InitiativesTests {
    @Test func theSchoolExampleLoadsWithItsRegister() throws {
        let host = try SchoolCopy().load()
        #expect(host.diagnostics.isEmpty, "\(host.diagnostics.map(\.description))")
        // The register gives facts to the criteria module, so it is built first.
        #expect(host.modules.map(\.id) == ["organization", "initiatives", "criteria", "campaigns"])
        let module = try #require(host.module(InitiativesModule.self))
        #expect(module.initiatives.map(\.id) == ["sk-2024-01", "sk-2025-01", "sk-2025-02"])
        #expect(module.years == [2024, 2025])
        let shared = try #require(module.initiative("sk-2025-02"))
        #expect(shared.authors == ["dao-van-long", "le-thi-bich"])
        #expect(shared.scope == .coSo && shared.decision.number == "112/QĐ-THPTNH")
        #expect(shared.decision.date.description == "2025-05-20")
        #expect(module.initiatives(of: "le-thi-bich").map(\.id) == ["sk-2025-02"])
    }

    @Test func theCriteriaModuleSeesTheFactForEveryPersonAndYear() throws {
        let host = try SchoolCopy().load()
        let facts = try #require(host.module(CriteriaModule.self)).facts
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "nguyen-thi-cuc", in: 2025) == .flag(true))
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "nguyen-thi-cuc", in: 2024) == .flag(false))
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "tran-van-an", in: 2024) == .flag(true))
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "vo-minh-khoa", in: 2025) == .flag(false))
        // Outside the years the register covers, nothing is known.
        #expect(facts.value(of: "sang_kien_cong_nhan", for: "nguyen-thi-cuc", in: 2023) == nil)
        // A true value points at the initiative, a false one at the fact's setting.
        let source = try #require(facts.source(of: "sang_kien_cong_nhan", for: "nguyen-thi-cuc", in: 2025))
        #expect(source.file.hasSuffix("initiatives/sang-kien.yaml") && source.line == 15)
        let none = try #require(facts.source(of: "sang_kien_cong_nhan", for: "vo-minh-khoa", in: 2025))
        #expect(none.file.hasSuffix("thidua.yaml") && none.line == 18)
    }

    @Test func aTeacherWithAnInitiativeButWithoutExcellenceIsEligibleAndWithoutItNot() throws {
        // Nguyễn Thị Cúc: "hoàn thành tốt nhiệm vụ" (not excellent) in 2025, 93 points (Tốt), and the
        // initiative sk-2025-01.
        let school = try SchoolCopy()
        let with = try schoolVerdict(school.load(), "nguyen-thi-cuc")
        #expect(with.eligible == .passed)
        #expect(with.criteria.first { $0.id == "cn-xuat-sac-hoac-sang-kien" }?.outcome == .passed)

        try school.edit("initiatives/sang-kien.yaml") {
            $0.replacingOccurrences(of: "authors: [nguyen-thi-cuc]", with: "authors: [vo-minh-khoa]")
        }
        let without = try schoolVerdict(school.load(), "nguyen-thi-cuc")
        #expect(without.eligible == .failed)
        #expect(without.criteria.first { $0.id == "cn-xuat-sac-hoac-sang-kien" }?.outcome == .failed)
        // An excellent teacher needs no initiative.
        #expect(try schoolVerdict(school.load(), "tran-van-an").eligible == .passed)
    }

    @Test func registerProblemsAreReportedWhereTheyAreWritten() throws {
        let school = try SchoolCopy()
        try school.edit("initiatives/sang-kien.yaml") { text in
            text.replacingOccurrences(of: "authors: [nguyen-thi-cuc]", with: "authors: [nguyen-thi-cux]")
                .replacingOccurrences(of: "scope: tinh", with: "scope: tỉnh")
                .replacingOccurrences(of: "id: sk-2025-02", with: "id: sk-2025-01")
        }
        let host = school.load()
        let errors = host.diagnostics.filter { $0.severity == .error }
        let author = try #require(errors.first { $0.message == "unknown person 'nguyen-thi-cux'" })
        #expect(author.location.file.hasSuffix("initiatives/sang-kien.yaml"))
        #expect(author.location.line == 17 && author.location.column == 15)
        #expect(author.hint == "did you mean 'nguyen-thi-cuc'?")
        let scope = try #require(errors.first { $0.message == "unknown scope 'tỉnh'" })
        #expect(scope.location.line == 9 && scope.hint == "did you mean 'tinh'?")
        let twice = try #require(errors.first { $0.message.hasPrefix("the id 'sk-2025-01' is used twice") })
        #expect(twice.location.line == 25)
        // The register failed; the criteria module still loads, says what it lacks, and the
        // criterion that needs the fact is undecided rather than failed.
        #expect(host.module(InitiativesModule.self) == nil)
        #expect(host.diagnostics.contains { $0.severity == .note && $0.message.contains("without what 'initiatives' gives it") })
        #expect(host.module(CriteriaModule.self) != nil)
        #expect(try schoolVerdict(host, "nguyen-thi-cuc").eligible == .missing)
    }

    @Test func aFactTheLibraryDoesNotDeclareIsAnErrorAtItsSetting() throws {
        let school = try SchoolCopy()
        try school.edit("thidua.yaml") {
            $0.replacingOccurrences(of: "{id: sang_kien_cong_nhan, at_least: co-so}", with: "{id: sang_kien, at_least: co-so}")
        }
        let host = school.load()
        let error = try #require(host.diagnostics.first { $0.message.contains("gives the fact 'sang_kien'") })
        #expect(error.severity == .error)
        #expect(error.location.file.hasSuffix("thidua.yaml") && error.location.line == 18)
        #expect(error.hint == "declare it under 'facts:' in the library, e.g. 'sang_kien: {type: flag}'")
        // Once, not once per person and year.
        #expect(host.diagnostics.filter { $0.message.contains("gives the fact 'sang_kien'") }.count == 1)
        #expect(host.module(CriteriaModule.self) == nil)
    }

    @Test func anUnknownScopeInTheSettingsIsAnError() throws {
        let school = try SchoolCopy()
        try school.edit("thidua.yaml") { $0.replacingOccurrences(of: "at_least: co-so}", with: "at_least: huyen}") }
        let error = try #require(school.load().diagnostics.first { $0.message == "unknown scope 'huyen'" })
        #expect(error.location.line == 18 && error.hint == "write one of: co-so, tinh, toan-quoc")
    }

    @Test func theMigrationsFollowTheRulesAndTheCommandNamesItself() {
        #expect(Migration.problems(in: InitiativesModule.migrations, module: "initiatives").isEmpty)
        #expect(InitiativeCommand.configuration.commandName == "initiative")
        #expect(
            InitiativeCommand.configuration.subcommands.compactMap { $0.configuration.commandName } == ["list", "show", "add"])
    }
}
