public import ThiDuaCore

/// An initiative was recorded with `thidua initiative add`. Published after the record and its
/// audit entry committed.
public struct InitiativeRecorded: ThiDuaEvent {
    /// `initiative.recorded`.
    public static let name = "initiative.recorded"
    /// The initiative's id.
    public var initiative: String
    /// Its authors' person ids.
    public var authors: [String]
    /// The year it counts for.
    public var year: Int
    /// `co-so`, `tinh` or `toan-quoc`.
    public var scope: String
    /// Who recorded it.
    public var actor: String
    /// When.
    public var at: Instant

    /// The event for `initiative`.
    public init(initiative: String, authors: [String], year: Int, scope: String, actor: String, at: Instant) {
        self.initiative = initiative
        self.authors = authors
        self.year = year
        self.scope = scope
        self.actor = actor
        self.at = at
    }
}
