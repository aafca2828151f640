import Foundation
import Testing
import ThiDuaTestSupport

/// The example configuration end to end on the built `thidua`, with the outbox channel.
@Suite("Triggers, recipients and the outbox")
struct OutboxTests {
    /// The heads of the seven units cchc-2024 expects dossiers from, and the five plan recipients
    /// with an address ("Lưu VT." is listed under not_sent).
    static let launchRecipients: Set<String> = [
        "maitt@sxd.example.vn", "hungnv@sxd.example.vn", "vinhlq@sxd.example.vn", "hapt@sxd.example.vn", "tuandm@sxd.example.vn",
        "duchv@sxd.example.vn", "lanbt@sxd.example.vn", "vanthu@binhdinh.example.vn", "bantdkt@snv.binhdinh.example.vn",
        "vanthu@sgtvt.binhdinh.example.vn", "lanhdao@sxd.example.vn", "congdoan@sxd.example.vn",
    ]

    @Test("launching a campaign writes its plan and tells every unit head and every plan recipient once")
    func launch() throws {
        let workspace = try Workspace()
        let launched = try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        #expect(launched.stdout.hasPrefix("cchc-2024: launched by do-thi-hong at "))
        let planPath = try #require(
            launched.stdout.components(separatedBy: "plan: ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try workspace.read(planPath).contains("KẾ HOẠCH"))

        let again = try workspace.thidua(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("campaign 'cchc-2024' was already launched by do-thi-hong"))
        #expect(
            try workspace.ok(["audit", "list", "--format", "json"]).stdout.components(separatedBy: "\"campaign.launch\"").count
                == 2)

        let pending = try workspace.messages()
        #expect(pending.count == 12)
        #expect(Set(pending.compactMap { $0["address"] as? String }) == Self.launchRecipients)
        #expect(pending.allSatisfy { $0["status"] as? String == "pending" })

        let run = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00"])
        #expect(run.stdout.contains("done: 12 sent, 0 failed (to be retried), 0 given up"))
        let emails = try workspace.outbox()
        #expect(emails.count == 12)
        let vinh = try #require(emails.first { $0.header("To") == "Lê Quang Vinh <vinhlq@sxd.example.vn>" })
        #expect(vinh.header("From") == "Văn phòng Sở Xây dựng <thidua@sxd.example.vn>")
        #expect(
            vinh.header("Subject")
                == "[Sở Xây dựng] Kế hoạch 05/KH-SXD ngày 05/02/2024: Thi đua thực hiện nhiệm vụ cải cách hành chính năm 2024")
        #expect(vinh.body.contains("Kính gửi: Lê Quang Vinh"))
        #expect(vinh.body.contains("trước ngày 01/12/2024"))
        #expect(vinh.body.contains("- Phòng Quản lý xây dựng"))
        #expect(vinh.body.contains("Toàn văn kế hoạch: \(planPath)"))
        #expect(vinh.header("Message-ID")?.hasSuffix("@sxd.example.vn>") == true)

