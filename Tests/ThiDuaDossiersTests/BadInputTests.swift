import Foundation
import Testing

/// Bad input on the built `thidua`: each is refused with a clear message, exit status 1, and
/// nothing is written (a refusal for lack of a role only adds its audit entry).
@Suite struct BadInputTests {
    /// Runs `arguments` as `actor`, expects exit 1 with `message` in the first error line, and
    /// checks that dossiers, documents and the audit log did not change.
    func refused(
        _ workspace: Workspace, _ arguments: [String], actor: String?, _ message: String,
        auditGrows: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try workspace.snapshot()
        let auditBefore = try workspace.audit().count
        let run = try workspace.thidua(arguments, actor: actor)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.errors.first?.contains(message) == true, "\(run.errors)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try workspace.snapshot() == before, sourceLocation: sourceLocation)
        #expect(try workspace.audit().count == auditBefore + auditGrows, sourceLocation: sourceLocation)
    }

    @Test func aMissingAttachmentFile() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", "khong-co.pdf"], actor: "phan-duc-long",
            "error: there is no file 'khong-co.pdf' (check the path")
    }

    @Test func aFileOfATypeThatIsNotAllowed() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try workspace.write("to-trinh.exe", "MZ…")
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", "to-trinh.exe"], actor: "phan-duc-long",
            "error: 'to-trinh.exe' is not an allowed type of file (attach one of: .pdf, .docx, .doc, .jpg, .jpeg, .png)")
    }

    @Test func aFileWhoseContentIsNotWhatItsNameSays() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try workspace.document("anh.pdf", "png")
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", "anh.pdf"], actor: "phan-duc-long",
            "error: 'anh.pdf' is named as a PDF document, but its content is a PNG image (attach the real file; a renamed file is refused)"
        )
        try workspace.write("text.docx", "PK\u{3}\u{4} not a word file")
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", "text.docx"], actor: "phan-duc-long",
            "but its content is none of the allowed types")
    }

    @Test func anOversizeFile() throws {
        let workspace = try Workspace { workspace in
            try workspace.replace("config/thidua.yaml", "max_size: 20 MB", with: "max_size: 1 KB")
        }
        let id = try workspace.newDossier()
        try workspace.write("lon.pdf", Data("%PDF-1.4\n".utf8) + Data(repeating: 0x41, count: 2000))
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", "lon.pdf"], actor: "phan-duc-long",
            "error: 'lon.pdf' is 2.0 KB, more than the 1 KB an attachment may have")
    }

    @Test func anUnknownNominee() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "add-nominee", id, "phan-duc-lon", "--award", "giay-khen-giam-doc-so"], actor: "phan-duc-long",
            "error: unknown nominee 'phan-duc-lon': no unit or person has that id (did you mean 'phan-duc-long'?)")
    }

    @Test func aNomineeOfAnotherUnit() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "add-nominee", id, "truong-van-binh", "--award", "giay-khen-giam-doc-so"],
            actor: "phan-duc-long",
            "error: Trương Văn Bình (truong-van-binh) belongs to 'tt-kiem-dinh', not to 'qlxd'")
        try refused(
            workspace, ["dossier", "add-nominee", id, "tt-kiem-dinh", "--award", "giay-khen-giam-doc-so"], actor: "phan-duc-long",
            "is another unit: a dossier of 'qlxd' nominates 'qlxd' itself or its people")
    }

    @Test func anAwardTheCampaignDoesNotOffer() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "add-nominee", id, "phan-duc-long", "--award", "bang-khen-chu-tich-ubnd-tinh"],
            actor: "phan-duc-long",
            "error: campaign 'cchc-2024' does not offer the award 'bang-khen-chu-tich-ubnd-tinh' (it offers an individual: giay-khen-giam-doc-so)"
        )
    }

    @Test func anUnknownCampaign() throws {
        let workspace = try Workspace()
        try refused(
            workspace, ["dossier", "new", "cchc-2042"], actor: "phan-duc-long",
            "error: unknown campaign 'cchc-2042' (did you mean 'cchc-2024'?)")
    }

    @Test func aDeadlineThatHasPassed() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        workspace.now = "2024-12-02T08:00:00+07:00"
        try refused(
            workspace, ["dossier", "submit", id], actor: "phan-duc-long",
            "too late — hạn nộp hồ sơ: trước ngày 01/12/2024; the last accepted moment was 2024-11-30T23:59:59+07:00")
    }

    @Test func aWrongRoleIsRefusedAndRecordedInTheAuditLog() throws {
        let workspace = try Workspace()
        let id = try workspace.completeDossier()
        try workspace.ok(["dossier", "submit", id], actor: "phan-duc-long")
        try refused(
            workspace, ["dossier", "accept", id], actor: "phan-duc-long",
            "error: Phan Đức Long (phan-duc-long) may not accept dossiers: that needs the role 'standing-office' (they have: unit-clerk)",
            auditGrows: 1)
        let last = try #require(try workspace.audit().last)
        #expect(last.actor == "phan-duc-long" && last.action == "dossier.accept.refused" && last.entity == id)
        // A standing-office member without the unit-clerk role cannot submit for a unit.
        try refused(
            workspace, ["dossier", "new", "cchc-2024", "--unit", "van-phong"], actor: "tran-thi-mai",
            "may not create dossiers: that needs the role 'unit-clerk'", auditGrows: 1)
        // Someone who is not in the organization at all.
        try refused(
            workspace, ["dossier", "return", id, "--reason", "x"], actor: "hacker",
            "error: unknown person 'hacker': the acting person must be in the organization", auditGrows: 1)
        #expect(try workspace.thidua(["audit", "verify"]).status == 0)
    }

    @Test func aClerkActsForTheirOwnUnitOnly() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "add-nominee", id, "qlxd", "--award", "giay-khen-giam-doc-so"], actor: "truong-van-binh",
            "error: Trương Văn Bình (truong-van-binh) is a unit clerk of 'tt-kiem-dinh' and may not add nominees for 'qlxd'",
            auditGrows: 1)
        try refused(
            workspace, ["dossier", "new", "cchc-2024", "--unit", "qlxd"], actor: "truong-van-binh",
            "may not create dossiers for 'qlxd': a unit clerk acts for their own unit only", auditGrows: 1)
    }

    @Test func aPersonNominatedTwiceForTheSameAwardAcrossDossiers() throws {
        let workspace = try Workspace()
        let first = try workspace.newDossier()
        try workspace.ok(
            ["dossier", "add-nominee", first, "phan-duc-long", "--award", "giay-khen-giam-doc-so"], actor: "phan-duc-long")
        let second = try workspace.newDossier()
        try refused(
            workspace, ["dossier", "add-nominee", second, "phan-duc-long", "--award", "giay-khen-giam-doc-so"],
            actor: "phan-duc-long",
            "error: Phan Đức Long (phan-duc-long) is already nominated for 'giay-khen-giam-doc-so' in campaign 'cchc-2024' (dossier HS-cchc-2024-001)"
        )
        try refused(
            workspace, ["dossier", "add-nominee", first, "phan-duc-long", "--award", "giay-khen-giam-doc-so"],
            actor: "phan-duc-long",
            "error: Phan Đức Long (phan-duc-long) is already a nominee of HS-cchc-2024-001")
    }

    @Test func aMissingRequiredDocumentAtSubmission() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        try workspace.ok(
            ["dossier", "add-nominee", id, "phan-duc-long", "--award", "giay-khen-giam-doc-so"], actor: "phan-duc-long")
        try workspace.ok(["dossier", "attach", id, "van-ban-de-nghi", try workspace.document("a.pdf")], actor: "phan-duc-long")
        let before = try workspace.snapshot()
        let run = try workspace.thidua(["dossier", "submit", id], actor: "phan-duc-long")
        #expect(run.status == 1)
        #expect(
            run.errors == [
                "error: HS-cchc-2024-001: the required document 'bien-ban-hop' (Biên bản họp) is missing "
                    + "(attach it: thidua dossier attach HS-cchc-2024-001 bien-ban-hop FILE)",
                "error: HS-cchc-2024-001: the required document 'bao-cao-thanh-tich' (Báo cáo thành tích của tập thể, cá nhân đề nghị xét khen thưởng) "
                    + "of nominee 'phan-duc-long' is missing "
                    + "(attach it: thidua dossier attach HS-cchc-2024-001 bao-cao-thanh-tich FILE --nominee phan-duc-long)",
            ])
        #expect(try workspace.snapshot() == before)
        let emptyDossier = try workspace.newDossier()
        let empty = try workspace.thidua(["dossier", "submit", emptyDossier], actor: "phan-duc-long")
        #expect(empty.errors.first?.contains("the dossier nominates no one") == true)
    }

    @Test func documentsMustFitTheirComponent() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier()
        let file = try workspace.document("a.pdf")
        try refused(
            workspace, ["dossier", "attach", id, "bien-ban", file], actor: "phan-duc-long",
            "error: campaign 'cchc-2024' asks for no document 'bien-ban' (its documents: van-ban-de-nghi, bien-ban-hop, bao-cao-thanh-tich)"
        )
        try refused(
            workspace, ["dossier", "attach", id, "bao-cao-thanh-tich", file], actor: "phan-duc-long",
            "error: 'bao-cao-thanh-tich' is a document of each nominee: say whose")
        try refused(
            workspace, ["dossier", "attach", id, "bao-cao-thanh-tich", file, "--nominee", "le-quang-vinh"],
            actor: "phan-duc-long",
            "error: 'le-quang-vinh' is not a nominee of HS-cchc-2024-001")
        try refused(
            workspace, ["dossier", "attach", id, "van-ban-de-nghi", file, "--nominee", "qlxd"], actor: "phan-duc-long",
            "error: 'van-ban-de-nghi' is a document of the dossier, not of a nominee")
    }

    @Test func aNomineeTheCampaignDoesNotCover() throws {
        let workspace = try Workspace()
        let id = try workspace.newDossier("tt-kiem-dinh", clerk: "truong-van-binh")
        // Dương Thị Yến is a worker; the cchc campaign covers civil servants and public employees.
        try refused(
            workspace, ["dossier", "add-nominee", id, "duong-thi-yen", "--award", "giay-khen-giam-doc-so"],
            actor: "truong-van-binh",
            "error: Dương Thị Yến (duong-thi-yen) is not among the individuals that campaign 'cchc-2024' covers")
    }

    @Test func anUnknownDossier() throws {
        let workspace = try Workspace()
        try refused(
            workspace, ["dossier", "submit", "HS-cchc-2024-999"], actor: "phan-duc-long",
            "error: unknown dossier 'HS-cchc-2024-999' (see 'thidua dossier list')")
        #expect(try workspace.thidua(["dossier", "show", "HS-x"]).status == 1)
    }
}
