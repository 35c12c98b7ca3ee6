public import Foundation
public import Postgres

/// What is waiting right now, per flow: how many messages are received, retrying or being
/// processed, and how long the oldest of them has waited (issue 7 §1). Read live from the
/// messages through their `messages_waiting` partial index (Migrations/0016), which holds only
/// waiting rows, so it costs the backlog, not the history.
public struct QueueState: Sendable, Hashable {
    /// The flow (`order-to-erp`).
    public var flow: String
    /// The environment's kind.
    public var environmentKind: String
    /// Messages not yet delivered, in exception or dead.
    public var waiting: Int
    /// Of those, the ones whose last attempt failed and will be tried again.
    public var retrying: Int
    /// When the oldest waiting message was received.
    public var oldestReceivedAt: Date

    /// The oldest waiting message's age at `now`.
    public func oldestAge(at now: Date) -> TimeInterval { max(0, now.timeIntervalSince(oldestReceivedAt)) }

    static let stateSQL = """
        SELECT flow, environment_kind, count(*), count(*) FILTER (WHERE status = 'retrying'), min(received_at)
        FROM messages
        WHERE partner_id = $1 AND ($2::uuid IS NULL OR customer_id = $2) AND status IN ('received', 'retrying', 'processing')
        GROUP BY flow, environment_kind ORDER BY flow, environment_kind
        """

    /// One customer's queue per flow and environment kind (or the whole partner's when
    /// `customerID` is nil), in the caller's scope. Flows with nothing waiting are absent.
    public static func current(partnerID: UUID, customerID: UUID?, on connection: PostgresConnection) throws -> [QueueState] {
        try connection.query(PostgresQuery(unsafeSQL: stateSQL, binds: [partnerID, customerID])).decode((String, String, Int, Int, Date).self)
            .map { QueueState(flow: $0.0, environmentKind: $0.1, waiting: $0.2, retrying: $0.3, oldestReceivedAt: $0.4) }
    }
}
