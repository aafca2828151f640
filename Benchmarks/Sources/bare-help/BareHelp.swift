// A bare swift-argument-parser executable of about thidua's size: six
// subcommands with two to four options each, and nothing else (no YAML, no
// modules). Only `bare-help --help` is timed, as the floor for `thidua --help`.
import ArgumentParser

@main
struct BareHelp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bare-help",
        abstract: "Emulation and commendation campaigns for public agencies (benchmark stand-in).",
        discussion: """
            Reads the configuration in ./config, validates it and runs the \
            campaign workflow. This executable only mirrors the size of the \
            real command line; its commands do nothing.
            """,
        version: "0.0.0-bench",
        subcommands: [Check.self, Campaigns.self, People.self, Score.self, Report.self, Serve.self]
    )

    struct Global: ParsableArguments {
        @Option(name: .shortAndLong, help: "Directory holding the YAML configuration.")
        var config: String = "config"

        @Flag(name: .shortAndLong, help: "Print more detail.")
        var verbose = false
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print diagnostics.")

        @OptionGroup var global: Global

        @Option(help: "Diagnostics format: text or json.")
        var format: String = "text"

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @Option(help: "Stop after this many errors.")
        var maxErrors: Int = 50
    }

    struct Campaigns: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List campaigns and their criteria.")

        @OptionGroup var global: Global

        @Option(help: "Only campaigns active on this date (YYYY-MM-DD).")
        var activeOn: String?

        @Option(help: "Only campaigns of this award.")
        var award: String?

        @Flag(help: "Show each criterion.")
        var criteria = false
    }

    struct People: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List people of a unit or department.")

        @OptionGroup var global: Global

        @Option(help: "Unit id.")
        var unit: String?

        @Option(help: "Department id.")
        var department: String?

        @Option(help: "Only people of this kind: civil-servant, public-employee or worker.")
        var kind: String?
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the people of a campaign against its criteria.")

        @OptionGroup var global: Global

        @Argument(help: "Campaign id.")
        var campaign: String

        @Option(help: "Evaluation date (YYYY-MM-DD); defaults to the deadline.")
        var on: String?

        @Option(help: "Write the results to this file.")
        var output: String?

        @Flag(help: "Include people who do not qualify.")
        var all = false
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the commendation proposal for a campaign.")

        @OptionGroup var global: Global

        @Argument(help: "Campaign id.")
        var campaign: String

        @Option(help: "Report format: markdown, csv or html.")
        var format: String = "markdown"

        @Option(help: "Output file; standard output when absent.")
        var output: String?
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the read-only dashboard on the loopback interface.")

        @OptionGroup var global: Global

        @Option(help: "TCP port.")
        var port: Int = 8080

        @Option(help: "Address to bind; loopback only.")
        var host: String = "127.0.0.1"

        @Flag(help: "Reload the configuration when it changes.")
        var watch = false
    }
}
