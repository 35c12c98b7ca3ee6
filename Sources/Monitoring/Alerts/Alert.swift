public import Foundation

/// One alert (Migrations/0018, `alerts`): a rule's breach for one subject, from opening until it
/// clears or a person resolves it.
public struct Alert: Sendable, Hashable, Codable {
    /// How an alert was resolved.
    public enum Resolution: String, Sendable, Hashable, Codable {
        /// The evaluation found no breach any more.
        case cleared
        /// A person resolved it, with a comment.
        case person
    }

    /// The alert's id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The rule that fired.
    public var ruleID: UUID
    /// The rule's name.
    public var ruleName: String
    /// The rule's kind.
    public var kind: AlertKind
    /// The customer.
    public var customerID: UUID
    /// The customer's name.
    public var customerName: String
    /// The flow, or nil for the customer as a whole.
    public var flow: String?
    /// The subject's name (a flow, a connection).
    public var subject: String
    /// Business impact.
    public var impact: AlertImpact
    /// Open, acknowledged or resolved.
    public var state: AlertEscalation.State
    /// When it first breached.
    public var openedAt: Date
    /// When it last breached.
    public var lastSeenAt: Date
    /// The last measured value.
    public var value: Decimal
    /// The last measurement in words.
    public var summary: String
    /// The highest level notified (0: none yet).
    public var level: Int
    /// When the next notification is due.
    public var nextNotificationAt: Date?
    /// When it was acknowledged, and by whom (a user id).
    public var acknowledgedAt: Date?
    /// The user who acknowledged.
    public var acknowledgedBy: UUID?
    /// When it was resolved.
    public var resolvedAt: Date?
    /// The user who resolved it; nil when it cleared.
    public var resolvedBy: UUID?
    /// How it was resolved.
    public var resolution: Resolution?
    /// The resolving person's comment.
    public var resolutionComment: String?

    /// The notification schedule.
    public var escalation: AlertEscalation {
        AlertEscalation(state: state, level: level, nextNotificationAt: nextNotificationAt)
    }
}

/// One notification attempt (Migrations/0018, `alert_notifications`).
public struct AlertNotification: Sendable, Hashable, Codable {
    /// Why it was sent.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Level 1 of a new alert.
        case opened
        /// Level 2 and later: nobody acknowledged in time.
        case escalated
        /// The alert cleared by itself.
        case cleared
    }

    /// The history row's id.
    public var id: Int
    /// The contact told (nil once the contact was deleted).
    public var contactID: UUID?
    /// `email` or `webhook`.
    public var channel: AlertContact.Channel
    /// The escalation level (0 for a cleared notice).
    public var level: Int
    /// Why.
    public var kind: Kind
    /// When it was tried.
    public var sentAt: Date
    /// Whether it went out.
    public var succeeded: Bool
    /// What went wrong, when it did not.
    public var error: String?
}
