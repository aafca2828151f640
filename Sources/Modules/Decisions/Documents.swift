public import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCouncil
import ThiDuaCriteria
import ThiDuaDossiers
import ThiDuaOrganization

/// The decision with its list, and the campaign summary report, in the Decree 30/2020 layout.
public struct DecisionDocuments: Sendable {
    public let workflow: DecisionWorkflow

    public init(workflow: DecisionWorkflow) {
        self.workflow = workflow
    }

    var organization: Organization { workflow.module.organization }
    var settings: DecisionSettings { workflow.settings }

    // MARK: - The decision

    /// The decision (quyết định khen thưởng) as a document, with its list as the appendix.
    public func decision(_ decision: Decision, in transaction: any Transaction) throws -> OfficialDocument {
        let campaign = try workflow.campaign(decision.campaign)
        let agency = organization.agency
        let signer = settings.signer(decision.signer)
        let awards = orderedUnique(decision.lines.map(\.award))
        let awardNames = awards.map(workflow.awardName)
        let collectives = decision.lines.filter { $0.kind == .collective }
        let individuals = decision.lines.filter { $0.kind == .individual }
        let movement = "phong trào \(CouncilSessions.lowercasedFirst(campaign.displayName))"
        let style = campaign.document.dateStyle
        var body: [OfficialDocument.Block] = [
            .centered("\((signer?.title ?? "GIÁM ĐỐC").uppercased().nfc) \(agency.name.uppercased().nfc)")
        ]
        var bases = settings.legalBases
        bases.append(workflow.sessions.planCitation(campaign))
        for id in decision.sessions {
            guard
                let session = try workflow.sessions.sessions(campaign: decision.campaign, in: transaction).first(where: {
                    $0.id == id
                })
            else { continue }
            bases.append(
                "Biên bản họp số \(session.number)/\(workflow.module.council.council.symbols.minutes) ngày "
                    + "\(VietnameseDate.numeric(session.date, style: style)) của \(workflow.module.council.council.name)")
        }
        body += bases.map { .paragraph("*Căn cứ \($0);*") }
        body.append(.paragraph("*\(settings.proposal).*"))
        body.append(.centered("QUYẾT ĐỊNH:"))
        var whom: [String] = []
        if !collectives.isEmpty { whom.append("\(collectives.count) tập thể") }
        if !individuals.isEmpty { whom.append("\(individuals.count) cá nhân") }
        body.append(
            .paragraph(
                "**Điều 1.** Tặng \(awardNames.joined(separator: ", ")) cho \(whom.joined(separator: " và ")) (có danh sách kèm theo) "
                    + "đã có thành tích xuất sắc trong \(movement)."))
        // One clause per award and kind: "mỗi tập thể được thưởng 1.410.000 đồng (điểm c khoản 2 Điều 58 …)".
        var money: [String] = []
        var seen: Set<String> = []
        for line in decision.lines {
            let key = "\(line.award)|\(line.kind.rawValue)|\(line.payment.amount)"
            guard seen.insert(key).inserted else { continue }
            let whom = line.kind == .collective ? "tập thể" : "cá nhân"
            let award = awards.count > 1 ? " được tặng \(workflow.awardName(line.award))" : ""
            money.append("mỗi \(whom)\(award) được thưởng \(Pricing.dong(line.payment.amount)) (\(line.payment.basis))")
        }
        let salary = orderedUnique(
            decision.lines.map {
                "mức lương cơ sở \(Pricing.dong($0.payment.baseSalary))/tháng theo \($0.payment.baseSalaryBasis)"
            })
        body.append(
            .paragraph(
                "**Điều 2.** Kèm theo \(awardNames.joined(separator: ", ")), \(money.joined(separator: "; ")), tính trên \(salary.joined(separator: "; ")). "
                    + "Tổng số tiền thưởng: **\(Pricing.dong(decision.total))**. "
                    + "Kinh phí khen thưởng: \(CouncilSessions.lowercasedFirst(OfficialDocument.plainText(campaign.funding.source.value)))"
            ))
        body.append(.paragraph("**Điều 3.** \(settings.execution) Quyết định này có hiệu lực kể từ ngày ký./."))

        let signedBy = "\(OfficialDocument.sentenceCase(signer?.title ?? "GIÁM ĐỐC")) \(agency.name)"
        var appendix: [OfficialDocument.Block] = [
            .centered("DANH SÁCH"),
            .centered("Tập thể, cá nhân được tặng \(awardNames.joined(separator: ", "))"),
            .centered(
                "*(Kèm theo Quyết định số \(decision.symbol) ngày \(VietnameseDate.numeric(decision.date)) của \(signedBy))*"),
        ]
        var section = 0
        if !collectives.isEmpty {
            section += 1
            appendix.append(.heading(level: 1, number: "\(roman(section)).", title: "Tập thể", runIn: nil))
            appendix.append(
                .table(
                    OfficialDocument.Table(
                        header: ["STT", "Tên tập thể", "Hình thức khen thưởng", "Số tiền (đồng)"],
                        rows: collectives.enumerated().map { index, line in
                            [
                                "\(index + 1)", unitName(line.recipient), workflow.awardName(line.award),
                                Pricing.grouped(line.payment.amount),
                            ]
                        } + [["", "Cộng", "", Pricing.grouped(VND.sum(collectives.map(\.payment.amount)) ?? 0)]], numeric: [0, 3])
                ))
        }
        if !individuals.isEmpty {
            section += 1
            appendix.append(.heading(level: 1, number: "\(roman(section)).", title: "Cá nhân", runIn: nil))
            appendix.append(
                .table(
                    OfficialDocument.Table(
                        header: ["STT", "Họ và tên", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Số tiền (đồng)"],
                        rows: individuals.enumerated().map { index, line in
                            let person = organization.person(line.recipient)
                            let position = [person?.position, unitName(line.unit)].compactMap { $0 }.joined(separator: ", ")
                            return [
                                "\(index + 1)", person?.fullName ?? line.recipient, position, workflow.awardName(line.award),
                                Pricing.grouped(line.payment.amount),
                            ]
                        } + [["", "Cộng", "", "", Pricing.grouped(VND.sum(individuals.map(\.payment.amount)) ?? 0)]],
                        numeric: [0, 4])))
        }
        appendix.append(
            .paragraph(
                "**Tổng cộng:** \(whom.joined(separator: ", ")); tổng số tiền thưởng **\(Pricing.dong(decision.total))**./."))
        return OfficialDocument(
            superior: agency.superior, agency: agency.name, numberLine: "Số: \(decision.symbol)",
            placeAndDate: VietnameseDate.placeAndDate(place: agency.place, decision.date), typeName: "QUYẾT ĐỊNH",
            summary:
                "Về việc tặng \(awardNames.joined(separator: ", ")) cho các tập thể, cá nhân có thành tích xuất sắc trong \(movement)",
            body: body, recipients: settings.recipients,
            signatures: [
                OfficialDocument.Signature(
                    titleLines: signer?.titleLines ?? ["GIÁM ĐỐC"],
                    name: signer?.person.fullName ?? organization.person(decision.signer)?.fullName ?? decision.signer)
            ],
            appendix: appendix)
    }

    // MARK: - The campaign report

    /// The campaign summary report (báo cáo tổng kết): participation, nominations per unit
    /// (accepted, returned, refused, awarded), the council's review, the decision and the money by
    /// source.
    public func report(campaign campaignID: String, number: String, date: CalendarDate) throws -> OfficialDocument {
        let campaign = try workflow.campaign(campaignID)
        let agency = organization.agency
        let scope = workflow.module.campaigns.scope(of: campaign)
        let dossierWorkflow = workflow.dossiers
        let all = try dossierWorkflow.list(campaign: campaignID)
        let decision = try workflow.decision(campaign: campaignID)
        let issued = decision?.status == .issued ? decision : nil
        let returns: [String: Int] = try workflow.store.read { transaction in
            var counts: [String: Int] = [:]
            for row in try transaction.rows(
                "SELECT entity_id, COUNT(*) AS n FROM thidua_audit WHERE entity_kind = 'dossier' AND action = 'dossier.return' GROUP BY entity_id"
            ) {
                counts[try row.string("entity_id")] = try row.int("n")
            }
            return counts
        }
        let sessions = try workflow.sessions.sessions(campaign: campaignID)
        let deadline = campaign.dossier.deadline.value
        let style = campaign.document.dateStyle
        let movement = "phong trào \(CouncilSessions.lowercasedFirst(campaign.displayName))"
        var body: [OfficialDocument.Block] = [
            .paragraph(
                "Thực hiện \(workflow.sessions.planCitation(campaign)), \(agency.name) báo cáo tổng kết \(movement) như sau:"),
            .heading(level: 1, number: "I.", title: "Kết quả tổ chức phong trào", runIn: nil),
        ]
        let sendingUnits = Set(all.map(\.unit))
        let submitted = all.filter { $0.status != .draft }
        body.append(
            .paragraph(
                "Phong trào được triển khai đến \(scope.collectives.count) tập thể và \(scope.individuals.count) cá nhân thuộc đối tượng thi đua. "
                    + "\(sendingUnits.count)/\(scope.collectives.count) đơn vị lập hồ sơ đề nghị khen thưởng; \(submitted.count)/\(all.count) hồ sơ "
                    + "được nộp \(deadline.vietnamese(style: .padded)) hoặc trong thời hạn gia hạn."))
        body.append(
            .heading(level: 1, number: "II.", title: "Kết quả tiếp nhận hồ sơ và đề nghị khen thưởng theo đơn vị", runIn: nil))
        var rows: [[String]] = []
        let awardedBy = Dictionary(grouping: issued?.lines ?? [], by: \.unit)
        var totals = [0, 0, 0, 0, 0, 0]
        for unit in organization.units where sendingUnits.contains(unit.id) {
            let mine = all.filter { $0.unit == unit.id }
            let nominees = mine.reduce(0) { $0 + $1.nominees.count }
            let accepted = mine.filter { $0.status == .accepted || $0.status == .decided }.count
            let returned = mine.reduce(0) { $0 + (returns[$1.id] ?? 0) }
            let refused = mine.filter { $0.status == .rejected || $0.status == .draft || $0.status == .returned }.count
            let awarded = awardedBy[unit.id]?.count ?? 0
            let values = [mine.count, nominees, accepted, returned, refused, awarded]
            for index in totals.indices { totals[index] += values[index] }
            rows.append(
                [unit.name] + values.map { String($0) } + [
                    Pricing.grouped(VND.sum((awardedBy[unit.id] ?? []).map(\.payment.amount)) ?? 0)
                ])
        }
        rows.append(["Cộng"] + totals.map { String($0) } + [Pricing.grouped(issued?.total ?? 0)])
        body.append(
            .table(
                OfficialDocument.Table(
                    header: [
                        "Đơn vị", "Hồ sơ", "Số đề nghị", "Hồ sơ được tiếp nhận", "Lượt trả lại bổ sung",
                        "Hồ sơ không được tiếp nhận",
                        "Được khen thưởng", "Số tiền (đồng)",
                    ], rows: rows, numeric: [1, 2, 3, 4, 5, 6, 7])))
        let notReceived = all.filter { $0.status == .draft || $0.status == .returned || $0.status == .rejected }
        if !notReceived.isEmpty {
            body.append(.paragraph("Hồ sơ không được tiếp nhận:"))
            for record in notReceived {
                let why: String
                switch record.status {
                case .rejected: why = "không tiếp nhận: \(record.statusReason ?? "")"
                case .returned: why = "trả lại để bổ sung, chưa nộp lại: \(record.statusReason ?? "")"
                default: why = "không nộp trong thời hạn (\(deadline.vietnamese(style: .padded)))"
                }
                body.append(
                    .bullet("\(record.id) của \(unitName(record.unit))\(record.reference.map { " (\($0))" } ?? ""): \(why)."))
            }
        }
        body.append(.heading(level: 1, number: "III.", title: "Kết quả xét và quyết định khen thưởng", runIn: nil))
        for session in sessions where session.status == .closed {
            let outcomes = try workflow.store.read { try workflow.sessions.outcomes(of: session, in: $0) }
            let approved = outcomes.filter(\.tally.approved).count
            body.append(
                .bullet(
                    "Ngày \(VietnameseDate.numeric(session.date, style: style)), \(workflow.module.council.council.name) họp "
                        + "(\(session.present.count)/\(session.present.count + session.absent.count) thành viên có mặt), xét \(outcomes.count) trường hợp, "
                        + "đề nghị khen thưởng \(approved) trường hợp."))
        }
        if let issued {
            let collectives = issued.lines.filter { $0.kind == .collective }.count
            body.append(
                .bullet(
                    "Quyết định số \(issued.symbol) ngày \(VietnameseDate.numeric(issued.date, style: style)) tặng "
                        + "\(orderedUnique(issued.lines.map(\.award)).map(workflow.awardName).joined(separator: ", ")) cho \(collectives) tập thể và "
                        + "\(issued.lines.count - collectives) cá nhân; tổng số tiền thưởng \(Pricing.dong(issued.total))."))
        } else {
            body.append(.bullet("Chưa ban hành quyết định khen thưởng."))
        }
        body.append(.heading(level: 1, number: "IV.", title: "Kinh phí khen thưởng theo nguồn", runIn: nil))
        body.append(
            .table(
                OfficialDocument.Table(
                    header: ["Nguồn kinh phí", "Số tiền (đồng)"],
                    rows: [
                        [OfficialDocument.plainText(campaign.funding.source.value), Pricing.grouped(issued?.total ?? 0)],
                        ["Cộng", Pricing.grouped(issued?.total ?? 0)],
                    ],
                    numeric: [1])))
        body.append(.paragraph("Trên đây là báo cáo tổng kết \(movement) của \(agency.name)./."))
        let signer = settings.signer(campaign.signer.person.value)
        return OfficialDocument(
            superior: agency.superior, agency: agency.name, numberLine: "Số: \(number)/BC-\(agency.symbol)",
            placeAndDate: VietnameseDate.placeAndDate(place: agency.place, date), typeName: "BÁO CÁO",
            summary: "Tổng kết \(movement)", body: body,
            recipients: campaign.recipients.map(\.value),
            signatures: [
                OfficialDocument.Signature(
                    titleLines: signer?.titleLines ?? campaign.signer.titleLines,
                    name: organization.person(campaign.signer.person.value)?.fullName ?? campaign.signer.person.value)
            ])
    }

    // MARK: - Pieces

    func unitName(_ id: String) -> String { organization.unit(id)?.name ?? id }

    func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    func roman(_ number: Int) -> String { ["I", "II", "III", "IV", "V"][min(max(number - 1, 0), 4)] }
}
