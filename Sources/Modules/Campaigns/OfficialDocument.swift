import ThiDuaCore

/// Output formats of rendered documents (`thidua campaign render`, decisions, minutes, reports).
public enum DocumentFormat: String, Sendable, CaseIterable {
    case md
    case html
}

/// A document in the Decree 30/2020 layout (thể thức văn bản hành chính), before it is written as
/// Markdown or HTML: the header (agency and national title, number, place and date), the type and
/// summary (trích yếu), the body, and the footer (nơi nhận and signatures), optionally followed by
/// an appendix (the list attached to a decision). Plans, decisions, proposal memos (tờ trình),
/// minutes (biên bản) and reports are all written through it, so they share one layout. Texts may
/// hold inline emphasis (`*italic*`, `**bold**`).
public struct OfficialDocument: Sendable {
    /// The header: agency (with its superior) and the national title, number and place/date.
    public var superior: String?
    public var agency: String
    /// "Số: 05/KH-SXD".
    public var numberLine: String
    /// "Bình Định, ngày 05 tháng 02 năm 2024".
    public var placeAndDate: String
    /// "KẾ HOẠCH".
    public var typeName: String
    /// Trích yếu.
    public var summary: String
    /// "Kính gửi: …" lines under the summary (a tờ trình); empty for most documents.
    public var addressees: [String] = []
    public var body: [Block]
    public var recipientsHeading: String
    /// Nơi nhận, in order; empty for documents without (minutes).
    public var recipients: [String]
    /// The signature blocks, left to right; the last one stands on the right. A document with
    /// recipients has one; minutes have two (secretary, chair).
    public var signatures: [Signature]
    /// Blocks printed on a page of their own after the signature (the list a decision attaches).
    public var appendix: [Block] = []

    public static let nationalTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    public static let motto = "Độc lập - Tự do - Hạnh phúc"

    /// One block of the body.
    public enum Block: Sendable, Hashable {
        /// A body paragraph (first line indented).
        case paragraph(String)
        /// A numbered heading: level 1 "I.", level 2 "1.", level 3 "2.1."; with `runIn`, the text
        /// continues on the heading's line ("3. Tổ chức thi đua: Kể từ …").
        case heading(level: Int, number: String, title: String, runIn: String?)
        /// A "- " item.
        case bullet(String)
        /// A centred line ("QUYẾT ĐỊNH:", the title of an appendix).
        case centered(String)
        /// A table with a header row (a decision's list, a report's figures).
        case table(Table)
    }

    /// A table: header cells, rows, and which columns hold numbers (right-aligned).
    public struct Table: Sendable, Hashable {
        public var header: [String]
        public var rows: [[String]]
        /// Column indexes written right-aligned.
        public var numeric: Set<Int>

        public init(header: [String], rows: [[String]], numeric: Set<Int> = []) {
            self.header = header
            self.rows = rows
            self.numeric = numeric
        }
    }

    /// A signature block: the title lines above the space for the signature, and the name.
    public struct Signature: Sendable, Hashable {
        /// "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC", "CHỦ TỊCH HỘI ĐỒNG".
        public var titleLines: [String]
        public var name: String

        public init(titleLines: [String], name: String) {
            self.titleLines = titleLines
            self.name = name
        }
    }

    /// A document with every part given.
    public init(
        superior: String?, agency: String, numberLine: String, placeAndDate: String, typeName: String, summary: String,
        addressees: [String] = [], body: [Block], recipientsHeading: String = "Nơi nhận:", recipients: [String],
        signatures: [Signature], appendix: [Block] = []
    ) {
        self.superior = superior
        self.agency = agency
        self.numberLine = numberLine
        self.placeAndDate = placeAndDate
        self.typeName = typeName
        self.summary = summary
        self.addressees = addressees
        self.body = body
        self.recipientsHeading = recipientsHeading
        self.recipients = recipients
        self.signatures = signatures
        self.appendix = appendix
    }
}

