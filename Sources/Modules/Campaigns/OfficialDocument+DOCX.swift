import ArgumentParser
import ThiDuaCore

/// The document as a Word file (DOCX, Office Open XML WordprocessingML) that a Vietnamese office
/// opens directly: A4 portrait with the Decree 30/2020 margins (top and bottom 20 mm, left 30 mm,
/// right 15 mm), Times New Roman 14 pt, the header and the footer as borderless tables, lists as
/// bordered tables, the appendix on a new page.
///
/// The package is a ZIP archive with its entries stored (not compressed), each with its CRC-32:
/// `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`, `word/styles.xml` and
/// `word/_rels/document.xml.rels`. No dependency is needed for that.
/// The file formats a document is written in: Markdown, HTML, or Word (DOCX).
public enum DocumentFileFormat: String, Sendable, CaseIterable {
    case md, html, docx

    /// Whether the format is text that can go to standard output.
    public var isText: Bool { self != .docx }

    /// The format a `--format` option names; a binary format needs `--output`.
    public static func parse(_ text: String, output: String?) throws -> DocumentFileFormat {
        guard let format = DocumentFileFormat(rawValue: text) else {
            throw ValidationError("the format is md, html or docx, not '\(text)'")
        }
        if !format.isText, output == nil {
            throw ValidationError("\(text) is a binary file: write it with --output FILE.\(text)")
        }
        return format
    }
}

/// Writes a rendered document to `output` (and says so), or text to standard output.
public func emit(_ bytes: [UInt8], to output: String?) throws {
    if let output {
        try writeFile(output, bytes: bytes)
        print("written: \(output)")
    } else {
        print(String(decoding: bytes, as: UTF8.self), terminator: "")
    }
}

extension OfficialDocument {
    /// The document as the bytes of a file in `format`.
    public func file(as format: DocumentFileFormat) -> [UInt8] {
        switch format {
        case .md: return Array(markdown.utf8)
        case .html: return Array(html.utf8)
        case .docx: return docx
        }
    }

    /// The DOCX file's bytes.
    public var docx: [UInt8] {
        var archive = StoredZip()
        archive.add("[Content_Types].xml", DOCX.contentTypes)
        archive.add("_rels/.rels", DOCX.packageRelationships)
        archive.add("word/_rels/document.xml.rels", DOCX.documentRelationships)
        archive.add("word/styles.xml", DOCX.styles)
        archive.add("word/document.xml", wordDocument)
        return archive.finished
    }

    /// `word/document.xml`.
    var wordDocument: String {
        var body = ""
        // Header: agency | national title; number | place and date.
        var agencyCell = superior.map { DOCX.paragraph(DOCX.run($0.uppercased().nfc, size: 26), align: "center") } ?? ""
        agencyCell += DOCX.paragraph(DOCX.run(agency.uppercased().nfc, bold: true, size: 26), align: "center", underline: true)
        let nationCell =
            DOCX.paragraph(DOCX.run(Self.nationalTitle, bold: true, size: 26), align: "center")
            + DOCX.paragraph(DOCX.run(Self.motto, bold: true), align: "center", underline: true)
        body += DOCX.table(
            [
                [agencyCell, nationCell],
                [
                    DOCX.paragraph(DOCX.run(numberLine, size: 26), align: "center"),
                    DOCX.paragraph(DOCX.run(placeAndDate, italic: true), align: "center"),
                ],
            ], widths: [3600, 5400], borders: false)
        body += DOCX.paragraph(DOCX.run(typeName, bold: true), align: "center", spaceBefore: 360)
        body += DOCX.paragraph(DOCX.runs(summary, bold: true), align: "center", underline: true)
        for addressee in addressees { body += DOCX.paragraph(DOCX.runs(addressee), align: "center") }
        body += DOCX.blocks(self.body)
        // Footer: nơi nhận | signatures.
        var cells: [String] = []
        var widths: [Int] = []
        if !recipients.isEmpty {
            var cell = DOCX.paragraph(DOCX.run(recipientsHeading, bold: true, italic: true, size: 24))
            for recipient in recipients { cell += DOCX.paragraph(DOCX.runs("- " + recipient, size: 22), spaceBefore: 0) }
            cells.append(cell)
            widths.append(4500)
        } else if signatures.count < 2 {
            cells.append(DOCX.paragraph(""))
            widths.append(4500)
        }
        for signature in signatures {
            var cell = signature.titleLines.map { DOCX.paragraph(DOCX.run($0, bold: true), align: "center", spaceBefore: 0) }
                .joined()
            cell += String(repeating: DOCX.paragraph(""), count: 4)
            cell += DOCX.paragraph(DOCX.run(signature.name, bold: true), align: "center")
            cells.append(cell)
            widths.append(4500)
        }
        body += DOCX.table([cells], widths: widths, borders: false)
        if !appendix.isEmpty {
            body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            body += DOCX.blocks(appendix)
        }
        body +=
            "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            + "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<w:document xmlns:w=\"\(DOCX.namespace)\"><w:body>\(body)</w:body></w:document>"
    }
}

