public import ThiDuaCore
public import ThiDuaCriteria

/// A dossier was submitted (or resubmitted after a return). Published after the change committed.
public struct DossierSubmitted: ThiDuaEvent {
    public static let name = "dossier.submitted"
    public var dossier: String
    public var campaign: String
    public var unit: String
    /// Whether it had been returned before.
    public var resubmission: Bool
    public var actor: String
    public var at: Instant
}

/// The standing office returned a dossier to its unit, with a reason.
public struct DossierReturned: ThiDuaEvent {
    public static let name = "dossier.returned"
    public var dossier: String
    public var campaign: String
    public var unit: String
    public var reason: String
    public var actor: String
    public var at: Instant
}

/// The standing office accepted a dossier; every nominee was evaluated.
public struct DossierAccepted: ThiDuaEvent {
    public static let name = "dossier.accepted"
    public var dossier: String
    public var campaign: String
    public var unit: String
    /// Each nominee (unit or person id) with the criteria module's outcome.
    public var verdicts: [NomineeVerdict]
    public var actor: String
    public var at: Instant
}

/// One nominee's outcome, as ``DossierAccepted`` carries it.
public struct NomineeVerdict: Sendable, Hashable {
    public var subject: String
    public var award: String
    public var outcome: Outcome
}

/// The standing office rejected a dossier, with a reason.
public struct DossierRejected: ThiDuaEvent {
    public static let name = "dossier.rejected"
    public var dossier: String
    public var campaign: String
    public var unit: String
    public var reason: String
    public var actor: String
    public var at: Instant
}

/// An event waiting for its unit of work to commit.
public enum DossierEvent: Sendable {
    case submitted(DossierSubmitted)
    case returned(DossierReturned)
    case accepted(DossierAccepted)
    case rejected(DossierRejected)

    /// Publishes the event on `bus` as the `dossiers` module.
    public func publish(on bus: EventBus) throws(EventHandlerError) {
        switch self {
        case .submitted(let event): try bus.publish(event, from: DossiersModule.descriptor.id)
        case .returned(let event): try bus.publish(event, from: DossiersModule.descriptor.id)
        case .accepted(let event): try bus.publish(event, from: DossiersModule.descriptor.id)
        case .rejected(let event): try bus.publish(event, from: DossiersModule.descriptor.id)
        }
    }
}
