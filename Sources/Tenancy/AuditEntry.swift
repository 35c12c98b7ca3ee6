public import Foundation

/// A recorded change, as read back from the audit log.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: UUID
    public var partnerID: UUID
    public var occurredAt: Date
    /// `user`, `api_token`, `platform` or `system`.
    public var actorKind: String
    public var actorUserID: UUID?
    public var actorEmail: String?
    public var actorRole: String?
    public var actorTokenID: UUID?
    public var customerID: UUID?
    public var action: String
    public var targetType: String
    public var targetID: String?
    /// The row before the change, as JSON text.
    public var before: String?
    /// The row after the change, as JSON text.
    public var after: String?
    public var requestID: String?
    public var remoteAddress: String?
}

/// Which audit entries to list; every field narrows, nil means "any".
public struct AuditFilter: Sendable, Equatable {
    public var action: String?
    public var actorUserID: UUID?
    public var targetType: String?
    public var targetID: String?
    public var customerID: UUID?
    /// Inclusive lower bound on `occurred_at`.
    public var since: Date?
    /// Exclusive upper bound on `occurred_at`.
    public var until: Date?

    public init(action: String? = nil, actorUserID: UUID? = nil, targetType: String? = nil, targetID: String? = nil,
                customerID: UUID? = nil, since: Date? = nil, until: Date? = nil) {
        self.action = action
        self.actorUserID = actorUserID
        self.targetType = targetType
        self.targetID = targetID
        self.customerID = customerID
        self.since = since
        self.until = until
    }
}
