import Foundation
import Testing
import ThiDuaCore
import ThiDuaOrganization

@testable import ThiDuaCriteria

/// The example configuration under config/ (what `thidua check` reads).
@Suite struct ExampleConfigTests {
    func load() throws -> (LoadedHost, CriteriaModule) {
        let host = Host(catalog: catalog).load(configurationDirectory: Fixtures.packageRoot + "/config")
        let module = try #require(host.module(CriteriaModule.self))
        return (host, module)
    }

    @Test func passesCheckWithoutAnyDiagnostic() throws {
        let (host, module) = try load()
        // config/thidua.yaml also enables modules this test does not link (campaigns).
        #expect(host.diagnostics.filter { !$0.message.hasPrefix("unknown module '") }.lines == [])
        #expect(host.modules.map(\.id) == ["organization", "criteria"])
        #expect(module.library.sets.count == 7)
        #expect(module.facts.periods == [2023, 2024])
    }

    func outcomes(_ set: String) throws -> [String: Outcome] {
        let (_, module) = try load()
        let criteriaSet = try #require(module.library.set(set))
        let evaluator = module.evaluator
        let compiled = evaluator.compile(
            criteria: criteriaSet.criteria, exclusions: criteriaSet.exclusions, subject: criteriaSet.subject)
        #expect(compiled.diagnostics.isEmpty)
        var result: [String: Outcome] = [:]
        for verdict in evaluator.evaluate(compiled, subjects: module.subjects(criteriaSet.subject), period: 2024) {
            result[verdict.subject.id] = verdict.eligible
        }
        return result
    }

    /// Kế hoạch thi đua CCHC 2024, II.2.1.
    @Test func referencePlanCollectives() throws {
        #expect(
            try outcomes("cchc-2024-tap-the") == [
                "ban-giam-doc": .missing,  // no data for the leadership board
                "van-phong": .missing,  // one member's discipline record is missing
                "thanh-tra": .failed,  // rated httnv
                "qlxd": .passed,
                "qhkt": .failed,  // 95.5 % of the reform tasks, a member disciplined
                "ptdt": .excluded,  // under review
                "tt-kiem-dinh": .passed,  // the disciplined worker is not a civil servant or public employee
                "tt-quy-hoach": .failed,  // rated httnv (and no reform-task rate)
            ])
    }

    /// II.2.2.
    @Test func referencePlanIndividuals() throws {
        let outcomes = try outcomes("cchc-2024-ca-nhan")
        #expect(outcomes["vo-tat-dung"] == .passed)
        #expect(outcomes["phan-duc-long"] == .passed)  // from the CSV file
        #expect(outcomes["ly-hoang-nam"] == .failed)  // "Hoàn thành tốt nhiệm vụ" written as a title in the CSV
        #expect(outcomes["dang-minh-tuan"] == .excluded)
        #expect(outcomes["vo-thi-ngoc-anh"] == .failed)
        #expect(outcomes.count == 15)
    }

    @Test func titlesAndHistory() throws {
        let ldtt = try outcomes("lao-dong-tien-tien")
        #expect(ldtt["truong-van-binh"] == .excluded)  // 8 months of service
        #expect(ldtt["pham-thi-thu-ha"] == .failed)  // khiển trách
        #expect(ldtt["bui-thi-lan"] == .missing)  // no discipline record
        let bangKhen = try outcomes("bang-khen-tinh")
        #expect(bangKhen["vo-tat-dung"] == .passed)  // CSTĐ cơ sở 2023 and 2024
        #expect(bangKhen["phan-duc-long"] == .passed)
        #expect(bangKhen["le-quang-vinh"] == .failed)
        let grid = try outcomes("cham-diem-cchc")
        #expect(grid["qlxd"] == .passed)
        #expect(grid["qhkt"] == .failed)
    }
}
