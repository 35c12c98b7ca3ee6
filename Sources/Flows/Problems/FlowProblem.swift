public import Foundation

/// Something that went silent, raised (issue 6 §8): a scheduled run that did not happen, a
/// webhook the source disabled, credentials the system rejected. Opened when detected, counted
/// while it lasts, resolved when the condition clears (or by an operator). One row per
/// subject, kind and detail while open (Migrations/0014_flow_problems.sql).
public struct FlowProblem: Sendable, Hashable, Codable {
    /// What went silent.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The stable identifier stored with the problem.
        public let rawValue: String
        /// Wraps a stored identifier.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A flow's schedule found past its due time plus grace (the scheduler was not running).
        public static let scheduleMissed = Kind(rawValue: "schedule_missed")
        /// The source disabled (or paused) a webhook that delivers to this connection.
        public static let webhookDisabled = Kind(rawValue: "webhook_disabled")
        /// The system rejected the connection's credentials; the connection is paused.
        public static let credentialsRejected = Kind(rawValue: "credentials_rejected")
        /// Another permanent error from the system (a gone endpoint); the connection is paused.
        public static let connectionRejected = Kind(rawValue: "connection_rejected")

        /// The identifier.
        public var description: String { rawValue }
    }

    /// The problem's id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The customer whose integration it is.
    public var customerID: UUID
    /// The environment.
    public var environmentID: UUID
    /// The flow it is about, if any.
    public var flowID: UUID?
    /// The connection it is about, if any.
    public var connectionID: UUID?
    /// What went silent.
    public var kind: Kind
    /// What in the subject: the schedule ("poll"), the webhook's id; empty for all of it.
    public var detailKey: String
    /// What happened and what the platform did about it, for people.
    public var summary: String
    /// When it was first detected.
    public var openedAt: Date
    /// When it was last detected.
    public var lastSeenAt: Date
    /// How many times it was detected while open.
    public var occurrences: Int
    /// When it cleared, if it has.
    public var resolvedAt: Date?
    /// How it cleared.
    public var resolution: String?

    /// Whether it is still open.
    public var isOpen: Bool { resolvedAt == nil }
}

/// A problem being raised: what it is about and what to say.
public struct RaisedProblem: Sendable, Hashable {
    /// The customer.
    public var customerID: UUID
    /// The environment.
    public var environmentID: UUID
    /// The flow it is about, if any.
    public var flowID: UUID?
    /// The connection it is about, if any.
    public var connectionID: UUID?
    /// What went silent.
    public var kind: FlowProblem.Kind
    /// What in the subject.
    public var detailKey: String
    /// What happened, for people.
    public var summary: String

    /// A problem about a flow or a connection (at least one of them).
    public init(customerID: UUID, environmentID: UUID, flowID: UUID? = nil, connectionID: UUID? = nil,
                kind: FlowProblem.Kind, detailKey: String = "", summary: String) {
        self.customerID = customerID
        self.environmentID = environmentID
        self.flowID = flowID
        self.connectionID = connectionID
        self.kind = kind
        self.detailKey = detailKey
        self.summary = summary
    }
}
