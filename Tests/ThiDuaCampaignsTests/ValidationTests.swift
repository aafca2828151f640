import Foundation
import Testing
import ThiDuaCampaigns
import ThiDuaCore

/// Bad campaign files are reported by the load that `thidua check` runs, with file:line:col.
@Suite struct ValidationTests {
    static let file = "campaigns/thu.yaml"

    /// The fixture configuration with `edit` applied, loaded.
    func load(_ edit: (ConfigurationCopy) throws -> Void = { _ in }) throws -> (LoadedHost, ConfigurationCopy) {
        let copy = try ConfigurationCopy(of: Paths_.fixtures.appendingPathComponent("minimal"))
        try edit(copy)
        return (loadHost(copy.url), copy)
    }

    /// The error diagnostics of the campaign file as "line:col: message".
    func errors(_ host: LoadedHost, in copy: ConfigurationCopy, file: String = ValidationTests.file) -> [String] {
        host.diagnostics.filter { $0.severity == .error && $0.location.file.hasSuffix(file) }
            .map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    @Test func theFixtureLoadsWithoutProblems() throws {
        let (host, _) = try load()
        #expect(host.diagnostics.filter { $0.severity != .note }.isEmpty, "\(host.diagnostics.map(\.description))")
        let module = try campaignsModule(host)
        #expect(module.campaigns.map(\.id.value) == ["thu"])
    }

    @Test func aPeriodThatEndsBeforeItStartsIsAnErrorAtItsEnd() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "  until: 2025-05-31\nrounds", with: "  until: 2024-09-01\nrounds")
        }
        let errors = errors(host, in: copy)
        #expect(errors.contains("39:10: the period ends (01/09/2024) before it starts (05/09/2024)"), "\(errors)")
        #expect(host.module(CampaignsModule.self) == nil)
    }

    @Test func aPeriodWithoutStartBeginsOnTheIssueDate() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "  start: 2024-09-05\n  until: 2025-05-31", with: "  until: 2024-09-04")
        }
        #expect(
            errors(host, in: copy).contains { $0.hasPrefix("38:10: the period ends (04/09/2024) before it starts (05/09/2024)") })
    }

    @Test func aRoundOutsideThePeriodIsAnError() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "{start: 2025-01-16, until: 2025-05-31}", with: "{start: 2025-01-16, until: 2025-06-30}")
            try $0.replace(Self.file, "{start: 2024-09-05, until: 2025-01-15}", with: "{start: 2024-09-01, until: 2025-01-15}")
        }
        let errors = errors(host, in: copy)
        #expect(
            errors.contains { $0.hasPrefix("44:21: round 'dot-1' starts on 01/09/2024, before the campaign (05/09/2024)") },
            "\(errors)")
        #expect(
            errors.contains { $0.hasPrefix("47:40: round 'dot-2' ends on 30/06/2025, after the campaign (31/05/2025)") },
            "\(errors)")
    }

    @Test func overlappingRoundsAreAnErrorAtTheLaterRound() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "{start: 2025-01-16,", with: "{start: 2025-01-15,") }
        let errors = errors(host, in: copy)
        #expect(errors == ["47:21: round 'dot-2' starts on 15/01/2025, while round 'dot-1' runs until 15/01/2025"], "\(errors)")
    }

    @Test func aRoundThatEndsBeforeItStartsIsAnError() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "{start: 2025-01-16, until: 2025-05-31}", with: "{start: 2025-01-16, until: 2025-01-10}")
        }
        #expect(errors(host, in: copy) == ["47:40: round 'dot-2' ends (10/01/2025) before it starts (16/01/2025)"])
    }

    @Test func aDuplicateRoundIdIsAnError() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "  - id: dot-2", with: "  - id: dot-1") }
        #expect(errors(host, in: copy).contains { $0.hasPrefix("45:9: duplicate round id 'dot-1'") })
    }

    @Test func anUndeclaredAwardIsAnErrorWithASuggestion() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "  - award: giay-khen", with: "  - award: giay-khenn") }
        let diagnostic = host.diagnostics.first { $0.message == "unknown award 'giay-khenn'" }
        #expect(diagnostic?.location.line == 49)
        #expect(diagnostic?.location.column == 12)
        #expect(diagnostic?.hint == "did you mean 'giay-khen'?")
        #expect(errors(host, in: copy).count == 1)
    }

    @Test func anAwardForCollectivesOnlyCannotGoToIndividuals() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "  - award: giay-khen", with: "  - award: bang-khen-tap-the\n    for: [individual]")
        }
        #expect(errors(host, in: copy) == ["49:12: the award 'bang-khen-tap-the' is not given to a individual"])
    }

    @Test func anUnknownSignerIsAnErrorWithASuggestion() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "person: giam-doc", with: "person: giam-docc") }
        #expect(errors(host, in: copy) == ["7:11: unknown signer 'giam-docc'"])
        #expect(host.diagnostics.first { $0.message.hasPrefix("unknown signer") }?.hint == "did you mean 'giam-doc'?")
    }

    @Test func anAuthorityPrefixNeedsWhomTheSignerActsFor() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "  title: GIÁM ĐỐC\n", with: "  title: PHÓ GIÁM ĐỐC\n  authority: KT.\n")
        }
        #expect(errors(host, in: copy) == ["9:14: 'KT.' needs 'on_behalf_of': the head or body signed for"])
    }

    @Test func aDeputySignsUnderKTForTheHead() throws {
        let (host, _) = try load {
            try $0.replace(
                Self.file, "  person: giam-doc\n  title: GIÁM ĐỐC\n",
                with: "  person: pho-giam-doc\n  title: PHÓ GIÁM ĐỐC\n  authority: KT.\n  on_behalf_of: GIÁM ĐỐC\n")
        }
        let module = try campaignsModule(host)
        let campaign = try #require(module.campaign("thu"))
        let document = module.document(for: campaign)
        #expect(document.signatures.map(\.titleLines) == [["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]])
        #expect(document.signatures.map(\.name) == ["Trần Phó"])
        #expect(document.markdown.hasSuffix("**KT. GIÁM ĐỐC**\n\n**PHÓ GIÁM ĐỐC**\n\n**Trần Phó**\n"))
    }

    @Test func anActingSignerHasTheQPrefixOnTheTitle() throws {
        let (host, _) = try load {
            try $0.replace(Self.file, "  title: GIÁM ĐỐC\n", with: "  title: GIÁM ĐỐC\n  authority: Q.\n")
        }
        let module = try campaignsModule(host)
        #expect(module.document(for: try #require(module.campaign("thu"))).signatures.map(\.titleLines) == [["Q. GIÁM ĐỐC"]])
    }

    @Test func unknownUnitsInSubjectsAreErrors() throws {
        let (host, copy) = try load {
            try $0.replace(
                Self.file, "    unit_kinds: [division, attached-unit]\n    criteria:\n      - id: tt-xuat-sac",
                with: "    units: [phong-a, phong-c]\n    criteria:\n      - id: tt-xuat-sac")
        }
        #expect(errors(host, in: copy) == ["21:22: unknown unit 'phong-c'"])
    }

    @Test func aDuplicateCampaignIdIsAnErrorInTheSecondFile() throws {
        let (host, copy) = try load { copy in
            try copy.write("campaigns/zz-copy.yaml", try copy.read(Self.file))
        }
        #expect(
            errors(host, in: copy, file: "campaigns/zz-copy.yaml") == [
                "1:5: duplicate campaign id 'thu' (first at \(copy.url.path)/campaigns/thu.yaml:1:5)"
            ])
    }

    @Test func criteriaErrorsComeFromTheCriteriaModuleAtTheirPlaceInTheCampaignFile() throws {
        let (host, copy) = try load {
            try $0.replace(
                Self.file, "{kind: rating, fact: xep_loai, at_least: xuat-sac}\n  individuals",
                with: "{kind: rating, fact: xep_loaii, at_least: xuat-sac}\n  individuals")
        }
        let errors = errors(host, in: copy)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("25:36: unknown fact 'xep_loaii'") == true, "\(errors)")
    }

    @Test func sayingTruocNgayOfAnInclusiveDeadlineIsAnError() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "{before: 2025-06-10}", with: "{until: 2025-06-10}") }
        #expect(
            errors(host, in: copy).contains {
                $0.hasPrefix(
                    "56:9: the text says \"trước ngày {deadline.date}\" (that day excluded), but the dossier deadline includes 10/06/2025"
                )
            })
    }

    @Test func sayingDenNgayOfAnExclusiveEndIsAnError() throws {
        let (host, copy) = try load {
            try $0.replace(
                Self.file, "  until: 2025-05-31\nrounds",
                with: "  before: 2025-06-01\n  text: Kể từ ngày ban hành đến ngày {end}.\nrounds")
        }
        #expect(
            errors(host, in: copy).contains {
                $0.hasPrefix(
                    "40:9: the text says \"đến ngày {end}\" (that day included), but the period's end excludes 01/06/2025")
            })
    }

    @Test func unknownPlaceholdersAndLegalBasesAreErrors() throws {
        let (host, copy) = try load {
            try $0.replace(Self.file, "  - Căn cứ {basis:qd-1}.", with: "  - Căn cứ {basis:qd-2} đến {ends}.")
        }
        let errors = errors(host, in: copy)
        #expect(errors.contains("17:5: '{basis:qd-2}' names an unknown legal basis"), "\(errors)")
        #expect(errors.contains("17:5: unknown placeholder '{ends}'"), "\(errors)")
    }

    @Test func aLegalBasisDatedAfterThePlanIsAnError() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "date: 2024-01-02", with: "date: 2024-10-02") }
        #expect(errors(host, in: copy) == ["13:11: the legal basis 'qd-1' is dated 02/10/2024, after the plan (05/09/2024)"])
    }

    @Test func aNumberWithLettersIsAnError() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "number: 12", with: "number: 12/KH") }
        #expect(errors(host, in: copy) == ["3:11: the document number '12/KH' is not a number"])
    }

    @Test func recipientsWithoutTheArchiveCopyAreAWarning() throws {
        let (host, _) = try load { try $0.replace(Self.file, "  - Lưu VT.\n", with: "") }
        #expect(!host.hasErrors)
        #expect(host.diagnostics.warningLines.contains { $0.contains("the recipients have no archive entry") })
    }

    @Test func anUnclearDeadlineIsAnErrorInTheCampaignFile() throws {
        let (host, copy) = try load { try $0.replace(Self.file, "{before: 2025-06-10}", with: "{date: 2025-06-10}") }
        #expect(errors(host, in: copy).contains { $0.hasPrefix("55:13: the deadline does not say whether its day is included") })
    }

    @Test func aMissingAwardsFileIsReportedWhereItIsNamed() throws {
        let (host, _) = try load { try $0.replace("thidua.yaml", "awards: awards.yaml", with: "awards: prizes.yaml") }
        let diagnostic = host.diagnostics.first { $0.severity == .error }
        #expect(diagnostic?.location.file.hasSuffix("prizes.yaml") == true)
        #expect(diagnostic?.hint?.contains("referenced at") == true)
        #expect(host.diagnostics.errorLines.count == 1, "\(host.diagnostics.errorLines)")
    }
}
