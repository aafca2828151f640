/// The time since the command started, for `--timing` reports.
///
/// `ThiDuaMain` reads ``start`` first thing, so that "load" covers argument parsing and loading
/// the configuration; a command reads `ContinuousClock.now` between its phases and measures with
/// ``milliseconds(from:to:)``.
public enum ProcessClock {
    /// When the command started (the first read of this value).
    public static let start = ContinuousClock.now

    /// Milliseconds from `start` to `end`.
    public static func milliseconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        let duration = end - start
        return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
