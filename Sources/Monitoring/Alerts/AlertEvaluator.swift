public import Foundation
import Billing
public import Postgres
public import Tenancy

/// The `alerts.evaluate` job's work, once a minute: every enabled rule against every subject it
/// covers, then every notification that is due. All of it runs in the platform scope, with the
/// time given, so tests drive it with an injected clock.
///
/// - Breach with no unresolved alert for (rule, subject): open one (level 1 due at once, or when
///   the support window opens). Breach with one: update `last_seen_at` and `value` only — the
///   partial unique index `alerts_one_open` is the de-duplication, and the insert takes its
///   ON CONFLICT path, so even two evaluations at once make one alert.
/// - No breach for an unresolved alert: resolve it as `cleared`; if anyone was told it opened,
///   they are told it cleared.
/// - Notifications (AlertEvaluator+Notifications): the most urgent impact first.
public struct AlertEvaluator: Sendable {
    /// The application role's pool.
    public let database: TenantDatabase
    /// The conditions by kind.
    public let conditions: AlertConditions
    /// The channels notices go out by.
    public let channels: AlertChannels
    /// Opens webhook contacts' signing secrets; nil where no keyring is configured (then no
    /// contact can have one).
    public let box: SecretBox?

    /// An evaluator.
    public init(database: TenantDatabase, conditions: AlertConditions = .standard, channels: AlertChannels, box: SecretBox?) {
        self.database = database
        self.conditions = conditions
        self.channels = channels
        self.box = box
    }

    /// What one run did.
    public struct Report: Sendable, Hashable {
        /// Alerts opened.
        public var opened = 0
        /// Open alerts seen again.
        public var stillBreaching = 0
        /// Alerts resolved as cleared.
        public var cleared = 0
        /// Notifications sent.
        public var sent = 0
        /// Notifications that failed (to be tried again next run).
        public var failed = 0
    }

    static let customersSQL = """
        SELECT id, name FROM customers WHERE partner_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY id
        """
    static let openSQL = """
        INSERT INTO alerts (partner_id, rule_id, customer_id, flow, subject, impact, opened_at, last_seen_at, value, summary,
                            next_notification_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8::numeric, $9, $10)
        ON CONFLICT (partner_id, rule_id, customer_id, flow, subject) WHERE state <> 'resolved'
        DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, value = EXCLUDED.value, summary = EXCLUDED.summary,
                      impact = EXCLUDED.impact
        RETURNING (xmax = 0)
        """
    static let unresolvedSQL = """
        SELECT id, subject FROM alerts WHERE partner_id = $1 AND rule_id = $2 AND customer_id = $3 AND state <> 'resolved'
        """
    static let clearSQL = """
        UPDATE alerts SET state = 'resolved', resolved_at = $3, resolution = 'cleared', next_notification_at = NULL,
               clear_notice_pending = level > 0
        WHERE partner_id = $1 AND id = $2 AND state <> 'resolved'
        """
    // A disabled rule watches nothing, so what it opened clears.
    static let clearDisabledSQL = """
        UPDATE alerts a SET state = 'resolved', resolved_at = $1, resolution = 'cleared', next_notification_at = NULL,
               clear_notice_pending = a.level > 0
        FROM alert_rules r
        WHERE r.partner_id = a.partner_id AND r.id = a.rule_id AND NOT r.enabled AND a.state <> 'resolved'
        """

    /// Evaluates every rule, then sends what is due.
    @discardableResult
    public func run(at now: Date) throws -> Report {
        var report = try evaluate(at: now)
        try notify(at: now, into: &report)
        return report
    }

    /// Evaluates every enabled rule at `now` (one transaction per rule, so one partner's broken
    /// rule cannot hold back the others' alerts); sends nothing.
    @discardableResult
    public func evaluate(at now: Date) throws -> Report {
        var report = Report()
        let rules = try database.transaction(.system) { connection in
            report.cleared += try connection.execute(PostgresQuery(unsafeSQL: Self.clearDisabledSQL, binds: [now]))
            return try AlertRules.enabled(on: connection)
        }
        for rule in rules {
            guard let condition = conditions.condition(for: rule.kind) else { continue }
            try database.transaction(.system) { connection in
                try evaluate(rule, with: condition, at: now, into: &report, on: connection)
            }
        }
        return report
    }

    private func evaluate(_ rule: AlertRule, with condition: any AlertCondition, at now: Date, into report: inout Report,
                          on connection: PostgresConnection) throws {
        let customers = try connection.query(PostgresQuery(unsafeSQL: Self.customersSQL, binds: [rule.partnerID, rule.customerID]))
            .decode((UUID, String).self)
            .map { AlertCustomer(partnerID: rule.partnerID, id: $0.0, name: $0.1) }
        for customer in customers {
            let breaches = try condition.breaches(of: rule, for: customer, at: now, on: connection)
            var window: SupportWindow?
            for subject in breaches {
                if window == nil { window = try CustomerSupportWindow.of(rule, customerID: customer.id, at: now, on: connection) }
                let schedule = AlertEscalation.opened(at: now, window: window ?? .allDay)
                let inserted = try connection.query(PostgresQuery(unsafeSQL: Self.openSQL, binds: [
                    rule.partnerID, rule.id, customer.id, subject.flow ?? "", String(subject.name.prefix(300)),
                    rule.impact.rawValue, now, "\(subject.value)", String(subject.summary.prefix(2000)),
                    schedule.nextNotificationAt,
                ])).single().decode(Bool.self, at: 0)
                if inserted { report.opened += 1 } else { report.stillBreaching += 1 }
            }
            let breaching = Set(breaches.map { String($0.name.prefix(300)) })
            for (id, subject) in try connection.query(PostgresQuery(unsafeSQL: Self.unresolvedSQL, binds: [
                rule.partnerID, rule.id, customer.id,
            ])).decode((UUID, String).self) where !breaching.contains(subject) {
                report.cleared += try connection.execute(PostgresQuery(unsafeSQL: Self.clearSQL, binds: [rule.partnerID, id, now]))
            }
        }
    }
}
