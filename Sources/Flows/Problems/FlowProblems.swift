public import Foundation
public import Postgres
public import Tenancy

/// The `flow_problems` table: raising, clearing and listing what went silent (issue 6 §8).
/// Raising is idempotent while a problem is open — the same subject, kind and detail raised
/// again counts an occurrence instead of adding a row — so detectors can raise on every pass.
public enum FlowProblems {
    static let columns = """
        id, partner_id, customer_id, environment_id, flow_id, connection_id, kind, detail_key, summary, opened_at,
        last_seen_at, occurrences, resolved_at, resolution
        """
    static let raiseSQL = """
        INSERT INTO flow_problems (partner_id, customer_id, environment_id, flow_id, connection_id, kind, detail_key, summary,
                                   opened_at, last_seen_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
        ON CONFLICT (partner_id, (coalesce(flow_id, connection_id)), kind, detail_key) WHERE resolved_at IS NULL
        DO UPDATE SET summary = excluded.summary, last_seen_at = excluded.last_seen_at,
                      occurrences = flow_problems.occurrences + 1
        RETURNING \(columns)
        """
    // Either subject may be named; a NULL one matches any. Kinds are one comma-separated text
    // (a kind is [a-z0-9_]).
    static let clearSQL = """
        UPDATE flow_problems SET resolved_at = $5, resolution = $6
        WHERE partner_id = $1 AND resolved_at IS NULL AND kind = ANY(string_to_array($4, ','))
          AND ($2::uuid IS NULL OR flow_id = $2) AND ($3::uuid IS NULL OR connection_id = $3)
          AND ($7::text IS NULL OR detail_key = $7)
        """
    static let listSQL = """
        SELECT \(columns) FROM flow_problems
        WHERE partner_id = $1 AND customer_id = $2 AND (NOT $3 OR resolved_at IS NULL)
        ORDER BY resolved_at IS NOT NULL, opened_at DESC, id LIMIT $4
        """
    static let resolveSQL = """
        UPDATE flow_problems SET resolved_at = $3, resolution = $4
        WHERE partner_id = $1 AND id = $2 AND resolved_at IS NULL RETURNING \(columns)
        """

    // MARK: Detectors

    /// Opens the problem, or counts one more occurrence of it while it is open, in the caller's
    /// transaction (the partner's scope, or the platform's).
    @discardableResult
    public static func raise(_ problem: RaisedProblem, partnerID: UUID, at now: Date,
                             on connection: PostgresConnection) throws -> FlowProblem {
        try decode(connection.query(PostgresQuery(unsafeSQL: raiseSQL, binds: [
            partnerID, problem.customerID, problem.environmentID, problem.flowID, problem.connectionID, problem.kind.rawValue,
            problem.detailKey, String(problem.summary.prefix(2000)), now,
        ])).single())
    }

    /// Resolves the open problems of `kinds` about a flow and/or a connection (and, when given,
    /// one detail) because their condition cleared. Returns how many it resolved.
    @discardableResult
    public static func clear(_ kinds: [FlowProblem.Kind], flow flowID: UUID? = nil, connection connectionID: UUID? = nil,
                             detailKey: String? = nil, partnerID: UUID, resolution: String, at now: Date,
                             on connection: PostgresConnection) throws -> Int {
        precondition(flowID != nil || connectionID != nil, "clear names a flow or a connection")
        return try connection.execute(PostgresQuery(unsafeSQL: clearSQL, binds: [
            partnerID, flowID, connectionID, kinds.map(\.rawValue).joined(separator: ","), now, String(resolution.prefix(1000)), detailKey,
        ]))
    }

    // MARK: People

    /// A customer's problems, open ones first, newest first; only the open ones when `openOnly`.
    public static func list(customer customerID: UUID, openOnly: Bool, limit: Int = 200, for principal: Principal,
                            on connection: PostgresConnection) throws -> [FlowProblem] {
        try principal.require(.messagesRead)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, customerID, openOnly, limit]))
            .map(decode)
    }

    /// Closes an open problem by hand, with the operator's comment, audited.
    /// - Throws: `notFound("problem")` when there is no open problem with that id.
    public static func resolve(_ id: UUID, comment: String, by caller: Caller, at now: Date,
                               on connection: PostgresConnection) throws -> FlowProblem {
        try caller.principal.require(.messagesWrite)
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else { throw TenancyError.invalid("comment", "must be 1 to 1000 characters") }
        guard let row = try connection.query(PostgresQuery(unsafeSQL: resolveSQL, binds: [
            caller.principal.partnerID, id, now, "Resolved by \(caller.principal.email): \(text)",
        ])).first else { throw TenancyError.notFound("problem") }
        let resolved = try decode(row)
        try AuditLog.record(AuditChange(action: "flow.problem.resolve", partnerID: resolved.partnerID, customerID: resolved.customerID,
                                        targetType: "flow_problem", targetID: id.uuidString, before: nil, after: resolved),
                            by: caller, on: connection)
        return resolved
    }

    static func decode(_ row: PostgresRow) throws -> FlowProblem {
        FlowProblem(id: try row.decode(UUID.self, at: 0), partnerID: try row.decode(UUID.self, at: 1),
                    customerID: try row.decode(UUID.self, at: 2), environmentID: try row.decode(UUID.self, at: 3),
                    flowID: try row.decode(UUID?.self, at: 4), connectionID: try row.decode(UUID?.self, at: 5),
                    kind: FlowProblem.Kind(rawValue: try row.decode(String.self, at: 6)), detailKey: try row.decode(String.self, at: 7),
                    summary: try row.decode(String.self, at: 8), openedAt: try row.decode(Date.self, at: 9),
                    lastSeenAt: try row.decode(Date.self, at: 10), occurrences: try row.decode(Int.self, at: 11),
                    resolvedAt: try row.decode(Date?.self, at: 12), resolution: try row.decode(String?.self, at: 13))
    }
}
