public import ArgumentParser
import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaDossiers
import ThiDuaYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `thidua budget …`: reward money by law.
public struct BudgetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Reward money (tiền thưởng) by law: explain an amount, estimate a campaign, report decided amounts.",
        discussion: """
            Amounts are coefficient × the base salary (mức lương cơ sở) in force on the decision date, \
            rounded as the decree that applies on that date says (legal packs under config/legal/). \
            Text and Markdown write money as 1.410.000 đồng; JSON and CSV as plain integers. \
            See docs/modules/budget.md.
            """,
        subcommands: [Explain.self, Estimate.self, Report.self])

    public init() {}

    /// `thidua budget explain AWARD --decision-date D [--collective]`
    public struct Explain: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract:
                "Show how the money of an award is computed: coefficient, base salary, product, rounding and result, each with its source."
        )
        public static var moduleID: String? { "budget" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The award id (see config/awards.yaml), e.g. giay-khen-giam-doc-so.") public var award: String
        @Option(
            name: .customLong("decision-date"), help: ArgumentHelp("The date of the award decision.", valueName: "YYYY-MM-DD"))
        public var decisionDate: String
        @Flag(help: "For a collective (tập thể) instead of an individual.") public var collective = false
        @Option(help: "Output format: text, json, csv or md.") public var format: BudgetFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let module = try budgetModule(host)
            let date = try parseDate(decisionDate, option: "--decision-date")
            do {
                let explanation = try module.explanation(award: award, collective: collective, decisionDate: date)
                print(explanation.rendered(format, awardName: module.award(award)?.name ?? award), terminator: "")
            } catch {
                throw CommandFailure(error.description)
            }
        }
    }

    /// `thidua budget estimate CAMPAIGN [--decision-date D]`
    public struct Estimate: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "estimate",
            abstract:
                "Estimate the money a campaign needs if every eligible nominee is awarded: per line, per award, per unit and in total.",
            discussion: """
                Nominees are the accepted dossiers' nominees with an eligible verdict when the dossiers \
                module is enabled and the campaign has accepted dossiers; otherwise every unit and person \
                the campaign's criteria find eligible, with each award the campaign offers them. The \
                decision date is --decision-date, or the campaign's planned 'decision_date' in the budget \
                settings. An award without a legal row for that date is an error, never zero. Warns on \
                standard error when the total exceeds the fund's available amount.
                """)
        public static var moduleID: String? { "budget" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id (see 'thidua campaign list').") public var campaign: String
        @Option(
            name: .customLong("decision-date"),
            help: ArgumentHelp(
                "The date of the award decision (default: the campaign's planned decision_date).", valueName: "YYYY-MM-DD"))
        public var decisionDate: String?
        @Option(help: "Output format: text, json, csv or md.") public var format: BudgetFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let module = try budgetModule(host)
            let campaign = try findCampaign(self.campaign, in: module)
            let date: CalendarDate
            if let decisionDate {
                date = try parseDate(decisionDate, option: "--decision-date")
            } else if let planned = module.campaignSettings[campaign.id.value]?.decisionDate {
                date = planned.value
            } else {
                throw ValidationError(
                    "campaign '\(campaign.id.value)' has no planned decision date; pass --decision-date YYYY-MM-DD "
                        + "(or set 'decision_date' for it under modules.budget.campaigns in thidua.yaml)")
            }
            let (nominees, source) = try Self.nominees(of: campaign, module: module, host: host)
            let sheet: BudgetSheet
            do {
                sheet = try module.estimate(campaign: campaign, decisionDate: date, nominees: nominees, nomineeSource: source)
            } catch {
                throw CommandFailure("campaign '\(campaign.id.value)': \(error.description)")
            }
            try finish(sheet, format: format)
        }

        /// The accepted dossiers' eligible nominees when there are any, otherwise the criteria's.
        static func nominees(of campaign: Campaign, module: BudgetModule, host: LoadedHost) throws -> ([BudgetNominee], String) {
            if let dossiers = host.module(DossiersModule.self) {
                do {
                    let store = try host.openStore()
                    let records = try dossiers.workflow(store: store, clock: .system).list(
                        campaign: campaign.id.value, status: .accepted)
                    let accepted = module.acceptedNominees(of: campaign, dossiers: records)
                    if accepted.dossiers > 0 {
                        return (
                            accepted.nominees, "các tập thể, cá nhân đủ điều kiện trong \(accepted.dossiers) hồ sơ đã tiếp nhận"
                        )
                    }
                } catch let error as StoreError where error.kind == .missing {
                    // No database yet: no dossiers either.
                } catch let error as StoreError {
                    printError(
                        "warning: accepted dossiers could not be read (\(error.description)); the estimate uses the criteria instead"
                    )
                }
            }
            let nominees = module.eligibleNominees(of: campaign)
            let units = nominees.filter(\.collective).count
            return (
                nominees,
                "theo kết quả đánh giá tiêu chí năm \(campaign.evaluationPeriod()): \(units) tập thể, \(nominees.count - units) cá nhân đạt"
            )
        }
    }

    /// `thidua budget report CAMPAIGN`
    public struct Report: HostCommand {
        public static let configuration = CommandConfiguration(
            commandName: "report",
            abstract:
                "Report the amounts actually decided for a campaign (recorded with its award decisions), checking each decision's total against its lines."
        )
        public static var moduleID: String? { "budget" }

        @OptionGroup public var hostOptions: HostOptions
        @Argument(help: "The campaign id.") public var campaign: String
        @Option(help: "Output format: text, json, csv or md.") public var format: BudgetFormat = .text

        public init() {}

        public mutating func run(in host: LoadedHost) throws {
            let module = try budgetModule(host)
            let campaign = try findCampaign(self.campaign, in: module)
            let store = try host.openStore()
            let decisions = try store.read { try module.recordedDecisions(campaign: campaign.id.value, in: $0) }
            try finish(module.report(campaign: campaign, decisions: decisions), format: format)
        }
    }
}

// MARK: - Helpers

/// Prints the sheet; warns about a shortfall; exits 1 when totals do not agree.
private func finish(_ sheet: BudgetSheet, format: BudgetFormat) throws {
    print(sheet.rendered(format), terminator: "")
    if let shortfall = sheet.shortfall, let available = sheet.available {
        printError(
            "warning: the total \(VND.text(sheet.totals.total)) exceeds the fund's available amount \(VND.text(available)) by \(VND.text(shortfall))"
        )
    }
    let problems = sheet.problems
    guard problems.isEmpty else {
        for problem in problems { printError("error: \(problem)") }
        throw ExitCode(1)
    }
}

private func budgetModule(_ host: LoadedHost) throws -> BudgetModule {
    try host.required(BudgetModule.self)
}

private func findCampaign(_ id: String, in module: BudgetModule) throws -> Campaign {
    guard let campaign = module.campaigns.campaign(id) else {
        let ids = module.campaigns.campaigns.map(\.id.value)
        let hint =
            Suggestion.closest(to: id, in: ids).map { "did you mean '\($0)'?" } ?? "campaigns: \(ids.joined(separator: ", "))"
        throw CommandFailure("unknown campaign '\(id)' (\(hint))")
    }
    return campaign
}

private func parseDate(_ text: String, option: String) throws -> CalendarDate {
    guard let date = CalendarDate(iso: text) else {
        throw ValidationError("\(option) '\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2024-12-16")
    }
    return date
}

/// Writes a line to standard error.
private func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
