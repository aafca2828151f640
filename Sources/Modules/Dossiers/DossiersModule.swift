public import ArgumentParser
public import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCriteria
public import ThiDuaOrganization
import ThiDuaYAML

/// The dossiers module: nomination dossiers (hồ sơ đề nghị khen thưởng) of units in campaigns,
/// their documents, their life from draft to acceptance, deadlines and extensions.
///
/// ```yaml
/// modules:
///   dossiers:
///     attachments:
///       types: [pdf, docx, doc, jpg, png]   # allowed (by extension and content); default all five
///       max_size: 20 MB                     # default 20 MB
/// ```
///
/// Dossiers live in the store (tables `dossiers`, `dossiers_nominees`, `dossiers_attachments`,
/// `dossiers_extensions`); documents in `<data directory>/attachments`, under their SHA-256.
public struct DossiersModule: ThiDuaModule {
    public struct Configuration: Decodable, Sendable {
        public var attachments: AttachmentSettings?
    }

    public static let descriptor = ModuleDescriptor(
        id: "dossiers", version: "1.0.0",
        summary:
            "Nomination dossiers of units: nominees, documents, submission by the deadline, return, acceptance with the criteria's verdicts",
        dependencies: [
            ModuleDependency("organization", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("criteria", .upToNextMajor(from: "1.0.0")),
            ModuleDependency("campaigns", .upToNextMajor(from: "1.0.0")),
        ],
        publishes: [DossierSubmitted.name, DossierReturned.name, DossierAccepted.name, DossierRejected.name],
        personalData: [
            "nominees (units and people proposed for awards)", "achievement reports and other attached documents",
            "who did what and when (audit log)",
        ])

    public static var commands: [any ParsableCommand.Type] { [DossierCommand.self] }

    public static var migrations: [Migration] { Schema.migrations }

    public let organization: Organization
    public let campaigns: CampaignsModule
    public let settings: AttachmentSettings
    /// Where documents are kept.
    public let attachments: AttachmentStore

    public init(configuration: Configuration, context: ModuleContext) throws {
        organization = try context.dependency(OrganizationModule.self).organization
        _ = try context.dependency(CriteriaModule.self)
        campaigns = try context.dependency(CampaignsModule.self)
        settings = configuration.attachments ?? AttachmentSettings()
        attachments = AttachmentStore(dataDirectory: context.dataDirectory)
    }

    /// The workflow over `store`, with "now" from `clock`.
    public func workflow(store: any Store, clock: WallClock) -> DossierWorkflow {
        DossierWorkflow(module: self, store: store, clock: clock)
    }
}
