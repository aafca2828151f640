import ArgumentParser
import Testing
import ThiDuaCore

@testable import ThiDuaInitiatives

/// `thidua initiative add`: its options, and who may record.
@Suite struct CommandTests {
    @Test func addReadsEveryOptionAndRepeatsAuthors() throws {
        let command = try InitiativeCommand.Add.parse([
            "--id", "sk-2025-03", "--title", "Câu lạc bộ Toán", "--author", "vo-minh-khoa", "--author", "tran-van-an",
            "--year", "2025", "--scope", "co-so", "--decision-number", "120/QĐ-THPTNH", "--decision-date", "2025-05-28",
            "--decision-issuer", "Hiệu trưởng", "--as", "pho-hieu-truong", "--config", "config/examples/truong-thpt",
        ])
        #expect(command.authors == ["vo-minh-khoa", "tran-van-an"])
        #expect(command.actor == "pho-hieu-truong" && command.year == 2025)
        #expect(command.hostOptions.configurationDirectory == "config/examples/truong-thpt")
        #expect(throws: (any Error).self) { try InitiativeCommand.Add.parse(["--id", "x"]) }
    }

    @Test func onlyTheStandingOfficeOrAnAdministratorMayRecord() throws {
        let host = try SchoolCopy().load()
        let organization = try #require(host.module(InitiativesModule.self)).organization
        #expect(try InitiativesModule.recorder("pho-hieu-truong", in: organization).id == "pho-hieu-truong")
        let teacher = #expect(throws: CommandFailure.self) { try InitiativesModule.recorder("tran-van-an", in: organization) }
        #expect(teacher?.message.contains("may not record initiatives") == true)
        let unknown = #expect(throws: CommandFailure.self) { try InitiativesModule.recorder("pho-hieu-truog", in: organization) }
        #expect(unknown?.message == "no person has the id 'pho-hieu-truog' (did you mean 'pho-hieu-truong'?)")
        #expect(throws: ValidationError.self) { try InitiativesModule.recorder(nil, in: organization) }
    }
}