extension OfficialDocument {
    /// The document in the given format.
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
        for addressee in addressees {
            lines.append(addressee)
            lines.append("")
        }
        lines += Self.markdown(body)
        var compact = Self.compact(lines)
        if !recipients.isEmpty {
            compact.append("**\(recipientsHeading)**")
            compact.append("")
            compact += recipients.map { "- \($0)" }
            compact.append("")
        }
        for (index, signature) in signatures.enumerated() {
            for line in signature.titleLines {
                compact.append("**\(line)**")
                compact.append("")
            }
            compact.append("**\(signature.name)**")
            if index + 1 < signatures.count { compact.append("") }
        }
        if !appendix.isEmpty {
            compact.append("")
            compact.append("---")
            compact.append("")
            compact += Self.compact(Self.markdown(appendix))
            while compact.last == "" { compact.removeLast() }
        }
        return compact.joined(separator: "\n") + "\n"
    }

    /// Body blocks as Markdown lines, each followed by an empty line.
    static func markdown(_ blocks: [Block]) -> [String] {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .paragraph(let text):
                lines.append(text)
            case .bullet(let text):
                lines.append("- \(text)")
            case .centered(let text):
                lines.append("**\(text)**")
            case .heading(let level, let number, let title, let runIn):
                let heading = "\(number) \(title)"
                switch (level, runIn) {
                case (_, let runIn?): lines.append("**\(heading):** \(runIn)")
                case (3, nil): lines.append("***\(heading)***")
                default: lines.append("**\(heading)**")
                }
            case .table(let table):
                func row(_ cells: [String]) -> String {
                    let escaped = cells.map { cell in String(cell.flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) }
                    return "| " + escaped.joined(separator: " | ") + " |"
                }
                lines.append(row(table.header))
                let alignments = table.header.indices.map { table.numeric.contains($0) ? "---:" : ":---" }
                lines.append("| " + alignments.joined(separator: " | ") + " |")
                lines += table.rows.map(row)
            }
            lines.append("")
        }
        return lines
    }

    /// Bullets of one list are written without blank lines between them.
    static func compact(_ lines: [String]) -> [String] {
        var compact: [String] = []
        for (index, line) in lines.enumerated() {
            if line.isEmpty, index > 0, index + 1 < lines.count, lines[index - 1].hasPrefix("- "),
                lines[index + 1].hasPrefix("- ")
            {
                continue
            }
            compact.append(line)
        }
        return compact
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
            .body p.centered, p.addressee { text-align: center; text-indent: 0; font-weight: bold; }
            table.list { width: 100%; border-collapse: collapse; margin: 6pt 0; font-size: 13pt; }
            table.list th, table.list td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
            table.list td.number { text-align: right; white-space: nowrap; }
            .appendix { page-break-before: always; break-before: page; }
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

            """
        for addressee in addressees { out += "<p class=\"addressee\">\(Self.inline(addressee))</p>\n" }
        out += "<div class=\"body\">\n"
        out += Self.html(body)
        out += "</div>\n<table class=\"footer\">\n<tr>"
        if !recipients.isEmpty {
            out += "<td class=\"recipients\"><div class=\"label\">\(Self.escape(recipientsHeading))</div>\n<ul>\n"
            for recipient in recipients { out += "<li>\(Self.inline(recipient))</li>\n" }
            out += "</ul></td>\n"
        } else if signatures.count < 2 {
            out += "<td class=\"recipients\"></td>\n"
        }
        for signature in signatures {
            out += "<td class=\"signature\">"
            out += signature.titleLines.map { "<div>\(Self.escape($0))</div>" }.joined()
            out += "<div class=\"space\"></div><div class=\"name\">\(Self.escape(signature.name))</div></td>"
        }
        out += "</tr>\n</table>\n</div>\n"
        if !appendix.isEmpty {
            out += "<div class=\"page appendix\">\n<div class=\"body\">\n\(Self.html(appendix))</div>\n</div>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// Body blocks as HTML.
    static func html(_ blocks: [Block]) -> String {
        var out = ""
        for block in blocks {
            switch block {
            case .paragraph(let text):
                out += "<p>\(inline(text))</p>\n"
            case .bullet(let text):
                out += "<p class=\"item\">- \(inline(text))</p>\n"
            case .centered(let text):
                out += "<p class=\"centered\">\(inline(text))</p>\n"
            case .heading(let level, let number, let title, let runIn):
                if let runIn {
                    let lead = escape("\(number) \(title):")
                    out += "<p class=\"runin\"><span class=\"lead\">\(lead)</span> \(inline(runIn))</p>\n"
                } else {
                    out += "<p class=\"h\(level)\">\(inline("\(number) \(title)"))</p>\n"
                }
            case .table(let table):
                out += "<table class=\"list\">\n<tr>"
                out += table.header.map { "<th>\(inline($0))</th>" }.joined()
                out += "</tr>\n"
                for row in table.rows {
                    out += "<tr>"
                    for (index, cell) in row.enumerated() {
                        let attributes = table.numeric.contains(index) ? " class=\"number\"" : ""
                        out += "<td\(attributes)>\(inline(cell))</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</table>\n"
            }
        }
        return out
    }

    /// Text without emphasis marks (`**`, `*`), for places that print plain text.
    public static func plainText(_ text: String) -> String { plain(text) }

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
