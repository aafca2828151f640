public import ThiDuaCore

/// A record was added to the initiatives register. Published by `thidua initiatives add` after the record
/// and its audit entry committed.
public struct InitiativesRecorded: ThiDuaEvent {
    /// `initiatives.recorded`.
    public static let name = "initiatives.recorded"
    /// The record's number.
    public var number: Int
    /// What was recorded.
    public var text: String
    /// Who recorded it.
    public var actor: String
    /// When.
    public var at: Instant

    /// An event for record `number`.
    public init(number: Int, text: String, actor: String, at: Instant) {
        self.number = number
        self.text = text
        self.actor = actor
        self.at = at
    }
}
