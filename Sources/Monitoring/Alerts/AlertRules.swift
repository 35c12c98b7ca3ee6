public import Foundation
public import Postgres
public import Tenancy

/// The partner's alert rules (Migrations/0018, `alert_rules`): create, list, get, replace,
/// delete — `alerts:read` to see, `alerts:write` to change, every change audited.
public enum AlertRules {
    static let columns = """
        id, partner_id, name, scope, customer_id, flow, kind, threshold::text, window_minutes, minimum_volume, impact,
        escalate_after_minutes, enabled
        """
    static let insertSQL = """
        INSERT INTO alert_rules (partner_id, name, scope, customer_id, flow, kind, threshold, window_minutes, minimum_volume,
                                 impact, escalate_after_minutes, enabled)
        VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10, $11, $12) RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE alert_rules SET name = $3, scope = $4, customer_id = $5, flow = $6, kind = $7, threshold = $8::numeric,
               window_minutes = $9, minimum_volume = $10, impact = $11, escalate_after_minutes = $12, enabled = $13,
               updated_at = now()
        WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let listSQL = "SELECT \(columns) FROM alert_rules WHERE partner_id = $1 ORDER BY name, id"
    static let getSQL = "SELECT \(columns) FROM alert_rules WHERE partner_id = $1 AND id = $2"
    static let deleteSQL = "DELETE FROM alert_rules WHERE partner_id = $1 AND id = $2 RETURNING \(columns)"
    /// Every enabled rule of every partner, for the evaluator (platform scope).
    static let enabledSQL = "SELECT \(columns) FROM alert_rules WHERE enabled ORDER BY partner_id, id"

    static let constraintFields = [
        "alert_rules_partner_id_customer_id_fkey": FieldProblem(field: "customer_id", message: "is not a customer of this partner"),
    ]

    /// Creates a rule in the caller's partner.
    /// - Throws: `TenancyError.invalid` naming the fields at fault, `.forbidden` without `alerts:write`.
    public static func create(_ rule: NewAlertRule, by caller: Caller, on connection: PostgresConnection) throws -> AlertRule {
        try caller.principal.require(.alertsWrite)
        try requirePartnerStaff(caller.principal)
        let problems = rule.problems
        if !problems.isEmpty { throw TenancyError.invalid(problems) }
        let partnerID = caller.principal.partnerID
        let created = try translatingConflicts(constraintFields, on: connection) { connection in
            try decode(try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [partnerID] + values(rule))).single())
        }
        try AuditLog.record(AuditChange(action: "alert_rule.create", partnerID: partnerID, customerID: created.customerID,
                                        targetType: "alert_rule", targetID: created.id.uuidString, after: created),
                            by: caller, on: connection)
        return created
    }

    /// The partner's rules by name.
    public static func list(for principal: Principal, on connection: PostgresConnection) throws -> [AlertRule] {
        try principal.require(.alertsRead)
        try requirePartnerStaff(principal)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID])).map(decode)
    }

    /// One rule.
    /// - Throws: `TenancyError.notFound("alert rule")`.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> AlertRule {
        try principal.require(.alertsRead)
        try requirePartnerStaff(principal)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("alert rule")
        }
        return try decode(row)
    }

    /// Replaces a rule's settings; its open alerts stay and are judged by the new settings at
    /// the next evaluation.
    public static func update(_ id: UUID, to rule: NewAlertRule, by caller: Caller,
                              on connection: PostgresConnection) throws -> AlertRule {
        let before = try get(id, for: caller.principal, on: connection)
        try caller.principal.require(.alertsWrite)
        let problems = rule.problems
        if !problems.isEmpty { throw TenancyError.invalid(problems) }
        let partnerID = caller.principal.partnerID
        let after = try translatingConflicts(constraintFields, on: connection) { connection in
            try decode(try connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [partnerID, id] + values(rule))).single())
        }
        try AuditLog.record(AuditChange(action: "alert_rule.update", partnerID: partnerID, customerID: after.customerID,
                                        targetType: "alert_rule", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    /// Deletes a rule and its alerts with their history.
    public static func delete(_ id: UUID, by caller: Caller, on connection: PostgresConnection) throws {
        try caller.principal.require(.alertsWrite)
        try requirePartnerStaff(caller.principal)
        let partnerID = caller.principal.partnerID
        guard let row = try connection.query(PostgresQuery(unsafeSQL: deleteSQL, binds: [partnerID, id])).first else {
            throw TenancyError.notFound("alert rule")
        }
        let before = try decode(row)
        try AuditLog.record(AuditChange(action: "alert_rule.delete", partnerID: partnerID, customerID: before.customerID,
                                        targetType: "alert_rule", targetID: id.uuidString, before: before),
                            by: caller, on: connection)
    }

    /// Every enabled rule of every partner (the evaluator's platform scope).
    static func enabled(on connection: PostgresConnection) throws -> [AlertRule] {
        try connection.query(PostgresQuery(unsafeSQL: enabledSQL, binds: [])).map(decode)
    }

    private static func values(_ rule: NewAlertRule) -> [any PostgresEncodable] {
        [rule.name.trimmingCharacters(in: .whitespaces), rule.scope.rawValue, rule.customerID, rule.flow, rule.kind.rawValue,
         "\(rule.threshold)", rule.windowMinutes, rule.minimumVolume, rule.effectiveImpact.rawValue,
         rule.escalateAfterMinutes, rule.enabled]
    }

    static func decode(_ row: PostgresRow) throws -> AlertRule {
        let (id, partnerID, name, scope, customerID, flow, kind, threshold, window, volume, impact, escalate, enabled) =
            try row.decode((UUID, UUID, String, String, UUID?, String?, String, String, Int, Int, String, Int, Bool).self)
        return AlertRule(id: id, partnerID: partnerID, name: name, scope: AlertRule.Scope(rawValue: scope) ?? .partner,
                         customerID: customerID, flow: flow, kind: AlertKind(rawValue: kind) ?? .failureRate,
                         threshold: Decimal(string: threshold, locale: Locale(identifier: "en_US_POSIX")) ?? 0,
                         windowMinutes: window, minimumVolume: volume, impact: AlertImpact(rawValue: impact) ?? .reporting,
                         escalateAfterMinutes: escalate, enabled: enabled)
    }

    /// Alerts are the partner's staff's business: a customer viewer (whose role may one day
    /// carry alerts:read by mistake) is refused here too, and row-level security shows them none.
    static func requirePartnerStaff(_ principal: Principal) throws {
        if principal.customerID != nil { throw TenancyError.forbidden(.alertsRead) }
    }
}
