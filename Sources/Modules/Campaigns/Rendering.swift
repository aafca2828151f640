import ThiDuaCore

/// Output formats of `thidua campaign render`.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case md
    case html
}

extension PlanDocument {
    /// The plan in the given format.
    public func rendered(as format: DocumentFormat) -> String {
        switch format {
        case .md: return markdown
        case .html: return html
        }
    }

    // MARK: - Markdown

    /// A faithful plain version: the header as a two-column table, bold headings, "- " items,
    /// "Nơi nhận:" and the signature at the end.
    public var markdown: String {
        var lines: [String] = []
        let left = (superior.map { [$0.uppercased().nfc] } ?? []) + ["**\(agency.uppercased().nfc)**"]
        lines.append("| \(left.joined(separator: "<br>")) | **\(Self.nationalTitle)**<br>**\(Self.motto)** |")
        lines.append("| :---: | :---: |")
        lines.append("| \(numberLine) | *\(placeAndDate)* |")
        lines.append("")
        lines.append("**\(typeName)**")
        lines.append("")
        lines.append("**\(summary)**")
        lines.append("")
        for block in body {
            switch block {
            case .paragraph(let text):
                lines.append(text)
            case .bullet(let text):
                lines.append("- \(text)")
            case .heading(let level, let number, let title, let runIn):
                let heading = "\(number) \(title)"
                switch (level, runIn) {
                case (_, let runIn?): lines.append("**\(heading):** \(runIn)")
                case (3, nil): lines.append("***\(heading)***")
                default: lines.append("**\(heading)**")
                }
            }
            lines.append("")
        }
        // Bullets of one list are written without blank lines between them.
        var compact: [String] = []
        for (index, line) in lines.enumerated() {
            if line.isEmpty, index > 0, index + 1 < lines.count, lines[index - 1].hasPrefix("- "), lines[index + 1].hasPrefix("- ") {
                continue
            }
            compact.append(line)
        }
        compact.append("**\(recipientsHeading)**")
        compact.append("")
        compact += recipients.map { "- \($0)" }
        compact.append("")
        for line in signatureTitle {
            compact.append("**\(line)**")
            compact.append("")
        }
        compact.append("**\(signatureName)**")
        return compact.joined(separator: "\n") + "\n"
    }

    // MARK: - HTML

    /// A self-contained page: A4 with the Decree 30/2020 margins (top 20, bottom 20, left 30,
    /// right 15 mm), Times New Roman 14pt, the header as a two-column table.
    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(numberLine)) — \(Self.escape(Self.plain(summary)))</title>
            <style>
            @page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
            html { background: #fff; }
            body { margin: 0; font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 14pt; line-height: 1.35; color: #000; }
            .page { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 20mm 15mm 20mm 30mm; background: #fff; }
            @media print { .page { width: auto; min-height: 0; padding: 0; } }
            table.header, table.footer { width: 100%; border-collapse: collapse; }
            table.header td, table.footer td { vertical-align: top; padding: 0; }
            table.header td.agency { width: 40%; text-align: center; font-size: 13pt; }
            table.header td.nation { width: 60%; text-align: center; }
            .superior { text-transform: uppercase; }
            .agency-name { font-weight: bold; text-transform: uppercase; }
            .national-title { font-weight: bold; font-size: 13pt; }
            .motto { font-weight: bold; font-size: 14pt; display: inline-block; border-bottom: 1px solid #000; padding-bottom: 1px; }
            .rule { width: 33%; margin: 2px auto 0; border-top: 1px solid #000; }
            table.header td.number { text-align: center; font-size: 13pt; padding-top: 6pt; }
            table.header td.date { text-align: center; font-style: italic; padding-top: 6pt; }
            .type { text-align: center; font-weight: bold; margin: 18pt 0 0; }
            .summary { text-align: center; font-weight: bold; margin: 0; }
            .summary-rule { width: 25%; margin: 3pt auto 12pt; border-top: 1px solid #000; }
            .body p { margin: 6pt 0; text-align: justify; text-indent: 1cm; }
            .body p.h1, .body p.h2 { font-weight: bold; }
            .body p.h3 { font-weight: bold; font-style: italic; }
            .body p.runin .lead { font-weight: bold; }
            table.footer { margin-top: 12pt; }
            table.footer td.recipients { width: 50%; font-size: 12pt; }
            table.footer td.recipients .label { font-weight: bold; font-style: italic; }
            table.footer td.recipients ul { list-style: none; margin: 0; padding: 0; font-size: 11pt; }
            table.footer td.recipients li::before { content: "- "; }
            table.footer td.signature { width: 50%; text-align: center; font-weight: bold; }
            .signature .space { height: 30mm; }
            </style>
            </head>
            <body>
            <div class="page">

            """
        let superiorHTML = superior.map { "<div class=\"superior\">\(Self.escape($0.uppercased().nfc))</div>" } ?? ""
        out += """
            <table class="header">
            <tr><td class="agency">\(superiorHTML)<div class="agency-name">\(Self.escape(agency.uppercased().nfc))</div><div class="rule"></div></td>
            <td class="nation"><div class="national-title">\(Self.nationalTitle)</div><div class="motto">\(Self.motto)</div></td></tr>
            <tr><td class="number">\(Self.escape(numberLine))</td><td class="date">\(Self.escape(placeAndDate))</td></tr>
            </table>
            <p class="type">\(Self.escape(typeName))</p>
            <p class="summary">\(Self.inline(summary))</p>
            <div class="summary-rule"></div>
            <div class="body">

            """
        for block in body {
            switch block {
            case .paragraph(let text):
                out += "<p>\(Self.inline(text))</p>\n"
            case .bullet(let text):
                out += "<p class=\"item\">- \(Self.inline(text))</p>\n"
            case .heading(let level, let number, let title, let runIn):
                if let runIn {
                    out += "<p class=\"runin\"><span class=\"lead\">\(Self.escape("\(number) \(title):"))</span> \(Self.inline(runIn))</p>\n"
                } else {
                    out += "<p class=\"h\(level)\">\(Self.inline("\(number) \(title)"))</p>\n"
                }
            }
        }
        out += """
            </div>
            <table class="footer">
            <tr><td class="recipients"><div class="label">\(Self.escape(recipientsHeading))</div>
            <ul>

            """
        for recipient in recipients { out += "<li>\(Self.inline(recipient))</li>\n" }
        out += "</ul></td>\n<td class=\"signature\">"
        out += signatureTitle.map { "<div>\(Self.escape($0))</div>" }.joined()
        out += "<div class=\"space\"></div><div class=\"name\">\(Self.escape(signatureName))</div></td></tr>\n</table>\n</div>\n</body>\n</html>\n"
        return out
    }

    /// Text without emphasis marks.
    static func plain(_ text: String) -> String {
        text.filter { $0 != "*" }
    }

    /// HTML-escaped text with `**bold**` and `*italic*` as `<strong>` and `<em>`.
    static func inline(_ text: String) -> String {
        var out = ""
        var bold = false
        var italic = false
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "*" {
                if next < text.endIndex, text[next] == "*" {
                    out += bold ? "</strong>" : "<strong>"
                    bold.toggle()
                    index = text.index(after: next)
                } else {
                    out += italic ? "</em>" : "<em>"
                    italic.toggle()
                    index = next
                }
                continue
            }
            out += escape(String(text[index]))
            index = next
        }
        if italic { out += "</em>" }
        if bold { out += "</strong>" }
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
