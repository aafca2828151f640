import ThiDuaCore

extension Instant {
    /// Seconds since the Unix epoch (rounded down), as ``Deadline/isOpen(at:)`` takes them.
    var epochSeconds: Int64 {
        let (quotient, remainder) = millisecondsSinceEpoch.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// `2024-11-30T23:59:59+07:00`: Vietnam time without milliseconds.
    var vietnamSeconds: String {
        let text = vietnamText  // 2024-11-30T23:59:59.000+07:00
        return String(text.prefix(19)) + "+07:00"
    }

    /// The instant at `seconds` since the Unix epoch.
    init(epochSeconds seconds: Int64) {
        self.init(millisecondsSinceEpoch: seconds * 1000)
    }
}
