import Testing
import ThiDuaBudget
import ThiDuaCore

/// Reward money across the legal boundaries, for every award of the packs, individual and
/// collective. Every expected figure below was computed by hand (coefficient × base salary, then
/// up to the next 10 000 đồng), not by the code under test.
@Suite struct PaymentTests {
    /// The coefficient of each award, from shared/reference/legal-facts.md §1.2–1.3 (the same under
    /// Decree 98/2023 and Decree 152/2025). Key: award id and whether for a collective.
    static let coefficients: [String: String] = [
        "chien-si-thi-dua-toan-quoc": "4.5", "chien-si-thi-dua-tinh": "3", "chien-si-thi-dua-co-so": "1",
        "lao-dong-tien-tien": "0.3",
        "bang-khen-thu-tuong": "3.5", "bang-khen-chu-tich-ubnd-tinh": "1.5", "giay-khen-giam-doc-so": "0.3",
        "tap-the-lao-dong-xuat-sac/collective": "1.5", "tap-the-lao-dong-tien-tien/collective": "0.8",
        "co-thi-dua-tinh/collective": "8",
        "bang-khen-thu-tuong/collective": "7", "bang-khen-chu-tich-ubnd-tinh/collective": "3",
        "giay-khen-giam-doc-so/collective": "0.6",
    ]

    /// Coefficient → (raw product, amount after rounding up to 10 000) for each base salary, by hand.
    static let amounts: [Int64: [String: (raw: String, amount: Int64)]] = [
        1_800_000: [
            "0.3": ("540000", 540_000), "0.6": ("1080000", 1_080_000), "0.8": ("1440000", 1_440_000), "1": ("1800000", 1_800_000),
            "1.5": ("2700000", 2_700_000), "3": ("5400000", 5_400_000), "3.5": ("6300000", 6_300_000),
            "4.5": ("8100000", 8_100_000),
            "7": ("12600000", 12_600_000), "8": ("14400000", 14_400_000),
        ],
        2_340_000: [
            "0.3": ("702000", 710_000), "0.6": ("1404000", 1_410_000), "0.8": ("1872000", 1_880_000), "1": ("2340000", 2_340_000),
            "1.5": ("3510000", 3_510_000), "3": ("7020000", 7_020_000), "3.5": ("8190000", 8_190_000),
            "4.5": ("10530000", 10_530_000),
            "7": ("16380000", 16_380_000), "8": ("18720000", 18_720_000),
        ],
        2_530_000: [
            "0.3": ("759000", 760_000), "0.6": ("1518000", 1_520_000), "0.8": ("2024000", 2_030_000), "1": ("2530000", 2_530_000),
            "1.5": ("3795000", 3_800_000), "3": ("7590000", 7_590_000), "3.5": ("8855000", 8_860_000),
            "4.5": ("11385000", 11_390_000),
            "7": ("17710000", 17_710_000), "8": ("20240000", 20_240_000),
        ],
    ]

