public import Foundation

/// A partner's rule (Migrations/0018, `alert_rules`): what to watch, over whom, how hard, and
/// how soon to escalate when nobody acknowledges.
public struct AlertRule: Sendable, Hashable, Codable {
    /// Whom a rule watches.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every customer of the partner, each a subject of its own.
        case partner
        /// One customer, all flows.
        case customer
        /// One customer's one flow.
        case flow
    }

    /// The rule's id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// A name for people.
    public var name: String
    /// Whom it watches.
    public var scope: Scope
    /// The customer, for `customer` and `flow` scopes.
    public var customerID: UUID?
    /// The flow (`FlowKind` raw value), for the `flow` scope.
    public var flow: String?
    /// What it watches.
    public var kind: AlertKind
    /// Percent (failure rate), minutes (backlog age), a count (dead messages); unused for
    /// paused connections.
    public var threshold: Decimal
    /// The window measured, in minutes.
    public var windowMinutes: Int
    /// Failure rate only: the fewest finished messages that make a rate worth alerting on.
    public var minimumVolume: Int
    /// Business impact: orders the work and the subject lines.
    public var impact: AlertImpact
    /// Minutes of support time without acknowledgement before the next contact is told.
    public var escalateAfterMinutes: Int
    /// Whether it is evaluated.
    public var enabled: Bool

    /// Creates a rule value.
    public init(id: UUID, partnerID: UUID, name: String, scope: Scope, customerID: UUID?, flow: String?, kind: AlertKind,
                threshold: Decimal, windowMinutes: Int, minimumVolume: Int, impact: AlertImpact, escalateAfterMinutes: Int,
                enabled: Bool) {
        self.id = id
        self.partnerID = partnerID
        self.name = name
        self.scope = scope
        self.customerID = customerID
        self.flow = flow
        self.kind = kind
        self.threshold = threshold
        self.windowMinutes = windowMinutes
        self.minimumVolume = minimumVolume
        self.impact = impact
        self.escalateAfterMinutes = escalateAfterMinutes
        self.enabled = enabled
    }
}
