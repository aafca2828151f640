public import ThiDuaCore

/// The notifications file (`notifications.yaml`, named by `modules.notifications.file`).
///
/// ```yaml
/// from: {name: Văn phòng Sở Xây dựng, email: thidua@sxd.example.vn}
/// templates: {directory: templates, overrides: templates/so-xay-dung}
/// reminders: {days_before: [7, 1], hour: 8, campaigns: {cchc-2024: [10, 3, 1]}}
/// addresses:
///   "UBND tỉnh;": {name: UBND tỉnh Bình Định, email: vanthu@binhdinh.example.vn}
/// not_sent: ["Lưu VT."]
/// delivery: {backoff_seconds: 300, max_attempts: 5, lease_seconds: 600}
/// channels:
///   outbox: {enabled: true}
///   smtp: {enabled: false, host: smtp.example.vn, port: 587, security: starttls,
///          username: thidua@sxd.example.vn, password_env: THIDUA_SMTP_PASSWORD}
///   webhook: {enabled: false, url: https://chat.example.vn/hooks/thidua, key_env: THIDUA_WEBHOOK_KEY}
/// ```
public struct NotificationSettings: Decodable, Sendable {
    /// Who messages come from.
    public var from: Mailbox
    public var templates: TemplateSettings
    public var reminders: ReminderSettings
    /// Campaign recipients (nơi nhận) lines, exactly as written in the campaign, mapped to addresses.
    public var addresses: [String: Mailbox]
    /// Recipient lines that are knowingly not messaged (the archive: "Lưu VT.").
    public var notSent: [Located<String>]
    public var delivery: DeliverySettings
    public var channels: ChannelSettings
    /// Where `addresses:` is written, for messages.
    public var addressesLocation: SourceLocation?

    enum CodingKeys: String, CodingKey {
        case from, templates, reminders, addresses, notSent = "not_sent", delivery, channels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(Mailbox.self, forKey: .from)
        templates = try container.decodeIfPresent(TemplateSettings.self, forKey: .templates) ?? TemplateSettings()
        reminders = try container.decodeIfPresent(ReminderSettings.self, forKey: .reminders) ?? ReminderSettings()
        let located = try container.decodeIfPresent([String: Mailbox].self, forKey: .addresses) ?? [:]
        var addresses: [String: Mailbox] = [:]
        for (line, mailbox) in located { addresses[VietnameseText.normalized(line)] = mailbox }
        self.addresses = addresses
        addressesLocation =
            container.contains(.addresses) ? (try? container.superDecoder(forKey: .addresses))?.sourceLocation : nil
        notSent = try container.decodeIfPresent([Located<String>].self, forKey: .notSent) ?? []
        delivery = try container.decodeIfPresent(DeliverySettings.self, forKey: .delivery) ?? DeliverySettings()
        channels = try container.decode(ChannelSettings.self, forKey: .channels)
        if channels.enabled.isEmpty {
            try container.superDecoder(forKey: .channels).report(
                .warning, "no channel is enabled: events are recorded but nothing is delivered",
                hint: "set 'enabled: true' for outbox, smtp or webhook")
        }
    }
}

/// A name and an e-mail address.
public struct Mailbox: Decodable, Sendable, Hashable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    enum CodingKeys: String, CodingKey { case name, email }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = VietnameseText.normalized(try container.decode(String.self, forKey: .name))
        email = try container.decode(String.self, forKey: .email)
        if !Mailbox.isPlausible(email) {
            try container.superDecoder(forKey: .email).report(
                .error, "'\(email)' is not an e-mail address", hint: "write it as name@domain, without a display name")
        }
    }

    /// `local@domain` with no spaces, angle brackets or line breaks (what an SMTP envelope takes).
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !address.unicodeScalars.contains { $0.value <= 0x20 || $0 == "<" || $0 == ">" || $0 == "," || $0.value >= 0x7F }
    }
}

/// Where the templates are.
public struct TemplateSettings: Decodable, Sendable {
    /// The shipped defaults, relative to the configuration directory.
    public var directory: Located<String>
    /// A department's own templates: a file here replaces the default of the same name.
    public var overrides: Located<String>?

    public init() {
        directory = Located("templates", at: .file(""))
        overrides = nil
    }

    enum CodingKeys: String, CodingKey { case directory, overrides }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(Located<String>.self, forKey: .directory) ?? Located("templates", at: .file(""))
        overrides = try container.decodeIfPresent(Located<String>.self, forKey: .overrides)
    }
}

/// When reminders before a dossier deadline are due.
public struct ReminderSettings: Decodable, Sendable {
    /// Days before the last accepted day, for every campaign without its own list.
    public var daysBefore: [Int]
    /// Per campaign id, its own days.
    public var campaigns: [String: [Int]]
    /// The hour (Vietnam time) of the day a reminder becomes due.
    public var hour: Int
    /// Where each campaign's list is written.
    public var campaignLocations: [String: SourceLocation]

