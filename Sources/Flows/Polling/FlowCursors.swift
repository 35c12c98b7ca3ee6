public import Connectors
public import Foundation
public import Postgres
public import Tenancy

/// The `flow_cursors` table. The poller reads and advances a cursor in the transaction that
/// stores the page's messages, so a page is either wholly taken (messages and the cursor past
/// them) or not at all; people see cursors and reset them, audited.
public enum FlowCursors {
    static let columns = """
        partner_id, customer_id, flow_id, feed, connection_id, position, reset_to, polled_at, last_change_at, changes_read,
        last_error
        """
    static let ofFlowSQL = "SELECT \(columns) FROM flow_cursors WHERE partner_id = $1 AND flow_id = $2 ORDER BY feed, connection_id"
    static let ofCustomerSQL = """
        SELECT \(columns) FROM flow_cursors WHERE partner_id = $1 AND customer_id = $2 ORDER BY flow_id, feed, connection_id
        """
    static let lockSQL = """
        INSERT INTO flow_cursors (partner_id, customer_id, flow_id, feed, connection_id) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (partner_id, flow_id, feed, connection_id) DO UPDATE SET feed = flow_cursors.feed
        RETURNING \(columns)
        """
    static let advanceSQL = """
        UPDATE flow_cursors SET position = $5, polled_at = $6, reset_to = CASE WHEN $7 THEN NULL ELSE reset_to END,
               last_change_at = CASE WHEN $8 > 0 THEN $6 ELSE last_change_at END, changes_read = changes_read + $8,
               last_error = NULL
        WHERE partner_id = $1 AND flow_id = $2 AND feed = $3 AND connection_id = $4
        """
    static let failSQL = """
        UPDATE flow_cursors SET polled_at = $5, last_error = $6
        WHERE partner_id = $1 AND flow_id = $2 AND feed = $3 AND connection_id = $4
        """
    static let resetSQL = """
        UPDATE flow_cursors SET position = $5, reset_to = $6, last_error = NULL
        WHERE partner_id = $1 AND flow_id = $2 AND feed = $3 AND connection_id = $4 RETURNING \(columns)
        """

    // MARK: People

    /// The cursors of one flow.
    public static func list(flow flowID: UUID, for principal: Principal, on connection: PostgresConnection) throws -> [FlowCursor] {
        try principal.require(.connectionsRead)
        return try connection.query(PostgresQuery(unsafeSQL: ofFlowSQL, binds: [principal.partnerID, flowID])).map(decode)
    }

    /// The cursors of every flow of a customer.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [FlowCursor] {
        try principal.require(.connectionsRead)
        return try connection.query(PostgresQuery(unsafeSQL: ofCustomerSQL, binds: [principal.partnerID, customerID])).map(decode)
    }

    /// Moves a feed's read back (or forward) to `date`: the next poll re-reads everything
    /// changed since then. Safe to repeat — intake de-duplicates and the steps write
    /// idempotently. The connection's connector makes the position, so only a feed it can
    /// rewind is reset.
    /// - Throws: `notFound("cursor")`; `invalid("reset_to")` when the date is in the future;
    ///   `conflict` naming `feed` when the connector cannot start a read at a time.
    public static func reset(flow flowID: UUID, feed: ConnectorResource, connection connectionID: UUID, to date: Date,
                             catalog: ConnectorCatalog, by caller: Caller, at now: Date,
                             on connection: PostgresConnection) throws -> FlowCursor {
        try caller.principal.require(.connectionsWrite)
        guard date <= now else { throw TenancyError.invalid("reset_to", "must not be in the future") }
        guard let before = try list(flow: flowID, for: caller.principal, on: connection)
            .first(where: { $0.feed == feed && $0.connectionID == connectionID }) else {
            throw TenancyError.notFound("cursor")
        }
        let found = try Connections.get(connectionID, for: caller.principal, on: connection)
        let position: ChangeCursor
        do {
            position = try catalog.changeCursor(found.kind, for: feed, from: date)
        } catch {
            throw TenancyError.conflict(FieldProblem(field: "feed", message: error.message))
        }
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: resetSQL, binds: [
            caller.principal.partnerID, flowID, feed.rawValue, connectionID, position.rawValue, date,
        ])).single())
        try AuditLog.record(AuditChange(action: "flow.cursor.reset", partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "flow", targetID: flowID.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    // MARK: The poller

    /// The feed's cursor, created on first use and locked until the transaction ends, so two
    /// polls of one feed (two worker processes) never read from the same position.
    static func lock(_ feed: FlowFeed, of flow: CustomerFlow, on connection: PostgresConnection) throws -> FlowCursor {
        try decode(connection.query(PostgresQuery(unsafeSQL: lockSQL, binds: [
            flow.partnerID, flow.customerID, flow.id, feed.resource.rawValue, feed.connectionID,
        ])).single())
    }

    /// Stores the position after a page whose `changes` messages were received.
    static func advance(_ feed: FlowFeed, of flow: CustomerFlow, to position: ChangeCursor, changes: Int, at now: Date,
                        on connection: PostgresConnection) throws {
        try connection.execute(PostgresQuery(unsafeSQL: advanceSQL, binds: [
            flow.partnerID, flow.id, feed.resource.rawValue, feed.connectionID, position.rawValue, now, true, changes,
        ]))
    }

    /// Records a read that failed; the position stays where it was.
    static func fail(_ feed: FlowFeed, of flow: CustomerFlow, error: String, at now: Date, on connection: PostgresConnection) throws {
        try connection.execute(PostgresQuery(unsafeSQL: failSQL, binds: [
            flow.partnerID, flow.id, feed.resource.rawValue, feed.connectionID, now, String(error.prefix(2000)),
        ]))
    }

    static func decode(_ row: PostgresRow) throws -> FlowCursor {
        let (partnerID, customerID, flowID, feed, connectionID, position, resetTo, polledAt, lastChangeAt, changesRead, lastError) =
            try row.decode((UUID, UUID, UUID, String, UUID, String?, Date?, Date?, Date?, Int, String?).self)
        return FlowCursor(partnerID: partnerID, customerID: customerID, flowID: flowID,
                          feed: ConnectorResource(rawValue: feed) ?? .order, connectionID: connectionID,
                          position: position.map(ChangeCursor.init(rawValue:)), resetTo: resetTo, polledAt: polledAt,
                          lastChangeAt: lastChangeAt, changesRead: changesRead, lastError: lastError)
    }
}
