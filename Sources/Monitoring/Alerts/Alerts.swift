public import Foundation
public import Postgres
public import Tenancy

/// Reading and answering alerts (Migrations/0018, `alerts`): the list (open first, by impact),
/// one alert with its notification history, acknowledge and resolve — `alerts:read` to see,
/// `alerts:write` to answer, answers audited. Opening and clearing are the evaluator's.
public enum Alerts {
    static let columns = """
        a.id, a.partner_id, a.rule_id, r.name, r.kind, a.customer_id, c.name, a.flow, a.subject, a.impact, a.state,
        a.opened_at, a.last_seen_at, a.value::text, a.summary, a.level, a.next_notification_at, a.acknowledged_at,
        a.acknowledged_by, a.resolved_at, a.resolved_by, a.resolution, a.resolution_comment
        """
    static let from = """
        FROM alerts a JOIN alert_rules r ON r.partner_id = a.partner_id AND r.id = a.rule_id
        JOIN customers c ON c.partner_id = a.partner_id AND c.id = a.customer_id
        """
    // Open before acknowledged before resolved; then the most urgent impact; then the newest.
    static let listSQL = """
        SELECT \(columns) \(from)
        WHERE a.partner_id = $1 AND ($2::text IS NULL OR a.state = $2)
        ORDER BY CASE a.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END,
                 CASE a.impact WHEN 'order_capture' THEN 0 WHEN 'stock' THEN 1 WHEN 'catalogue' THEN 2 ELSE 3 END,
                 a.opened_at DESC, a.id
        LIMIT $3
        """
    static let getSQL = "SELECT \(columns) \(from) WHERE a.partner_id = $1 AND a.id = $2"
    static let lockSQL = "SELECT \(columns) \(from) WHERE a.partner_id = $1 AND a.id = $2 FOR UPDATE OF a"
    static let historySQL = """
        SELECT id, contact_id, channel, level, kind, sent_at, outcome, error FROM alert_notifications
        WHERE partner_id = $1 AND alert_id = $2 ORDER BY id
        """
    static let acknowledgeSQL = """
        UPDATE alerts SET state = 'acknowledged', acknowledged_at = $3, acknowledged_by = $4, next_notification_at = NULL
        WHERE partner_id = $1 AND id = $2
        """
    static let resolveSQL = """
        UPDATE alerts SET state = 'resolved', resolved_at = $3, resolved_by = $4, resolution = 'person',
               resolution_comment = $5, next_notification_at = NULL
        WHERE partner_id = $1 AND id = $2
        """