    public init() {
        daysBefore = [7, 1]
        campaigns = [:]
        hour = 8
        campaignLocations = [:]
    }

    enum CodingKeys: String, CodingKey { case daysBefore = "days_before", campaigns, hour }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        daysBefore = try container.decodeIfPresent([Int].self, forKey: .daysBefore) ?? [7, 1]
        let located = try container.decodeIfPresent([String: Located<[Int]>].self, forKey: .campaigns) ?? [:]
        campaigns = located.mapValues(\.value)
        campaignLocations = located.mapValues(\.location)
        hour = try container.decodeIfPresent(Int.self, forKey: .hour) ?? 8
        if !(0...23).contains(hour) {
            try container.superDecoder(forKey: .hour).report(.error, "the hour must be from 0 to 23, found \(hour)")
        }
        for (key, days) in [("days_before", daysBefore)] + located.map({ ($0.key, $0.value.value) })
        where days.contains(where: { $0 < 0 || $0 > 366 }) {
            try container.superDecoder(forKey: key == "days_before" ? .daysBefore : .campaigns).report(
                .error, "reminder days must be from 0 to 366 (days before the last accepted day)")
        }
    }

    /// The days before the deadline for `campaign`, largest first.
    public func days(for campaign: String) -> [Int] {
        Array(Set(campaigns[campaign] ?? daysBefore)).sorted(by: >)
    }
}

/// Retries and leases.
public struct DeliverySettings: Decodable, Sendable {
    /// The wait after the first failure; doubled after each further failure.
    public var backoffSeconds: Int
    /// After this many failed attempts a message is given up (status `given-up`).
    public var maxAttempts: Int
    /// How long a run holds a message it is sending before another run may take it over.
    public var leaseSeconds: Int

    public init() {
        backoffSeconds = 300
        maxAttempts = 5
        leaseSeconds = 600
    }

    enum CodingKeys: String, CodingKey {
        case backoffSeconds = "backoff_seconds", maxAttempts = "max_attempts", leaseSeconds = "lease_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DeliverySettings()
        backoffSeconds = try container.decodeIfPresent(Int.self, forKey: .backoffSeconds) ?? defaults.backoffSeconds
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? defaults.maxAttempts
        leaseSeconds = try container.decodeIfPresent(Int.self, forKey: .leaseSeconds) ?? defaults.leaseSeconds
        for (key, value, minimum) in [
            (CodingKeys.backoffSeconds, backoffSeconds, 1), (.maxAttempts, maxAttempts, 1), (.leaseSeconds, leaseSeconds, 10),
        ]
        where value < minimum {
            try container.superDecoder(forKey: key).report(
                .error, "'\(key.rawValue)' must be at least \(minimum), found \(value)")
        }
    }

    /// When a message that failed for the `attempts`-th time may be tried again.
    public func retryAt(after attempts: Int, now: Instant) -> Instant {
        let exponent = min(max(attempts - 1, 0), 20)
        let seconds = Int64(backoffSeconds) * (Int64(1) << Int64(exponent))
        return Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + seconds * 1000)
    }
}

/// The channels: each present or not, enabled or not.
public struct ChannelSettings: Decodable, Sendable {
    public var outbox: OutboxSettings?
    public var smtp: SMTPSettings?
    public var webhook: WebhookSettings?

    /// The enabled channels, in delivery order.
    public var enabled: [Channel] {
        var channels: [Channel] = []
        if outbox?.enabled == true { channels.append(.outbox) }
        if smtp?.enabled == true { channels.append(.smtp) }
        if webhook?.enabled == true { channels.append(.webhook) }
        return channels
    }
}

/// A way messages leave ThiDua.
public enum Channel: String, Sendable, CaseIterable, Hashable {
    case outbox, smtp, webhook

    /// Whether the channel needs an e-mail address for each recipient.
    public var needsEmail: Bool { self != .webhook }
}

/// `.eml` files under `<data directory>/outbox` (or `directory`).
public struct OutboxSettings: Decodable, Sendable {
    public var enabled: Bool
    /// Relative to the data directory; default `outbox`.
    public var directory: String?
}

/// Whether and how an SMTP connection is encrypted.
public enum SMTPSecurity: String, Decodable, Sendable, CaseIterable {
    /// Plain connection upgraded with STARTTLS (refused when the server does not offer it).
    case starttls
    /// TLS from the first byte (smtps, usually port 465).
    case tls
    /// No encryption (a relay on the same machine or in a test).
    case none
}