/// WordprocessingML pieces.
enum DOCX {
    static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Times New Roman 14 pt, Vietnamese, 3 pt before and after paragraphs.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="\(namespace)"><w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
        <w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>
        """

    /// Body blocks as paragraphs and tables.
    static func blocks(_ blocks: [OfficialDocument.Block]) -> String {
        var out = ""
        for block in blocks {
            switch block {
            case .paragraph(let text):
                out += paragraph(runs(text), align: "both", firstLine: 567)
            case .bullet(let text):
                out += paragraph(runs("- " + text), align: "both", firstLine: 567)
            case .centered(let text):
                out += paragraph(runs(text, bold: true), align: "center")
            case .heading(let level, let number, let title, let runIn):
                if let runIn {
                    out += paragraph(run("\(number) \(title): ", bold: true) + runs(runIn), align: "both", firstLine: 567)
                } else {
                    out += paragraph(runs("\(number) \(title)", bold: true, italic: level == 3), align: "both", firstLine: 567)
                }
            case .table(let table):
                let header = table.header.map { paragraph(runs($0, bold: true, size: 26), align: "center", spaceBefore: 0) }
                let rows = table.rows.map { row in
                    row.enumerated().map { index, cell in
                        paragraph(runs(cell, size: 26), align: table.numeric.contains(index) ? "right" : "left", spaceBefore: 0)
                    }
                }
                let width = 9000 / max(1, table.header.count)
                out += DOCX.table([header] + rows, widths: Array(repeating: width, count: table.header.count), borders: true)
                out += paragraph("")
            }
        }
        return out
    }

    static func paragraph(
        _ runs: String, align: String? = nil, firstLine: Int? = nil, spaceBefore: Int? = nil, underline: Bool = false
    ) -> String {
        var properties = ""
        if underline { properties += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>" }
        if let spaceBefore { properties += "<w:spacing w:before=\"\(spaceBefore)\" w:after=\"0\"/>" }
        if let firstLine { properties += "<w:ind w:firstLine=\"\(firstLine)\"/>" }
        if let align { properties += "<w:jc w:val=\"\(align)\"/>" }
        return "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + runs + "</w:p>"
    }

    static func run(_ text: String, bold: Bool = false, italic: Bool = false, size: Int? = nil) -> String {
        var properties = ""
        if bold { properties += "<w:b/>" }
        if italic { properties += "<w:i/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        return "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")
            + "<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    /// Runs for text with `**bold**` and `*italic*` marks.
    static func runs(_ text: String, bold: Bool = false, italic: Bool = false, size: Int? = nil) -> String {
        var out = ""
        var current = ""
        var isBold = bold
        var isItalic = italic
        var index = text.startIndex
        func flush() {
            if !current.isEmpty { out += run(current, bold: isBold, italic: isItalic, size: size) }
            current = ""
        }
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "*" {
                flush()
                if next < text.endIndex, text[next] == "*" {
                    isBold = bold || !isBold
                    index = text.index(after: next)
                } else {
                    isItalic = italic || !isItalic
                    index = next
                }
                continue
            }
            current.append(text[index])
            index = next
        }
        flush()
        return out
    }

    /// A table; `cells` hold paragraphs. Borderless for the header and footer, single lines for lists.
    static func table(_ rows: [[String]], widths: [Int], borders: Bool) -> String {
        let border = borders ? "single" : "nil"
        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out += "<w:\(edge) w:val=\"\(border)\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        out += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
        out += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
        out += "</w:tblGrid>"
        for row in rows {
            out += "<w:tr>"
            for (index, cell) in row.enumerated() {
                let width = index < widths.count ? widths[index] : widths.last ?? 1000
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>\(cell.isEmpty ? "<w:p/>" : cell)</w:tc>"
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>"
    }

    /// XML-escaped NFC text (the same escapes as HTML).
    static func escape(_ text: String) -> String { OfficialDocument.escape(text.nfc) }
}

/// A ZIP archive whose entries are stored without compression (method 0), as DOCX readers accept.
struct StoredZip {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) {
        let data = Array(text.utf8)
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(bytes.count)
        // Local file header; 1980-01-01 00:00 as the time, so that the file is the same every run.
        bytes += le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x0021)
        bytes += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count)) + le16(0)
        bytes += nameBytes + data
        central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x0021)
        central += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count))
        central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        count += 1
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// Local entries, then the central directory and the end-of-central-directory record.
    var finished: [UInt8] {
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            + le32(UInt32(central.count)) + le32(UInt32(bytes.count)) + le16(0)
        return bytes + central + end
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
