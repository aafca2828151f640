import Testing
import ThiDuaCore

/// What a receiving module asks of the modules that contribute to it.
protocol Contribution: ThiDuaModule {
    var gift: String { get }
}

/// Receives contributions; depends on nothing.
struct Receiver: ThiDuaModule {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(id: "receiver", version: "1.0.0", summary: "receives")
    let gifts: [String]

    init(configuration: Configuration, context: ModuleContext) throws {
        gifts = context.contributions(as: (any Contribution).self).map(\.gift)
    }
}

/// Contributes to `receiver`; fails when its settings say so.
struct Giver: ThiDuaModule, Contribution {
    struct Configuration: Decodable, Sendable {
        var gift: String
        var fail: Bool?
    }
    static let descriptor = ModuleDescriptor(id: "giver", version: "1.0.0", summary: "gives", contributesTo: ["receiver"])
    let gift: String

    init(configuration: Configuration, context: ModuleContext) throws {
        if configuration.fail == true { context.report(.error("giver is broken", at: context.entryLocation)) }
        gift = configuration.gift
    }
}

/// Contributes to `receiver` but also depends on it: a cycle.
struct Circular: ThiDuaModule, Contribution {
    struct Configuration: Decodable, Sendable {}
    static let descriptor = ModuleDescriptor(
        id: "circular", version: "1.0.0", summary: "both ways", dependencies: [ModuleDependency("receiver", .any)],
        contributesTo: ["receiver"])
    var gift: String { "circular" }
    init(configuration: Configuration, context: ModuleContext) throws {}
}

@Suite struct ContributionTests {
    @Test func aContributorIsBuiltBeforeTheModuleItGivesToWhateverTheOrderInTheFile() throws {
        let file = "format: 1\nmodules:\n  receiver:\n  giver:\n    gift: facts\n"
        try load([Receiver.self, Giver.self], hostFile: file) { host, _ in
            #expect(host.diagnostics.isEmpty, "\(host.diagnostics)")
            #expect(host.order == ["giver", "receiver"])
            #expect(host.module(Receiver.self)?.gifts == ["facts"])
        }
    }

    @Test func aReceiverWithoutContributorsLoadsAlone() throws {
        try load([Receiver.self, Giver.self], hostFile: hostFile(enabling: ["receiver"])) { host, _ in
            #expect(host.diagnostics.isEmpty)
            #expect(host.module(Receiver.self)?.gifts == [])
        }
    }

    @Test func aFailedContributorLeavesTheReceiverLoadedWithANote() throws {
        let file = "format: 1\nmodules:\n  giver:\n    gift: facts\n    fail: true\n  receiver:\n"
        try load([Receiver.self, Giver.self], hostFile: file) { host, _ in
            #expect(host.state(of: "giver") == .failed)
            #expect(host.state(of: "receiver") == .loaded)
            #expect(host.module(Receiver.self)?.gifts == [])
            let note = try #require(host.diagnostics(containing: "loads without what 'giver' gives it").first)
            #expect(note.severity == .note)
            #expect(note.location.line == 6)
        }
    }

    @Test func contributingToAModuleOneDependsOnIsACycle() throws {
        try load([Receiver.self, Circular.self], hostFile: hostFile(enabling: ["receiver", "circular"])) { host, _ in
            let cycle = try #require(host.diagnostics(containing: "in a cycle").first)
            #expect(cycle.severity == .error)
            #expect(host.state(of: "circular") == .failed)
        }
    }
}
