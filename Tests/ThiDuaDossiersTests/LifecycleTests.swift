import Foundation
import Testing

/// The life of a dossier on the built `thidua`: draft → submitted → returned → resubmitted →
/// accepted (with verdicts), or rejected; roles, deadlines and extensions; the audit trail.
@Suite struct LifecycleTests {
    @Test func draftSubmittedReturnedResubmittedAccepted() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier(reference: "15/TTr-QLXD")
        #expect(id == "HS-cchc-2024-001")
        #expect(try workspace.show(id)["status"] as? String == "draft")

        let submitted = try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(
            submitted.stdout
                == "HS-cchc-2024-001: submitted at 30/11/2024 10:00:00 +07:00 (hạn nộp hồ sơ: trước ngày 01/12/2024)\n")

        let returned = try workspace.ok(
            ["dossier", "return", id, "--reason", "Biên bản họp thiếu chữ ký"], actor: "tran-thi-mai")
        #expect(returned.stdout == "HS-cchc-2024-001: returned to qlxd: Biên bản họp thiếu chữ ký\n")
        var shown = try workspace.show(id)
        #expect(shown["status"] as? String == "returned")
        #expect(shown["reason"] as? String == "Biên bản họp thiếu chữ ký")

        // The unit replaces the minutes and submits again: a resubmission.
        try workspace.ok(
            ["dossier", "attach", id, "bien-ban-hop", try workspace.document("files/bien-ban-ky.pdf")], actor: "phan-duc-long")
        let resubmitted = try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(resubmitted.stdout.hasPrefix("HS-cchc-2024-001: resubmitted at 30/11/2024 10:00:00 +07:00"))

        let accepted = try workspace.ok(["dossier", "accept", id], actor: "do-thi-hong")
        #expect(accepted.stdout == "HS-cchc-2024-001: accepted; verdicts: qlxd đạt, phan-duc-long đạt\n")
        shown = try workspace.show(id)
        #expect(shown["status"] as? String == "accepted")
        let nominees = try #require(shown["nominees"] as? [[String: Any]])
        #expect(nominees.map { $0["verdict"] as? String } == ["passed", "passed"])
        // The evaluation is stored as JSON with its explanation and facts.
        let evaluation = try #require(nominees.last?["evaluation"] as? [String: Any])
        #expect(evaluation["subject"] as? String == "phan-duc-long")
        #expect(evaluation["period"] as? Int == 2024)
        let criteria = try #require(evaluation["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["id"] as? String } == ["cn-hoan-thanh-xuat-sac", "cn-nhiem-vu-cchc", "cn-ky-luat"])
        #expect((criteria.first?["explanation"] as? String)?.contains("Hoàn thành xuất sắc nhiệm vụ") == true)

        let text = try workspace.ok(["dossier", "show", id]).stdout
        #expect(text.contains("Status:    accepted (đã tiếp nhận)"))
        #expect(text.contains("Kết quả xét tiêu chí:"))
        #expect(text.contains("Phan Đức Long (phan-duc-long), cá nhân, năm 2024: ĐẠT"))
        #expect(text.contains("[x] bien-ban-hop — Biên bản họp: bien-ban-ky.pdf"))

