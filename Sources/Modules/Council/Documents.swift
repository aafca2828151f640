public import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization

/// The council's documents in the Decree 30/2020 layout: the standing office's proposal memo
/// (tờ trình) and the minutes of the session (biên bản).
extension CouncilSessions {
    /// The documents a session has.
    public enum Document: String, Sendable, CaseIterable {
        /// Tờ trình of the standing office to the council: the accepted nominations.
        case proposal = "to-trinh"
        /// Biên bản of the session: attendance, rule, each nomination's tally, conclusion.
        case minutes = "bien-ban"
    }

    /// The proposal memo (tờ trình) of the standing office for `session`: the nominations it
    /// reviews, with the criteria's verdicts.
    public func proposal(session id: String) throws -> OfficialDocument {
        let session = try session(id)
        let campaign = try campaign(session.campaign)
        let tallies = try tally(session: id)
        let agency = organization.agency
        let standing = council.standing?.person
        let office = standing.flatMap { organization.unit($0.unit) }?.name ?? "Thường trực Hội đồng"
        let units = Set(tallies.map(\.nomination.unit))
        let dossiers = Set(tallies.map(\.nomination.dossier))
        let collectives = tallies.filter { $0.nomination.kind == .collective }.count
        var body: [OfficialDocument.Block] = [
            .paragraph("Căn cứ \(planCitation(campaign));"),
            .paragraph(
                "Thường trực Hội đồng đã tiếp nhận \(dossiers.count) hồ sơ đề nghị khen thưởng của \(units.count) đơn vị. "
                    + "Qua kiểm tra, đối chiếu với tiêu chí của Kế hoạch, Thường trực Hội đồng trình Hội đồng xem xét "
                    + "\(collectives) tập thể và \(tallies.count - collectives) cá nhân, cụ thể như sau:"),
        ]
        body.append(.table(nominationTable(tallies.map(\.nomination))))
        body.append(
            .paragraph(
                "Thường trực Hội đồng kính trình Hội đồng Thi đua - Khen thưởng xem xét, đề nghị Giám đốc Sở quyết định khen thưởng./."
            ))
        return OfficialDocument(
            superior: agency.name, agency: office,
            numberLine: "Số: \(session.number)/\(council.symbols.proposal)",
            placeAndDate: VietnameseDate.placeAndDate(place: agency.place, session.date), typeName: "TỜ TRÌNH",
            summary: "Về việc đề nghị xét khen thưởng trong phong trào \(Self.lowercasedFirst(campaign.displayName))",
            addressees: ["Kính gửi: \(council.name)"], body: body,
            recipients: ["Như trên;", "Lưu: VT."],
            signatures: [
                OfficialDocument.Signature(
                    titleLines: [(standing?.position ?? "Thường trực Hội đồng").uppercased().nfc], name: standing?.fullName ?? "")
            ])
    }

