import Foundation
import Testing
import ThiDuaTestSupport

/// The SMTP channel against a real SMTP server (aiosmtpd) on 127.0.0.1.
@Suite("SMTP delivery, failures, retries and exactly-once", .serialized)
struct SMTPTests {
    static let user = "thidua@sxd.example.vn"
    static let password = "mật-khẩu thử 123"

    /// A workspace whose only channel is SMTP to `port` (AUTH with a password from the environment).
    static func workspace(port: Int, timeout: Int = 10, extra: String = "") throws -> Workspace {
        let workspace = try Workspace { workspace in
            try workspace.channels(
                """
                  smtp:
                    enabled: true
                    host: 127.0.0.1
                    port: \(port)
                    security: none
                    username: \(user)
                    password_env: THIDUA_SMTP_PASSWORD
                    connect_timeout: \(timeout)
                    timeout: \(timeout)
                \(extra)
                """)
        }
        workspace.environment["THIDUA_SMTP_PASSWORD"] = password
        try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        return workspace
    }

    static func server(_ mode: String = "accept") throws -> TestServer {
        try TestServer(
            script: "smtp_server.py", arguments: [mode], environment: ["SMTP_TEST_USER": user, "SMTP_TEST_PASSWORD": password],
            module: "aiosmtpd")
    }

