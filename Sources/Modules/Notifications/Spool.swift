import ThiDuaCore
import ThiDuaDossiers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rendered messages that an event handler could not put into the store, kept as one JSON file
/// per event until `thidua notify run` enqueues them (then the file is removed).
enum Spool {
    static func write(_ messages: [OutgoingMessage], _ unreachable: [Unreachable], key: String, directory: String) throws {
        func recipient(_ value: Recipient) -> JSONText {
            .object([
                ("id", .string(value.id)), ("name", .string(value.name)), ("email", value.email.map { .string($0) } ?? .null),
                ("role", .string(value.role)),
            ])
        }
        let json = JSONText.object([
            ("event", .string(key)),
            (
                "messages",
                .array(
                    messages.map {
                        .object([
                            ("event", .string($0.eventKey)), ("trigger", .string($0.trigger.rawValue)),
                            ("campaign", .string($0.campaign)),
                            ("recipient", recipient($0.recipient)), ("channel", .string($0.channel.rawValue)),
                            ("address", .string($0.address)), ("subject", .string($0.subject)), ("body", .string($0.body)),
                            ("attachment", $0.attachment.map { .string($0) } ?? .null),
                        ])
                    })
            ),
            (
                "unreachable",
                .array(
                    unreachable.map {
                        .object([
                            ("event", .string($0.eventKey)), ("recipient", recipient($0.recipient)),
                            ("channel", .string($0.channel.rawValue)),
                            ("reason", .string($0.reason)),
                        ])
                    })
            ),
        ])
        try AtomicFile.write(json.description, to: Paths.join(directory, "\(SHA256.hex(key).prefix(24)).json"))
    }

    /// The spooled files, oldest name first.
    static func files(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".json"), !name.hasPrefix(".") { names.append(Paths.join(directory, name)) }
        }
        return names.sorted()
    }

    /// Reads one spooled file.
    static func read(_ path: String) throws(NotificationError) -> (messages: [OutgoingMessage], unreachable: [Unreachable]) {
        let bytes: [UInt8]
        switch FileReader.read(path, limit: 16 * 1024 * 1024) {
        case .success(let read): bytes = read
        case .failure(let diagnostic): throw NotificationError(diagnostic.message)
        }
        guard let json = JSONText(parsing: String(decoding: bytes, as: UTF8.self)) else {
            throw NotificationError(
                "\(path) is not valid JSON", hint: "it was written by thidua; move it away and tell its recipients by hand")
        }
        func recipient(_ value: JSONText?) -> Recipient? {
            guard let id = value?["id"]?.text, let name = value?["name"]?.text, let role = value?["role"]?.text else {
                return nil
            }
            return Recipient(id: id, name: name, email: value?["email"]?.text, role: role)
        }
        var messages: [OutgoingMessage] = []
        for item in json["messages"]?.items ?? [] {
            guard let event = item["event"]?.text, let trigger = item["trigger"]?.text.flatMap(Trigger.init(rawValue:)),
                let campaign = item["campaign"]?.text, let recipient = recipient(item["recipient"]),
                let channel = item["channel"]?.text.flatMap(Channel.init(rawValue:)), let address = item["address"]?.text,
                let subject = item["subject"]?.text, let body = item["body"]?.text
            else { throw NotificationError("\(path) holds a message thidua cannot read") }
            messages.append(
                OutgoingMessage(
                    id: OutgoingMessage.id(eventKey: event, recipient: recipient.id, channel: channel), eventKey: event,
                    trigger: trigger,
                    campaign: campaign, recipient: recipient, channel: channel, address: address, subject: subject, body: body,
                    attachment: item["attachment"]?.text))
        }
        var unreachable: [Unreachable] = []
        for item in json["unreachable"]?.items ?? [] {
            guard let event = item["event"]?.text, let recipient = recipient(item["recipient"]),
                let channel = item["channel"]?.text.flatMap(Channel.init(rawValue:)), let reason = item["reason"]?.text
            else { throw NotificationError("\(path) holds a recipient thidua cannot read") }
            unreachable.append(Unreachable(eventKey: event, recipient: recipient, channel: channel, reason: reason))
        }
        return (messages, unreachable)
    }
}

extension JSONText {
    subscript(key: String) -> JSONText? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var items: [JSONText] {
        if case .array(let values) = self { return values }
        return []
    }
}

/// Writes a warning line to standard error.
func warn(_ line: String) {
    printToStandardError(line)
}
