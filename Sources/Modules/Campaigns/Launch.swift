public import ArgumentParser
public import ThiDuaCore
import ThiDuaOrganization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A campaign's launch as the store keeps it (`campaigns_launches`): once per campaign.
public struct CampaignLaunch: Sendable, Hashable {
    public var campaign: String
    public var launchedBy: String
    public var launchedAt: Instant
    /// The rendered plan (Markdown) written at launch, under the data directory.
    public var planFile: String
    /// SHA-256 of the plan file's bytes.
    public var planSHA256: String

    public init(campaign: String, launchedBy: String, launchedAt: Instant, planFile: String, planSHA256: String) {
        self.campaign = campaign
        self.launchedBy = launchedBy
        self.launchedAt = launchedAt
        self.planFile = planFile
        self.planSHA256 = planSHA256
    }

    /// The launch of `campaign`, if it was launched.
    public static func find(_ campaign: String, in transaction: any Transaction) throws -> CampaignLaunch? {
        try transaction.rows(
            "SELECT campaign, launched_by, launched_at, plan_file, plan_sha256 FROM campaigns_launches WHERE campaign = ?",
            [campaign]
        ).first.map(CampaignLaunch.init(row:))
    }

    /// Every launch, oldest first.
    public static func all(in transaction: any Transaction) throws -> [CampaignLaunch] {
        try transaction.rows(
            "SELECT campaign, launched_by, launched_at, plan_file, plan_sha256 FROM campaigns_launches ORDER BY launched_at, campaign"
        ).map(CampaignLaunch.init(row:))
    }

    init(row: Row) throws {
        let at = try row.string("launched_at")
        guard let instant = Instant(utcText: at) else {
            throw StoreError(.row, "campaigns_launches holds the time '\(at)', which is not a UTC time")
        }
        self.init(
            campaign: try row.string("campaign"), launchedBy: try row.string("launched_by"), launchedAt: instant,
            planFile: try row.string("plan_file"), planSHA256: try row.string("plan_sha256"))
    }
}

extension CampaignsModule {
    /// The store tables of the campaigns module.
    static let schema: [Migration] = [
        Migration(
            module: "campaigns", version: 1, name: "create launches",
            statements: [
                """
                CREATE TABLE campaigns_launches (
                    campaign TEXT PRIMARY KEY,
                    launched_by TEXT NOT NULL,
                    launched_at TEXT NOT NULL,
                    plan_file TEXT NOT NULL,
                    plan_sha256 TEXT NOT NULL
                )
                """
            ])
    ]

    /// Launches `campaign`: writes its rendered plan under `dataDirectory/campaigns/`, records the
    /// launch with an audit entry in one unit of work, and returns the event to publish once that
    /// committed. A second launch is refused.
    public func launch(
        _ campaign: Campaign, actor: String, at now: Instant, store: any Store, dataDirectory: String
    ) throws -> (CampaignLaunch, CampaignLaunched) {
        let id = campaign.id.value
        if let earlier = try store.read({ try CampaignLaunch.find(id, in: $0) }) {
            throw CommandFailure(Self.alreadyLaunched(earlier))
        }
        let text = document(for: campaign).rendered(as: .md)
        let digest = SHA256.hex(text)
        // The file name carries the content's hash: an earlier file is never overwritten, and a
        // launch that fails after writing leaves only an unreferenced copy.
        let planFile = Paths.join(dataDirectory, "campaigns/\(id)-ke-hoach-\(digest.prefix(12)).md")
        do {
            try AtomicFile.write(text, to: planFile)
        } catch {
            throw CommandFailure("\(error)")
        }
        let launch = CampaignLaunch(campaign: id, launchedBy: actor, launchedAt: now, planFile: planFile, planSHA256: digest)
        try store.write { transaction in
            if let earlier = try CampaignLaunch.find(id, in: transaction) {
                throw CommandFailure(Self.alreadyLaunched(earlier))
            }
            try transaction.execute(
                "INSERT INTO campaigns_launches (campaign, launched_by, launched_at, plan_file, plan_sha256) VALUES (?, ?, ?, ?, ?)",
                [id, actor, now.utcText, planFile, digest])
            try transaction.audit(
                AuditEntry(
                    actor: actor, action: "campaign.launch", entity: AuditEntity("campaign", id),
                    after: .object([
                        ("launched_at", .string(now.vietnamText)), ("plan_file", .string(planFile)),
                        ("plan_sha256", .string(digest)),
                    ])))
        }
        return (launch, CampaignLaunched(campaign: id, actor: actor, at: now))
    }

    static func alreadyLaunched(_ earlier: CampaignLaunch) -> String {
        "campaign '\(earlier.campaign)' was already launched by \(earlier.launchedBy) at \(earlier.launchedAt.vietnamDisplay) +07:00; "
            + "a campaign is launched once (its plan: \(earlier.planFile))"
    }
}

extension CampaignCommand {
    /// `thidua campaign launch ID [--as ACTOR]`
    public struct Launch: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "launch",
            abstract: "Launch a campaign: record it, write its rendered plan and tell every unit and recipient.",
            discussion: """
                The plan is rendered as Markdown under <data directory>/campaigns/. The launch is recorded \
                in the database with an audit entry, once: launching again is refused. After it is saved, \
                the event campaign.launched goes to the modules that handle it (notifications enqueues the \
                messages; 'thidua notify run' sends them). Run 'thidua init' first.
                """)
        public static var moduleID: String? { "campaigns" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id (see 'thidua campaign list').") public var id: String
        @Option(
            name: .customLong("as"),
            help: ArgumentHelp(
                "Who launches it: a person id (default: THIDUA_ACTOR, else the operating-system user).", valueName: "person"))
        public var actor: String?

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            guard let module = host.module(CampaignsModule.self) else { throw ExitCode.failure }
            let campaign = try find(id, in: module)
            let actor = try resolveActor(module.organization)
            let clock = try WallClock.fromProcessEnvironment()
            let store = try host.openStore()
            let bus = try host.start(store: store)
            let (launch, event) = try module.launch(
                campaign, actor: actor, at: clock.now(), store: store, dataDirectory: host.dataDirectory)
            print(
                "\(launch.campaign): launched by \(actor) at \(launch.launchedAt.vietnamDisplay) +07:00; plan: \(launch.planFile)"
            )
            do {
                try bus.publish(event, from: CampaignsModule.descriptor.id)
            } catch {
                printToStandardError("warning: \(launch.campaign) was launched and saved, but \(error)")
            }
        }

        func resolveActor(_ organization: Organization) throws -> String {
            let environment = { (name: String) in getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
            if let named = actor ?? environment("THIDUA_ACTOR") {
                guard organization.person(named) != nil else {
                    let suggestion = Suggestion.closest(to: named, in: organization.people.map(\.id))
                    throw ValidationError(
                        "unknown person '\(named)'"
                            + (suggestion.map { "; did you mean '\($0)'?" } ?? " (see 'thidua org people')"))
                }
                return named
            }
            return environment("USER").map { "os:\($0)" } ?? AuditLog.systemActor
        }
    }
}