    /// Decision dates on both sides of each change: (date, decree of the pack, base salary, its decree).
    static let boundaries: [(String, String, Int64, String)] = [
        ("2024-06-30", "98/2023", 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
        ("2024-07-01", "98/2023", 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
        ("2025-06-30", "98/2023", 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
        ("2025-07-01", "152/2025", 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
        ("2026-06-30", "152/2025", 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
        ("2026-07-01", "152/2025", 2_530_000, "Nghị định số 161/2026/NĐ-CP"),
    ]

    @Test(arguments: boundaries)
    func everyAwardOnEachSideOfEachBoundary(_ day: String, decree: String, base: Int64, baseDecree: String) throws {
        let budget = try exampleBudget()
        let decisionDate = try date(day)
        for (key, coefficient) in Self.coefficients {
            let collective = key.hasSuffix("/collective")
            let award = collective ? String(key.dropLast("/collective".count)) : key
            let expected = try #require(Self.amounts[base]?[coefficient])
            let payment = try budget.payment(award: award, collective: collective, decisionDate: decisionDate)
            #expect(payment.coefficient.description == coefficient, "\(key) on \(day)")
            #expect(payment.baseSalary == base, "\(key) on \(day)")
            #expect(payment.raw.description == expected.raw, "\(key) on \(day)")
            #expect(payment.amount == expected.amount, "\(key) on \(day)")
            #expect(payment.basis.hasSuffix("Nghị định số \(decree)/NĐ-CP"), "\(key) on \(day): \(payment.basis)")
            #expect(payment.baseSalaryBasis == baseDecree)
            #expect(payment.rounding == "làm tròn số lên hàng chục nghìn đồng")
            #expect(payment.decisionDate == decisionDate && payment.collective == collective && payment.award == award)
        }
    }

    /// A row added to a pack without a hand-computed case here fails this test.
    @Test func everyRowOfEveryPackHasAHandComputedCase() throws {
        let budget = try exampleBudget()
        #expect(budget.legal.packs.map(\.id.value) == ["nd-98-2023", "nd-152-2025"])
        var keys: Set<String> = []
        for pack in budget.legal.packs {
            for row in pack.rows {
                if row.individual != nil { keys.insert(row.award.value) }
                if row.collective != nil { keys.insert(row.award.value + "/collective") }
            }
        }
        #expect(keys == Set(Self.coefficients.keys))
    }

    @Test func theReferenceCampaignInDecember2024() throws {
        let budget = try exampleBudget()
        let december = try date("2024-12-16")
        let individual = try budget.payment(award: "giay-khen-giam-doc-so", collective: false, decisionDate: december)
        #expect(individual.amount == 710_000)
        #expect(individual.raw == ExactDecimal(702_000))
        #expect(individual.basis == "điểm e khoản 1 Điều 58 Nghị định số 98/2023/NĐ-CP")
        let collective = try budget.payment(award: "giay-khen-giam-doc-so", collective: true, decisionDate: december)
        #expect(collective.amount == 1_410_000)
        #expect(collective.raw == ExactDecimal(1_404_000))
        #expect(collective.coefficient == ExactDecimal("0.6"))
        #expect(collective.basis == "điểm c khoản 2 Điều 58 Nghị định số 98/2023/NĐ-CP")
        #expect(collective.baseSalaryBasis == "Nghị định số 73/2024/NĐ-CP")
        #expect(VND.text(collective.amount) == "1.410.000 đồng")
    }

    @Test func theIssueNoteOnJune2024() throws {
        let payment = try exampleBudget().payment(
            award: "lao-dong-tien-tien", collective: false, decisionDate: try date("2024-06-30"))
        #expect(payment.baseSalary == 1_800_000)
        #expect(payment.amount == 540_000)
    }

    @Test func theExplanationNamesEverySource() throws {
        let explanation = try exampleBudget().explanation(
            award: "bang-khen-chu-tich-ubnd-tinh", collective: true, decisionDate: try date("2025-03-01"))
        #expect(explanation.pack.id.value == "nd-98-2023")
        #expect(explanation.coefficient.confirmed == false)  // 2× individual: UNCONFIRMED in legal-facts.md
        #expect(explanation.isConfirmed == false)
        #expect(explanation.payment.amount == 7_020_000)
        #expect(explanation.baseSalary.from.value == (try date("2024-07-01")))
        #expect(explanation.pack.rounding.basis == "khoản 2 Điều 53 Nghị định số 98/2023/NĐ-CP")
        let confirmed = try exampleBudget().explanation(
            award: "giay-khen-giam-doc-so", collective: false, decisionDate: try date("2024-12-16"))
        #expect(confirmed.isConfirmed)
    }

    // MARK: - Rounding

    /// (raw, mode, unit, expected) by hand: exactly on a multiple, just above it, just below the next.
    static let roundings: [(String, RoundingMode, Int64, Int64)] = [
        ("540000", .up, 10_000, 540_000), ("540000.0001", .up, 10_000, 550_000), ("540001", .up, 10_000, 550_000),
        ("549999.9999", .up, 10_000, 550_000), ("1404000", .up, 10_000, 1_410_000), ("1410000", .up, 10_000, 1_410_000),
        ("545000", .nearest, 10_000, 550_000), ("544999.9999", .nearest, 10_000, 540_000),
        ("540000.0001", .nearest, 10_000, 540_000),
        ("549999", .down, 10_000, 540_000), ("550000", .down, 10_000, 550_000),
        ("702000.5", .none, 10_000, 702_001), ("702000.4999", .none, 10_000, 702_000), ("702000", .none, 10_000, 702_000),
        ("223500", .up, 1_000, 224_000), ("223500", .down, 1_000, 223_000),
    ]

    @Test(arguments: roundings)
    func roundingModes(_ raw: String, mode: RoundingMode, unit: Int64, expected: Int64) throws {
        let rule = RoundingRule(mode: mode, unit: unit, text: "test", basis: "test")
        #expect(try rule.apply(to: try #require(ExactDecimal(raw))) == expected)
    }

    @Test func aNegativeProductIsRefused() {
        let rule = RoundingRule(mode: .up, unit: 10_000, text: "test", basis: "test")
        #expect(throws: BudgetError.self) { try rule.apply(to: ExactDecimal(-5)) }
    }

    // MARK: - No legal row: an error, never zero

    @Test func aDateBeforeEveryPackIsAnError() throws {
        let budget = try exampleBudget()
        let error = #expect(throws: BudgetError.self) {
            try budget.payment(award: "giay-khen-giam-doc-so", collective: false, decisionDate: try date("2023-12-31"))
        }
        #expect(error?.message == "no legal pack applies to a decision dated 31/12/2023 (award 'giay-khen-giam-doc-so')")
        #expect(error?.hint?.contains("nd-98-2023 (01/01/2024 – 30/06/2025), nd-152-2025 (từ 01/07/2025)") == true)
    }

    @Test func anUnknownAwardIsAnErrorWithASuggestion() throws {
        let budget = try exampleBudget()
        let error = #expect(throws: BudgetError.self) {
            try budget.payment(award: "giay-khen-giam-doc", collective: false, decisionDate: try date("2024-12-16"))
        }
        #expect(error?.description == "unknown award 'giay-khen-giam-doc' (did you mean 'giay-khen-giam-doc-so'?)")
    }

    @Test func anIndividualTitleGivenToACollectiveIsAnError() throws {
        let budget = try exampleBudget()
        let error = #expect(throws: BudgetError.self) {
            try budget.payment(award: "lao-dong-tien-tien", collective: true, decisionDate: try date("2024-12-16"))
        }
        #expect(error?.message.hasPrefix("'lao-dong-tien-tien' (Lao động tiên tiến) is not given to collectives") == true)
    }

    @Test func aPackWithoutTheAwardsRowIsAnErrorNamingThePack() throws {
        var tables = try exampleBudget().legal
        tables.packs[1].rows.removeAll { $0.award.value == "giay-khen-giam-doc-so" }
        #expect(throws: BudgetError.self) {
            try tables.payment(award: "giay-khen-giam-doc-so", collective: false, decisionDate: try date("2025-07-01"))
        }
        let july = try date("2025-07-01")
        do {
            _ = try tables.payment(award: "giay-khen-giam-doc-so", collective: false, decisionDate: july)
        } catch {
            #expect(
                error.message.hasPrefix(
                    "pack 'nd-152-2025' (Nghị định số 152/2025/NĐ-CP, từ 01/07/2025) has no row for award 'giay-khen-giam-doc-so'"
                ))
        }
        // The day before, the other pack still pays.
        #expect(
            try tables.payment(award: "giay-khen-giam-doc-so", collective: false, decisionDate: try date("2025-06-30")).amount
                == 710_000)
    }
}
