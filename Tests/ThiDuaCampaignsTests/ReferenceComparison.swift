import Foundation
import ThiDuaCore

/// Compares a rendered plan with the reference plan, section by section (preamble, I–V,
/// recipients, signature): every sentence and bullet of the reference must appear in the same
/// section of the rendering, after both are put in NFC, stripped of Markdown emphasis and of
/// line breaks inside paragraphs.
struct ReferenceComparison {
    /// One section: its key ("preamble", "I" … "V", "recipients", "signature") and its units
    /// (paragraphs, headings, bullets), normalised.
    struct Section {
        var key: String
        var units: [String]
        var flat: String { units.joined(separator: " ") }
    }

    /// Where the document body starts (the document type line).
    var typeLine = "KẾ HOẠCH"

    /// Every reference sentence or bullet that the rendering lacks, as "section: “text”".
    func missing(reference: String, rendering: String) -> [String] {
        let expected = sections(of: reference)
        let actual = Dictionary(sections(of: rendering).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for section in expected {
            guard let rendered = actual[section.key] else {
                problems.append("\(section.key): the section is missing")
                continue
            }
            let flat = rendered.flat
            for unit in section.units {
                let pieces = Self.sentences(of: unit).filter { !flat.contains($0) }
                if !flat.contains(unit) && pieces.isEmpty {
                    problems.append("\(section.key): “\(unit)” (every sentence is there, but not together in this order)")
                }
                problems += pieces.map { "\(section.key): “\($0)”" }
            }
        }
        return problems
    }

    /// The sections of a plan in Markdown or plain text.
    func sections(of text: String) -> [Section] {
        let units = Self.units(of: text)
        guard let start = units.firstIndex(of: typeLine) else { return [] }
        var sections = [Section(key: "preamble", units: [])]
        var inRecipients = false
        for unit in units[start...] {
            if let numeral = Self.romanHeading(unit), !inRecipients {
                sections.append(Section(key: numeral, units: [unit]))
                continue
            }
            if unit == "Nơi nhận:" {
                inRecipients = true
                sections.append(Section(key: "recipients", units: []))
                continue
            }
            if inRecipients {
                if unit.hasPrefix("- ") {
                    sections[sections.count - 1].units.append(String(unit.dropFirst(2)))
                    continue
                }
                inRecipients = false
                sections.append(Section(key: "signature", units: []))
            }
            sections[sections.count - 1].units.append(unit.hasPrefix("- ") ? String(unit.dropFirst(2)) : unit)
        }
        return sections
    }

    /// Non-empty lines, normalised, with paragraphs that a line break cut in two joined again (a
    /// line ending in a letter followed by one starting in lower case).
    static func units(of text: String) -> [String] {
        var units: [String] = []
        for raw in text.nfc.components(separatedBy: "\n") {
            let line = normalise(raw)
            if line.isEmpty { continue }
            if let last = units.last, let end = last.last, end.isLetter, let first = line.first, first.isLowercase {
                units[units.count - 1] = last + " " + line
            } else {
                units.append(line)
            }
        }
        return units
    }

    /// NFC, no emphasis marks or heading marks, runs of white space as one space, trimmed.
    static func normalise(_ line: String) -> String {
        var text = line.nfc.replacingOccurrences(of: "*", with: "")
        while text.hasPrefix("#") { text.removeFirst() }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// "II" for "II. Đối tượng, …".
    static func romanHeading(_ unit: String) -> String? {
        guard let dot = unit.firstIndex(of: "."), unit[unit.index(after: dot)...].hasPrefix(" ") else { return nil }
        let numeral = String(unit[..<dot])
        return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"].contains(numeral) ? numeral : nil
    }

    /// A unit cut after "; " and after ". " (when the full stop ends a word, not a number).
    static func sentences(of unit: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(unit)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            let previous = index > 0 ? characters[index - 1] : " "
            if next == " ", character == ";" || (character == "." && previous.isLetter) {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    /// The text of an HTML rendering: block ends become line breaks, list items "- " lines,
    /// the head and the tags go away, entities are decoded.
    static func text(ofHTML html: String) -> String {
        var text = html
        if let head = text.range(of: "<head>"), let end = text.range(of: "</head>") {
            text.removeSubrange(head.lowerBound..<end.upperBound)
        }
        for tag in ["</p>", "</div>", "</li>", "</td>", "</tr>", "<br>", "</table>"] {
            text = text.replacingOccurrences(of: tag, with: "\n")
        }
        text = text.replacingOccurrences(of: "<li>", with: "- ")
        var plain = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true; continue }
            if character == ">" { inTag = false; continue }
            if !inTag { plain.append(character) }
        }
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            plain = plain.replacingOccurrences(of: entity, with: value)
        }
        return plain
    }
}
