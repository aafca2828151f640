import Testing
import ThiDuaBudget
import ThiDuaCore

/// `thidua check` on the legal packs: each problem is one error at file:line:col, worded with
/// what to do. Every test edits a copy of `config/`.
@Suite struct ValidationTests {
    /// Loads the copy and expects exactly one error, starting with `position: error: message`.
    private func expectOneError(_ copy: ConfigCopy, at position: String, _ message: String) {
        let errors = copy.errors()
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("\(position): error: \(message)") == true, "\(errors)")
    }

    @Test func theExampleConfigurationIsValid() throws {
        #expect(try ConfigCopy().errors() == [])
    }

    @Test func overlappingPacks() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "until: 2025-06-30", with: "until: 2025-07-01")
        expectOneError(
            copy, at: try copy.position(of: "{from: 2025-07-01}", in: "legal/nd-152-2025.yaml"),
            "packs overlap: 'nd-98-2023' applies until 2025-07-01, 'nd-152-2025' from 2025-07-01")
    }

    @Test func aGapBetweenPacks() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "until: 2025-06-30", with: "until: 2025-06-28")
        expectOneError(
            copy, at: try copy.position(of: "{from: 2025-07-01}", in: "legal/nd-152-2025.yaml"),
            "gap between packs: no pack applies from 2025-06-29 to 2025-06-30")
    }

    @Test func anOpenEndedPackBeforeAnother() throws {
        let copy = try ConfigCopy()
        try copy.replace(
            "legal/nd-98-2023.yaml", "effective: {from: 2024-01-01, until: 2025-06-30}", with: "effective: {from: 2024-01-01}")
        expectOneError(
            copy, at: try copy.position(of: "{from: 2025-07-01}", in: "legal/nd-152-2025.yaml"),
            "packs overlap: 'nd-98-2023' has no end date")
    }

    @Test func aMissingCollectiveCoefficient() throws {
        let copy = try ConfigCopy()
        // Lao động tiên tiến may now go to collectives, but no pack has a collective coefficient for it.
        try copy.replace(
            "awards.yaml", "name: Lao động tiên tiến\n    for: [individual]",
            with: "name: Lao động tiên tiến\n    for: [collective, individual]")
        let errors = copy.errors()
        #expect(errors.count == 2, "\(errors)")
        let first = try copy.position(of: "award: lao-dong-tien-tien", in: "legal/nd-98-2023.yaml")
        #expect(errors.contains { $0.hasPrefix("\(first): error: 'lao-dong-tien-tien' may go to collectives") }, "\(errors)")
        let second = try copy.position(of: "award: lao-dong-tien-tien", in: "legal/nd-152-2025.yaml")
        #expect(errors.contains { $0.hasPrefix("\(second): error: 'lao-dong-tien-tien' may go to collectives") }, "\(errors)")
    }

    @Test func aNegativeBaseSalary() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/base-salary.yaml", "amount: 2340000", with: "amount: -2340000")
        expectOneError(
            copy, at: try copy.position(of: "-2340000", in: "legal/base-salary.yaml"),
            "the base salary must be a positive amount in đồng, found -2340000")
    }

    @Test func aZeroCoefficient() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "coefficient: 0.8", with: "coefficient: 0.0")
        expectOneError(
            copy, at: try copy.position(of: "0.0", in: "legal/nd-98-2023.yaml"),
            "a coefficient must be positive, found 0")
    }

    @Test func anUnknownAwardInAPack() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "award: co-thi-dua-tinh", with: "award: co-thi-dua-tnh")
        expectOneError(
            copy, at: try copy.position(of: "co-thi-dua-tnh", in: "legal/nd-98-2023.yaml"),
            "unknown award 'co-thi-dua-tnh' (did you mean 'co-thi-dua-tinh'?)")
    }

    @Test func overlappingBaseSalaries() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/base-salary.yaml", "amount: 1800000\n", with: "amount: 1800000\n    until: 2024-07-31\n")
        expectOneError(
            copy, at: try copy.position(of: "2024-07-01", in: "legal/base-salary.yaml"),
            "base salaries overlap")
    }

    @Test func aGapInTheBaseSalaries() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/base-salary.yaml", "amount: 1800000\n", with: "amount: 1800000\n    until: 2024-05-31\n")
        expectOneError(
            copy, at: try copy.position(of: "2024-07-01", in: "legal/base-salary.yaml"),
            "gap in the base salaries: no row is in force from 2024-06-01 to 2024-06-30")
    }

    @Test func twoBaseSalariesOnOneDay() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/base-salary.yaml", "from: 2026-07-01", with: "from: 2024-07-01")
        let errors = copy.errors()
        #expect(errors.contains { $0.contains(": error: two base salaries start on 2024-07-01") }, "\(errors)")
    }

    @Test func aCampaignAwardWithoutMoneyOnItsPlannedDecisionDate() throws {
        let copy = try ConfigCopy()
        try copy.replace("thidua.yaml", "decision_date: 2024-12-16", with: "decision_date: 2023-12-20")
        expectOneError(
            copy, at: try copy.position(of: "2023-12-20", in: "thidua.yaml"),
            "no legal pack applies to a decision dated 20/12/2023 (award 'giay-khen-giam-doc-so')")
    }

    @Test func budgetSettingsForAnUnknownCampaign() throws {
        let copy = try ConfigCopy()
        try copy.replace("thidua.yaml", "- campaign: cchc-2024", with: "- campaign: cchc-2042")
        expectOneError(
            copy, at: try copy.position(of: "cchc-2042", in: "thidua.yaml"),
            "unknown campaign 'cchc-2042' (did you mean 'cchc-2024'?)")
    }

    @Test func aNegativeFund() throws {
        let copy = try ConfigCopy()
        try copy.replace("thidua.yaml", "available: 10000000", with: "available: -1")
        expectOneError(
            copy, at: try copy.position(of: "-1", after: "available: ", in: "thidua.yaml"),
            "the available amount must not be negative")
    }

    @Test func anUnknownRoundingMode() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "mode: up", with: "mode: ceiling")
        let errors = copy.errors()
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.hasPrefix(try copy.position(of: "ceiling", in: "legal/nd-98-2023.yaml") + ": error: ") == true,
            "\(errors)")
        #expect(errors.first?.contains("nearest") == true, "\(errors)")
    }

    @Test func aMissingPackFileNamesWhereItIsListed() throws {
        let copy = try ConfigCopy()
        try copy.replace("thidua.yaml", "- legal/nd-152-2025.yaml", with: "- legal/nd-152-2052.yaml")
        let errors = copy.errors()
        #expect(errors.contains { $0.contains("nd-152-2052.yaml") && $0.contains("referenced at") }, "\(errors)")
    }

    @Test func aRoundingWithoutItsUnit() throws {
        let copy = try ConfigCopy()
        try copy.replace("legal/nd-98-2023.yaml", "  unit: 10000\n", with: "")
        expectOneError(
            copy, at: try copy.position(of: "mode: up", in: "legal/nd-98-2023.yaml"),
            "rounding 'up' needs 'unit', the multiple in đồng")
    }
}