    /// The partner's alerts, open first and by impact, at most `limit`; `state` filters.
    public static func list(state: AlertEscalation.State? = nil, limit: Int = 200, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Alert] {
        try principal.require(.alertsRead)
        try AlertRules.requirePartnerStaff(principal)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, state?.rawValue, max(1, min(limit, 1000)),
        ])).map(decode)
    }

    /// One alert and its notification history, oldest first.
    /// - Throws: `TenancyError.notFound("alert")`.
    public static func get(_ id: UUID, for principal: Principal,
                           on connection: PostgresConnection) throws -> (alert: Alert, history: [AlertNotification]) {
        try principal.require(.alertsRead)
        try AlertRules.requirePartnerStaff(principal)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("alert")
        }
        return (try decode(row), try history(id, partnerID: principal.partnerID, on: connection))
    }

    /// Takes an open alert: escalation stops. Acknowledging an acknowledged alert changes
    /// nothing; a resolved one is a conflict on `state`.
    @discardableResult
    public static func acknowledge(_ id: UUID, at now: Date, by caller: Caller, on connection: PostgresConnection) throws -> Alert {
        let before = try lockForAnswer(id, by: caller, on: connection)
        guard before.state == .open else { return before }
        _ = try connection.execute(PostgresQuery(unsafeSQL: acknowledgeSQL, binds: [
            caller.principal.partnerID, id, now, caller.principal.userID,
        ]))
        return try answered(id, action: "alert.acknowledge", before: before, by: caller, on: connection)
    }

    /// Closes an alert by hand with a comment (1–2,000 characters), whatever its state but resolved.
    @discardableResult
    public static func resolve(_ id: UUID, comment: String, at now: Date, by caller: Caller,
                               on connection: PostgresConnection) throws -> Alert {
        let trimmed = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(trimmed.count) else {
            throw TenancyError.invalid([FieldProblem(field: "comment", message: "must be 1 to 2000 characters")])
        }
        let before = try lockForAnswer(id, by: caller, on: connection)
        _ = try connection.execute(PostgresQuery(unsafeSQL: resolveSQL, binds: [
            caller.principal.partnerID, id, now, caller.principal.userID, trimmed,
        ]))
        return try answered(id, action: "alert.resolve", before: before, by: caller, on: connection)
    }

    private static func lockForAnswer(_ id: UUID, by caller: Caller, on connection: PostgresConnection) throws -> Alert {
        try caller.principal.require(.alertsWrite)
        try AlertRules.requirePartnerStaff(caller.principal)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: lockSQL, binds: [caller.principal.partnerID, id])).first else {
            throw TenancyError.notFound("alert")
        }
        let alert = try decode(row)
        if alert.state == .resolved {
            throw TenancyError.conflict(FieldProblem(field: "state", message: "the alert is already resolved"))
        }
        return alert
    }

    private static func answered(_ id: UUID, action: String, before: Alert, by caller: Caller,
                                 on connection: PostgresConnection) throws -> Alert {
        let after = try decode(try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [caller.principal.partnerID, id])).single())
        try AuditLog.record(AuditChange(action: action, partnerID: caller.principal.partnerID, customerID: after.customerID,
                                        targetType: "alert", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    static func history(_ id: UUID, partnerID: UUID, on connection: PostgresConnection) throws -> [AlertNotification] {
        try connection.query(PostgresQuery(unsafeSQL: historySQL, binds: [partnerID, id]))
            .decode((Int, UUID?, String, Int, String, Date, String, String?).self)
            .map { id, contact, channel, level, kind, sentAt, outcome, error in
                AlertNotification(id: id, contactID: contact, channel: AlertContact.Channel(rawValue: channel) ?? .email,
                                  level: level, kind: AlertNotification.Kind(rawValue: kind) ?? .opened, sentAt: sentAt,
                                  succeeded: outcome == "sent", error: error)
            }
    }

    static func decode(_ row: PostgresRow) throws -> Alert {
        let (id, partnerID, ruleID, ruleName, kind, customerID, customerName, flow, subject, impact, state,
             openedAt, lastSeenAt, value, summary, level, next, acknowledgedAt, acknowledgedBy,
             resolvedAt, resolvedBy, resolution, comment) = try row.decode((
                UUID, UUID, UUID, String, String, UUID, String, String, String, String, String,
                Date, Date, String, String, Int, Date?, Date?, UUID?, Date?, UUID?, String?, String?).self)
        return Alert(id: id, partnerID: partnerID, ruleID: ruleID, ruleName: ruleName, kind: AlertKind(rawValue: kind) ?? .failureRate,
                     customerID: customerID, customerName: customerName, flow: flow.isEmpty ? nil : flow, subject: subject,
                     impact: AlertImpact(rawValue: impact) ?? .reporting, state: AlertEscalation.State(rawValue: state) ?? .open,
                     openedAt: openedAt, lastSeenAt: lastSeenAt,
                     value: Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) ?? 0, summary: summary,
                     level: level, nextNotificationAt: next, acknowledgedAt: acknowledgedAt, acknowledgedBy: acknowledgedBy,
                     resolvedAt: resolvedAt, resolvedBy: resolvedBy, resolution: resolution.flatMap(Alert.Resolution.init),
                     resolutionComment: comment)
    }
}