        // Every change is in the audit log, with its actor, and the chain is intact.
        let actions = try workspace.audit().filter { $0.entity == id }.map { "\($0.actor) \($0.action)" }
        #expect(
            actions == [
                "phan-duc-long dossier.create", "phan-duc-long dossier.add-nominee", "phan-duc-long dossier.add-nominee",
                "phan-duc-long dossier.attach", "phan-duc-long dossier.attach", "phan-duc-long dossier.attach",
                "phan-duc-long dossier.attach", "phan-duc-long dossier.submit", "tran-thi-mai dossier.return",
                "phan-duc-long dossier.attach", "phan-duc-long dossier.resubmit", "do-thi-hong dossier.accept",
            ])
        #expect(try workspace.thidua(["audit", "verify"]).status == 0)
        #expect(try workspace.ok(["dossier", "verify"]).stdout.hasPrefix("Dossiers are consistent: 1 dossier, 4 documents"))
    }

    @Test func theAuditEntriesHoldTheStatesBeforeAndAfter() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        let run = try workspace.ok(["audit", "list", "--limit", "1", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let entry = try #require((object["entries"] as? [[String: Any]])?.first)
        #expect(entry["action"] as? String == "dossier.submit")
        #expect(entry["before"] as? String == "{\"status\":\"draft\"}")
        #expect(
            entry["after"] as? String
                == "{\"status\":\"submitted\",\"submitted_at\":\"2024-11-30T10:00:00+07:00\",\"clock\":\"THIDUA_NOW=2024-11-30T10:00:00+07:00\"}"
        )
    }

    @Test func aRejectedDossierIsFinalAndTheReasonIsKept() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        let noReason = try workspace.thidua(["dossier", "reject", id, "--reason", " "], actor: "tran-thi-mai")
        #expect(noReason.status == 1)
        #expect(noReason.errors == ["error: a reason is needed to reject a dossier (add --reason TEXT)"])
        try workspace.ok(["dossier", "reject", id, "--reason", "Không đúng đối tượng"], actor: "tran-thi-mai")
        #expect(try workspace.show(id)["status"] as? String == "rejected")
        let again = try workspace.thidua(["dossier", "accept", id], actor: "tran-thi-mai")
        #expect(again.status == 1)
        #expect(
            again.errors == [
                "error: HS-cchc-2024-001 is rejected (không tiếp nhận); only a submitted or resubmitted dossier can be accepted"
            ])
        let change = try workspace.thidua(
            ["dossier", "attach", id, "bien-ban-hop", try workspace.document("x.pdf")], actor: "phan-duc-long")
        #expect(change.status == 1)
        #expect(change.errors.first?.contains("only a draft or a returned dossier can be changed") == true)
    }

    @Test func theLastMomentBeforeAnExclusiveDeadlineIsInTimeAndTheNextIsNot() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        workspace.now = "2024-12-01T00:00:00+07:00"
        let late = try workspace.thidua(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(late.status == 1)
        #expect(
            late.errors == [
                "error: HS-cchc-2024-001: too late — hạn nộp hồ sơ: trước ngày 01/12/2024; the last accepted moment was "
                    + "2024-11-30T23:59:59+07:00, it is now 2024-12-01T00:00:00+07:00 (an administrator can record an extension: "
                    + "thidua dossier extend cchc-2024 --unit qlxd --until YYYY-MM-DD --reason TEXT)"
            ])
        // The same instant written in UTC is the same moment.
        workspace.now = "2024-11-30T16:59:59Z"
        try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
    }

    @Test func anAdministratorExtendsTheDeadlineForOneUnitAndItIsAudited() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        workspace.now = "2024-12-05T09:00:00+07:00"
        #expect(try workspace.thidua(["dossier", "submit", id], actor: "phan-duc-long").status == 1)

        let notAdmin = try workspace.thidua(
            ["dossier", "extend", "cchc-2024", "--unit", "qlxd", "--until", "2024-12-10", "--reason", "x"], actor: "tran-thi-mai")
        #expect(notAdmin.status == 1)
        #expect(notAdmin.errors.first?.contains("needs the role 'administrator'") == true)

        let extended = try workspace.ok(
            [
                "dossier", "extend", "cchc-2024", "--unit", "qlxd", "--until", "2024-12-10", "--reason",
                "Phòng mất điện ngày 30/11",
            ],
            actor: "do-thi-hong")
        #expect(
            extended.stdout
                == "cchc-2024: deadline for qlxd extended — hạn nộp hồ sơ: đến hết ngày 10/12/2024 (gia hạn cho đơn vị qlxd: "
                + "Phòng mất điện ngày 30/11); last accepted moment 2024-12-10T23:59:59+07:00\n")
        let submitted = try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(submitted.stdout.contains("(hạn nộp hồ sơ: đến hết ngày 10/12/2024 (gia hạn cho đơn vị qlxd"))

        // Another unit still has the plan's deadline.
        let other = try workspace.newDossier("tt-kiem-dinh", clerk: "truong-van-binh")
        try workspace.ok(
            ["dossier", "add-nominee", other, "truong-van-binh", "--award", "giay-khen-giam-doc-so"], actor: "truong-van-binh")
        let late = try workspace.thidua(["dossier", "submit", other], actor: "truong-van-binh")
        #expect(late.errors.first?.contains("too late — hạn nộp hồ sơ: trước ngày 01/12/2024") == true)

        // An extension must move the deadline later.
        let earlier = try workspace.thidua(
            ["dossier", "extend", "cchc-2024", "--unit", "qlxd", "--before", "2024-12-05", "--reason", "x"], actor: "do-thi-hong")
        #expect(earlier.status == 1)
        #expect(earlier.errors.first?.contains("is not later than the one in effect") == true)

        let entries = try workspace.audit().filter { $0.action.hasPrefix("dossier.extend") }
        #expect(
            entries.map { "\($0.actor) \($0.action) \($0.entity)" } == [
                "tran-thi-mai dossier.extend.refused cchc-2024", "do-thi-hong dossier.extend cchc-2024",
            ])
        #expect(try workspace.thidua(["audit", "verify"]).status == 0)
    }

    @Test func aCampaignWideExtensionAppliesToEveryUnit() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        workspace.now = "2024-12-03T09:00:00+07:00"
        try workspace.ok(
            ["dossier", "extend", "cchc-2024", "--before", "2024-12-08", "--reason", "Lịch nghỉ lễ"], actor: "do-thi-hong")
        let submitted = try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(submitted.stdout.contains("trước ngày 08/12/2024 (gia hạn cho toàn phong trào: Lịch nghỉ lễ)"))
    }

    @Test func listFiltersAndFormats() throws {
        let workspace = try Workspace()
        let first = try workspace.completeDossier()
        _ = try workspace.newDossier("tt-kiem-dinh", clerk: "truong-van-binh")
        try workspace.ok(["dossier", "submit", first], actor: "phan-duc-long")
        let text = try workspace.ok(["dossier", "list"]).stdout
        #expect(text.hasPrefix("ID                UNIT          STATUS     NOMINEES  DOCUMENTS  UPDATED (+07:00)\n"))
        #expect(text.contains("HS-cchc-2024-001  qlxd          submitted  2         4          30/11/2024 10:00:00\n"))
        #expect(text.hasSuffix("(2 dossiers)\n"))
        let submitted = try workspace.ok(["dossier", "list", "--status", "submitted", "--format", "json"]).stdout
        let array = try #require(try JSONSerialization.jsonObject(with: Data(submitted.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == ["HS-cchc-2024-001"])
        #expect(array.first?["submitted_at"] as? String == "2024-11-30T10:00:00+07:00")
        #expect(try workspace.ok(["dossier", "list", "--unit", "thanh-tra"]).stdout == "No dossier of thanh-tra.\n")
        #expect(try workspace.thidua(["dossier", "list", "--status", "lost"]).status == 64)
    }

    @Test func theActorMayComeFromTheEnvironmentAndMustBeGiven() throws {
        let workspace = try Workspace()
        let none = try workspace.thidua(["dossier", "new", "cchc-2024"])
        #expect(none.status == 1)
        #expect(
            none.errors == [
                "error: no acting person: pass --as PERSON-ID or set THIDUA_ACTOR (to create dossiers you need the role 'unit-clerk')"
            ])
        let fromEnvironment = try workspace.ok(["dossier", "new", "cchc-2024"], actor: "phan-duc-long")
        #expect(fromEnvironment.stdout.hasPrefix("HS-cchc-2024-001: created (draft) — Phòng Quản lý xây dựng (qlxd)"))
        // --as wins over THIDUA_ACTOR.
        let explicit = try workspace.ok(["dossier", "new", "cchc-2024", "--as", "truong-van-binh"], actor: "phan-duc-long")
        #expect(explicit.stdout.contains("(tt-kiem-dinh)"))
    }

    @Test func aBadTHIDUA_NOWIsRefused() throws {
        let workspace = try Workspace()
        workspace.now = "30/11/2024"
        let run = try workspace.thidua(["dossier", "new", "cchc-2024"], actor: "phan-duc-long")
        #expect(run.status == 1)
        #expect(
            run.errors == [
                "error: THIDUA_NOW='30/11/2024' is not an ISO 8601 instant with an offset (e.g. THIDUA_NOW=2024-11-30T23:59:59+07:00, or unset it to use the system clock)"
            ])
    }

    @Test func helpDescribesEveryDossierCommand() throws {
        let workspace = try Workspace(initialise: false)
        let help = try workspace.ok(["dossier", "--help"]).stdout
        for command in [
            "new", "add-nominee", "attach", "submit", "return", "accept", "reject", "extend", "import", "list", "show", "verify",
        ] {
            #expect(help.contains("  \(command) "), "\(command)")
        }
        #expect(help.contains("THIDUA_NOW"))
        let modules = try workspace.ok(["modules", "--format", "json"]).stdout
        #expect(modules.contains("\"dossier.submitted\""))
        #expect(modules.contains("\"dossier.returned\""))
        #expect(modules.contains("\"dossier.accepted\""))
        #expect(modules.contains("\"dossier.rejected\""))
    }
}
