public import ArgumentParser
import ThiDuaCore

/// How budget commands print: documents (text, Markdown) write money the Vietnamese way
/// (`1.410.000 đồng`); JSON and CSV write plain integers (`1410000`).
public enum BudgetFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, csv, md
}

// MARK: - Sheets

extension BudgetSheet {
    /// The sheet in `format`.
    public func rendered(_ format: BudgetFormat) -> String {
        switch format {
        case .text: return text(markdown: false)
        case .md: return text(markdown: true)
        case .json:
            // Written through an OutputBuffer: strings are escaped eight bytes at a time, not
            // scalar by scalar as `JSONText.description` does (the same text).
            var out = OutputBuffer()
            Self.append(json, indent: 0, to: &out)
            out.appendNewline()
            return out.text
        case .csv: return csv
        }
    }

    private var title: String {
        kind == .estimate ? "DỰ TOÁN KINH PHÍ KHEN THƯỞNG" : "BÁO CÁO KINH PHÍ KHEN THƯỞNG ĐÃ QUYẾT ĐỊNH"
    }

    /// "0,3 × 2.340.000 = 702.000 → 710.000 đồng".
    static func computation(_ payment: Payment) -> String {
        let raw = payment.raw.formatted
        let amount = VND.text(payment.amount)
        let rounded = payment.raw == ExactDecimal(exactly: Int(payment.amount)) ? "= \(amount)" : "= \(raw) → \(amount)"
        return "\(payment.coefficient.formatted) × \(VND.grouped(payment.baseSalary)) \(rounded)"
    }

    private func text(markdown: Bool) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line(markdown ? "# \(title)" : title)
        line()
        let item = markdown ? "- " : ""
        line("\(item)Phong trào: \(campaign.displayName) (\(campaign.id.value))")
        if let decisionDate {
            line("\(item)Ngày quyết định khen thưởng: \(VietnameseDate.numeric(decisionDate))")
        }
        if let pack {
            line(
                "\(item)Căn cứ: \(pack.decree) (\(pack.id.value), áp dụng \(pack.effective.vietnamese)); \(pack.rounding.text) (\(pack.rounding.basis))"
            )
        }
        if let baseSalary {
            line(
                "\(item)Mức lương cơ sở: \(VND.text(baseSalary.amount.value)) (\(baseSalary.decree), từ \(VietnameseDate.numeric(baseSalary.from.value)))"
            )
        }
        line("\(item)Đối tượng: \(nominees)")
        line("\(item)Nguồn kinh phí: \(fundSource)")
        for decision in decisions {
            line(
                "\(item)Quyết định số \(decision.number) ngày \(VietnameseDate.numeric(decision.date)), \(decision.signer): \(decision.lineCount) khen thưởng, tổng \(VND.text(decision.statedTotal))"
            )
        }
        line()

        let headers =
            (kind == .report ? ["Quyết định"] : []) + [
                "STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức", "Cách tính", "Số tiền", "Căn cứ",
            ]
        let rows: [[String]] = lines.enumerated().map { index, entry in
            (kind == .report ? [entry.decision ?? ""] : []) + [
                String(index + 1), "\(entry.name) (\(entry.payment.collective ? "tập thể" : "cá nhân"))", entry.unitName,
                entry.awardName, Self.computation(entry.payment), VND.text(entry.payment.amount),
                entry.payment.basis + (entry.confirmed ? "" : " (chưa xác nhận)"),
            ]
        }
        if lines.isEmpty {
            line(
                kind == .estimate
                    ? "Không có tập thể, cá nhân nào đủ điều kiện." : "Chưa có quyết định khen thưởng nào được ghi nhận.")
        } else if markdown {
            out += Self.markdownTable(headers, rows)
        } else {
            out += Self.columns([headers] + rows)
        }
        line()

