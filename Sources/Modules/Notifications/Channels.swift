internal import CCurl
import ThiDuaCore

/// Delivers one stored message; throws a worded reason when it was not delivered.
public protocol DeliveryChannel: Sendable {
    var channel: Channel { get }
    func deliver(_ message: StoredMessage) throws(NotificationError)
}

// MARK: - Outbox

/// One `.eml` file per message in the outbox directory, named after the message id and written
/// atomically: a retry writes the same bytes to the same name.
public struct OutboxChannel: DeliveryChannel {
    public let directory: String
    public let from: Mailbox
    public var channel: Channel { .outbox }

    public init(directory: String, from: Mailbox) {
        self.directory = directory
        self.from = from
    }

    public func path(of message: StoredMessage) -> String {
        Paths.join(directory, "\(message.id).eml")
    }

    public func deliver(_ message: StoredMessage) throws(NotificationError) {
        do {
            try AtomicFile.write(MailMessage(message, from: from).bytes, to: path(of: message))
        } catch {
            throw NotificationError(error.description)
        }
    }
}

// MARK: - libcurl

/// libcurl, loaded on first use (see Sources/CCurl/shim.h).
enum Curl {
    /// The function pointers, filled once and never changed afterwards.
    struct Functions: @unchecked Sendable {
        let api: thidua_curl_api
    }

    /// The library's functions, or why it could not be loaded.
    static let functions: Result<Functions, NotificationError> = {
        var api = thidua_curl_api()
        var error = [CChar](repeating: 0, count: 512)
        guard thidua_curl_load(&api, &error, error.count) == 0 else {
            return .failure(
                NotificationError(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(Functions(api: api))
    }()
}

/// One libcurl easy handle for one transfer.
final class CurlTransfer {
    var api: thidua_curl_api
    let handle: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    init() throws(NotificationError) {
        api = try Curl.functions.get().api
        guard let handle = api.easy_init() else { throw NotificationError("libcurl could not create a transfer") }
        self.handle = handle
        _ = thidua_curl_set_long(&api, handle, CURLOPT_NOSIGNAL, 1)
        _ = errorBuffer.withUnsafeMutableBufferPointer {
            thidua_curl_set_pointer(&api, handle, CURLOPT_ERRORBUFFER, $0.baseAddress)
        }
    }

    deinit {
        api.easy_cleanup(handle)
        for list in lists { api.slist_free_all(list) }
    }

    func set(_ option: CURLoption, _ value: Int) {
        _ = thidua_curl_set_long(&api, handle, option, value)
    }

    func set(_ option: CURLoption, _ value: String) {
        _ = value.withCString { thidua_curl_set_string(&api, handle, option, $0) }
    }

    func set(_ option: CURLoption, list values: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = api.slist_append(list, value) }
        if let list {
            lists.append(list)
            _ = thidua_curl_set_list(&api, handle, option, list)
        }
    }

    /// Runs the transfer, uploading `upload` through the read callback and collecting what comes
    /// back. Returns the response code (SMTP or HTTP) and the response body.
    func perform(upload: [UInt8]?, what: String) throws(NotificationError) -> (code: Int, body: [UInt8]) {
        let state = TransferState(upload: upload ?? [])
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        if upload != nil {
            _ = thidua_curl_set_callback(&api, handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
                let length = min(size * count, state.upload.count - state.offset)
                state.upload.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        $0.update(from: base.assumingMemoryBound(to: UInt8.self) + state.offset, count: length)
                    }
                }
                state.offset += length
                return length
            }
            _ = thidua_curl_set_pointer(&api, handle, CURLOPT_READDATA, context.toOpaque())
        }
        _ = thidua_curl_set_callback(&api, handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            if state.received.count < 64 * 1024 {
                buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    state.received += UnsafeBufferPointer(start: $0, count: length)
                }
            }
            return length
        }
        _ = thidua_curl_set_pointer(&api, handle, CURLOPT_WRITEDATA, context.toOpaque())
        let result = api.easy_perform(handle)
        var code = 0
        _ = thidua_curl_get_long(&api, handle, CURLINFO_RESPONSE_CODE, &code)
        guard result == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let summary = api.easy_strerror(result).map { String(cString: $0) } ?? "error \(result.rawValue)"
            var reason = detail.isEmpty ? summary : "\(summary): \(detail)"
            if code > 0 { reason += " (server answered \(code))" }
            throw NotificationError("\(what) failed: \(reason)")
        }
        return (code, state.received)
    }
}

