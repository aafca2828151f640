public import ArgumentParser
public import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DocumentFormat: ExpressibleByArgument {}
extension DocumentFileFormat: ExpressibleByArgument {}

/// `thidua campaign …`: list, show and render campaign plans.
public struct CampaignCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "List, show, render and launch campaign plans (kế hoạch thi đua).",
        subcommands: [List.self, Show.self, Render.self, Launch.self])

    public init() {}

    /// `thidua campaign list`
    public struct List: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the campaigns: id, number, date, period, name.")
        public static var moduleID: String? { "campaigns" }

        @OptionGroup public var hostOptions: HostOptions
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
            switch format {
            case .json:
                print(JSONText.array(module.campaigns.map { summaryJSON($0, module) }))
            case .text:
                for campaign in module.campaigns {
                    let document = campaign.document
                    let period = campaign.period
                    print(
                        [
                            campaign.id.value, document.symbol(agency: module.organization.agency),
                            VietnameseDate.numeric(document.date.value),
                            "\(VietnameseDate.numeric(period.firstDay(issued: document.date.value)))–\(VietnameseDate.numeric(period.lastDay))",
                            campaign.displayName,
                        ].joined(separator: "\t"))
                }
            }
        }
    }

    /// `thidua campaign show ID`
    public struct Show: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a campaign: document, signer, period and rounds, subjects covered, criteria, awards, dossier.")
        public static var moduleID: String? { "campaigns" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id (see 'thidua campaign list').") public var id: String
        @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
            let campaign = try find(id, in: module)
            switch format {
            case .json: print(detailJSON(campaign, module))
            case .text: print(detailText(campaign, module), terminator: "")
            }
        }
    }

    /// `thidua campaign render ID --format md|html|docx [--output FILE]`
    public struct Render: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render a campaign's plan in the Decree 30/2020 layout, as Markdown, self-contained HTML or DOCX.")
        public static var moduleID: String? { "campaigns" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var id: String
        @Option(help: "Document format: md, html or docx (docx needs --output).") public var format: DocumentFileFormat = .md
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        public var output: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
            let campaign = try find(id, in: module)
            let format = try DocumentFileFormat.parse(format.rawValue, output: output)
            let bytes = module.document(for: campaign).file(as: format)
            if let output {
                try writeFile(output, bytes: bytes)
            } else {
                print(String(decoding: bytes, as: UTF8.self), terminator: "")
            }
        }
    }
}

/// The campaign with `id`, or a usage error naming the known ids.
func find(_ id: String, in module: CampaignsModule) throws -> Campaign {
    if let campaign = module.campaign(id) { return campaign }
    let ids = module.campaigns.map(\.id.value)
    let suggestion = Suggestion.closest(to: id, in: ids).map { "; did you mean '\($0)'?" } ?? ""
    throw ValidationError("unknown campaign '\(id)'\(suggestion) (campaigns: \(ids.joined(separator: ", ")))")
}

/// Writes `text` (UTF-8) to `path`, replacing the file; used by every command that writes a document.
public func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, bytes: Array(text.utf8))
}

/// Writes `bytes` to `path` (created or replaced).
public func writeFile(_ path: String, bytes: [UInt8]) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
        throw ValidationError("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            throw ValidationError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        offset += written
    }
}

func summaryJSON(_ campaign: Campaign, _ module: CampaignsModule) -> JSONText {
    let document = campaign.document
    let issued = document.date.value
    return .object([
        ("id", .string(campaign.id.value)), ("name", .string(campaign.displayName)),
        ("symbol", .string(document.symbol(agency: module.organization.agency))), ("date", .string(issued.description)),
        ("period", periodJSON(campaign.period, issued: issued)), ("file", .string(campaign.file)),
    ])
}

func periodJSON(_ period: CampaignPeriod, issued: CalendarDate) -> JSONText {
    .object([
        ("start", .string(period.firstDay(issued: issued).description)), ("end", .string(period.lastDay.description)),
        ("end_inclusive", .bool(true)),
    ])
}