        line(markdown ? "## Theo hình thức khen thưởng\n" : "Theo hình thức khen thưởng:")
        let groupRows = totals.byAward.map { [$0.name, String($0.count), VND.text($0.amount)] }
        let unitRows = totals.byUnit.map { [$0.name, String($0.count), VND.text($0.amount)] }
        if markdown {
            out += Self.markdownTable(["Hình thức", "Số lượng", "Số tiền"], groupRows)
            line()
            line("## Theo đơn vị\n")
            out += Self.markdownTable(["Đơn vị", "Số lượng", "Số tiền"], unitRows)
            line()
        } else {
            out += Self.columns(groupRows.map { ["  " + $0[0], $0[1], $0[2]] })
            line("Theo đơn vị:")
            out += Self.columns(unitRows.map { ["  " + $0[0], $0[1], $0[2]] })
        }
        let strong = markdown ? "**" : ""
        line("\(item)Tổng cộng: \(strong)\(VND.text(totals.total))\(strong) (\(lines.count) khen thưởng)")
        if let available {
            line("\(item)Kinh phí hiện có: \(VND.text(available))")
            if let shortfall {
                line("\(item)\(strong)Vượt kinh phí hiện có \(VND.text(shortfall))\(strong)")
            } else {
                line("\(item)Còn lại: \(VND.text(available - totals.total))")
            }
        }
        for problem in problems { line("\(item)SAI LỆCH: \(problem)") }
        if !notes.isEmpty {
            line()
            line(markdown ? "## Ghi chú\n" : "Ghi chú:")
            for note in notes { line("- \(note)") }
        }
        return out
    }

    private var json: JSONText {
        func money(_ amount: Int64) -> JSONText { .int(Int(amount)) }
        var members: [(String, JSONText)] = [
            ("kind", .string(kind.rawValue)), ("campaign", .string(campaign.id.value)),
            ("decision_date", decisionDate.map { .string($0.description) } ?? .null),
            ("pack", pack.map { .string($0.id.value) } ?? .null),
            ("base_salary", baseSalary.map { money($0.amount.value) } ?? .null),
            ("nominees", .string(nominees)),
        ]
        if kind == .report {
            members.append(
                (
                    "decisions",
                    .array(
                        decisions.map { decision in
                            .object([
                                ("number", .string(decision.number)), ("date", .string(decision.date.description)),
                                ("signer", .string(decision.signer)),
                                ("lines", .int(decision.lineCount)), ("stated_total", money(decision.statedTotal)),
                                ("lines_total", money(decision.linesTotal)),
                            ])
                        })
                ))
        }
        members.append(
            (
                "lines",
                .array(
                    lines.map { entry in
                        let p = entry.payment
                        return .object([
                            ("decision", entry.decision.map { .string($0) } ?? .null), ("recipient", .string(entry.recipient)),
                            ("name", .string(entry.name)),
                            ("collective", .bool(p.collective)), ("unit", .string(entry.unit)), ("award", .string(p.award)),
                            ("award_name", .string(entry.awardName)), ("decision_date", .string(p.decisionDate.description)),
                            ("coefficient", .string(p.coefficient.description)), ("base_salary", money(p.baseSalary)),
                            ("raw", .string(p.raw.description)),
                            ("amount", money(p.amount)), ("rounding", .string(p.rounding)), ("basis", .string(p.basis)),
                            ("base_salary_basis", .string(p.baseSalaryBasis)), ("confirmed", .bool(entry.confirmed)),
                        ])
                    })
            ))
        func groups(_ list: [BudgetTotals.Group]) -> JSONText {
            .array(
                list.map {
                    .object([
                        ("key", .string($0.key)), ("name", .string($0.name)), ("count", .int($0.count)),
                        ("amount", money($0.amount)),
                    ])
                })
        }
        members += [
            ("by_award", groups(totals.byAward)), ("by_unit", groups(totals.byUnit)), ("total", money(totals.total)),
            (
                "fund",
                .object([
                    ("source", .string(fundSource)), ("available", available.map(money) ?? .null),
                    ("shortfall", shortfall.map(money) ?? .null),
                ])
            ),
            ("problems", .array(problems.map { .string($0) })), ("notes", .array(notes.map { .string($0) })),
        ]
        return .object(members)
    }

    private var csv: String {
        var out = "section,decision,recipient,name,collective,unit,award,coefficient,base_salary,raw,amount,count,basis\n"
        func row(_ fields: [String]) { out += Self.csvRow(fields) }
        for entry in lines {
            let p = entry.payment
            row([
                "line", entry.decision ?? "", entry.recipient, entry.name, p.collective ? "true" : "false", entry.unit, p.award,
                p.coefficient.description,
                String(p.baseSalary), p.raw.description, String(p.amount), "1", p.basis,
            ])
        }
        for group in totals.byAward {
            let parts = group.key.split(separator: "/").map(String.init)
            row([
                "award", "", "", group.name, parts.last == "collective" ? "true" : "false", "", parts.first ?? group.key, "", "",
                "",
                String(group.amount), String(group.count), "",
            ])
        }
        for group in totals.byUnit {
            row(["unit", "", "", group.name, "", group.key, "", "", "", "", String(group.amount), String(group.count), ""])
        }
        row(["total", "", "", "", "", "", "", "", "", "", String(totals.total), String(lines.count), ""])
        if let available {
            row(["available", "", "", fundSource, "", "", "", "", "", "", String(available), "", ""])
        }
        return out
    }

    /// `value` pretty-printed with two-space indentation, exactly as `JSONText.description` writes it.
    static func append(_ value: JSONText, indent: Int, to out: inout OutputBuffer) {
        switch value {
        case .string(let text): out.appendJSON(text)
        case .int(let number): out.append(number)
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .null: out.append("null")
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (index, item) in items.enumerated() {
                out.append(spaces: indent + 2)
                append(item, indent: indent + 2, to: &out)
                out.append(index + 1 < items.count ? ",\n" : "\n")
            }
            out.append(spaces: indent)
            out.append("]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (index, member) in members.enumerated() {
                out.append(spaces: indent + 2)
                out.appendJSON(member.0)
                out.append(": ")
                append(member.1, indent: indent + 2, to: &out)
                out.append(index + 1 < members.count ? ",\n" : "\n")
            }
            out.append(spaces: indent)
            out.append("}")
        }
    }

    /// One CSV line: each field quoted as RFC 4180 wants it (``OutputBuffer/appendCSV(_:)``), then a line break.
    static func csvRow(_ fields: [String]) -> String {
        var out = OutputBuffer()
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(byte: UInt8(ascii: ",")) }
            out.appendCSV(field)
        }
        out.appendNewline()
        return out.text
    }

    /// Left-aligned columns separated by two spaces.
    static func columns(_ rows: [[String]]) -> String {
        guard let count = rows.map(\.count).max() else { return "" }
        // Each cell's width (in characters) counted once; one buffer for the whole table.
        let cellWidths = rows.map { $0.map(\.count) }
        var widths = [Int](repeating: 0, count: count)
        for row in cellWidths { for (index, width) in row.enumerated() { widths[index] = max(widths[index], width) } }
        var out = OutputBuffer()
        for (row, rowWidths) in zip(rows, cellWidths) {
            for (index, cell) in row.enumerated() {
                out.append(cell)
                if index + 1 < row.count { out.append(spaces: widths[index] - rowWidths[index] + 2) }
            }
            out.appendNewline()
        }
        return out.text
    }

    static func markdownTable(_ headers: [String], _ rows: [[String]]) -> String {
        // Most cells have no '|': look for it in the bytes before replacing.
        func escape(_ cell: String) -> String { cell.utf8.contains(UInt8(ascii: "|")) ? cell.replacing("|", with: "\\|") : cell }
        var out = "| " + headers.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + headers.map { _ in "---" }.joined(separator: "|") + "|\n"
        for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return out
    }
}

