extension JSONText {
    /// On one line without spaces (`{"status":"draft"}`): how the audit log stores states.
    public var compactText: String {
        var out = ""
        writeCompact(to: &out)
        return out
    }

    private func writeCompact(to out: inout String) {
        switch self {
        case .string(let value): JSONText.escape(value, into: &out)
        case .int(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeCompact(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                JSONText.escape(member.0, into: &out)
                out += ":"
                member.1.writeCompact(to: &out)
            }
            out += "}"
        }
    }
}