/// A secret (password, key) named in YAML but kept outside it.
public struct SecretSource: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case environment(String)
        case file(String)
    }

    public var kind: Kind
    public var location: SourceLocation

    /// "the environment variable X", "the file Y".
    public var described: String {
        switch kind {
        case .environment(let name): return "the environment variable \(name)"
        case .file(let path): return "the file \(path)"
        }
    }

    /// Reads the secret. A file's trailing line break is dropped.
    public func read(environment: (String) -> String?, configurationDirectory: String) throws(NotificationError) -> String {
        switch kind {
        case .environment(let name):
            guard let value = environment(name), !value.isEmpty else {
                throw NotificationError(
                    "\(described) (named at \(location)) is not set", hint: "export \(name)=… before running thidua")
            }
            return value
        case .file(let path):
            let resolved = Paths.join(configurationDirectory, path)
            switch FileReader.read(resolved, limit: 64 * 1024) {
            case .success(let bytes):
                var text = String(decoding: bytes, as: UTF8.self)
                while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
                guard !text.isEmpty else { throw NotificationError("\(resolved) (named at \(location)) is empty") }
                return text
            case .failure(let diagnostic):
                throw NotificationError(
                    "cannot read the secret named at \(location): \(diagnostic.message)", hint: diagnostic.hint)
            }
        }
    }

    /// Decodes `<name>_env` or `<name>_file` of `container`; reports the secret written inline
    /// under `inlineKey` as an error.
    static func decode<K: CodingKey>(
        _ container: KeyedDecodingContainer<K>, environment: K, file: K, inline: [K], what: String, required: Bool
    ) throws -> SecretSource? {
        var written = false
        for key in inline where container.contains(key) {
            written = true
            try container.superDecoder(forKey: key).report(
                .error, "the \(what) must not be written in the configuration",
                hint:
                    "put it in an environment variable and name it with '\(environment.stringValue)', or in a file readable only by "
                    + "thidua and name it with '\(file.stringValue)'")
        }
        let fromEnvironment = try container.decodeIfPresent(Located<String>.self, forKey: environment)
        let fromFile = try container.decodeIfPresent(Located<String>.self, forKey: file)
        switch (fromEnvironment, fromFile) {
        case (let name?, nil): return SecretSource(kind: .environment(name.value), location: name.location)
        case (nil, let path?): return SecretSource(kind: .file(path.value), location: path.location)
        case (_?, let path?):
            try container.superDecoder(forKey: file).report(
                .error, "name the \(what) once: '\(environment.stringValue)' or '\(file.stringValue)', not both")
            _ = path
            return nil
        case (nil, nil):
            if required, !written {
                try container.superDecoder(forKey: environment).report(
                    .error, "the \(what) is missing",
                    hint: "add '\(environment.stringValue): VARIABLE' or '\(file.stringValue): PATH'")
            }
            return nil
        }
    }
}

/// Real delivery to an SMTP server, through libcurl.
public struct SMTPSettings: Decodable, Sendable {
    public var enabled: Bool
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    public var username: String?
    public var password: SecretSource?
    /// Seconds to wait for the connection; default 10.
    public var connectTimeout: Int
    /// Seconds one message may take in all; default 60.
    public var timeout: Int

    enum CodingKeys: String, CodingKey {
        case enabled, host, port, security, username, password, passwordEnv = "password_env", passwordFile = "password_file"
        case connectTimeout = "connect_timeout", timeout
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decode(Bool.self, forKey: .enabled)
        host = try container.decode(String.self, forKey: .host)
        security = try container.decodeIfPresent(SMTPSecurity.self, forKey: .security) ?? .starttls
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? (security == .tls ? 465 : 587)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        password = try SecretSource.decode(
            container, environment: .passwordEnv, file: .passwordFile, inline: [.password], what: "SMTP password",
            required: username != nil)
        connectTimeout = try container.decodeIfPresent(Int.self, forKey: .connectTimeout) ?? 10
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeout) ?? 60
        if !(1...65535).contains(port) { try container.superDecoder(forKey: .port).report(.error, "a port is from 1 to 65535") }
        if connectTimeout < 1 || timeout < 1 {
            try container.superDecoder(forKey: connectTimeout < 1 ? .connectTimeout : .timeout).report(
                .error, "timeouts are whole seconds, at least 1")
        }
        if host.isEmpty || host.contains("/") || host.contains(" ") {
            try container.superDecoder(forKey: .host).report(
                .error, "'\(host)' is not a host name", hint: "e.g. smtp.example.vn or 127.0.0.1")
        }
    }
}

/// JSON POSTs signed with HMAC-SHA256.
public struct WebhookSettings: Decodable, Sendable {
    public var enabled: Bool
    public var url: String
    public var key: SecretSource?
    /// Seconds one request may take; default 10.
    public var timeout: Int

    enum CodingKeys: String, CodingKey { case enabled, url, key, secret, keyEnv = "key_env", keyFile = "key_file", timeout }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decode(Bool.self, forKey: .enabled)
        url = try container.decode(String.self, forKey: .url)
        key = try SecretSource.decode(
            container, environment: .keyEnv, file: .keyFile, inline: [.key, .secret], what: "webhook signing key", required: true)
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeout) ?? 10
        if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            try container.superDecoder(forKey: .url).report(.error, "'\(url)' is not an http:// or https:// URL")
        }
        if timeout < 1 { try container.superDecoder(forKey: .timeout).report(.error, "the timeout is whole seconds, at least 1") }
    }
}

/// A notifications problem worded for the person running `thidua`.
public struct NotificationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}
