import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization
public import ThiDuaYAML

/// A dossier prepared offline in one YAML file (docs/modules/dossiers.md, "The import file"):
///
/// ```yaml
/// campaign: cchc-2024
/// unit: qlxd
/// reference: 15/TTr-QLXD          # optional: the unit's number for the proposal
/// submit: true                    # optional: submit once imported (default false: a draft)
/// documents:                      # the dossier's own documents: component id → file
///   van-ban-de-nghi: to-trinh.pdf
///   bien-ban-hop: bien-ban-hop.pdf
/// nominees:
///   - id: qlxd                    # the unit itself, or one of its people
///     award: giay-khen-giam-doc-so
///     documents:
///       bao-cao-thanh-tich: bao-cao-tap-the.docx
/// ```
///
/// File paths are relative to the import file's directory.
public struct ImportFile: Decodable, Sendable {
    public var campaign: Located<String>
    public var unit: Located<String>
    public var reference: Located<String>?
    public var title: String?
    public var submit: Located<Bool>?
    public var documents: DocumentMap?
    public var nominees: [Nominee]
    /// The file it was read from.
    public var file: String

    public struct Nominee: Decodable, Sendable {
        public var id: Located<String>
        public var award: Located<String>
        public var documents: DocumentMap?
    }

    enum CodingKeys: String, CodingKey { case campaign, unit, reference, title, submit, documents, nominees }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        campaign = try container.decode(Located<String>.self, forKey: .campaign)
        unit = try container.decode(Located<String>.self, forKey: .unit)
        reference = try container.decodeIfPresent(Located<String>.self, forKey: .reference)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        submit = try container.decodeIfPresent(Located<Bool>.self, forKey: .submit)
        documents = try container.decodeIfPresent(DocumentMap.self, forKey: .documents)
        nominees = try container.decode([Nominee].self, forKey: .nominees)
        file = decoder.sourceLocation?.file ?? ""
        if nominees.isEmpty {
            try container.superDecoder(forKey: .nominees).report(
                .error, "the dossier nominates no one", hint: "list at least one nominee")
        }
    }
}

/// `component id: path` entries, in the order written.
public struct DocumentMap: Decodable, Sendable {
    public struct Entry: Sendable {
        public var component: Located<String>
        public var path: Located<String>
    }

    public var entries: [Entry]

    public init(from decoder: any Decoder) throws {
        guard let node = decoder.yamlNode else { throw ConfigurationError("documents can only be read from YAML") }
        guard case .mapping(let mapping) = node.content else {
            throw ConfigurationError(
                "'documents' maps document ids to files, found \(node.kindDescription)",
                hint: "write e.g. 'van-ban-de-nghi: to-trinh.pdf' on its own line")
        }
        var entries: [Entry] = []
        for entry in mapping.entries {
            guard let scalar = entry.value.scalar, !scalar.isNull, !scalar.value.isEmpty else {
                decoder.report(.error, "the document '\(entry.key)' needs a file path")
                continue
            }
            entries.append(
                Entry(component: Located(entry.key, at: entry.keyLocation), path: Located(scalar.value, at: entry.value.location))
            )
        }
        self.entries = entries
    }
}

/// What happened to one import file.
public struct ImportOutcome: Sendable {
    public var file: String
    /// The dossier created, or the one already there when skipped.
    public var dossier: String
    public var status: DossierStatus
    /// It had been imported before (`--skip-imported`) and was left alone.
    public var skipped: Bool
    public var event: DossierEvent?
}

/// A file read and checked, ready to write.
struct PreparedImport {
    var source: ImportFile
    var campaign: Campaign
    var nominees: [(subject: Subject, award: String)]
    /// Component, nominee (nil for the dossier's own) and the file read.
    var documents: [(component: DossierComponent, nominee: String?, file: IncomingFile)]
    var submit: Bool
}

