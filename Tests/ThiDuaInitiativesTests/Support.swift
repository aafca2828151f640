import Foundation
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria
import ThiDuaInitiatives
import ThiDuaOrganization
import ThiDuaSQLite
import ThiDuaTestSupport

/// The modules the school example enables.
let schoolCatalog = ModuleCatalog([OrganizationModule.self, CriteriaModule.self, CampaignsModule.self, InitiativesModule.self])

/// The package root.
let packageRoot = Thidua.packageRoot

/// A copy of config/examples/truong-thpt in a temporary folder, its data beside it; removed at the end.
final class SchoolCopy {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-initiatives-\(UUID().uuidString)")
    var configuration: URL { url.appendingPathComponent("config") }

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("config/examples/truong-thpt"), to: configuration)
        let data = url.appendingPathComponent("data").path
        try edit("thidua.yaml") { $0.replacingOccurrences(of: "directory: .thidua-truong-thpt", with: "directory: \(data)") }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Rewrites a file of the configuration.
    func edit(_ file: String, _ change: (String) -> String) throws {
        let path = configuration.appendingPathComponent(file)
        let text = try String(contentsOf: path, encoding: .utf8)
        try Data(change(text).utf8).write(to: path)
    }

    /// Loads the copy with the SQLite store.
    func load() -> LoadedHost {
        Host(catalog: schoolCatalog, storeBackend: SQLiteBackend()).load(configurationDirectory: configuration.path)
    }
}

/// The verdict of `subject` in round `round` of the school campaign.
func schoolVerdict(_ host: LoadedHost, _ subject: String, round: String = "dot-2") throws -> Verdict {
    guard let campaigns = host.module(CampaignsModule.self), let campaign = campaigns.campaign("day-tot-hoc-tot-2024-2025")
    else {
        throw TestFailure("the school campaign did not load:\n" + host.diagnostics.map(\.description).joined(separator: "\n"))
    }
    let evaluation = CampaignEvaluation(campaign: campaign, round: campaign.round(round), module: campaigns)
    guard let verdict = (evaluation.collectives + evaluation.individuals).first(where: { $0.subject.id == subject }) else {
        throw TestFailure("no verdict for \(subject)")
    }
    return verdict
}