/// What the callbacks of one transfer share.
final class TransferState {
    let upload: [UInt8]
    var offset = 0
    var received: [UInt8] = []

    init(upload: [UInt8]) { self.upload = upload }
}

// MARK: - SMTP

/// Real delivery to an SMTP server through libcurl: the same RFC 5322 bytes as the outbox.
public struct SMTPChannel: DeliveryChannel {
    public let settings: SMTPSettings
    public let password: String?
    public let from: Mailbox
    public var channel: Channel { .smtp }

    public init(settings: SMTPSettings, password: String?, from: Mailbox) {
        self.settings = settings
        self.password = password
        self.from = from
    }

    public func deliver(_ message: StoredMessage) throws(NotificationError) {
        let transfer = try CurlTransfer()
        let scheme = settings.security == .tls ? "smtps" : "smtp"
        let domain = from.email.split(separator: "@").last.map(String.init) ?? "localhost"
        transfer.set(CURLOPT_URL, "\(scheme)://\(settings.host):\(settings.port)/\(domain)")
        switch settings.security {
        case .starttls: transfer.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .tls: transfer.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .none: transfer.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let username = settings.username {
            transfer.set(CURLOPT_USERNAME, username)
            transfer.set(CURLOPT_PASSWORD, password ?? "")
        }
        transfer.set(CURLOPT_MAIL_FROM, "<\(from.email)>")
        transfer.set(CURLOPT_MAIL_RCPT, list: ["<\(message.address)>"])
        transfer.set(CURLOPT_UPLOAD, 1)
        transfer.set(CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
        transfer.set(CURLOPT_TIMEOUT, settings.timeout)
        _ = try transfer.perform(
            upload: MailMessage(message, from: from).bytes, what: "SMTP to \(settings.host):\(settings.port)")
    }
}

// MARK: - Webhook

/// A JSON POST per message, signed: `X-ThiDua-Signature: sha256=<hex HMAC-SHA256 of the body>`.
public struct WebhookChannel: DeliveryChannel {
    public let settings: WebhookSettings
    public let key: [UInt8]
    public var channel: Channel { .webhook }

    public init(settings: WebhookSettings, key: String) {
        self.settings = settings
        self.key = Array(key.utf8)
    }

    /// The JSON body for `message`.
    public static func body(_ message: StoredMessage) -> String {
        JSONText.object([
            ("message_id", .string(message.id)), ("event", .string(message.eventKey)), ("trigger", .string(message.trigger)),
            ("campaign", .string(message.campaign)),
            ("recipient", .object([("id", .string(message.recipient)), ("name", .string(message.recipientName))])),
            ("subject", .string(message.subject)), ("text", .string(message.body)),
            ("attachment", message.attachment.map { .string($0) } ?? .null),
            ("created_at", .string(message.createdAt.vietnamText)),
        ]).description
    }

    public func deliver(_ message: StoredMessage) throws(NotificationError) {
        let body = Array(Self.body(message).utf8)
        let transfer = try CurlTransfer()
        transfer.set(CURLOPT_URL, settings.url)
        transfer.set(CURLOPT_POST, 1)
        transfer.set(CURLOPT_POSTFIELDSIZE, body.count)
        transfer.set(
            CURLOPT_HTTPHEADER,
            list: [
                "Content-Type: application/json; charset=utf-8", "X-ThiDua-Message-Id: \(message.id)",
                "X-ThiDua-Signature: sha256=\(HMACSHA256.hex(key: key, message: body))", "Expect:",
            ])
        transfer.set(CURLOPT_CONNECTTIMEOUT, min(settings.timeout, 10))
        transfer.set(CURLOPT_TIMEOUT, settings.timeout)
        let (code, response) = try transfer.perform(upload: body, what: "POST to \(settings.url)")
        guard (200..<300).contains(code) else {
            let text = String(decoding: response.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw NotificationError("POST to \(settings.url) failed: HTTP \(code)\(text.isEmpty ? "" : ": \(text)")")
        }
    }
}