// MARK: - Explanations

extension PaymentExplanation {
    /// The computation step by step, each figure with its source.
    public func rendered(_ format: BudgetFormat, awardName: String) -> String {
        let p = payment
        let kind = p.collective ? "tập thể" : "cá nhân"
        let unconfirmed = " — CHƯA XÁC NHẬN theo văn bản chính thức"
        let steps: [(label: String, value: String, source: String)] = [
            (
                "Văn bản áp dụng", "\(pack.decree) (\(pack.id.value), áp dụng \(pack.effective.vietnamese))",
                pack.source ?? pack.file
            ),
            (
                "Hệ số",
                "\(p.coefficient.formatted) × mức lương cơ sở (\(row.kind.vietnamese))"
                    + (coefficient.confirmed ? "" : unconfirmed),
                [p.basis, coefficient.source, coefficient.note].compactMap { $0 }.joined(separator: "; ")
            ),
            (
                "Mức lương cơ sở",
                "\(VND.text(p.baseSalary)) (từ \(VietnameseDate.numeric(baseSalary.from.value)))"
                    + (baseSalary.confirmed ? "" : unconfirmed),
                [p.baseSalaryBasis, baseSalary.source].compactMap { $0 }.joined(separator: "; ")
            ),
            (
                "Tích",
                "\(p.coefficient.formatted) × \(VND.grouped(p.baseSalary)) = \(p.raw.formatted) đồng (chính xác, chưa làm tròn)",
                ""
            ),
            (
                "Làm tròn", "\(p.rounding) (\(Self.modeText(pack.rounding)))" + (pack.rounding.confirmed ? "" : unconfirmed),
                [pack.rounding.basis, pack.rounding.source].compactMap { $0 }.joined(separator: "; ")
            ),
            ("Số tiền", VND.text(p.amount), ""),
        ]
        switch format {
        case .text, .md:
            var out = format == .md ? "# " : ""
            out += "\(awardName) (\(p.award)) — \(kind), quyết định ngày \(VietnameseDate.numeric(p.decisionDate))\n\n"
            if format == .md {
                out += BudgetSheet.markdownTable(["Bước", "Giá trị", "Nguồn"], steps.map { [$0.label, $0.value, $0.source] })
            } else {
                for step in steps {
                    out += "\(step.label): \(step.value)\n"
                    if !step.source.isEmpty { out += "    nguồn: \(step.source)\n" }
                }
            }
            return out
        case .json:
            return JSONText.object([
                ("award", .string(p.award)), ("award_name", .string(awardName)), ("collective", .bool(p.collective)),
                ("decision_date", .string(p.decisionDate.description)), ("pack", .string(pack.id.value)),
                ("decree", .string(pack.decree)),
                ("coefficient", .string(p.coefficient.description)), ("coefficient_basis", .string(p.basis)),
                ("coefficient_source", coefficient.source.map { .string($0) } ?? .null),
                ("coefficient_confirmed", .bool(coefficient.confirmed)),
                ("base_salary", .int(Int(p.baseSalary))), ("base_salary_basis", .string(p.baseSalaryBasis)),
                ("base_salary_from", .string(baseSalary.from.value.description)), ("raw", .string(p.raw.description)),
                ("rounding", .string(p.rounding)), ("rounding_mode", .string(pack.rounding.mode.rawValue)),
                ("rounding_unit", .int(Int(pack.rounding.unit.value))), ("rounding_basis", .string(pack.rounding.basis)),
                ("amount", .int(Int(p.amount))), ("confirmed", .bool(isConfirmed)),
            ]).description + "\n"
        case .csv:
            var out = "step,value,source\n"
            let plain = [
                ("decree", pack.decree, pack.source ?? ""), ("coefficient", p.coefficient.description, p.basis),
                ("base_salary", String(p.baseSalary), p.baseSalaryBasis), ("raw", p.raw.description, ""),
                ("rounding", "\(pack.rounding.mode.rawValue) \(pack.rounding.unit.value)", pack.rounding.basis),
                ("amount", String(p.amount), ""),
            ]
            for (step, value, source) in plain {
                out += BudgetSheet.csvRow([step, value, source])
            }
            return out
        }
    }

    /// "lên bội số của 10.000 đồng".
    static func modeText(_ rule: RoundingRule) -> String {
        let unit = VND.text(rule.unit.value)
        switch rule.mode {
        case .up: return "lên bội số của \(unit)"
        case .nearest: return "đến bội số gần nhất của \(unit)"
        case .down: return "xuống bội số của \(unit)"
        case .none: return "không làm tròn, chỉ đến đồng"
        }
    }
}