    /// The minutes (biên bản) of a closed session.
    public func minutes(session id: String) throws -> OfficialDocument {
        let session = try session(id)
        guard session.status == .closed else {
            throw CouncilError(
                "session \(id) is still open; its minutes are written when it closes", hint: "thidua council close \(id)",
                kind: .state)
        }
        let campaign = try campaign(session.campaign)
        let tallies = try tally(session: id)
        let ballots = try ballots(session: id)
        let agency = organization.agency
        let rule = council.rule(for: session.campaign)
        func name(_ member: String) -> String {
            let person = organization.person(member)
            let role = council.member(member)?.role.vietnamese ?? ""
            return "\(person?.fullName ?? member)\(person?.position.map { " - \($0)" } ?? ""), \(role)"
        }
        var body: [OfficialDocument.Block] = [
            .paragraph(
                "Vào ngày \(VietnameseDate.numeric(session.date)), tại \(session.place ?? agency.name), \(council.name) họp xét khen thưởng "
                    + "trong phong trào \(Self.lowercasedFirst(campaign.displayName)) (\(planCitation(campaign)))."),
            .heading(level: 1, number: "I.", title: "Thành phần", runIn: nil),
            .paragraph("Có mặt \(session.present.count)/\(council.members.count) thành viên Hội đồng:"),
        ]
        body += session.present.map { .bullet(name($0)) }
        if !session.absent.isEmpty {
            body.append(.paragraph("Vắng mặt:"))
            body += session.absent.map { .bullet(name($0)) }
        }
        if let secretary = council.secretary {
            body.append(.paragraph("Thư ký: \(secretary.fullName)\(secretary.position.map { " - \($0)" } ?? "")."))
        }
        body.append(.heading(level: 1, number: "II.", title: "Nội dung", runIn: nil))
        body.append(
            .paragraph(
                "Hội đồng nghe Thường trực Hội đồng trình bày Tờ trình số \(session.number)/\(council.symbols.proposal) về việc đề nghị xét khen thưởng; "
                    + "Hội đồng thảo luận và \(rule.method == .vote ? "biểu quyết" : "chấm điểm") từng trường hợp. Nguyên tắc: \(rule.vietnamese). "
                    + "Thành viên là người được đề nghị hoặc là thủ trưởng đơn vị đề nghị không tham gia biểu quyết trường hợp đó."
            ))
        var rows: [[String]] = []
        for (index, item) in tallies.enumerated() {
            let excluded = item.excluded.keys.sorted().map {
                "\(organization.person($0)?.fullName ?? $0): \(item.excluded[$0] ?? "")"
            }
            let cast = ballots.filter { $0.dossier == item.nomination.dossier && $0.subject == item.nomination.subject }
            let result: String
            if rule.method == .score {
                result = item.tally.average.map { "\($0.formatted) điểm (\(cast.count) phiếu)" } ?? "—"
            } else {
                result =
                    "\(item.tally.approvals)/\(item.tally.base) tán thành; \(item.tally.rejections) không tán thành; \(item.tally.abstentions) không biểu quyết"
            }
            rows.append([
                "\(index + 1)", subjectName(item.nomination), unitName(item.nomination.unit), awardName(item.nomination.award),
                result,
                excluded.isEmpty ? "—" : excluded.joined(separator: "; "),
                item.tally.approved ? "Đề nghị khen thưởng" : "Không đề nghị",
            ])
        }
        body.append(
            .table(
                OfficialDocument.Table(
                    header: [
                        "STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức", "Kết quả", "Không tham gia biểu quyết", "Kết luận",
                    ], rows: rows,
                    numeric: [0])))
        let approved = tallies.filter(\.tally.approved)
        let approvedCollectives = approved.filter { $0.nomination.kind == .collective }.count
        body.append(.heading(level: 1, number: "III.", title: "Kết luận", runIn: nil))
        body.append(
            .paragraph(
                "Hội đồng thống nhất đề nghị Giám đốc Sở khen thưởng \(approvedCollectives) tập thể và \(approved.count - approvedCollectives) cá nhân "
                    + "theo kết quả trên; \(tallies.count - approved.count) trường hợp không đề nghị."))
        body.append(
            .paragraph(
                "Cuộc họp kết thúc vào ngày \(VietnameseDate.numeric(session.date)); biên bản đã được thông qua trước các thành viên dự họp./."
            ))
        let chair = council.chair?.person
        let secretary = council.secretary
        return OfficialDocument(
            superior: agency.superior, agency: agency.name,
            numberLine: "Số: \(session.number)/\(council.symbols.minutes)",
            placeAndDate: VietnameseDate.placeAndDate(place: agency.place, session.date), typeName: "BIÊN BẢN",
            summary: "Họp \(council.name) xét khen thưởng phong trào \(Self.lowercasedFirst(campaign.displayName))",
            body: body, recipients: [],
            signatures: [
                OfficialDocument.Signature(titleLines: ["THƯ KÝ"], name: secretary?.fullName ?? ""),
                OfficialDocument.Signature(titleLines: ["CHỦ TỊCH HỘI ĐỒNG"], name: chair?.fullName ?? ""),
            ])
    }

    // MARK: - Pieces

    func campaign(_ id: String) throws -> Campaign {
        guard let campaign = module.campaigns.campaign(id) else { throw CouncilError("unknown campaign '\(id)'") }
        return campaign
    }

    /// "Kế hoạch số 05/KH-SXD ngày 05/02/2024 của Sở Xây dựng về việc phát động phong trào …".
    public func planCitation(_ campaign: Campaign) -> String {
        let document = campaign.document
        let type = OfficialDocument.sentenceCase(document.typeName)
        return "\(type) số \(document.symbol(agency: organization.agency)) ngày \(VietnameseDate.numeric(document.date.value)) "
            + "của \(organization.agency.name) về việc \(Self.lowercasedFirst(OfficialDocument.plainText(document.summary.value)))"
    }

    /// The nominations as a table: unit, name, award, dossier, criteria.
    func nominationTable(_ nominations: [Nomination]) -> OfficialDocument.Table {
        var rows: [[String]] = []
        for (index, nomination) in nominations.enumerated() {
            let verdict = nomination.verdict.flatMap(Outcome.init(rawValue:))?.vietnamese ?? "—"
            rows.append([
                "\(index + 1)", subjectName(nomination), unitName(nomination.unit), awardName(nomination.award),
                nomination.dossier,
                verdict,
            ])
        }
        return OfficialDocument.Table(
            header: ["STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức đề nghị", "Hồ sơ", "Đối chiếu tiêu chí"], rows: rows,
            numeric: [0])
    }

    func subjectName(_ nomination: Nomination) -> String {
        switch nomination.kind {
        case .collective: return organization.unit(nomination.subject)?.name ?? nomination.subject
        case .individual:
            guard let person = organization.person(nomination.subject) else { return nomination.subject }
            return person.position.map { "\(person.fullName), \($0)" } ?? person.fullName
        }
    }

    func unitName(_ id: String) -> String { organization.unit(id)?.name ?? id }

    func awardName(_ id: String) -> String { module.campaigns.awards.first { $0.id == id }?.name ?? id }

    /// "Phát động …" → "phát động …".
    public static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
