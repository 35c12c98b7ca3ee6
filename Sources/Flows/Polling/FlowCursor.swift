public import Connectors
public import Foundation

/// Where one flow's change read of one feed stands (Migrations/0012): shown to operators, and
/// resettable to re-read a window (issue 6 §8, "cursors you cannot see").
public struct FlowCursor: Sendable, Equatable, Encodable {
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The flow (a customer flow's id).
    public var flowID: UUID
    /// What is read, e.g. `stock` or `order`.
    public var feed: ConnectorResource
    /// The connection it is read from.
    public var connectionID: UUID
    /// The connector's own position; nil before the first read (which starts from now).
    public var position: ChangeCursor?
    /// The time an operator last reset the read to, until the next read moves on.
    public var resetTo: Date?
    /// When the feed was last read.
    public var polledAt: Date?
    /// When a read last found changes.
    public var lastChangeAt: Date?
    /// How many changes the feed has handed to the flow.
    public var changesRead: Int
    /// The last read's error, if it failed.
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case flowID = "flow_id", feed, connectionID = "connection_id", position, resetTo = "reset_to", polledAt = "polled_at"
        case lastChangeAt = "last_change_at", changesRead = "changes_read", lastError = "last_error"
    }
}
