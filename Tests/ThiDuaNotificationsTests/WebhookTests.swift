import Foundation
import Testing

/// The webhook channel against a local HTTP receiver that checks the HMAC-SHA256 signature.
@Suite("Webhook delivery with an HMAC-SHA256 signature")
struct WebhookTests {
    static let key = "khoá-bí-mật-webhook-2024"

    static func workspace(port: Int, keyLine: String) throws -> Workspace {
        let workspace = try Workspace { workspace in
            try workspace.channels(
                """
                  webhook:
                    enabled: true
                    url: http://127.0.0.1:\(port)/hooks/thidua
                    \(keyLine)
                    timeout: 5

                """)
        }
        try workspace.ok(["campaign", "launch", "cchc-2024", "--as", "do-thi-hong"])
        return workspace
    }

    static func receiver() throws -> TestServer {
        try TestServer(script: "webhook_receiver.py", environment: ["WEBHOOK_KEY": key])
    }

    @Test("every message is POSTed once as signed JSON; the receiver verifies the signature")
    func signed() throws {
        let receiver = try Self.receiver()
        let workspace = try Self.workspace(port: receiver.port, keyLine: "key_env: THIDUA_WEBHOOK_KEY")
        workspace.environment["THIDUA_WEBHOOK_KEY"] = Self.key
        let run = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00"])
        // The webhook needs no e-mail address: the seven unit heads and the five plan recipients.
        #expect(run.stdout.contains("done: 12 sent, 0 failed"))
        let requests = try receiver.records("requests")
        #expect(requests.count == 12)
        #expect(requests.allSatisfy { $0.info["verified"] as? Bool == true })
        var ids: Set<String> = []
        for request in requests {
            let body = try #require(request.info["body"] as? String)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let headers = request.info["headers"] as? [String: String] ?? [:]
            #expect(headers["X-ThiDua-Message-Id"] == json["message_id"] as? String)
            #expect(headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(json["trigger"] as? String == "campaign-launched")
            #expect((json["subject"] as? String)?.hasPrefix("[Sở Xây dựng] Kế hoạch 05/KH-SXD ngày 05/02/2024") == true)
            ids.insert(json["message_id"] as? String ?? "")
        }
        #expect(ids.count == 12)
        let lanhDao = try #require(
            requests.compactMap { request -> [String: Any]? in
                guard let body = request.info["body"] as? String else { return nil }
                return try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            }.first { ($0["recipient"] as? [String: Any])?["id"] as? String == "line:Ban Lãnh đạo Sở;" })
        #expect((lanhDao["text"] as? String)?.contains("Kính gửi: Ban Lãnh đạo Sở") == true)

        try workspace.ok(["notify", "run", "--now", "2024-02-06T09:00:00+07:00"])
        #expect(try receiver.records("requests").count == 12)
    }

    @Test("a wrong key is refused by the receiver (HTTP 401) and a failing receiver (HTTP 500) is retried later")
    func refusedAndRetried() throws {
        let receiver = try Self.receiver()
        let workspace = try Self.workspace(port: receiver.port, keyLine: "key_file: webhook.key")
        try workspace.write("config/webhook.key", "not the key\n")
        let wrong = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:00:00+07:00", "--limit", "1"])
        #expect(wrong.stdout.contains("0 sent, 1 failed"))
        let failed = try #require(try workspace.messages().first { $0["status"] as? String == "failed" })
        #expect((failed["last_error"] as? String)?.contains("HTTP 401: signature mismatch") == true, "\(failed)")

        try workspace.write("config/webhook.key", Self.key + "\n")
        try receiver.set("fail", true)
        let failing = try workspace.ok(["notify", "run", "--now", "2024-02-06T08:01:00+07:00", "--limit", "1"])
        #expect(failing.stdout.contains("HTTP 500"))
        try receiver.set("fail", false)
        try workspace.ok(["notify", "run", "--now", "2024-02-06T09:00:00+07:00"])
        let requests = try receiver.records("requests")
        #expect(requests.filter { $0.info["verified"] as? Bool == true }.count == 12)
        #expect(try workspace.messages().allSatisfy { $0["status"] as? String == "sent" })
    }
}