extension DossierWorkflow {
    /// Imports dossier files, each all or nothing in its own unit of work. Everything that can be
    /// checked before writing is checked for every file first (syntax, ids, nominees, awards,
    /// documents, files, sizes, types, what the store already holds, the deadline when a file
    /// submits): with any problem nothing is written. `progress(done, total, file)` is called as
    /// files are read and written.
    public func importFiles(
        _ paths: [String], actor: String?, skipImported: Bool = false,
        progress: (_ done: Int, _ total: Int, _ stage: String) -> Void = { _, _, _ in }
    ) throws -> [ImportOutcome] {
        // 1. Read and decode every file.
        var diagnostics: [Diagnostic] = []
        var files: [ImportFile] = []
        for path in paths {
            let document = YAMLParser().parse(file: path)
            let result = YAMLDecoder().decode(ImportFile.self, from: document)
            diagnostics += result.diagnostics
            if let file = result.value { files.append(file) }
        }
        if diagnostics.hasErrors { throw Self.sorted(diagnostics) }

        // 2. Who acts: once per unit (a refusal is audited and stops everything).
        var authorized: [String: Person] = [:]
        for file in files where authorized[file.unit.value] == nil {
            guard organization.unit(file.unit.value) != nil else { continue }
            authorized[file.unit.value] = try authorize(
                actor, .importFile, unit: file.unit.value, entity: AuditEntity("campaign", file.campaign.value))
        }

        // 3. Check each file against the configuration and read its documents.
        var prepared: [PreparedImport] = []
        var seen: [String: SourceLocation] = [:]
        for (index, file) in files.enumerated() {
            progress(index, files.count, "checking \(file.file)")
            if let item = prepare(file, diagnostics: &diagnostics) {
                for nominee in item.nominees {
                    let key = "\(item.campaign.id.value)\u{0}\(nominee.award)\u{0}\(nominee.subject.id)"
                    let location = file.nominees.first { $0.id.value == nominee.subject.id }?.id.location ?? .file(file.file)
                    if let first = seen[key] {
                        diagnostics.append(
                            .error(
                                "\(nominee.subject.name) (\(nominee.subject.id)) is nominated for '\(nominee.award)' twice (first at \(first))",
                                at: location, hint: "a unit or person is nominated once per award and campaign"))
                    } else {
                        seen[key] = location
                    }
                }
                prepared.append(item)
            }
        }
        if diagnostics.hasErrors { throw Self.sorted(diagnostics) }

        // 4. Against the store: references already imported, nominations already made, deadline.
        let now = clock.now()
        var skipped: [Int: String] = [:]
        try store.read { transaction in
            for (index, item) in prepared.enumerated() {
                let file = item.source
                if let reference = file.reference,
                    let existing = try transaction.row(
                        "SELECT id FROM dossiers WHERE campaign = ? AND unit = ? AND reference = ?",
                        [item.campaign.id.value, file.unit.value, reference.value])
                {
                    let id = try existing.string("id")
                    if skipImported {
                        skipped[index] = id
                        continue
                    }
                    diagnostics.append(
                        .error(
                            "unit '\(file.unit.value)' already has dossier \(id) with reference '\(reference.value)' in '\(item.campaign.id.value)'",
                            at: reference.location, hint: "it was imported before; pass --skip-imported to leave such files alone"
                        ))
                    continue
                }
                for nominee in item.nominees {
                    if let other = try Rows.nomination(
                        campaign: item.campaign.id.value, award: nominee.award, subject: nominee.subject.id, in: transaction)
                    {
                        let location = file.nominees.first { $0.id.value == nominee.subject.id }?.id.location ?? .file(file.file)
                        diagnostics.append(
                            .error(
                                "\(nominee.subject.name) (\(nominee.subject.id)) is already nominated for '\(nominee.award)' in campaign "
                                    + "'\(item.campaign.id.value)' (dossier \(other))",
                                at: location, hint: "a unit or person is nominated once per award and campaign"))
                    }
                }
                if item.submit {
                    let probe = DossierRecord(
                        id: file.reference?.value ?? file.file, campaign: item.campaign.id.value, number: 0,
                        unit: file.unit.value,
                        reference: nil, title: nil, status: .draft, createdBy: "", createdAt: now, submittedAt: nil,
                        decidedAt: nil,
                        statusReason: nil, updatedAt: now, nominees: [], attachments: [])
                    do {
                        try checkDeadline(probe, campaign: item.campaign, now: now, in: transaction)
                    } catch let error as DossierError {
                        let message = error.message.replacingFirst("\(probe.id): ", with: "")
                        diagnostics.append(.error(message, at: file.submit?.location ?? .file(file.file), hint: error.hint))
                    }
                }
            }
        }
        if diagnostics.hasErrors { throw Self.sorted(diagnostics) }

        // 5. Write: documents into the store, then each dossier in one unit of work.
        var outcomes: [ImportOutcome] = []
        for (index, item) in prepared.enumerated() {
            let file = item.source
            if let id = skipped[index] {
                let status = try dossier(id).status
                outcomes.append(ImportOutcome(file: file.file, dossier: id, status: status, skipped: true, event: nil))
                continue
            }
            progress(index, prepared.count, "importing \(file.file)")
            for document in item.documents { try module.attachments.put(document.file) }
            guard let person = authorized[file.unit.value] else { continue }
            let outcome: ImportOutcome
            do {
                outcome = try write(item, actor: person.id, now: now)
            } catch let error as DossierError {
                throw DossierError(
                    "\(file.file): not imported: \(error.message)",
                    hint: outcomes.isEmpty
                        ? error.hint
                        : "the \(outcomes.count) file(s) before it are in; after fixing, run the same import with --skip-imported"
                )
            }
            outcomes.append(outcome)
        }
        progress(prepared.count, prepared.count, "done")
        return outcomes
    }

