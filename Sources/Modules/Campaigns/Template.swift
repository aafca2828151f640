/// Text with placeholders: `{end}`, `{deadline.day_month}`, `{basis:qd-2142}`. `{{` and `}}` stand
/// for literal braces.
enum TextTemplate {
    /// The placeholder names in `text`, in order.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        _ = expand(text) { name in
            names.append(name)
            return ""
        }
        return names
    }

    /// `text` with each placeholder replaced by `resolve(name)`; unknown names (nil) stay as
    /// written and are returned.
    static func expand(_ text: String, _ resolve: (String) -> String?) -> (text: String, unknown: [String]) {
        var result = ""
        var unknown: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                result.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                result.append("}")
                index = text.index(after: next)
            } else if character == "{", let close = text[next...].firstIndex(of: "}") {
                let name = String(text[next..<close])
                if let value = resolve(name) {
                    result += value
                } else {
                    unknown.append(name)
                    result += "{\(name)}"
                }
                index = text.index(after: close)
            } else {
                result.append(character)
                index = next
            }
        }
        return (result, unknown)
    }
}
