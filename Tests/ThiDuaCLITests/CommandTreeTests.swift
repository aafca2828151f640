import ArgumentParser
import Testing

@testable import ThiDuaCLI

/// Guards what keeps `thidua --help` fast and the command tree tidy.
@Suite struct CommandTreeTests {
    /// Every command in the tree, depth first.
    private func allCommands(_ command: any ParsableCommand.Type = ThiDuaCommand.self) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap { allCommands($0) }
    }

    /// Without an explicit `commandName`, ArgumentParser derives the name with
    /// `String(describing:)`, which makes the runtime scan every protocol conformance in the binary
    /// (Foundation and GRDB bring thousands): about twice the work of a bare `--help`.
    @Test func everyCommandNamesItselfExplicitly() {
        let unnamed = allCommands().filter { $0.configuration.commandName == nil }.map { "\($0)" }
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }

    @Test func everyCommandHasAnAbstract() {
        let bare = allCommands().filter { $0.configuration.abstract.isEmpty }.map { "\($0)" }
        #expect(bare.isEmpty, "commands without an abstract: \(bare)")
    }

    @Test func subcommandNamesAreUniqueAtEachLevel() {
        for command in allCommands() {
            let names = command.configuration.subcommands.compactMap { $0.configuration.commandName }
            #expect(Set(names).count == names.count, "duplicate subcommand names under \(command)")
        }
    }
}