    /// Every Message-ID the server received, with how often.
    static func received(_ server: TestServer) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for record in try server.records("messages") { counts[record.email?.header("Message-ID") ?? "?", default: 0] += 1 }
        return counts
    }

    @Test("the server receives each message once, with its headers, Vietnamese text, recipient and login")
    func delivers() throws {
        let server = try Self.server()
        let workspace = try Self.workspace(port: server.port)
        let run = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00"])
        #expect(run.stdout.contains("done: 12 sent, 0 failed"))
        let records = try server.records("messages")
        #expect(records.count == 12)
        for record in records {
            let email = try #require(record.email)
            let recipients = record.info["rcpt_tos"] as? [String] ?? []
            #expect(recipients.count == 1)
            #expect(email.header("To")?.hasSuffix("<\(recipients.first ?? "")>") == true)
            #expect(record.info["mail_from"] as? String == Self.user)
            #expect(record.info["login"] as? String == Self.user)
            #expect(email.header("Content-Type") == "text/plain; charset=UTF-8")
        }
        #expect(Set(records.compactMap { ($0.info["rcpt_tos"] as? [String])?.first }) == OutboxTests.launchRecipients)
        let ha = try #require(records.first { ($0.info["rcpt_tos"] as? [String]) == ["hapt@sxd.example.vn"] }?.email)
        #expect(ha.header("To") == "Phạm Thị Thu Hà <hapt@sxd.example.vn>")
        #expect(ha.header("From") == "Văn phòng Sở Xây dựng <thidua@sxd.example.vn>")
        #expect(
            ha.header("Subject")
                == "[Sở Xây dựng] Kế hoạch 05/KH-SXD ngày 05/02/2024: Thi đua thực hiện nhiệm vụ cải cách hành chính năm 2024")
        #expect(ha.body.contains("Kính gửi: Phạm Thị Thu Hà"))
        #expect(ha.body.contains("gửi về Thường trực Hội đồng thi đua, khen thưởng - Văn phòng Sở trước ngày 01/12/2024"))

        try workspace.ok(["notify", "run", "--now", "2024-02-06T08:10:00+07:00"])
        #expect(try Self.received(server).values.allSatisfy { $0 == 1 })
        #expect(try server.records("messages").count == 12)
    }

    @Test("a refusing server: the message is marked failed with the reply and delivered once after the backoff")
    func refused() throws {
        let server = try Self.server()
        try server.set("refuse", true)
        let workspace = try Self.workspace(port: server.port)
        let first = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00", "--limit", "2"])
        #expect(first.stdout.contains("done: 0 sent, 2 failed (to be retried)"))
        let failed = try workspace.messages().filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 2)
        for message in failed {
            #expect((message["last_error"] as? String)?.contains("554") == true, "\(message)")
            #expect(message["attempts"] as? Int == 1)
        }
        #expect(
            try workspace.ok(["notify", "status"]).stdout.contains("Relaying refused")
                || failed.contains {
                    ($0["last_error"] as? String)?.contains("RCPT") == true
                        || ($0["last_error"] as? String)?.contains("554") == true
                })
        try server.set("refuse", false)
        // Within the backoff (300 s) the failed ones wait; the pending ones go.
        let soon = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:01:00+07:00"])
        #expect(soon.stdout.contains("done: 10 sent, 0 failed"))
        let later = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:06:00+07:00"])
        #expect(later.stdout.contains("done: 2 sent, 0 failed"))
        let counts = try Self.received(server)
        #expect(counts.count == 12 && counts.values.allSatisfy { $0 == 1 })
        #expect(try workspace.messages().allSatisfy { $0["status"] as? String == "sent" })
    }

    @Test("a server that never answers times out; one that drops the connection fails; both are retried")
    func timeoutAndDrop() throws {
        let silent = try Self.server("silent")
        let workspace = try Self.workspace(port: silent.port, timeout: 1)
        let hung = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00", "--limit", "1"])
        #expect(hung.stdout.contains("0 sent, 1 failed"))
        let timedOut = try #require(try workspace.messages().first { $0["status"] as? String == "failed" })
        #expect((timedOut["last_error"] as? String)?.contains("Timeout") == true, "\(timedOut)")

        // The same workspace now points at a real server that drops the connection at DATA.
        let server = try Self.server()
        try server.set("drop", true)
        try workspace.replace("config/notifications.yaml", "port: \(silent.port)", with: "port: \(server.port)")
        let dropped = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:01:00+07:00", "--limit", "1"])
        #expect(dropped.stdout.contains("0 sent, 1 failed"))
        let droppedRow = try #require(
            try workspace.messages().first {
                $0["status"] as? String == "failed" && $0["id"] as? String != timedOut["id"] as? String
            })
        #expect((droppedRow["last_error"] as? String)?.isEmpty == false)
        #expect(try server.records("messages").isEmpty)

        try server.set("drop", false)
        try workspace.ok(["notify", "run", "--now", "2024-02-06T08:30:00+07:00"])
        let counts = try Self.received(server)
        #expect(counts.count == 12 && counts.values.allSatisfy { $0 == 1 })
        let attempts =
            try workspace.messages().filter { $0["id"] as? String == timedOut["id"] as? String }.first?["attempts"] as? Int
        #expect(attempts == 2)
    }

    @Test("nothing listening: 'could not connect', retried until given up")
    func closedPortGivesUp() throws {
        let socket = try FreePort()
        let workspace = try Self.workspace(port: socket.port, timeout: 2)
        try workspace.replace("config/notifications.yaml", "  max_attempts: 5 ", with: "  max_attempts: 2 ")
        let first = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00", "--limit", "1"])
        #expect(first.stdout.contains("Couldn't connect") || first.stdout.contains("Could not connect"), "\(first.stdout)")
        let second = try workspace.thidua(["notify", "run", "--now", "2024-02-06T09:00:00+07:00", "--limit", "1"])
        #expect(second.status == 1, "a message given up makes the run exit 1 for cron")
        #expect(second.stdout.contains("gave up"))
        let status = try workspace.ok(["notify", "status"]).stdout
        #expect(status.contains("given-up 1"))
        #expect(status.contains("gave up after 2 attempts"))
    }

    @Test("a run killed while sending, then run again: every message reaches the server exactly once")
    func killedMidway() throws {
        let server = try Self.server()
        let workspace = try Self.workspace(port: server.port)
        let process = try workspace.process(["notify", "run", "--now", "2024-02-06T08:00:00+07:00"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Two messages go through; the third is held at MAIL FROM and the run is killed there.
        try server.hold("3")
        try process.run()
        try waitFor { server.exists("mail-3") }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try server.set("hold", false)
        let before = try Self.received(server)
        #expect(before.count == 2)

        // A run at the same time does not take the message the killed run held (its lease stands).
        let same = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:30+07:00"])
        #expect(same.stdout.contains("done: 9 sent"))
        #expect(try workspace.messages().filter { $0["status"] as? String == "sending" }.count == 1)
        // After the lease (600 s) it is taken again.
        let after = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:11:00+07:00"])
        #expect(after.stdout.contains("done: 1 sent"))
        let counts = try Self.received(server)
        #expect(counts.count == 12)
        #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts)")
    }

    @Test("two runs at once never send the same message")
    func overlappingRuns() throws {
        let server = try Self.server()
        let workspace = try Self.workspace(port: server.port)
        try server.hold("1 2")
        let runs = try (0..<2).map { _ in try workspace.process(["notify", "run", "--now", "2024-02-06T08:00:00+07:00"]) }
        for run in runs {
            run.standardOutput = FileHandle.nullDevice
            try run.run()
        }
        // Both hold a message at MAIL FROM before either goes on.
        try waitFor { server.exists("mail-2") }
        try server.set("hold", false)
        for run in runs { run.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        let counts = try Self.received(server)
        #expect(counts.count == 12 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")
    }
}

/// Waits up to 20 seconds for `condition`.
func waitFor(_ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(20)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("timed out waiting") }
        Thread.sleep(forTimeInterval: 0.02)
    }
}

/// A loopback port with nothing listening on it.
struct FreePort {
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw TestFailure("cannot bind a loopback socket") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }
}