    /// Writes one prepared file: the dossier, its nominees and documents, and its submission.
    func write(_ item: PreparedImport, actor: String, now: Instant) throws -> ImportOutcome {
        let file = item.source
        return try store.write { transaction -> ImportOutcome in
            var dossier = try insertDossier(
                campaign: item.campaign, unit: file.unit.value, reference: file.reference?.value, title: file.title,
                actor: actor, now: now, in: transaction)
            var state = dossier.auditState
            if case .object(var members) = state {
                members.append(("file", .string(IncomingFile.displayName(of: file.file))))
                state = .object(members)
            }
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: DossierAction.importFile.rawValue, entity: AuditEntity("dossier", dossier.id),
                    after: withClock(state)))
            for nominee in item.nominees {
                try addNominee(nominee.subject, award: nominee.award, to: &dossier, actor: actor, in: transaction)
            }
            for document in item.documents {
                try attach(
                    document.file, component: document.component, nominee: document.nominee, to: &dossier, actor: actor,
                    now: now, in: transaction)
            }
            var event: DossierEvent?
            if item.submit {
                event = .submitted(try submit(&dossier, campaign: item.campaign, actor: actor, now: now, in: transaction))
            }
            return ImportOutcome(file: file.file, dossier: dossier.id, status: dossier.status, skipped: false, event: event)
        }
    }

    /// The diagnostics in file and position order, as an error.
    static func sorted(_ diagnostics: [Diagnostic]) -> DiagnosticsError {
        var diagnostics = diagnostics
        diagnostics.sortByLocation()
        return DiagnosticsError(diagnostics)
    }

    /// Checks one file against the organization and the campaign and reads its documents; nil with
    /// diagnostics when something is wrong.
    func prepare(_ file: ImportFile, diagnostics: inout [Diagnostic]) -> PreparedImport? {
        var problems: [Diagnostic] = []
        func report(_ error: DossierError, at location: SourceLocation) {
            problems.append(.error(error.message, at: location, hint: error.hint))
        }
        let campaign: Campaign
        do {
            campaign = try self.campaign(file.campaign.value)
        } catch {
            report(error, at: file.campaign.location)
            diagnostics += problems
            return nil
        }
        guard organization.unit(file.unit.value) != nil else {
            let suggestion = Suggestion.closest(to: file.unit.value, in: organization.units.map(\.id))
            report(
                DossierError("unknown unit '\(file.unit.value)'", hint: suggestion.map { "did you mean '\($0)'?" }),
                at: file.unit.location)
            diagnostics += problems
            return nil
        }
        let unit = file.unit.value
        var nominees: [(subject: Subject, award: String)] = []
        for entry in file.nominees {
            if nominees.contains(where: { $0.subject.id == entry.id.value }) {
                problems.append(
                    .error(
                        "'\(entry.id.value)' is listed twice", at: entry.id.location, hint: "a dossier lists each nominee once"))
                continue
            }
            do {
                nominees.append(
                    (try nominee(entry.id.value, award: entry.award.value, unit: unit, campaign: campaign), entry.award.value))
            } catch {
                report(error, at: error.message.hasPrefix("campaign '") ? entry.award.location : entry.id.location)
            }
        }
        let directory = file.file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var documents: [(component: DossierComponent, nominee: String?, file: IncomingFile)] = []
        func read(_ entries: [DocumentMap.Entry], nominee: (id: String, kind: SubjectKind)?) {
            var listed: Set<String> = []
            for entry in entries {
                guard listed.insert(entry.component.value).inserted else {
                    problems.append(
                        .error("the document '\(entry.component.value)' is listed twice", at: entry.component.location))
                    continue
                }
                let component: DossierComponent
                do {
                    component = try self.component(entry.component.value, in: campaign)
                } catch {
                    report(error, at: entry.component.location)
                    continue
                }
                switch (component.per, nominee) {
                case (.dossier, .some(let nominee)):
                    problems.append(
                        .error(
                            "'\(component.id.value)' is a document of the dossier, not of nominee '\(nominee.id)'",
                            at: entry.component.location,
                            hint: "list it under the dossier's 'documents:'"))
                    continue
                case (.nominee, nil):
                    problems.append(
                        .error(
                            "'\(component.id.value)' is a document of each nominee", at: entry.component.location,
                            hint: "list it under the nominee's 'documents:'"))
                    continue
                case (.nominee, .some(let nominee)) where !component.isRequired(for: nominee.kind):
                    problems.append(
                        .error(
                            "'\(component.id.value)' is not asked of a \(nominee.kind.rawValue) nominee",
                            at: entry.component.location))
                    continue
                default:
                    break
                }
                let path = directory.isEmpty ? entry.path.value : Paths.join(directory, entry.path.value)
                do {
                    let incoming = try IncomingFile.read(path, shownAs: entry.path.value, settings: module.settings)
                    documents.append((component, nominee?.id, incoming))
                } catch {
                    report(error, at: entry.path.location)
                }
            }
        }
        read(file.documents?.entries ?? [], nominee: nil)
        for entry in file.nominees {
            guard let nominee = nominees.first(where: { $0.subject.id == entry.id.value }) else { continue }
            read(entry.documents?.entries ?? [], nominee: (entry.id.value, nominee.subject.kind))
        }
        let submit = file.submit?.value ?? false
        if submit, problems.isEmpty {
            // What 'submit' will require, checked now so that nothing is written for a file that would fail.
            var probe = DossierRecord(
                id: file.reference?.value ?? IncomingFile.displayName(of: file.file), campaign: campaign.id.value, number: 0,
                unit: unit,
                reference: nil, title: nil, status: .draft, createdBy: "", createdAt: Instant(millisecondsSinceEpoch: 0),
                submittedAt: nil, decidedAt: nil, statusReason: nil, updatedAt: Instant(millisecondsSinceEpoch: 0), nominees: [],
                attachments: [])
            probe.nominees = nominees.enumerated().map {
                NomineeRecord(subject: $1.subject.id, kind: $1.subject.kind, award: $1.award, ordinal: $0 + 1)
            }
            probe.attachments = documents.map {
                AttachmentRecord(
                    component: $0.component.id.value, nominee: $0.nominee, name: $0.file.name, type: $0.file.type,
                    size: $0.file.size,
                    sha256: $0.file.sha256, attachedBy: "", attachedAt: Instant(millisecondsSinceEpoch: 0))
            }
            for problem in self.problems(of: probe, campaign: campaign) {
                let message = problem.message.replacingFirst("\(probe.id): ", with: "")
                problems.append(
                    .error(
                        message, at: file.submit?.location ?? .file(file.file),
                        hint: "add it to the file, or import without 'submit: true'"))
            }
        }
        diagnostics += problems
        guard !problems.hasErrors else { return nil }
        return PreparedImport(source: file, campaign: campaign, nominees: nominees, documents: documents, submit: submit)
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
