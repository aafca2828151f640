import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore
import ThiDuaCriteria

/// Dossier components have ids (the dossiers module names documents by them), may be printed on
/// the previous item's line, and may be needed by one kind of nominee only.
@Suite struct DossierComponentTests {
    static let file = "campaigns/thu.yaml"

    func load(_ edit: (ConfigurationCopy) throws -> Void = { _ in }) throws -> (LoadedHost, [String]) {
        let copy = try ConfigurationCopy(of: Paths_.fixtures.appendingPathComponent("minimal"))
        try edit(copy)
        let host = loadHost(copy.url)
        let errors = host.diagnostics.filter { $0.severity == .error && $0.location.file.hasSuffix(Self.file) }
            .map { "\($0.location.line):\($0.location.column): \($0.message)" }
        return (host, errors)
    }

    @Test func theReferencePlanHasThreeComponentsWithIDs() throws {
        let module = try campaignsModule(loadHost(Paths_.packageRoot.appendingPathComponent("config")))
        let campaign = try #require(module.campaign("cchc-2024"))
        let components = campaign.dossier.components
        #expect(components.map(\.id.value) == ["van-ban-de-nghi", "bien-ban-hop", "bao-cao-thanh-tich"])
        #expect(components.map(\.per) == [.dossier, .dossier, .nominee])
        #expect(components[2].isRequired(for: .collective) && components[2].isRequired(for: .individual))
        #expect(!components[0].isRequired(for: .collective))
    }

    @Test func theLetterAndTheMinutesArePrintedAsOneItemAsThePlanDoes() throws {
        let module = try campaignsModule(loadHost(Paths_.packageRoot.appendingPathComponent("config")))
        let campaign = try #require(module.campaign("cchc-2024"))
        let markdown = module.document(for: campaign).rendered(as: .md)
        #expect(
            markdown.contains(
                "- Văn bản đề nghị xét khen thưởng trong phong trào thi đua cải cách hành chính năm 2024 của phòng chuyên môn, đơn vị trực thuộc + Biên bản họp.\n"
            ))
        #expect(!markdown.contains("\n- Biên bản họp."))
    }

    @Test func aComponentNeedsAnID() throws {
        let (host, errors) = try load { try $0.replace(Self.file, "{id: bao-cao, title:", with: "{title:") }
        #expect(errors.contains { $0.contains("missing required key 'id'") }, "\(errors)")
        #expect(host.module(CampaignsModule.self) == nil)
    }

    @Test func duplicateComponentIDsAreAnError() throws {
        let (_, errors) = try load { try $0.replace(Self.file, "{id: bao-cao,", with: "{id: to-trinh,") }
        #expect(errors.contains { $0.hasPrefix("53:12: duplicate component id 'to-trinh' (first at ") }, "\(errors)")
    }

    @Test func theFirstComponentCannotJoinAPreviousOne() throws {
        let (_, errors) = try load { try $0.replace(Self.file, "per: dossier}", with: "per: dossier, with_previous: true}") }
        #expect(errors.contains { $0.hasSuffix("the first component cannot be printed 'with_previous'") }, "\(errors)")
    }

    @Test func forAppliesToNomineeComponentsOnly() throws {
        let (_, errors) = try load { try $0.replace(Self.file, "per: dossier}", with: "per: dossier, for: [individual]}") }
        #expect(errors.contains { $0.hasSuffix("'for' applies to components 'per: nominee' only") }, "\(errors)")
        let (host, fine) = try load { try $0.replace(Self.file, "per: nominee}", with: "per: nominee, for: [individual]}") }
        #expect(fine.isEmpty, "\(fine)")
        let component = try #require(try campaignsModule(host).campaign("thu")?.dossier.components.last)
        #expect(component.isRequired(for: .individual) && !component.isRequired(for: .collective))
    }
}