func detailJSON(_ campaign: Campaign, _ module: CampaignsModule) -> JSONText {
    let organization = module.organization
    let issued = campaign.document.date.value
    let scope = module.scope(of: campaign)
    let deadline = campaign.dossier.deadline.value
    func criteria(_ list: [Criterion]?) -> JSONText {
        .array(
            (list ?? []).map {
                .object([("id", .string($0.id.value)), ("title", .string(module.plainText($0.title, in: campaign)))])
            })
    }
    let signer = campaign.signer
    let signerJSON: JSONText = .object([
        ("person", .string(signer.person.value)),
        ("full_name", organization.person(signer.person.value).map { .string($0.fullName) } ?? .null),
        ("title", .string(signer.title.value)), ("authority", signer.authority.map { .string($0.value.rawValue) } ?? .null),
        ("on_behalf_of", signer.onBehalfOf.map { .string($0.value) } ?? .null),
    ])
    let bases: [JSONText] = campaign.legalBases.map { basis in
        .object([
            ("id", .string(basis.id.value)), ("kind", .string(basis.kind)), ("number", .string(basis.number)),
            ("date", .string(basis.date.value.description)), ("issuer", .string(basis.issuer)), ("title", .string(basis.title)),
        ])
    }
    let rounds: [JSONText] = campaign.rounds.map { round in
        .object([
            ("id", .string(round.id.value)), ("name", .string(round.name)), ("period", periodJSON(round.period, issued: issued)),
        ])
    }
    let awards: [JSONText] = campaign.awards.map { choice in
        let name = choice.name ?? module.awards.first { $0.id == choice.award.value }?.name ?? choice.award.value
        return .object([("award", .string(choice.award.value)), ("name", .string(name))])
    }
    let components: [JSONText] = campaign.dossier.components.map {
        .object([("id", .string($0.id.value)), ("title", .string($0.title.value)), ("per", .string($0.per.rawValue))])
    }
    let deadlineJSON: JSONText = .object([
        ("date", .string(deadline.date.description)), ("exclusive", .bool(deadline.isExclusive)),
        ("last_accepted_day", .string(deadline.lastAcceptedDay.description)),
        ("last_accepted_instant", .int(Int(deadline.lastAcceptedInstant))),
    ])
    let agency: JSONText = .object([
        ("name", .string(organization.agency.name)), ("superior", organization.agency.superior.map { .string($0) } ?? .null),
    ])
    let collectives: JSONText = .object([
        ("units", .array(scope.collectives.map { .string($0.id) })),
        ("criteria", criteria(campaign.subjects.collectives?.criteria)),
    ])
    let individuals: JSONText = .object([
        ("people", .array(scope.individuals.map { .string($0.id) })),
        ("criteria", criteria(campaign.subjects.individuals?.criteria)),
    ])
    let dossier: JSONText = .object([
        ("components", .array(components)), ("submit_to", .string(campaign.dossier.submitTo.value)), ("deadline", deadlineJSON),
    ])
    var members: [(String, JSONText)] = [
        ("id", .string(campaign.id.value)), ("name", .string(campaign.displayName)),
        ("symbol", .string(campaign.document.symbol(agency: organization.agency))), ("date", .string(issued.description)),
        ("summary", .string(campaign.document.summary.value)),
    ]
    members += [("agency", agency), ("signer", signerJSON), ("legal_bases", .array(bases))]
    members += [("period", periodJSON(campaign.period, issued: issued)), ("rounds", .array(rounds))]
    members += [("collectives", collectives), ("individuals", individuals), ("awards", .array(awards)), ("dossier", dossier)]
    members += [("recipients", .array(campaign.recipients.map { .string($0.value) })), ("file", .string(campaign.file))]
    return .object(members)
}

func detailText(_ campaign: Campaign, _ module: CampaignsModule) -> String {
    let organization = module.organization
    let document = campaign.document
    let issued = document.date.value
    let style = document.dateStyle
    let scope = module.scope(of: campaign)
    var out = Output()
    out.line("\(campaign.id.value): \(campaign.displayName)")
    out.line(
        "  document:  \(document.typeName) số \(document.symbol(agency: organization.agency)), \(VietnameseDate.placeAndDate(place: organization.agency.place, issued))"
    )
    out.line("  summary:   \(PlanDocument.plain(document.summary.value))")
    out.line("  agency:    \(organization.agency.name)\(organization.agency.superior.map { " (\($0))" } ?? "")")
    let signerName = organization.person(campaign.signer.person.value)?.fullName ?? campaign.signer.person.value
    out.line("  signer:    \(campaign.signer.titleLines.joined(separator: " / ")) — \(signerName)")
    let period = campaign.period
    out.line(
        "  period:    \(VietnameseDate.numeric(period.firstDay(issued: issued), style: style)) – \(VietnameseDate.numeric(period.lastDay, style: style)) (inclusive)"
    )
    for round in campaign.rounds {
        out.line(
            "    \(round.id.value) (\(round.name)): \(VietnameseDate.numeric(round.period.firstDay(issued: issued), style: style)) – \(VietnameseDate.numeric(round.period.lastDay, style: style))"
        )
    }
    out.line("  legal bases:")
    for basis in campaign.legalBases { out.line("    \(basis.id.value): \(basis.cited(style: style))") }
    out.line("  collectives (\(scope.collectives.count)): \(scope.collectives.map(\.name).joined(separator: "; "))")
    for criterion in campaign.subjects.collectives?.criteria ?? [] {
        out.line("    \(criterion.id.value): \(module.plainText(criterion.title, in: campaign))")
    }
    out.line("  individuals (\(scope.individuals.count)): \(scope.individuals.map(\.fullName).joined(separator: "; "))")
    for criterion in campaign.subjects.individuals?.criteria ?? [] {
        out.line("    \(criterion.id.value): \(module.plainText(criterion.title, in: campaign))")
    }
    out.line("  awards:")
    for choice in campaign.awards {
        out.line("    \(choice.award.value): \(choice.name ?? module.awards.first { $0.id == choice.award.value }?.name ?? "")")
    }
    out.line("  dossier:")
    for component in campaign.dossier.components {
        out.line("    \(component.id.value) (per \(component.per.rawValue)): \(PlanDocument.plain(component.title.value))")
    }
    let deadline = campaign.dossier.deadline.value
    out.line(
        "    to \(campaign.dossier.submitTo.value), \(deadline.vietnamese(style: .padded)) (last accepted: \(VietnameseDate.numeric(deadline.lastAcceptedDay)) 23:59:59 +07:00)"
    )
    out.line("  recipients: \(campaign.recipients.map(\.value).joined(separator: " "))")
    out.line("  file: \(campaign.file)")
    return out.content
}
