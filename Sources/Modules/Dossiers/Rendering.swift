import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization

extension Session {
    /// One dossier in `list --format json`.
    func summaryJSON(_ record: DossierRecord) -> JSONText {
        .object([
            ("id", .string(record.id)), ("campaign", .string(record.campaign)), ("unit", .string(record.unit)),
            ("reference", record.reference.map { .string($0) } ?? .null), ("status", .string(record.status.rawValue)),
            ("nominees", .int(record.nominees.count)), ("documents", .int(record.attachments.count)),
            ("submitted_at", record.submittedAt.map { .string($0.vietnamSeconds) } ?? .null),
            ("updated_at", .string(record.updatedAt.vietnamSeconds)),
        ])
    }

    /// `show --format json`: everything, verdicts as JSON.
    func detailJSON(_ record: DossierRecord, history: [AuditRecord]) throws -> JSONText {
        let campaign = module.campaigns.campaign(record.campaign)
        let deadline = try campaign.map { try workflow.effectiveDeadline($0, unit: record.unit) }
        func documentJSON(_ attachment: AttachmentRecord) -> JSONText {
            .object([
                ("document", .string(attachment.component)), ("name", .string(attachment.name)),
                ("type", .string(attachment.type.rawValue)),
                ("size", .int(attachment.size)), ("sha256", .string(attachment.sha256)),
                ("stored_at", .string(module.attachments.path(of: attachment.sha256))),
                ("attached_by", .string(attachment.attachedBy)),
                ("attached_at", .string(attachment.attachedAt.vietnamSeconds)),
            ])
        }
        let nominees: [JSONText] = record.nominees.map { nominee in
            .object([
                ("id", .string(nominee.subject)), ("name", .string(name(of: nominee.subject))),
                ("kind", .string(nominee.kind.rawValue)),
                ("award", .string(nominee.award)),
                ("documents", .array(record.attachments.filter { $0.nominee == nominee.subject }.map(documentJSON))),
                ("verdict", nominee.verdict.map { .string($0.rawValue) } ?? .null),
                ("evaluation", nominee.verdictJSON.flatMap { JSONText(parsing: $0) } ?? .null),
            ])
        }
        let missing = campaign.map { workflow.problems(of: record, campaign: $0).map { JSONText.string($0.message) } } ?? []
        return .object([
            ("id", .string(record.id)), ("campaign", .string(record.campaign)), ("unit", .string(record.unit)),
            ("unit_name", .string(name(of: record.unit))), ("reference", record.reference.map { .string($0) } ?? .null),
            ("title", record.title.map { .string($0) } ?? .null), ("status", .string(record.status.rawValue)),
            ("status_vietnamese", .string(record.status.vietnamese)),
            ("reason", record.statusReason.map { .string($0) } ?? .null),
            ("created_by", .string(record.createdBy)), ("created_at", .string(record.createdAt.vietnamSeconds)),
            ("submitted_at", record.submittedAt.map { .string($0.vietnamSeconds) } ?? .null),
            ("decided_at", record.decidedAt.map { .string($0.vietnamSeconds) } ?? .null),
            (
                "deadline",
                deadline.map {
                    .object([
                        ("text", .string($0.vietnamese)), ("last_moment", .string($0.lastMoment)),
                        ("extended", .bool($0.extensionRecord != nil)),
                    ])
                } ?? .null
            ),
            ("documents", .array(record.attachments.filter { $0.nominee == nil }.map(documentJSON))),
            ("nominees", .array(nominees)),
            ("problems", record.status.isEditable ? .array(missing) : .array([])),
            (
                "history",
                .array(
                    history.map {
                        .object([
                            ("sequence", .int($0.sequence)), ("at", .string($0.recordedAtLocal)), ("actor", .string($0.actor)),
                            ("action", .string($0.action)),
                        ])
                    })
            ),
        ])
    }

    /// `show` as text.
    func detailText(_ record: DossierRecord, history: [AuditRecord]) throws -> String {
        var out = Output()
        let campaign = module.campaigns.campaign(record.campaign)
        out.line("\(record.id) — \(name(of: record.unit)) (\(record.unit))")
        out.line("Campaign:  \(record.campaign)\(campaign.map { " — \($0.displayName)" } ?? "")")
        if let reference = record.reference { out.line("Reference: \(reference)") }
        if let title = record.title { out.line("Title:     \(title)") }
        var status = "\(record.status.rawValue) (\(record.status.vietnamese))"
        if let submitted = record.submittedAt, record.status != .draft { status += ", submitted \(display(submitted))" }
        if let decided = record.decidedAt { status += ", decided \(display(decided))" }
        out.line("Status:    \(status)")
        if let reason = record.statusReason { out.line("Reason:    \(reason)") }
        if let campaign {
            let deadline = try workflow.effectiveDeadline(campaign, unit: record.unit)
            out.line("Deadline:  \(deadline.vietnamese); last accepted moment \(deadline.lastMoment)")
        }
        func line(for component: DossierComponent, nominee: String?, indent: String) {
            let title = campaign.map { workflow.title(of: component, in: $0) } ?? component.id.value
            if let attachment = record.attachment(component.id.value, nominee: nominee) {
                out.line(
                    "\(indent)[x] \(component.id.value) — \(title): \(attachment.name) (\(ByteSize(bytes: attachment.size)), "
                        + "sha256 \(attachment.sha256.prefix(12))…)")
            } else {
                out.line("\(indent)[ ] \(component.id.value) — \(title): missing")
            }
        }
        out.line("Documents:")
        for component in campaign?.dossier.components.filter({ $0.per == .dossier }) ?? [] {
            line(for: component, nominee: nil, indent: "  ")
        }
        out.line("Nominees (\(record.nominees.count)):")
        for nominee in record.nominees {
            out.line(
                "  \(nominee.ordinal). \(nominee.subject) — \(name(of: nominee.subject)) (\(nominee.kind.vietnamese)): \(nominee.award)"
            )
            for component in campaign?.dossier.components.filter({ $0.isRequired(for: nominee.kind) }) ?? [] {
                line(for: component, nominee: nominee.subject, indent: "     ")
            }
            if let text = nominee.verdictText {
                out.line("     Kết quả xét tiêu chí:")
                for verdictLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    out.line("       \(verdictLine)")
                }
            }
        }
        if record.status.isEditable, let campaign {
            let problems = workflow.problems(of: record, campaign: campaign)
            if !problems.isEmpty {
                out.line("Before submitting:")
                for problem in problems { out.line("  - \(problem.message.replacingFirst("\(record.id): ", with: ""))") }
            }
        }
        out.line("History (audit log, +07:00):")
        for entry in history {
            let time = Instant(utcText: entry.recordedAt)?.vietnamDisplay ?? entry.recordedAtLocal
            out.line("  #\(entry.sequence)  \(time)  \(entry.actor)  \(entry.action)")
        }
        return out.content
    }
}
