/// Amounts of money in Vietnamese đồng (VND), always whole numbers in an `Int64`.
///
/// Documents write money the Vietnamese way, with "." between groups of thousands and the word
/// "đồng": `1.410.000 đồng`. Machine formats (JSON, CSV) write the plain integer `1410000`.
///
/// ```swift
/// VND.grouped(1_410_000)      // "1.410.000"
/// VND.text(1_410_000)         // "1.410.000 đồng"
/// VND.text(-50_000)           // "-50.000 đồng"
/// ```
public enum VND {
    /// The amount with "." between groups of three digits: `1.410.000`, `-50.000`, `0`.
    public static func grouped(_ amount: Int64) -> String {
        let digits = Array(String(amount.magnitude))
        var text = amount < 0 ? "-" : ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { text += "." }
            text.append(digit)
        }
        return text
    }

    /// The amount as documents write it: `1.410.000 đồng`.
    public static func text(_ amount: Int64) -> String {
        grouped(amount) + " đồng"
    }

    /// The sum of `amounts`; nil when it does not fit in an `Int64` (never wraps around).
    public static func sum<S: Sequence>(_ amounts: S) -> Int64? where S.Element == Int64 {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount)
            if overflow { return nil }
            total = next
        }
        return total
    }
}