        // A second run sends nothing again.
        let second = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:05:00+07:00"])
        #expect(second.stdout.contains("done: 0 sent"))
        #expect(try workspace.outbox().count == 12)
        let status = try workspace.ok(["notify", "status"]).stdout
        #expect(status.hasPrefix("pending 0, sending 0, sent 12, failed 0, given-up 0; without an address 0"))
    }

    @Test("reminders go 7 and 1 days before the deadline to units that have not submitted, once each")
    func reminders() throws {
        let workspace = try Workspace()
        try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        try workspace.ok(["notify", "run", "--now", "2024-11-01T09:00:00+07:00"])
        let launchCount = try workspace.outbox().count

        // qlxd submits on 20/11; the others do not.
        workspace.environment["THIDUA_NOW"] = "2024-11-20T10:00:00+07:00"
        let id = try Dossier.complete(in: workspace)
        try workspace.ok(["dossier", "submit", id, "--as", "phan-duc-long"])

        // Before 23/11 08:00 nothing is due.
        let early = try workspace.ok(["notify", "run", "--now", "2024-11-23T07:59:00+07:00"])
        #expect(early.stdout.contains("0 reminder messages enqueued"))

        let week = try workspace.ok(["notify", "run", "--now", "2024-11-23T08:00:00+07:00"])
        let reminders = try workspace.outbox().filter { $0.header("X-ThiDua-Trigger") == "reminder" }
        // Six units without a submitted dossier: their heads, and tt-kiem-dinh's clerk.
        let addresses = Set(
            reminders.compactMap { $0.header("To").flatMap { $0.components(separatedBy: "<").last?.dropLast() }.map(String.init) }
        )
        #expect(
            addresses == [
                "maitt@sxd.example.vn", "hongdt@sxd.example.vn", "hungnv@sxd.example.vn", "hapt@sxd.example.vn",
                "tuandm@sxd.example.vn",
                "duchv@sxd.example.vn", "binhtv@sxd.example.vn", "lanbt@sxd.example.vn",
            ])
        #expect(!addresses.contains("vinhlq@sxd.example.vn"), "qlxd submitted")
        #expect(week.stdout.contains("reminder: cchc-2024, Phòng Phát triển đô thị, 7 day(s) before the deadline: 1 message"))
        let tuan = try #require(reminders.first { $0.header("To")?.contains("tuandm@") == true })
        #expect(tuan.header("Subject") == "[Sở Xây dựng] Nhắc nộp hồ sơ thi đua: còn 7 ngày (hạn 30/11/2024)")
        #expect(tuan.body.contains("Đến nay Phòng Phát triển đô thị chưa nộp hồ sơ. Ngày cuối cùng nhận hồ sơ là 30/11/2024"))

        // Later the same week: nothing new.
        try workspace.ok(["notify", "run", "--now", "2024-11-25T12:00:00+07:00"])
        #expect(try workspace.outbox().count == launchCount + 8)

        // The day before: the 1-day reminders; after the deadline: nothing.
        try workspace.ok(["notify", "run", "--now", "2024-11-29T08:30:00+07:00"])
        let oneDay = try workspace.outbox().filter { $0.header("Subject")?.contains("còn 1 ngày") == true }
        #expect(oneDay.count == 8)
        try workspace.ok(["notify", "run", "--now", "2024-12-01T08:30:00+07:00"])
        #expect(try workspace.outbox().count == launchCount + 16)
    }

    @Test("no reminders for a campaign that was not launched")
    func notLaunched() throws {
        let workspace = try Workspace()
        let run = try workspace.ok(["notify", "run", "--now", "2024-11-29T09:00:00+07:00"])
        #expect(run.stdout.contains("done: 0 sent"))
        #expect(try workspace.messages().isEmpty)
    }

    @Test("a returned dossier tells the unit's head and the clerk why; acceptance lists the verdicts")
    func dossierOutcomes() throws {
        let workspace = try Workspace()
        workspace.environment["THIDUA_NOW"] = "2024-11-30T10:00:00+07:00"
        let id = try Dossier.complete(in: workspace)
        try workspace.ok(["dossier", "submit", id, "--as", "phan-duc-long"])
        let returned = try workspace.ok([
            "dossier", "return", id, "--reason", "Biên bản họp thiếu chữ ký", "--as", "tran-thi-mai",
        ])
        #expect(!returned.stderr.contains("warning"), "\(returned.stderr)")
        try workspace.ok(["notify", "run"])
        let emails = try workspace.outbox()
        #expect(
            Set(emails.compactMap { $0.header("To") }) == [
                "Lê Quang Vinh <vinhlq@sxd.example.vn>", "Phan Đức Long <longpd@sxd.example.vn>",
            ])
        for email in emails {
            #expect(email.header("Subject") == "[Sở Xây dựng] Hồ sơ \(id) được trả lại để bổ sung")
            #expect(email.body.contains("Biên bản họp thiếu chữ ký"))
            #expect(email.body.contains("trả lại lúc 30/11/2024 10:00"))
        }

        try workspace.ok(["dossier", "submit", id, "--as", "phan-duc-long"])
        try workspace.ok(["dossier", "accept", id, "--as", "do-thi-hong"])
        try workspace.ok(["notify", "run"])
        let accepted = try workspace.outbox().filter { $0.header("X-ThiDua-Trigger") == "dossier-accepted" }
        #expect(accepted.count == 2)
        #expect(accepted.allSatisfy { $0.body.contains("- Phan Đức Long — Giấy khen của Giám đốc Sở: đạt") })
    }

    @Test("a recipient without an address is reported at enqueue and in notify status, not skipped silently")
    func unreachable() throws {
        let workspace = try Workspace { workspace in
            try workspace.replace("config/organization/so-xay-dung.yaml", "    email: tuandm@sxd.example.vn\n", with: "")
            try workspace.replace(
                "config/notifications.yaml", "  \"Ban Lãnh đạo Sở;\": {name: Ban Lãnh đạo Sở, email: lanhdao@sxd.example.vn}\n",
                with: "")
        }
        let check = try workspace.thidua(["check"])
        #expect(check.stdout.contains("warning: the recipient 'Ban Lãnh đạo Sở;' of campaign 'cchc-2024' has no e-mail address"))
        let launched = try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        #expect(
            launched.stderr.contains(
                "Đặng Minh Tuấn (thủ trưởng Phòng Phát triển đô thị) cannot be told on outbox: no e-mail address"))
        #expect(launched.stderr.contains("Ban Lãnh đạo Sở; (nơi nhận) cannot be told on outbox: no address"))
        let unreachable = try workspace.unreachable()
        #expect(Set(unreachable.compactMap { $0["recipient"] as? String }) == ["person:dang-minh-tuan", "line:Ban Lãnh đạo Sở;"])
        let status = try workspace.ok(["notify", "status"]).stdout
        #expect(status.contains("without an address 2"))
        #expect(status.contains("no address\toutbox\tĐặng Minh Tuấn (person:dang-minh-tuan)"))
    }

    @Test("notify preview renders without sending or storing")
    func preview() throws {
        let workspace = try Workspace()
        let preview = try workspace.ok(["notify", "preview", "reminder", "--unit", "ptdt", "--days", "1"])
        #expect(preview.stdout.contains("To (outbox): Đặng Minh Tuấn <tuandm@sxd.example.vn>"))
        #expect(preview.stdout.contains("Subject: [Sở Xây dựng] Nhắc nộp hồ sơ thi đua: còn 1 ngày (hạn 30/11/2024)"))
        #expect(preview.stdout.contains("Kính gửi: Đặng Minh Tuấn"))
        let eml = try workspace.ok([
            "notify", "preview", "dossier-returned", "--unit", "qlxd", "--reason", "Thiếu báo cáo", "--format", "eml",
        ])
        let email = try Email(Data(eml.stdout.utf8))
        #expect(email.body.contains("Thiếu báo cáo"))
        #expect(try workspace.messages().isEmpty)
        #expect(try workspace.outbox().isEmpty)
        let unknown = try workspace.thidua(["notify", "preview", "remindr"])
        #expect(unknown.status == 64)
    }

    @Test("a department's own template replaces the default of the same name")
    func override() throws {
        let workspace = try Workspace { workspace in
            try workspace.replace(
                "config/notifications.yaml", "  # overrides: templates/so-xay-dung", with: "  overrides: templates/so-xay-dung")
            try workspace.write(
                "config/templates/so-xay-dung/reminder.mustache",
                "Subject: Nhắc {{unit_name}} nộp hồ sơ\n\nVăn phòng Sở nhắc {{unit_name}}: hạn {{deadline}}.\n")
        }
        let preview = try workspace.ok(["notify", "preview", "reminder", "--unit", "ptdt"])
        #expect(preview.stdout.contains("Subject: Nhắc Phòng Phát triển đô thị nộp hồ sơ"))
        #expect(preview.stdout.contains("Văn phòng Sở nhắc Phòng Phát triển đô thị: hạn 30/11/2024."))
        // The other templates are still the defaults.
        #expect(try workspace.ok(["notify", "preview", "dossier-rejected"]).stdout.contains("không được tiếp nhận"))
    }

    @Test("configuration problems are located: an inline secret, bad reminder days")
    func badConfiguration() throws {
        let workspace = try Workspace(initialise: false) { workspace in
            try workspace.replace(
                "config/notifications.yaml",
                "    password_env: THIDUA_SMTP_PASSWORD # or password_file: /etc/thidua/smtp-password",
                with: "    password: hunter2")
            try workspace.replace("config/notifications.yaml", "  days_before: [7, 1]", with: "  days_before: [7, -1]")
        }
        let check = try workspace.thidua(["check"])
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "config/notifications.yaml:41:15: error: the SMTP password must not be written in the configuration (put it in an environment variable"
            ))
        #expect(check.stdout.contains("config/notifications.yaml:12:16: error: reminder days must be from 0 to 366"))
        #expect(!check.stdout.contains("missing required key"))
        #expect(!check.stdout.contains("hunter2") && !check.stderr.contains("hunter2"))
    }

    @Test("a lease no longer than a channel's longest attempt is refused; an unknown launcher is refused")
    func leaseAndLauncher() throws {
        let workspace = try Workspace(initialise: false) { workspace in
            try workspace.replace("config/notifications.yaml", "  lease_seconds: 600 ", with: "  lease_seconds: 60 ")
            try workspace.replace(
                "config/notifications.yaml", "    enabled: false\n    host: smtp", with: "    enabled: true\n    host: smtp")
        }
        let check = try workspace.thidua(["check"])
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "error: delivery.lease_seconds (60) must be longer than the longest attempt a channel allows (70 seconds)"))

        let fine = try Workspace()
        let unknown = try fine.thidua(["campaign", "launch", "cchc-2024", "--as", "do-thi-hongg"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown person 'do-thi-hongg'; did you mean 'do-thi-hong'?"))
        #expect(try fine.messages().isEmpty)
    }

    @Test("a template error is located in the template file, at thidua check")
    func badTemplate() throws {
        let workspace = try Workspace(initialise: false) { workspace in
            try workspace.write(
                "config/templates/dossier-rejected.mustache", "Subject: Hồ sơ {{dossier}}\n\n{{#nominees}}\n- {{name}}\n")
        }
        let check = try workspace.thidua(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("config/templates/dossier-rejected.mustache:"))
        #expect(check.stdout.contains("error: template error: a section is opened ({{#…}} or {{^…}}) but never closed ({{/…}})"))
    }

    @Test("an enabled channel whose secret is missing stops the run before anything is claimed")
    func missingSecret() throws {
        let workspace = try Workspace { workspace in
            try workspace.channels(
                """
                  smtp:
                    enabled: true
                    host: 127.0.0.1
                    port: 2525
                    security: none
                    username: thidua@sxd.example.vn
                    password_env: THIDUA_SMTP_PASSWORD

                """)
        }
        try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        let run = try workspace.thidua(["notify", "run"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the environment variable THIDUA_SMTP_PASSWORD (named at config/notifications.yaml:"))
        #expect(run.stderr.contains("is not set"))
        #expect(try workspace.messages().allSatisfy { $0["status"] as? String == "pending" && $0["attempts"] as? Int == 0 })
    }
}

/// Dossiers of the example campaign.
enum Dossier {
    /// A dossier of qlxd nominating Phan Đức Long, with every document, ready to submit.
    static func complete(in workspace: Workspace) throws -> String {
        let clerk = ["--as", "phan-duc-long"]
        let created = try workspace.ok(["dossier", "new", "cchc-2024", "--unit", "qlxd"] + clerk)
        guard let id = created.lines.first?.split(separator: ":").first.map(String.init) else {
            throw TestFailure("no dossier id in: \(created.stdout)")
        }
        try workspace.ok(["dossier", "add-nominee", id, "phan-duc-long", "--award", "giay-khen-giam-doc-so"] + clerk)
        for (component, nominee) in [("van-ban-de-nghi", nil), ("bien-ban-hop", nil), ("bao-cao-thanh-tich", "phan-duc-long")] {
            let file = "files/\(component).pdf"
            try workspace.write(file, "%PDF-1.4\n\(component)")
            try workspace.ok(
                ["dossier", "attach", id, component, workspace.path(file)] + (nominee.map { ["--nominee", $0] } ?? []) + clerk)
        }
        return id
    }
}
