import Testing
import ThiDuaCore

/// Money in documents: "1.410.000 đồng"; sums that never wrap around.
@Suite struct MoneyTests {
    @Test(arguments: [
        (Int64(0), "0 đồng"), (999, "999 đồng"), (1_000, "1.000 đồng"), (710_000, "710.000 đồng"), (1_410_000, "1.410.000 đồng"),
        (-50_000, "-50.000 đồng"), (Int64.max, "9.223.372.036.854.775.807 đồng"), (Int64.min, "-9.223.372.036.854.775.808 đồng"),
    ])
    func vietnameseMoney(_ amount: Int64, _ text: String) {
        #expect(VND.text(amount) == text)
    }

    @Test func sumsNeverWrapAround() {
        #expect(VND.sum([710_000, 1_410_000]) == 2_120_000)
        #expect(VND.sum([Int64.max, 1]) == nil)
        #expect(VND.sum([]) == 0)
    }
}
